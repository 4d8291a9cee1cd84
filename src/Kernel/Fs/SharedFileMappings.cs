// MAP_SHARED file mappings: one page object per host file, shared by every process that maps it.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Fs;

/// <summary>
/// The shared memory objects behind MAP_SHARED mappings of host files, keyed by (device, inode) so that
/// all mappings of one file (in any process) see the same frames. Each object keeps its own duplicate of
/// the host descriptor (a writable one as soon as a mapper has one: the first mapper's may be read-only, and
/// Python's test_mmap wrote through a second, writable mapping that never reached the file), so the guest may close
/// its descriptor after mmap; dirty data reaches the file on msync, munmap of the last mapping, and exit.
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
            // The object may hold a read-only descriptor of the first mapper: dirty pages need one that writes.
            if (sources.TryGetValue(id, out var known) && !known.Writable && Writable(file.HostFd)) known.Replace(file.HostFd);
            existing.AddMapping();
            return existing;
        }
        int fd = LibC.Fcntl(file.HostFd, LibC.FDupFdCloExec, 0);
        if (fd < 0) return null;
        var source = new DescriptorSource(fd, id);
        sources[id] = source;
        var pages = new SharedPages(frames, source,
            writeBack: (offset, data) => { fixed (byte* p = data) LibC.PWrite(source.Fd, p, data.Length, (long)offset); },
            fileSize: () => HostFiles.StatFd(source.Fd, out var st) == Errno.Success ? st.Size : 0,
            released: () => { objects?.Remove(id); sources.Remove(id); LibC.Close(source.Fd); });
        objects[id] = pages;
        return pages;
    }

    private readonly Dictionary<(ulong, ulong), DescriptorSource> sources = [];

    private static bool Writable(int fd) => HostFiles.StatusFlags(fd) is int flags && (flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly;

    /// <summary>Writes every shared file mapping back (fsync of a mapped file, exit).</summary>
    public void SyncAll()
    {
        if (objects is null) return;
        foreach (var o in objects.Values) o.Sync();
    }

    /// <summary>The object's own duplicate of a mapper's host descriptor (the first writable one once there is one).</summary>
    private sealed class DescriptorSource(int fd, (ulong, ulong) identity) : IPageSource
    {
        public int Fd { get; private set; } = fd;
        public bool Writable { get; private set; } = SharedFileMappings.Writable(fd);
        public (ulong Device, ulong Inode) Identity => identity;

        public void Read(ulong offset, Span<byte> destination) => LibC.PReadFully(Fd, destination, offset);

        public void Replace(int hostFd)
        {
            int copy = LibC.Fcntl(hostFd, LibC.FDupFdCloExec, 0);
            if (copy < 0) return;
            LibC.Close(Fd);
            Fd = copy;
            Writable = true;
        }
    }
}
