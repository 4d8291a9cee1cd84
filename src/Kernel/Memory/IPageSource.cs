// Where the bytes of file-backed pages come from, and the memory object behind MAP_SHARED mappings.
namespace RvJit.Kernel.Memory;

/// <summary>The bytes behind a private file mapping (a host file, or an ELF image already in memory).</summary>
public interface IPageSource
{
    /// <summary>Copies the file bytes at <paramref name="offset"/> into <paramref name="destination"/>;
    /// bytes past the end of the file are left as they are (zero).</summary>
    void Read(ulong offset, Span<byte> destination);

    /// <summary>Device and inode numbers for /proc/self/maps.</summary>
    (ulong Device, ulong Inode) Identity { get; }

    /// <summary>The file version whose pages the page cache may share between mappings (null: never cached).</summary>
    FileVersion? CacheKey => null;

    /// <summary>One more VMA reads from this source (a split, a fork).</summary>
    void AddMapping() { }

    /// <summary>A VMA reading from this source is gone; a file source closes its descriptor after the last.</summary>
    void RemoveMapping() { }
}

/// <summary>An <see cref="IPageSource"/> over bytes in memory (ELF images the kernel loaded itself).</summary>
public sealed class MemoryPageSource(ReadOnlyMemory<byte> bytes, ulong device = 0, ulong inode = 0, FileVersion? version = null) : IPageSource
{
    public (ulong Device, ulong Inode) Identity => (device, inode);
    public FileVersion? CacheKey => version;

    public void Read(ulong offset, Span<byte> destination)
    {
        if (offset >= (ulong)bytes.Length) return;
        var span = bytes.Span[(int)offset..];
        span[..Math.Min(span.Length, destination.Length)].CopyTo(destination);
    }
}

/// <summary>
/// The pages of a MAP_SHARED object (shared anonymous memory, or a shared file mapping): every process
/// mapping it sees the same frames. A file-backed object reads pages from its source on first touch and
/// writes them back on <see cref="Sync"/> (msync, munmap, exit).
/// </summary>
public sealed class SharedPages(FrameAllocator frames, IPageSource? source = null, SharedPages.WriteBack? writeBack = null,
    Func<ulong>? fileSize = null, Action? released = null)
{
    private readonly Dictionary<ulong, Frame> pages = [];
    private int mappings = 1;

    public IPageSource? Source => source;

    /// <summary>How many holders the object has (the creator's and one per VMA): System V shm_nattch.</summary>
    public int Mappings => mappings;

    /// <summary>The frame for page <paramref name="pageIndex"/> with one more reference taken for the caller's page table.</summary>
    public bool TryGetFrame(ulong pageIndex, out Frame frame)
    {
        if (!pages.TryGetValue(pageIndex, out frame))
        {
            if (!frames.TryAllocate(out frame)) return false;
            source?.Read(pageIndex << Page.Shift, frames.Bytes(frame));
            pages[pageIndex] = frame;
        }
        frames.AddRef(frame);
        return true;
    }

    public void AddMapping() => mappings++;

    /// <summary>One mapping is gone; the last one writes back and frees the pages.</summary>
    public void RemoveMapping()
    {
        if (--mappings > 0) return;
        Sync();
        foreach (var f in pages.Values) frames.Release(f);
        pages.Clear();
        released?.Invoke();
    }

    /// <summary>Writes <paramref name="data"/> to the backing file at <paramref name="offset"/>.</summary>
    public delegate void WriteBack(ulong offset, ReadOnlySpan<byte> data);

    /// <summary>Re-reads the cached pages overlapping [offset, offset + length) from the file (after a write() to it).</summary>
    public void Reload(ulong offset, ulong length)
    {
        if (source is null || length == 0) return;
        ulong first = offset >> Page.Shift, last = (offset + length - 1) >> Page.Shift;
        foreach (var (index, frame) in pages)
        {
            if (index < first || index > last) continue;
            frames.NoteWrite(frame);
            var bytes = frames.Bytes(frame);
            bytes.Clear();
            source.Read(index << Page.Shift, bytes);
        }
    }

    /// <summary>Writes file-backed pages back to the file (never past its current size).</summary>
    public void Sync()
    {
        if (writeBack is null) return;
        ulong size = fileSize?.Invoke() ?? ulong.MaxValue;
        foreach (var (index, frame) in pages)
        {
            ulong offset = index << Page.Shift;
            if (offset >= size) continue;
            int length = (int)Math.Min(Page.Size, size - offset);
            writeBack(offset, frames.Bytes(frame)[..length]);
        }
    }
}
