// Address and page-number types: a physical frame is never confused with a virtual address.
namespace RvJit.Kernel.Memory;

/// <summary>Page size facts shared by the memory code.</summary>
public static class Page
{
    public const int Shift = 12;
    public const ulong Size = 1UL << Shift;
    public const ulong OffsetMask = Size - 1;

    public static ulong AlignDown(ulong a) => a & ~OffsetMask;

    /// <summary>Rounds up; false when the result would wrap past 2^64.</summary>
    public static bool TryAlignUp(ulong a, out ulong aligned)
    {
        aligned = (a + OffsetMask) & ~OffsetMask;
        return a <= ulong.MaxValue - OffsetMask;
    }

    public static ulong AlignUp(ulong a) => (a + OffsetMask) & ~OffsetMask;
    public static bool IsAligned(ulong a) => (a & OffsetMask) == 0;
}

/// <summary>A physical page of guest RAM (a frame), by physical page number.</summary>
public readonly record struct Frame(ulong Number)
{
    public ulong Address => Number << Page.Shift;
    public static Frame Containing(ulong physicalAddress) => new(physicalAddress >> Page.Shift);
    public override string ToString() => $"frame 0x{Address:x}";
}

/// <summary>The page protection a mapping grants the guest (PROT_* bits).</summary>
[Flags]
public enum Protection : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
}
