// File operations on resolved locations: open, create, remove, rename, link, permissions, times, statfs.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

public sealed unsafe partial class Vfs
{
    // Flags that only matter while opening; the description keeps the rest.
    private const int OpenOnlyFlags = OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoCtty | OpenFlags.Truncate | OpenFlags.CloseOnExec;

    /// <summary>open/openat on a resolved location. The returned description has no references yet.</summary>
    public Errno Open(Process process, Location location, int flags, int mode, out FileDescription? file)
    {
        file = null;
        int access = flags & OpenFlags.AccessMode;
        if (location.Node is { } node)
        {
            if (node.MagicTarget(process) is { } open) { file = open; return Errno.Success; }
            if ((flags & OpenFlags.Create) != 0 && (flags & OpenFlags.Exclusive) != 0) return Errno.EEXIST;
            if ((flags & OpenFlags.Directory) != 0 && !node.IsDirectory) return Errno.ENOTDIR;
            return node.Open(process, location.GuestPath, flags & ~(OpenOnlyFlags & ~OpenFlags.NoCtty), out file); // O_NOCTTY: for terminals
        }
        if (!location.Exists)
        {
            if ((flags & OpenFlags.Create) == 0) return Errno.ENOENT;
            if (location.TrailingSlash) return Errno.EISDIR;
            if (location.Host is null) return Errno.EACCES;
            if ((flags & OpenFlags.Directory) != 0 && (flags & OpenFlags.TmpFile) != OpenFlags.TmpFile) return Errno.EISDIR;
        }
        else
        {
            if ((flags & (OpenFlags.Create | OpenFlags.Exclusive)) == (OpenFlags.Create | OpenFlags.Exclusive)) return Errno.EEXIST;
            if ((flags & OpenFlags.Directory) != 0 && !location.Stat.IsDirectory && !location.Stat.IsSymlink) return Errno.ENOTDIR;
            if (location.Stat.IsDirectory && access != OpenFlags.ReadOnly && (flags & OpenFlags.Path) == 0) return Errno.EISDIR;
        }

        // The path is fully resolved: the host must not follow anything in the last component.
        if (location.Host is not { } host) return Errno.EACCES;
        int hostFlags = (flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlock)) | OpenFlags.CloseOnExec;
        // A FIFO's O_NONBLOCK changes the open itself (no wait for the other end; ENXIO for a writer without a
        // reader): the host open keeps it, and the host descriptor blocks afterwards like every other.
        bool nonBlockingFifo = location.Exists && location.Stat.FileType == StatMode.Fifo && (flags & OpenFlags.NonBlock) != 0;
        if (nonBlockingFifo) hostFlags |= OpenFlags.NonBlock;
        int createMode = mode & ~process.Umask & 0xfff;
        Errno e = host.Tree.Open(host.RelativePath, hostFlags, createMode, out int fd);
        if (e != Errno.Success) return e;
        if (nonBlockingFifo) LibC.Fcntl(fd, LibC.FSetFl, LibC.Fcntl(fd, LibC.FGetFl, 0) & ~OpenFlags.NonBlock);
        // The host applied rvjit's own umask too; give the file exactly the mode the guest asked for.
        // (Only when it differs: a chmod is an IN_ATTRIB event that the guest's open does not make.)
        if (!location.Exists && (flags & OpenFlags.Create) != 0 &&
            (HostFiles.StatFd(fd, out var created) != Errno.Success || (created.Mode & 0xfff) != createMode))
            LibC.FChMod(fd, createMode);
        file = new HostFile(fd, flags & ~OpenOnlyFlags, location, location.GuestPath) { SharedMappings = process.Kernel.SharedFiles };
        return Errno.Success;
    }

    public Errno MakeDirectory(Process process, Location location, int mode)
    {
        if (location.Exists) return Errno.EEXIST;
        if (location.Host is not { } host) return Errno.EACCES;
        return host.Tree.MakeDirectory(host.RelativePath, mode & ~process.Umask & 0xfff);
    }

    public Errno MakeNode(Process process, Location location, int mode, ulong device)
    {
        if (location.Exists) return Errno.EEXIST;
        if (location.TrailingSlash) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EACCES;
        uint type = (uint)mode & StatMode.TypeMask;
        if (type is not (0 or StatMode.Regular or StatMode.Fifo or StatMode.Socket)) return Errno.EPERM;
        int m = (mode & ~process.Umask & 0xfff) | (int)(type == 0 ? StatMode.Regular : type);
        return host.Tree.MakeNode(host.RelativePath, m, device);
    }

    public Errno Unlink(Location location)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EACCES;
        if (location.Stat.IsDirectory) return Errno.EISDIR;
        return host.Tree.Remove(host.RelativePath, directory: false);
    }

    public Errno RemoveDirectory(Location location)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EACCES;
        if (!location.Stat.IsDirectory) return Errno.ENOTDIR;
        if (location.GuestPath == "/") return Errno.EBUSY;
        return host.Tree.Remove(host.RelativePath, directory: true);
    }

    public Errno Rename(Location from, Location to, uint flags)
    {
        if (!from.Exists) return Errno.ENOENT;
        if (from.Host is not { } source) return Errno.EACCES;
        if (to.Host is not { } target || target.Tree != source.Tree) return Errno.EXDEV;
        if (from.GuestPath == "/" || to.GuestPath == "/") return Errno.EBUSY;
        const uint exchange = 2;
        if (to.TrailingSlash && !from.Stat.IsDirectory && (flags & exchange) == 0) return Errno.ENOTDIR;
        return source.Tree.Rename(source.RelativePath, target.RelativePath, flags);
    }

    public Errno Link(Location existing, Location created)
    {
        if (!existing.Exists) return Errno.ENOENT;
        if (created.Exists) return Errno.EEXIST;
        if (created.TrailingSlash) return Errno.ENOENT;
        if (existing.Host is not { } source || created.Host is not { } target || target.Tree != source.Tree) return Errno.EXDEV;
        if (existing.Stat.IsDirectory) return Errno.EPERM;
        return source.Tree.Link(source.RelativePath, target.RelativePath);
    }

    /// <summary>symlink: the target text is stored as given; it is interpreted inside the root when followed.</summary>
    public Errno Symlink(string target, Location created)
    {
        if (created.Exists) return Errno.EEXIST;
        if (created.TrailingSlash) return Errno.ENOENT;
        if (created.Host is not { } host) return Errno.EACCES;
        if (target.Length == 0) return Errno.ENOENT;
        return host.Tree.Symlink(target, host.RelativePath);
    }

    public Errno ReadLink(Process process, Location location, out string target)
    {
        target = "";
        if (!location.Exists) return Errno.ENOENT;
        if (location.Node is { } node)
        {
            if (!node.IsSymlink) return Errno.EINVAL;
            target = node.LinkTarget(process) ?? "";
            return Errno.Success;
        }
        if (!location.Stat.IsSymlink || location.Host is not { } host) return Errno.EINVAL;
        return host.Tree.ReadLink(host.RelativePath, out target);
    }

    /// <summary>access/faccessat: F_OK (0) or R_OK 4 | W_OK 2 | X_OK 1. The resolution followed a final
    /// symlink if the guest asked for it; the host checks the entry found, never what a link leads to.</summary>
    public Errno Access(Location location, int mode)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Node is { } node)
        {
            if ((mode & 2) != 0 && (node.Mode & 0x92) == 0) return Errno.EACCES;
            if ((mode & 1) != 0 && (node.Mode & 0x49) == 0) return Errno.EACCES;
            return Errno.Success;
        }
        if (location.Host is not { } host) return Errno.Success; // a pipe or socket's own status
        return host.Tree.Access(host.RelativePath, mode);
    }

    public Errno ChangeMode(Location location, int mode)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EPERM;
        return host.Tree.ChangeMode(host.RelativePath, mode & 0xfff);
    }

    public Errno ChangeOwner(Location location, int uid, int gid)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EPERM;
        return host.Tree.ChangeOwner(host.RelativePath, uid, gid);
    }

    public Errno Truncate(Location location, long length)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EACCES;
        if (location.Stat.IsDirectory) return Errno.EISDIR;
        return host.Tree.Truncate(host.RelativePath, length);
    }

    /// <summary>utimensat on a path (times: two timespecs, or null for now).</summary>
    internal Errno SetTimes(Location location, LibC.Timespec* times)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Host is not { } host) return Errno.EPERM;
        return host.Tree.SetTimes(host.RelativePath, times);
    }

    /// <summary>
    /// The host address of an AF_UNIX socket file: <paramref name="binding"/> names a new file at
    /// <paramref name="location"/>; otherwise the location is an existing socket file (connect, sendto).
    /// </summary>
    public static Errno UnixSocketAddress(Location location, bool binding, out HostSocketAddress address)
    {
        address = null!;
        if (location.Host is not { } host) return binding ? Errno.EACCES : Errno.ECONNREFUSED;
        if (binding && location.Exists) return Errno.EADDRINUSE;
        if (!binding && !location.Exists) return Errno.ENOENT;
        Errno e = host.Tree.SocketPath(host.RelativePath, binding, out string hostPath, out int heldFd);
        if (e != Errno.Success) return e;
        return HostSocketAddress.ForUnixPath(hostPath, heldFd, out address);
    }

    /// <summary>statfs into a 120-byte struct statfs (the same layout on x86-64 and riscv64).</summary>
    public Errno StatFs(Location location, Span<byte> buffer)
    {
        if (!location.Exists) return Errno.ENOENT;
        var host = location.Host ?? new HostEntry(root, "");
        fixed (byte* p = buffer) return host.Tree.StatFs(host.RelativePath, p);
    }
}
