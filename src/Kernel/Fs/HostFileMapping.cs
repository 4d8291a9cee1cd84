// The page source behind private mmaps of host files: a duplicate descriptor that lives as long as the mappings.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Fs;

/// <summary>
/// Reads pages of a host file for MAP_PRIVATE mappings. It owns a duplicate of the host descriptor (the
/// guest usually closes its own right after mmap, as the dynamic linker does) and closes it when the last
/// VMA using it is unmapped. Pages are read when first touched, like Linux's page cache fill.
/// </summary>
public sealed unsafe class HostFileMapping : IPageSource
{
    private readonly int fd;
    private int mappings = 1;

    private HostFileMapping(int fd, (ulong, ulong) identity)
    {
        this.fd = fd;
        Identity = identity;
        if (HostFiles.StatFd(fd, out var st) == Errno.Success && st.IsRegular)
            CacheKey = new FileVersion(st.Device, st.Inode, st.ModifyTime.Seconds * 1_000_000_000 + st.ModifyTime.Nanoseconds, st.Size);
    }

    public FileVersion? CacheKey { get; }

    /// <summary>A source over a duplicate of <paramref name="hostFd"/>, counted as one mapping; null if the host is out of descriptors.</summary>
    public static HostFileMapping? Open(int hostFd, (ulong, ulong) identity)
    {
        int dup = LibC.Fcntl(hostFd, LibC.FDupFdCloExec, 0);
        return dup < 0 ? null : new HostFileMapping(dup, identity);
    }

    public (ulong Device, ulong Inode) Identity { get; }

    public void Read(ulong offset, Span<byte> destination) => LibC.PReadFully(fd, destination, offset);

    public void AddMapping() => mappings++;

    public void RemoveMapping()
    {
        if (--mappings == 0) LibC.Close(fd);
    }
}
