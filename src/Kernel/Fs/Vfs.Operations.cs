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
            return node.Open(process, location.GuestPath, flags & ~OpenOnlyFlags, out file);
        }
        if (!location.Exists)
        {
            if ((flags & OpenFlags.Create) == 0) return Errno.ENOENT;
            if (location.HostPath is null) return Errno.EACCES;
            if ((flags & OpenFlags.Directory) != 0 && (flags & OpenFlags.TmpFile) != OpenFlags.TmpFile) return Errno.EISDIR;
        }
        else
        {
            if ((flags & (OpenFlags.Create | OpenFlags.Exclusive)) == (OpenFlags.Create | OpenFlags.Exclusive)) return Errno.EEXIST;
            if ((flags & OpenFlags.Directory) != 0 && !location.Stat.IsDirectory && !location.Stat.IsSymlink) return Errno.ENOTDIR;
            if (location.Stat.IsDirectory && access != OpenFlags.ReadOnly && (flags & OpenFlags.Path) == 0) return Errno.EISDIR;
        }

        // The path is fully resolved: the host must not follow anything in the last component.
        int hostFlags = (flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlock)) | OpenFlags.CloseOnExec | OpenFlags.NoFollow;
        int createMode = mode & ~process.Umask & 0xfff;
        int fd = LibC.Open(location.HostPath!, hostFlags, createMode);
        if (fd < 0) return LibC.LastError;
        // The host applied rvjit's own umask too; give the file exactly the mode the guest asked for.
        if (!location.Exists && (flags & OpenFlags.Create) != 0) LibC.FChMod(fd, createMode);
        file = new HostFile(fd, flags & ~OpenOnlyFlags, location, location.GuestPath);
        return Errno.Success;
    }

    /// <summary>Re-resolves a location so its status is current (after creating it, for instance).</summary>
    public static Errno Refresh(Location location, out StatxBuffer stat)
    {
        stat = location.Stat;
        if (location.HostPath is null) return location.Exists ? Errno.Success : Errno.ENOENT;
        return HostFiles.TryStat(location.HostPath, false, out stat, out Errno e) ? Errno.Success : e;
    }

    public Errno MakeDirectory(Process process, Location location, int mode)
    {
        if (location.Exists) return Errno.EEXIST;
        if (location.HostPath is null) return Errno.EACCES;
        int m = mode & ~process.Umask & 0xfff;
        if (LibC.MkDir(location.HostPath, m) < 0) return LibC.LastError;
        LibC.ChMod(location.HostPath, m);
        return Errno.Success;
    }

    public Errno MakeNode(Process process, Location location, int mode, ulong device)
    {
        if (location.Exists) return Errno.EEXIST;
        if (location.HostPath is null) return Errno.EACCES;
        uint type = (uint)mode & StatMode.TypeMask;
        if (type is not (0 or StatMode.Regular or StatMode.Fifo or StatMode.Socket)) return Errno.EPERM;
        int m = (mode & ~process.Umask & 0xfff) | (int)(type == 0 ? StatMode.Regular : type);
        return HostFiles.Result(LibC.MkNod(location.HostPath, m, device));
    }

    public Errno Unlink(Location location)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EACCES;
        if (location.Stat.IsDirectory) return Errno.EISDIR;
        return HostFiles.Result(LibC.Unlink(location.HostPath));
    }

    public Errno RemoveDirectory(Location location)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EACCES;
        if (!location.Stat.IsDirectory) return Errno.ENOTDIR;
        if (location.GuestPath == "/") return Errno.EBUSY;
        return HostFiles.Result(LibC.RmDir(location.HostPath));
    }

    public Errno Rename(Location from, Location to, uint flags)
    {
        if (!from.Exists) return Errno.ENOENT;
        if (from.HostPath is null || to.HostPath is null) return from.HostPath is null ? Errno.EACCES : Errno.EXDEV;
        if (from.GuestPath == "/" || to.GuestPath == "/") return Errno.EBUSY;
        return HostFiles.Result(LibC.RenameAt2(LibC.AtFdCwd, from.HostPath, LibC.AtFdCwd, to.HostPath, flags));
    }

    public Errno Link(Location existing, Location created)
    {
        if (!existing.Exists) return Errno.ENOENT;
        if (created.Exists) return Errno.EEXIST;
        if (existing.HostPath is null || created.HostPath is null) return Errno.EXDEV;
        if (existing.Stat.IsDirectory) return Errno.EPERM;
        return HostFiles.Result(LibC.Link(existing.HostPath, created.HostPath));
    }

    /// <summary>symlink: the target text is stored as given; it is interpreted inside the root when followed.</summary>
    public Errno Symlink(string target, Location created)
    {
        if (created.Exists) return Errno.EEXIST;
        if (created.HostPath is null) return Errno.EACCES;
        if (target.Length == 0) return Errno.ENOENT;
        return HostFiles.Result(LibC.Symlink(target, created.HostPath));
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
        if (!location.Stat.IsSymlink) return Errno.EINVAL;
        string? t = HostFiles.ReadLink(location.HostPath!);
        if (t is null) return LibC.LastError;
        target = t;
        return Errno.Success;
    }

    /// <summary>access/faccessat: F_OK (0) or R_OK 4 | W_OK 2 | X_OK 1.</summary>
    public Errno Access(Location location, int mode)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.Node is { } node)
        {
            if ((mode & 2) != 0 && (node.Mode & 0x92) == 0) return Errno.EACCES;
            if ((mode & 1) != 0 && (node.Mode & 0x49) == 0) return Errno.EACCES;
            return Errno.Success;
        }
        return HostFiles.Result(LibC.FAccessAt(LibC.AtFdCwd, location.HostPath!, mode, 0));
    }

    public Errno ChangeMode(Location location, int mode)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EPERM;
        return HostFiles.Result(LibC.ChMod(location.HostPath, mode & 0xfff));
    }

    public Errno ChangeOwner(Location location, int uid, int gid)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EPERM;
        return HostFiles.Result(LibC.FChOwnAt(LibC.AtFdCwd, location.HostPath, uid, gid, LibC.AtSymlinkNoFollow));
    }

    public Errno Truncate(Location location, long length)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EACCES;
        if (location.Stat.IsDirectory) return Errno.EISDIR;
        return HostFiles.Result(LibC.Truncate(location.HostPath, length));
    }

    /// <summary>utimensat on a path (times: two timespecs, or null for now).</summary>
    internal Errno SetTimes(Location location, LibC.Timespec* times)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null) return Errno.EPERM;
        return HostFiles.Result(LibC.UTimensAt(LibC.AtFdCwd, location.HostPath, times, LibC.AtSymlinkNoFollow));
    }

    /// <summary>statfs into a 120-byte struct statfs (the same layout on x86-64 and riscv64).</summary>
    public Errno StatFs(Location location, Span<byte> buffer)
    {
        if (!location.Exists) return Errno.ENOENT;
        string path = location.HostPath ?? root;
        fixed (byte* p = buffer) return HostFiles.Result(LibC.StatFs(path, p));
    }
}
