// File operations below a HostTree's root: each one on the parent directory's descriptor and the final name.
namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// The host calls behind the VFS's operations. Paths are relative to the tree's root; the VFS resolved
/// them already (no "..", no symlink before the last component), so a final symlink found here was
/// swapped in meanwhile: it is never followed (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, or a descriptor of the
/// entry itself).
/// </summary>
internal sealed unsafe partial class HostTree
{
    /// <summary>The entry's status (a final symlink not followed) and, for a symlink, its text.</summary>
    public Errno Lookup(string relative, out StatxBuffer stat, out string? linkTarget)
    {
        stat = default;
        linkTarget = null;
        Errno e = OpenParent(relative, out var parent);
        if (e != Errno.Success) return e;
        using (parent)
        {
            e = HostFiles.StatAt(parent.Fd, parent.Name, out stat);
            if (e != Errno.Success || !stat.IsSymlink) return e;
            linkTarget = ReadLinkAt(parent.Fd, parent.Name);
            return linkTarget is null ? LibC.LastError : Errno.Success;
        }
    }

    /// <summary>openat of the entry with <paramref name="flags"/> (O_NOFOLLOW added).</summary>
    public Errno Open(string relative, int flags, int mode, out int fd)
    {
        fd = -1;
        Errno e = OpenParent(relative, out var parent);
        if (e != Errno.Success) return e;
        using (parent)
        {
            fd = LibC.OpenAt(parent.Fd, parent.Name, flags | OpenFlags.NoFollow, mode);
            return fd >= 0 ? Errno.Success : LibC.LastError;
        }
    }

    /// <summary>An O_PATH descriptor of the entry itself (a symlink is not followed).</summary>
    private Errno OpenEntry(string relative, out int fd) => Open(relative, LibC.OPath | OpenFlags.CloseOnExec, 0, out fd);

    /// <summary>The name of the file behind an O_PATH descriptor, for the calls that only take a path.
    /// It is rvjit's own /proc entry: the guest cannot change what it leads to.</summary>
    public static string DescriptorPath(int fd) => $"/proc/self/fd/{fd}";

    public Errno MakeDirectory(string relative, int mode)
    {
        Errno e = OpenParent(relative, out var parent);
        if (e != Errno.Success) return e;
        using (parent)
        {
            if (LibC.MkDirAt(parent.Fd, parent.Name, mode) < 0) return LibC.LastError;
            // The host applied rvjit's own umask too; give the directory exactly the mode asked for (only when it
            // differs: a chmod is an IN_ATTRIB event that the guest's mkdir does not make).
            if (HostFiles.StatAt(parent.Fd, parent.Name, out var made) != Errno.Success || (made.Mode & 0xfff) != mode)
                LibC.FChModAt(parent.Fd, parent.Name, mode, LibC.AtSymlinkNoFollow);
            return Errno.Success;
        }
    }

    public Errno MakeNode(string relative, int mode, ulong device) =>
        WithParent(relative, p => LibC.MkNodAt(p.Fd, p.Name, mode, device));

    public Errno Remove(string relative, bool directory) =>
        WithParent(relative, p => LibC.UnlinkAt(p.Fd, p.Name, directory ? LibC.AtRemoveDir : 0));

    public Errno Symlink(string target, string relative) =>
        WithParent(relative, p => LibC.SymlinkAt(target, p.Fd, p.Name));

    public Errno ReadLink(string relative, out string target)
    {
        target = "";
        Errno e = OpenParent(relative, out var parent);
        if (e != Errno.Success) return e;
        using (parent)
        {
            string? t = ReadLinkAt(parent.Fd, parent.Name);
            if (t is null) return LibC.LastError;
            target = t;
            return Errno.Success;
        }
    }

    /// <summary>renameat2 and linkat between two entries of this tree.</summary>
    public Errno Rename(string from, string to, uint flags) =>
        WithTwoParents(from, to, (a, b) => LibC.RenameAt2(a.Fd, a.Name, b.Fd, b.Name, flags));

    /// <summary>A hard link (an existing symlink is linked itself, as linkat without AT_SYMLINK_FOLLOW does).</summary>
    public Errno Link(string existing, string created) =>
        WithTwoParents(existing, created, (a, b) => LibC.LinkAt(a.Fd, a.Name, b.Fd, b.Name, 0));

    /// <summary>A host call on the entry's parent descriptor and final name; its result as an errno.</summary>
    private Errno WithParent(string relative, Func<Parent, int> call)
    {
        Errno e = OpenParent(relative, out var parent);
        if (e != Errno.Success) return e;
        using (parent) return HostFiles.Result(call(parent));
    }

    private Errno WithTwoParents(string first, string second, Func<Parent, Parent, int> call)
    {
        Errno e = OpenParent(first, out var a);
        if (e != Errno.Success) return e;
        using (a)
        {
            e = OpenParent(second, out var b);
            if (e != Errno.Success) return e;
            using (b) return HostFiles.Result(call(a, b));
        }
    }

    /// <summary>access on the entry itself: a symlink is never followed to a host file.</summary>
    public Errno Access(string relative, int mode) =>
        WithParent(relative, p => LibC.FAccessAt(p.Fd, p.Name, mode, LibC.AtSymlinkNoFollow));

    public Errno ChangeMode(string relative, int mode) =>
        WithParent(relative, p => LibC.FChModAt(p.Fd, p.Name, mode, LibC.AtSymlinkNoFollow));

    public Errno ChangeOwner(string relative, int uid, int gid) =>
        WithParent(relative, p => LibC.FChOwnAt(p.Fd, p.Name, uid, gid, LibC.AtSymlinkNoFollow));

    public Errno SetTimes(string relative, LibC.Timespec* times) =>
        WithParent(relative, p => LibC.UTimensAt(p.Fd, p.Name, times, LibC.AtSymlinkNoFollow));

    /// <summary>truncate: through a descriptor of the entry, so no symlink swapped in is followed (and no
    /// device or FIFO is opened for it).</summary>
    public Errno Truncate(string relative, long length)
    {
        Errno e = OpenEntry(relative, out int fd);
        if (e != Errno.Success) return e;
        try
        {
            e = HostFiles.StatFd(fd, out var stat);
            if (e != Errno.Success) return e;
            if (stat.IsDirectory) return Errno.EISDIR;
            if (!stat.IsRegular) return Errno.EINVAL;
            return HostFiles.Result(LibC.Truncate(DescriptorPath(fd), length));
        }
        finally { LibC.Close(fd); }
    }

    /// <summary>statfs of the file system holding the entry ("" for the root).</summary>
    public Errno StatFs(string relative, byte* buffer)
    {
        Errno e = OpenEntry(relative, out int fd);
        if (e != Errno.Success) return e;
        try { return HostFiles.Result(LibC.FStatFs(fd, buffer)); }
        finally { LibC.Close(fd); }
    }

    /// <summary>
    /// The host sockaddr path for an AF_UNIX socket file: for bind, the new name in its parent's descriptor
    /// (/proc/self/fd/N/name: bind never follows a final symlink); otherwise a descriptor of the socket
    /// file itself (/proc/self/fd/N), so connect cannot follow a symlink swapped in to a host socket.
    /// <paramref name="heldFd"/> must stay open until the host call is done.
    /// </summary>
    public Errno SocketPath(string relative, bool binding, out string hostPath, out int heldFd)
    {
        hostPath = "";
        heldFd = -1;
        if (binding)
        {
            Errno pe = OpenParent(relative, out var parent);
            if (pe != Errno.Success) return pe;
            // The parent's own descriptor, kept by the caller (the root's is duplicated so it can be closed).
            heldFd = LibC.Fcntl(parent.Fd, LibC.FDupFdCloExec, 0);
            parent.Dispose();
            if (heldFd < 0) return LibC.LastError;
            hostPath = DescriptorPath(heldFd) + "/" + parent.Name;
            return Errno.Success;
        }
        Errno e = OpenEntry(relative, out int fd);
        if (e != Errno.Success) return e;
        e = HostFiles.StatFd(fd, out var stat);
        if (e == Errno.Success && stat.FileType != StatMode.Socket) e = Errno.ECONNREFUSED;
        if (e != Errno.Success) { LibC.Close(fd); return e; }
        heldFd = fd;
        hostPath = DescriptorPath(fd);
        return Errno.Success;
    }
}
