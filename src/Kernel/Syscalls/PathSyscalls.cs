// Path system calls: openat, stat family, directories, links, renames, permissions, times, cwd, statfs.
using System.Text;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Syscalls;

/// <summary>Calls that name files by path (resolved by the VFS, relative to a directory descriptor or the cwd).</summary>
public static class PathSyscalls
{
    private const ulong RenameNoReplace = 1, RenameExchange = 2, RenameWhiteout = 4;

    public static void Register(SyscallTable t)
    {
        t.Add("openat", "f,s,O,o", c => OpenAt(c, (int)c.A2, (int)c.A3, ResolveOptions.None));
        t.Add("openat2", "f,s,p,u", OpenAt2);
        t.Add("newfstatat", "f,s,p,x", NewFstatAt);
        t.Add("fstat", "i,p", Fstat);
        t.Add("statx", "f,s,x,x,p", Statx);
        t.Add("readlinkat", "f,s,p,u", ReadLinkAt);
        t.Add("getcwd", "p,u", GetCwd);
        t.Add("chdir", "s", ChDir);
        t.Add("fchdir", "i", FChDir);
        t.Add("chroot", "s", c => Errno.EPERM.Fail());
        t.Add("mkdirat", "f,s,o", c => WithLocation(c, c.A0, c.A1, ResolveOptions.NoOverlay, l => c.Kernel.Vfs.MakeDirectory(c.Process, l, (int)c.A2)));
        t.Add("mknodat", "f,s,o,x", c => WithLocation(c, c.A0, c.A1, ResolveOptions.NoOverlay, l => c.Kernel.Vfs.MakeNode(c.Process, l, (int)c.A2, c.A3)));
        t.Add("unlinkat", "f,s,x", UnlinkAt);
        t.Add("renameat", "f,s,f,s", c => Rename(c, 0));
        t.Add("renameat2", "f,s,f,s,x", c => Rename(c, c.A4));
        t.Add("linkat", "f,s,f,s,x", LinkAt);
        t.Add("symlinkat", "s,f,s", SymlinkAt);
        t.Add("faccessat", "f,s,o", c => Access(c, 0));
        t.Add("faccessat2", "f,s,o,x", c => Access(c, (int)c.A3));
        t.Add("fchmodat", "f,s,o", c => WithLocation(c, c.A0, c.A1, ResolveOptions.FollowFinal | ResolveOptions.NoOverlay, l => c.Kernel.Vfs.ChangeMode(l, (int)c.A2)));
        t.Add("fchmod", "i,o", FChMod);
        t.Add("fchownat", "f,s,i,i,x", FChOwnAt);
        t.Add("fchown", "i,i,i", FChOwn);
        t.Add("truncate", "s,d", c => WithLocation(c, OpenFlags.AtFdCwd, c.A0, ResolveOptions.FollowFinal | ResolveOptions.NoOverlay, l => c.Kernel.Vfs.Truncate(l, (long)c.A1)));
        t.Add("ftruncate", "i,d", FTruncate);
        t.Add("utimensat", "f,s,p,x", UTimensAt);
        t.Add("statfs", "s,p", StatFs);
        t.Add("fstatfs", "i,p", FStatFs);
        XattrSyscalls.Register(t);
    }

    private static ulong AtFdCwd => unchecked((ulong)OpenFlags.AtFdCwd);

    // Resolves (dirfd, path) and runs one VFS operation on it.
    private static long WithLocation(SyscallContext c, ulong dirfd, ulong path, ResolveOptions options, Func<Location, Errno> operation)
    {
        Errno e = c.ResolveArgument(dirfd, path, options, out var location);
        return e != Errno.Success ? e.Fail() : -(long)operation(location);
    }

    private static long WithLocation(SyscallContext c, int dirfd, ulong path, ResolveOptions options, Func<Location, Errno> operation) =>
        WithLocation(c, unchecked((ulong)dirfd), path, options, operation);

    /// <summary>
    /// openat2(dirfd, path, how, size): struct open_how {u64 flags, mode, resolve} checked as Linux's
    /// copy_struct_from_user and build_open_flags check it (no unknown flag, mode only with O_CREAT or O_TMPFILE,
    /// O_PATH with its own flags only, RESOLVE_BENEATH and RESOLVE_IN_ROOT not together), then an openat whose walk
    /// keeps the RESOLVE_* rules (<see cref="ResolveOptions"/>).
    /// </summary>
    private static ValueTask<long> OpenAt2(SyscallContext c)
    {
        const int SizeVersion0 = 24;
        const ulong ResolveNoXdev = 1, ResolveNoMagicLinks = 2, ResolveNoSymlinks = 4, ResolveBeneath = 8, ResolveInRoot = 0x10, ResolveCached = 0x20;
        const ulong ValidFlags = 0x3 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 |
            0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000;
        const ulong PathFlags = (ulong)(OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.Path | OpenFlags.CloseOnExec);
        const ulong TmpFile = 0x400000;
        ulong size = c.A3;
        if (size < SizeVersion0) return new(Errno.EINVAL.Fail());
        if (size > 4096) return new(Errno.E2BIG.Fail());
        Span<byte> raw = stackalloc byte[(int)size];
        if (c.Memory.Read(c.A2, raw) != Errno.Success) return new(Errno.EFAULT.Fail());
        for (int i = SizeVersion0; i < raw.Length; i++)
            if (raw[i] != 0) return new(Errno.E2BIG.Fail());
        ulong flags = BitConverter.ToUInt64(raw), mode = BitConverter.ToUInt64(raw[8..]), resolve = BitConverter.ToUInt64(raw[16..]);
        if ((flags & ~ValidFlags) != 0) return new(Errno.EINVAL.Fail());
        bool makes = (flags & (ulong)OpenFlags.Create) != 0 || (flags & TmpFile) == TmpFile;
        if (makes ? (mode & ~0xfffUL) != 0 : mode != 0) return new(Errno.EINVAL.Fail());
        if ((resolve & ~(ResolveNoXdev | ResolveNoMagicLinks | ResolveNoSymlinks | ResolveBeneath | ResolveInRoot | ResolveCached)) != 0)
            return new(Errno.EINVAL.Fail());
        if ((resolve & (ResolveBeneath | ResolveInRoot)) == (ResolveBeneath | ResolveInRoot)) return new(Errno.EINVAL.Fail());
        if ((flags & (ulong)OpenFlags.Path) != 0 && (flags & ~PathFlags) != 0) return new(Errno.EINVAL.Fail());
        if ((flags & (ulong)(OpenFlags.Directory | OpenFlags.Create)) == (ulong)(OpenFlags.Directory | OpenFlags.Create)) return new(Errno.EINVAL.Fail());
        // RESOLVE_CACHED: a walk that must not do I/O; creation and truncation always would.
        if ((resolve & ResolveCached) != 0 && (flags & ((ulong)(OpenFlags.Truncate | OpenFlags.Create) | TmpFile)) != 0) return new(Errno.EAGAIN.Fail());
        var options = ResolveOptions.None;
        if ((resolve & ResolveNoXdev) != 0) options |= ResolveOptions.NoCrossDevice;
        if ((resolve & ResolveNoMagicLinks) != 0) options |= ResolveOptions.NoMagicLinks;
        if ((resolve & ResolveNoSymlinks) != 0) options |= ResolveOptions.NoSymlinks;
        if ((resolve & ResolveBeneath) != 0) options |= ResolveOptions.Beneath;
        if ((resolve & ResolveInRoot) != 0) options |= ResolveOptions.InRoot;
        return OpenAt(c, (int)flags, (int)mode, options);
    }

    private static async ValueTask<long> OpenAt(SyscallContext c, int flags, int mode, ResolveOptions scope)
    {
        bool creating = (flags & OpenFlags.Create) != 0;
        // O_CREAT|O_EXCL never follows a final symlink (it must fail with EEXIST).
        bool follow = (flags & OpenFlags.NoFollow) == 0 && !(creating && (flags & OpenFlags.Exclusive) != 0);
        var options = (follow ? ResolveOptions.FollowFinal : ResolveOptions.None) | scope;
        Errno e;
        if (creating)
        {
            // O_CREAT with a trailing slash is EISDIR once the directories before the last name resolve, whatever that
            // name is (Linux's open_last_lookups; Python's shutil.copyfile to "missing/" counts on it).
            e = c.ReadPath(c.A1, out string path);
            if (e != Errno.Success) return e.Fail();
            if (path.EndsWith('/'))
            {
                string name = path.TrimEnd('/');
                if (name.Length > 0 && (e = c.Resolve(c.A0, name, scope, out _)) != Errno.Success) return e.Fail();
                return Errno.EISDIR.Fail();
            }
        }
        e = c.ResolveArgument(c.A0, c.A1, options, out var location);
        if (e != Errno.Success) return e.Fail();
        if (!follow && location.Exists && location.Stat.IsSymlink && (flags & OpenFlags.Path) == 0)
            return (creating ? Errno.EEXIST : Errno.ELOOP).Fail();
        FileDescription? file;
        if (Vfs.OpenWaitsForPartner(location, flags)) (e, file) = await c.Kernel.Vfs.OpenFifo(c.Kernel, c.Thread, location, flags);
        else e = c.Kernel.Vfs.Open(c.Process, location, flags, mode, out file);
        if (e != Errno.Success) return e.Fail();
        int fd = c.Process.Files.Add(file!, (flags & OpenFlags.CloseOnExec) != 0, 0, DescriptorSyscalls.FileLimit(c.Process));
        if (fd < 0 && file!.References == 0)
        {
            // Never installed (EMFILE): close it now.
            file.AddRef();
            file.Release();
        }
        return fd;
    }

    /// <summary>The status of (dirfd, path) honoring AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH (which is fstat).</summary>
    private static Errno StatAt(SyscallContext c, ulong dirfd, ulong pathAddress, int flags, out StatxBuffer stat)
    {
        stat = default;
        Errno e = c.ReadPath(pathAddress, out string path);
        if (e != Errno.Success) return e;
        if (path.Length == 0 && (flags & OpenFlags.AtEmptyPath) != 0 && SyscallContext.AsInt(dirfd) != OpenFlags.AtFdCwd)
            return c.File(dirfd) is { } f ? f.Stat(out stat) : Errno.EBADF;
        var options = (flags & OpenFlags.AtSymlinkNoFollow) != 0 ? ResolveOptions.None : ResolveOptions.FollowFinal;
        e = c.Resolve(dirfd, path, options, out var location, (flags & OpenFlags.AtEmptyPath) != 0);
        if (e != Errno.Success) return e;
        if (!location.Exists) return Errno.ENOENT;
        stat = location.Stat;
        return Errno.Success;
    }

    private static long NewFstatAt(SyscallContext c)
    {
        Errno e = StatAt(c, c.A0, c.A1, (int)c.A3, out var st);
        if (e != Errno.Success) return e.Fail();
        return c.Memory.Write(c.A2, GuestStat.From(st)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long Fstat(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        Errno e = f.Stat(out var st);
        if (e != Errno.Success) return e.Fail();
        return c.Memory.Write(c.A1, GuestStat.From(st)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long Statx(SyscallContext c)
    {
        Errno e = StatAt(c, c.A0, c.A1, (int)c.A2, out var st);
        if (e != Errno.Success) return e.Fail();
        return c.Memory.Write(c.A4, st) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long ReadLinkAt(SyscallContext c)
    {
        if ((long)c.A3 <= 0) return Errno.EINVAL.Fail();
        Errno e = c.ResolveArgument(c.A0, c.A1, ResolveOptions.None, out var location, emptyPathAllowed: true);
        if (e != Errno.Success) return e.Fail();
        e = c.Kernel.Vfs.ReadLink(c.Process, location, out string target);
        if (e != Errno.Success) return e.Fail();
        byte[] bytes = FileNames.Encode(target);
        int n = (int)Math.Min((ulong)bytes.Length, c.A3);
        return c.Memory.Write(c.A2, bytes.AsSpan(0, n)) == Errno.Success ? n : Errno.EFAULT.Fail();
    }

    private static long GetCwd(SyscallContext c)
    {
        byte[] bytes = FileNames.Encode(c.Process.WorkingDirectory + "\0");
        if ((ulong)bytes.Length > c.A1) return Errno.ERANGE.Fail();
        return c.Memory.Write(c.A0, bytes) == Errno.Success ? bytes.Length : Errno.EFAULT.Fail();
    }

    private static long ChDir(SyscallContext c)
    {
        Errno e = c.ResolveArgument(AtFdCwd, c.A0, ResolveOptions.FollowFinal, out var location);
        if (e != Errno.Success) return e.Fail();
        return -(long)EnterDirectory(c, location);
    }

    private static long FChDir(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        return f.Location is { } l ? -(long)EnterDirectory(c, l) : Errno.ENOTDIR.Fail();
    }

    private static Errno EnterDirectory(SyscallContext c, Location location)
    {
        if (!location.Exists) return Errno.ENOENT;
        if (!location.IsDirectory) return Errno.ENOTDIR;
        Errno e = c.Kernel.Vfs.Access(location, 1);
        if (e != Errno.Success) return e;
        c.Process.WorkingDirectory = location.GuestPath;
        return Errno.Success;
    }

    private static long UnlinkAt(SyscallContext c)
    {
        if ((c.A2 & ~(ulong)OpenFlags.AtRemoveDir) != 0) return Errno.EINVAL.Fail();
        bool directory = (c.A2 & (ulong)OpenFlags.AtRemoveDir) != 0;
        return WithLocation(c, c.A0, c.A1, ResolveOptions.NoOverlay,
            l => directory ? c.Kernel.Vfs.RemoveDirectory(l) : c.Kernel.Vfs.Unlink(l));
    }

    private static long Rename(SyscallContext c, ulong flags)
    {
        if ((flags & ~(RenameNoReplace | RenameExchange | RenameWhiteout)) != 0) return Errno.EINVAL.Fail();
        Errno e = c.ResolveArgument(c.A0, c.A1, ResolveOptions.NoOverlay, out var from);
        if (e != Errno.Success) return e.Fail();
        e = c.ResolveArgument(c.A2, c.A3, ResolveOptions.NoOverlay, out var to);
        if (e != Errno.Success) return e.Fail();
        return -(long)c.Kernel.Vfs.Rename(from, to, (uint)flags);
    }

    private static long LinkAt(SyscallContext c)
    {
        var follow = (c.A4 & (ulong)OpenFlags.AtSymlinkFollow) != 0 ? ResolveOptions.FollowFinal : ResolveOptions.None;
        Errno e = c.ResolveArgument(c.A0, c.A1, follow | ResolveOptions.NoOverlay, out var existing, (c.A4 & (ulong)OpenFlags.AtEmptyPath) != 0);
        if (e != Errno.Success) return e.Fail();
        e = c.ResolveArgument(c.A2, c.A3, ResolveOptions.NoOverlay, out var created);
        if (e != Errno.Success) return e.Fail();
        return -(long)c.Kernel.Vfs.Link(existing, created);
    }

    private static long SymlinkAt(SyscallContext c)
    {
        Errno e = c.ReadPath(c.A0, out string target);
        if (e != Errno.Success) return e.Fail();
        return WithLocation(c, c.A1, c.A2, ResolveOptions.NoOverlay, l => c.Kernel.Vfs.Symlink(target, l));
    }

    private static long Access(SyscallContext c, int flags)
    {
        if ((c.A2 & ~7UL) != 0) return Errno.EINVAL.Fail();
        var options = (flags & OpenFlags.AtSymlinkNoFollow) != 0 ? ResolveOptions.None : ResolveOptions.FollowFinal;
        Errno e = c.ResolveArgument(c.A0, c.A1, options, out var location, (flags & OpenFlags.AtEmptyPath) != 0);
        if (e != Errno.Success) return e.Fail();
        return -(long)c.Kernel.Vfs.Access(location, (int)c.A2);
    }

    private static long FChMod(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if (f.HostFd < 0) return f.Location is { IsVirtual: true } ? Errno.EPERM.Fail() : 0;
        return LibC.Check(LibC.FChMod(f.HostFd, (int)(c.A1 & 0xfff)));
    }

    private static long FChOwnAt(SyscallContext c)
    {
        var options = (c.A4 & (ulong)OpenFlags.AtSymlinkNoFollow) != 0 ? ResolveOptions.None : ResolveOptions.FollowFinal;
        Errno e = c.ResolveArgument(c.A0, c.A1, options | ResolveOptions.NoOverlay, out var location, (c.A4 & (ulong)OpenFlags.AtEmptyPath) != 0);
        if (e != Errno.Success) return e.Fail();
        return -(long)c.Kernel.Vfs.ChangeOwner(location, (int)c.A2, (int)c.A3);
    }

    private static long FChOwn(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if (f.HostFd < 0) return 0;
        return LibC.Check(LibC.FChOwn(f.HostFd, (int)c.A1, (int)c.A2));
    }

    private static long FTruncate(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if ((long)c.A1 < 0) return Errno.EINVAL.Fail();
        if (!f.CanWrite) return Errno.EINVAL.Fail();
        return -(long)f.Truncate((long)c.A1);
    }

    private static unsafe long UTimensAt(SyscallContext c)
    {
        LibC.Timespec* times = stackalloc LibC.Timespec[2];
        bool haveTimes = c.A2 != 0;
        if (haveTimes && c.Memory.Read(c.A2, new Span<byte>(times, 2 * sizeof(LibC.Timespec))) != Errno.Success) return Errno.EFAULT.Fail();
        LibC.Timespec* arg = haveTimes ? times : null;
        if (c.A1 == 0)
        {
            // utimensat(fd, NULL, ...) is futimens(fd).
            if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
            return f.HostFd < 0 ? 0 : LibC.Check(LibC.FUTimens(f.HostFd, arg));
        }
        var options = (c.A3 & (ulong)OpenFlags.AtSymlinkNoFollow) != 0 ? ResolveOptions.None : ResolveOptions.FollowFinal;
        Errno e = c.ResolveArgument(c.A0, c.A1, options | ResolveOptions.NoOverlay, out var location, (c.A3 & (ulong)OpenFlags.AtEmptyPath) != 0);
        if (e != Errno.Success) return e.Fail();
        return -(long)c.Kernel.Vfs.SetTimes(location, arg);
    }

    private static long StatFs(SyscallContext c)
    {
        Errno e = c.ResolveArgument(AtFdCwd, c.A0, ResolveOptions.FollowFinal, out var location);
        if (e != Errno.Success) return e.Fail();
        Span<byte> buffer = stackalloc byte[120];
        e = c.Kernel.Vfs.StatFs(location, buffer);
        if (e != Errno.Success) return e.Fail();
        return c.Memory.Write(c.A1, buffer) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static unsafe long FStatFs(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        Span<byte> buffer = stackalloc byte[120];
        buffer.Clear();
        if (f.HostFd >= 0)
        {
            fixed (byte* p = buffer) if (LibC.FStatFs(f.HostFd, p) < 0) return LibC.LastError.Fail();
        }
        else
        {
            Errno e = c.Kernel.Vfs.StatFs(f.Location ?? new Location { GuestPath = "/", Exists = true }, buffer);
            if (e != Errno.Success) return e.Fail();
        }
        return c.Memory.Write(c.A1, buffer) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }
}
