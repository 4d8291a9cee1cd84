// One Sv39 page-table entry as a value: V R W X U G A D bits and the physical page number.
namespace RvJit.Kernel.Memory;

/// <summary>PTE flag bits (privileged spec, "Sv32/Sv39 page table entry").</summary>
[Flags]
public enum PteFlags : ulong
{
    None = 0,
    Valid = 1 << 0,
    Read = 1 << 1,
    Write = 1 << 2,
    Execute = 1 << 3,
    User = 1 << 4,
    Global = 1 << 5,
    Accessed = 1 << 6,
    Dirty = 1 << 7,
}

/// <summary>A page-table entry. Leaves are built with A and D already set, so the hardware walk never writes them back.</summary>
public readonly record struct PageTableEntry(ulong Raw)
{
    private const ulong FlagMask = 0x3FF;
    private const int PpnShift = 10;
    private const ulong PpnMask = 0xFFF_FFFF_FFFF;

    public bool IsValid => (Raw & (ulong)PteFlags.Valid) != 0;
    /// <summary>A level-0 entry that holds a frame. With no R/W/X bits (PROT_NONE) the hart still faults on
    /// it (a level-0 pointer is invalid), but the frame and its contents stay with the mapping.</summary>
    public bool IsMapped => IsValid;
    public bool CanRead => (Raw & (ulong)PteFlags.Read) != 0;
    public bool CanWrite => (Raw & (ulong)PteFlags.Write) != 0;
    public bool CanExecute => (Raw & (ulong)PteFlags.Execute) != 0;
    public PteFlags Flags => (PteFlags)(Raw & FlagMask);
    public Frame Frame => new((Raw >> PpnShift) & PpnMask);

    /// <summary>A user leaf mapping <paramref name="frame"/> with the permissions of <paramref name="protection"/>.
    /// Write-only pages are reserved in RISC-V, so a writable page is always readable.</summary>
    public static PageTableEntry UserLeaf(Frame frame, Protection protection)
    {
        var f = PteFlags.Valid | PteFlags.User | PteFlags.Accessed | PteFlags.Dirty;
        if ((protection & (Protection.Read | Protection.Write)) != 0) f |= PteFlags.Read;
        if ((protection & Protection.Write) != 0) f |= PteFlags.Write;
        if ((protection & Protection.Execute) != 0) f |= PteFlags.Execute;
        return new PageTableEntry((frame.Number << PpnShift) | (ulong)f);
    }

    /// <summary>A pointer to the next-level table.</summary>
    public static PageTableEntry Branch(Frame table) => new((table.Number << PpnShift) | (ulong)PteFlags.Valid);

    public static PageTableEntry Empty => default;
}
