// A virtual memory area: one contiguous range of a process's address space with one protection and backing.
namespace RvJit.Kernel.Memory;

/// <summary>How a <see cref="Vma"/> behaves beyond its protection.</summary>
[Flags]
public enum VmaFlags : byte
{
    None = 0,
    /// <summary>MAP_SHARED: pages come from a <see cref="SharedPages"/> object and are never copied on write.</summary>
    Shared = 1,
    /// <summary>The stack: a fault just below it extends it (up to the stack limit).</summary>
    GrowsDown = 2,
    /// <summary>The brk heap.</summary>
    Heap = 4,
}

/// <summary>
/// One mapping [<see cref="Start"/>, <see cref="End"/>). Private pages are filled on first touch from
/// <see cref="Source"/> (file bytes, zero past <see cref="SourceEnd"/>) or with zeros; shared pages come
/// from <see cref="Shared"/>.
/// </summary>
public sealed class Vma
{
    public ulong Start;
    public ulong End;
    public Protection Protection;
    public VmaFlags Flags;

    /// <summary>Bytes of a private file mapping (null: anonymous).</summary>
    public IPageSource? Source;
    /// <summary>File offset of the byte at <see cref="Start"/> (also the page index base of <see cref="Shared"/>).</summary>
    public ulong Offset;
    /// <summary>Virtual address where the source's bytes stop (the rest of that page and later pages are zero).</summary>
    public ulong SourceEnd = ulong.MaxValue;

    /// <summary>The memory object behind a MAP_SHARED mapping.</summary>
    public SharedPages? Shared;

    /// <summary>What /proc/self/maps shows in the path column.</summary>
    public string Name = "";

    public ulong Length => End - Start;
    public bool IsShared => (Flags & VmaFlags.Shared) != 0;
    public bool Contains(ulong va) => va >= Start && va < End;

    /// <summary>A copy covering [start, end) of this one (file offsets adjusted); shared objects gain a mapping.</summary>
    public Vma Slice(ulong start, ulong end)
    {
        var v = (Vma)MemberwiseClone();
        v.Start = start;
        v.End = end;
        v.Offset = Offset + (start - Start);
        v.Shared?.AddMapping();
        v.Source?.AddMapping();
        return v;
    }

    /// <summary>This VMA is gone: its backing objects lose a mapping.</summary>
    public void Release()
    {
        Shared?.RemoveMapping();
        Source?.RemoveMapping();
    }

    public override string ToString() => $"{Start:x}-{End:x} {Protection} {Flags} {Name}";
}
