// Small safe wrappers over LibC for descriptor-based host operations: status, directory listings, errno results.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Fs.Host;

/// <summary>Host file operations on descriptors, returning errno values instead of throwing.</summary>
internal static unsafe class HostFiles
{
    private const uint StatxAll = 0xfff;

    /// <summary>The status of <paramref name="name"/> in directory <paramref name="dirfd"/>, a final symlink not followed.</summary>
    public static Errno StatAt(int dirfd, string name, out StatxBuffer stat) => Statx(dirfd, name, LibC.AtSymlinkNoFollow, out stat);

    public static Errno StatFd(int fd, out StatxBuffer stat) => Statx(fd, "", LibC.AtEmptyPath, out stat);

    private static Errno Statx(int dirfd, string name, int flags, out StatxBuffer stat)
    {
        StatxBuffer s;
        int r = LibC.Statx(dirfd, name, flags, StatxAll, &s);
        stat = s;
        return r < 0 ? LibC.LastError : Errno.Success;
    }

    /// <summary>Every entry of the host directory open as <paramref name="directoryFd"/> except "." and "..":
    /// name, inode, d_type. Read through a duplicate of the guest's descriptor from offset 0 (the guest's offset is
    /// the reader's own): opening the directory again would show a watching inotify an open and a close the
    /// guest did not make.</summary>
    public static Errno List(int directoryFd, List<DirectoryEntry> into)
    {
        int fd = LibC.Fcntl(directoryFd, LibC.FDupFdCloExec, 0);
        if (fd < 0) return LibC.LastError;
        if (LibC.LSeek(fd, 0, 0) < 0)
        {
            Errno error = LibC.LastError;
            LibC.Close(fd);
            return error;
        }
        nint dir = LibC.FdOpenDir(fd);
        if (dir == 0)
        {
            Errno e = LibC.LastError;
            LibC.Close(fd);
            return e;
        }
        try
        {
            while (true)
            {
                LibC.Dirent64* e = LibC.ReadDir(dir);
                if (e == null) break;
                string name = FileNames.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(e->Name));
                if (name is "." or "..") continue;
                into.Add(new DirectoryEntry(name, e->Inode, e->Type));
            }
        }
        finally { LibC.CloseDir(dir); }
        return Errno.Success;
    }

    /// <summary>The descriptor's status flags (F_GETFL), or null when it is not open.</summary>
    public static int? StatusFlags(int fd) => LibC.Fcntl(fd, LibC.FGetFl, 0) is int flags && flags >= 0 ? flags : null;

    /// <summary>What /proc/self/fd says the descriptor is ("pipe:[123]", a path), for /proc and messages.</summary>
    public static string DescriptorTarget(int fd)
    {
        try { return new FileInfo(HostTree.DescriptorPath(fd)).LinkTarget ?? $"fd {fd}"; }
        catch (IOException) { return $"fd {fd}"; }
    }

    public static Errno Result(int r) => r < 0 ? LibC.LastError : Errno.Success;
}
