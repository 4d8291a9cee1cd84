// MAP_SHARED file mappings: one page object per host file, shared by every process that maps it.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Fs;

/// <summary>
/// The shared memory objects behind MAP_SHARED mappings of host files, keyed by (device, inode) so that
/// all mappings of one file (in any process) see the same frames. Each object keeps its own duplicate of
/// the host descriptor, so the guest may close its descriptor after mmap; dirty data reaches the file on
/// msync, munmap of the last mapping, and exit.
/// </summary>
public sealed unsafe class SharedFileMappings(FrameAllocator frames)
{
    // Made at the first shared mapping (see FutexTable): its types are not loaded at start-up.
    private Dictionary<(ulong, ulong), SharedPages>? objects;

    /// <summary>The shared object of a file, if any process maps it shared now.</summary>
    public SharedPages? Find((ulong, ulong) identity) => objects?.GetValueOrDefault(identity);

    public SharedPages? Get(HostFile file)
    {
        file.SharedMappings = this;
        var id = file.Identity;
        if ((objects ??= []).TryGetValue(id, out var existing))
        {
            existing.AddMapping();
            return existing;
        }
        int fd = LibC.Fcntl(file.HostFd, LibC.FDupFdCloExec, 0);
        if (fd < 0) return null;
        var source = new DescriptorSource(fd, id);
        var pages = new SharedPages(frames, source,
            writeBack: (offset, data) => { fixed (byte* p = data) LibC.PWrite(fd, p, data.Length, (long)offset); },
            fileSize: () => HostFiles.StatFd(fd, out var st) == Errno.Success ? st.Size : 0,
            released: () => { objects?.Remove(id); LibC.Close(fd); });
        objects[id] = pages;
        return pages;
    }

    /// <summary>Writes every shared file mapping back (fsync of a mapped file, exit).</summary>
    public void SyncAll()
    {
        if (objects is null) return;
        foreach (var o in objects.Values) o.Sync();
    }

    private sealed class DescriptorSource(int fd, (ulong, ulong) identity) : IPageSource
    {
        public (ulong Device, ulong Inode) Identity => identity;

        public void Read(ulong offset, Span<byte> destination) => LibC.PReadFully(fd, destination, offset);
    }
}
