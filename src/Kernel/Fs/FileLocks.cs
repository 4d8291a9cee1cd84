// Advisory record locks (fcntl F_SETLK/F_GETLK/F_SETLKW, OFD locks) and flock, kept by the kernel.
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Fs;

/// <summary>
/// Advisory locks between guest processes. All guest processes live in one host process, where host
/// POSIX locks would never conflict, so the kernel keeps its own table, keyed by (device, inode).
/// POSIX record locks belong to a process and vanish when it closes any descriptor of the file;
/// OFD and flock locks belong to the open file description.
/// </summary>
public sealed class FileLockTable
{
    public const short ReadLock = 0, WriteLock = 1, Unlock = 2;

    /// <summary>One locked byte range [Start, End) (End = long.MaxValue: to end of file and beyond).</summary>
    public sealed record RangeLock(object Owner, int Pid, long Start, long End, bool Write);

    // Made at the first lock (see FutexTable): a program that takes none does not load their types at start-up.
    private Dictionary<(ulong, ulong), List<RangeLock>>? records;
    private Dictionary<(ulong, ulong), List<RangeLock>>? flocks;

    /// <summary>Woken whenever any lock is released (F_SETLKW and blocking flock re-check then).</summary>
    public WaitQueue Released { get; } = new();

    /// <summary>The first lock of another owner that conflicts with the request, or null.</summary>
    public RangeLock? FindConflict((ulong, ulong) file, object owner, long start, long end, bool write, bool flockTable = false)
    {
        var table = flockTable ? flocks : records;
        if (table is null || !table.TryGetValue(file, out var list)) return null;
        foreach (var l in list)
            if (!ReferenceEquals(l.Owner, owner) && l.Start < end && start < l.End && (write || l.Write)) return l;
        return null;
    }

    /// <summary>Sets (or with <see cref="Unlock"/> clears) the owner's lock on [start, end), splitting its existing ranges.</summary>
    public void Set((ulong, ulong) file, object owner, int pid, long start, long end, short type, bool flockTable = false)
    {
        var table = flockTable ? (flocks ??= []) : (records ??= []);
        if (!table.TryGetValue(file, out var list)) table[file] = list = [];
        bool released = false;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            var l = list[i];
            if (!ReferenceEquals(l.Owner, owner) || l.End <= start || end <= l.Start) continue;
            list.RemoveAt(i);
            released = true;
            if (l.Start < start) list.Add(l with { End = start });
            if (l.End > end) list.Add(l with { Start = end });
        }
        if (type != Unlock) list.Add(new RangeLock(owner, pid, start, end, type == WriteLock));
        if (list.Count == 0) table.Remove(file);
        if (released) Released.WakeAll();
    }

    /// <summary>Drops every lock <paramref name="owner"/> holds on <paramref name="file"/> (or on all files).</summary>
    public void ReleaseAll(object owner, (ulong, ulong)? file = null)
    {
        bool released = ReleaseAll(records, owner, file) | ReleaseAll(flocks, owner, file);
        if (released) Released.WakeAll();
    }

    // Every close of a descriptor comes here: an empty table returns at once (the copy of its keys, LINQ over a
    // tuple-keyed dictionary, was JIT-compiled in every run), and touches nothing of the release itself: ReadyToRun
    // code resolves what a method refers to as it starts, and ToList loaded System.Linq at every run's exit.
    private static bool ReleaseAll(Dictionary<(ulong, ulong), List<RangeLock>>? table, object owner, (ulong, ulong)? file) =>
        table is { Count: > 0 } && ReleaseFrom(table, owner, file);

    private static bool ReleaseFrom(Dictionary<(ulong, ulong), List<RangeLock>> table, object owner, (ulong, ulong)? file)
    {
        bool released = false;
        var keys = new (ulong, ulong)[table.Count];
        table.Keys.CopyTo(keys, 0);
        foreach (var key in keys)
        {
            if (file is { } f && key != f) continue;
            released |= table[key].RemoveAll(l => ReferenceEquals(l.Owner, owner)) > 0;
            if (table[key].Count == 0) table.Remove(key);
        }
        return released;
    }
}
