// inotify_init1, inotify_add_watch, inotify_rm_watch (the instance itself: Fs/InotifyFile).
using RvJit.Kernel.Fs;

namespace RvJit.Kernel.Syscalls;

/// <summary>inotify on host files: the guest path is resolved by the VFS, the watch is the host's.</summary>
public static class InotifySyscalls
{
    private const uint InAllEvents = 0xfff, InUnmount = 0x2000, InQueueOverflow = 0x4000, InIgnored = 0x8000,
        InOnlyDir = 0x01000000, InDontFollow = 0x02000000, InExclUnlink = 0x04000000, InMaskCreate = 0x10000000,
        InMaskAdd = 0x20000000, InIsDir = 0x40000000, InOneShot = 0x80000000;
    private const uint AllInotifyBits = InAllEvents | InUnmount | InQueueOverflow | InIgnored | InOnlyDir | InDontFollow |
        InExclUnlink | InMaskCreate | InMaskAdd | InIsDir | InOneShot;

    public static void Register(SyscallTable t)
    {
        t.Add("inotify_init1", "x", Init);
        t.Add("inotify_add_watch", "i,s,x", AddWatch);
        t.Add("inotify_rm_watch", "i,i", RemoveWatch);
    }

    private static long Init(SyscallContext c)
    {
        // IN_NONBLOCK and IN_CLOEXEC are O_NONBLOCK and O_CLOEXEC.
        if ((c.A0 & ~(ulong)(OpenFlags.NonBlock | OpenFlags.CloseOnExec)) != 0) return Errno.EINVAL.Fail();
        Errno e = InotifyFile.Create((int)c.A0, out var file);
        if (e != Errno.Success) return e.Fail();
        return EventSyscalls.Install(c, file!, (c.A0 & (ulong)OpenFlags.CloseOnExec) != 0);
    }

    // Linux's order: a mask without one inotify bit (EINVAL), the descriptor (EBADF), IN_MASK_ADD with
    // IN_MASK_CREATE and a descriptor that is not an inotify instance (EINVAL), then the path (IN_DONT_FOLLOW,
    // IN_ONLYDIR); the host checks read permission, IN_MASK_CREATE on a watched file (EEXIST) and its limits.
    private static long AddWatch(SyscallContext c)
    {
        uint mask = (uint)c.A2;
        if ((mask & AllInotifyBits) == 0) return Errno.EINVAL.Fail();
        if (c.File(c.A0) is not { } file) return Errno.EBADF.Fail();
        if ((mask & InMaskAdd) != 0 && (mask & InMaskCreate) != 0) return Errno.EINVAL.Fail();
        if (file is not InotifyFile inotify) return Errno.EINVAL.Fail();
        var options = (mask & InDontFollow) != 0 ? ResolveOptions.None : ResolveOptions.FollowFinal;
        Errno e = c.ResolveArgument(unchecked((ulong)OpenFlags.AtFdCwd), c.A1, options, out var location);
        if (e != Errno.Success) return e.Fail();
        if (!location.Exists) return Errno.ENOENT.Fail();
        if ((mask & InOnlyDir) != 0 && !location.IsDirectory) return Errno.ENOTDIR.Fail();
        return inotify.AddWatch(location, mask);
    }

    private static long RemoveWatch(SyscallContext c)
    {
        if (c.File(c.A0) is not { } file) return Errno.EBADF.Fail();
        if (file is not InotifyFile inotify) return Errno.EINVAL.Fail();
        return inotify.RemoveWatch((int)c.A1);
    }
}
