// The kernel's page cache for file-backed private pages: one frame per file page, shared by every mapping.
namespace RvJit.Kernel.Memory;

/// <summary>Names one version of one file: a changed file (new mtime or size) gets new cache entries.</summary>
public readonly record struct FileVersion(ulong Device, ulong Inode, long ModifiedNanoseconds, ulong Size)
{
    // Written out: a record's own compare each field through EqualityComparer<T>.Default, made by reflection and
    // JIT-compiled for ulong and long at the first page-cache lookup of every run.
    public bool Equals(FileVersion other) =>
        Device == other.Device && Inode == other.Inode && ModifiedNanoseconds == other.ModifiedNanoseconds && Size == other.Size;

    public override int GetHashCode() => HashCode.Combine(Device, Inode, ModifiedNanoseconds, Size);
}

/// <summary>
/// Keeps a frame for each page of a file that some process mapped privately (program text, libraries).
/// Every mapping of the same page maps the same frame, read-only: a store copies it (copy-on-write, the
/// cache holds a reference), so private semantics hold while memory, and the decode and translation caches
/// keyed by physical page, are shared across processes and across exec of the same program.
/// </summary>
public sealed class PageCache(FrameAllocator frames, int maxPages)
{
    private sealed record Key(FileVersion File, ulong Offset)
    {
        public bool Equals(Key? other) => other is not null && File.Equals(other.File) && Offset == other.Offset; // as FileVersion's
        public override int GetHashCode() => HashCode.Combine(File.GetHashCode(), Offset);
    }

    private readonly Dictionary<Key, Frame> pages = [];

    public int Count => pages.Count;

    /// <summary>Hits and misses, for --stats.</summary>
    public long Hits, Misses;

    /// <summary>
    /// The frame holding the page at <paramref name="offset"/> of <paramref name="file"/>, with one reference
    /// taken for the caller; it is read from <paramref name="source"/> on a miss. False when RAM is exhausted.
    /// </summary>
    public bool TryGet(FileVersion file, ulong offset, IPageSource source, out Frame frame)
    {
        var key = new Key(file, offset);
        if (pages.TryGetValue(key, out frame))
        {
            Hits++;
            frames.AddRef(frame);
            return true;
        }
        Misses++;
        if (pages.Count >= maxPages) Clear();
        if (!frames.TryAllocate(out frame)) return false;
        source.Read(offset, frames.Bytes(frame));
        pages[key] = frame;
        frames.AddRef(frame);
        return true;
    }

    /// <summary>Drops the cache's references (frames still mapped somewhere stay alive).</summary>
    public void Clear()
    {
        foreach (var f in pages.Values) frames.Release(f);
        pages.Clear();
    }
}
