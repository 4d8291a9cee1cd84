// A debugger's watchpoints (gdb's Z2/Z3/Z4): ranges of virtual addresses whose accesses stop the hart.
namespace RvJit.Runtime.Debug;

/// <summary>What a watchpoint watches, numbered as gdb's Z packets: 2 writes, 3 reads, 4 both.</summary>
public enum WatchKind : byte { Write = 2, Read = 3, Access = 4 }

/// <summary>A watchpoint that an access hit: its kind and its first address (what QEMU reports to gdb).</summary>
public readonly record struct WatchHit(WatchKind Kind, ulong Address)
{
    /// <summary>The stop reply's field: `watch:ADDR;`, `rwatch:ADDR;` or `awatch:ADDR;`.</summary>
    public string StopField => $"{Kind switch { WatchKind.Read => "rwatch", WatchKind.Access => "awatch", _ => "watch" }}:{Address:x};";
}

/// <summary>
/// The watched ranges of one debugged program. The MMU keeps the pages they touch out of its TLB views
/// (<see cref="Hart.Mmu.UseWatches"/>), so generated code and the interpreter's inline probes miss on them and
/// every access to such a page takes the MMU's slow path, which checks the ranges: code that touches no watched
/// page runs as fast as without a debugger. Changed only while the program is stopped; <see cref="Version"/> tells
/// the harts' MMUs to drop entries filled before a change.
/// </summary>
public sealed class WatchList
{
    private readonly record struct Range(ulong Start, ulong Length, WatchKind Kind)
    {
        public bool Overlaps(ulong address, ulong length) => address < Start + Length && Start < address + length;
    }

    private volatile Range[] ranges = [];
    private long version;

    public long Version => Volatile.Read(ref version);
    public bool IsEmpty => ranges.Length == 0;

    public bool Add(WatchKind kind, ulong start, ulong length)
    {
        if (length == 0 || start + length < start) return false;
        ranges = [.. ranges, new Range(start, length, kind)];
        Interlocked.Increment(ref version);
        return true;
    }

    public bool Remove(WatchKind kind, ulong start, ulong length)
    {
        var r = new Range(start, length, kind);
        int at = Array.IndexOf(ranges, r);
        if (at < 0) return false;
        ranges = [.. ranges[..at], .. ranges[(at + 1)..]];
        Interlocked.Increment(ref version);
        return true;
    }

    public void Clear()
    {
        ranges = [];
        Interlocked.Increment(ref version);
    }

    /// <summary>Whether some range touches the 4 KiB virtual page of <paramref name="va"/>.</summary>
    public bool CoversPage(ulong va)
    {
        ulong page = va & ~0xFFFUL;
        foreach (var r in ranges)
            if (r.Overlaps(page, 0x1000)) return true;
        return false;
    }

    /// <summary>The watchpoint that an access of <paramref name="size"/> bytes at <paramref name="va"/> hits, if any.</summary>
    public WatchHit? Check(ulong va, int size, bool read, bool write)
    {
        foreach (var r in ranges)
        {
            if (!r.Overlaps(va, (ulong)size)) continue;
            if ((write && r.Kind != WatchKind.Read) || (read && r.Kind != WatchKind.Write)) return new WatchHit(r.Kind, r.Start);
        }
        return null;
    }
}
