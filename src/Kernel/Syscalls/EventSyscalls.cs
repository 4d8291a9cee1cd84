// Event system calls: epoll, eventfd, memfd_create.
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Syscalls;

/// <summary>Descriptors that are not files: epoll instances, eventfds, anonymous memory files.</summary>
public static class EventSyscalls
{

    public static void Register(SyscallTable t)
    {
        t.Add("epoll_create1", "x", c => (c.A0 & ~(ulong)OpenFlags.CloseOnExec) != 0 ? Errno.EINVAL.Fail()
            : Install(c, new EpollFile(OpenFlags.ReadWrite), (c.A0 & (ulong)OpenFlags.CloseOnExec) != 0));
        t.Add("epoll_ctl", "i,i,i,p", EpollCtl);
        t.Add("epoll_pwait", "i,p,i,i,p,u", c => EpollWait(c, (int)c.A3 < 0 ? 0 : (int)c.A3 == 0 ? -1 : KernelClock.DeadlineAfter((long)(int)c.A3 * 1_000_000)));
        // epoll_pwait2: the timeout is a struct timespec (NULL: forever), read and checked before anything else.
        t.Add("epoll_pwait2", "i,p,i,p,p,u", c => PollSyscalls.ReadTimeout(c, c.A3, out long deadline) is var e && e != Errno.Success
            ? new(e.Fail()) : EpollWait(c, deadline));
        t.Add("eventfd2", "u,x", c => (c.A1 & ~(ulong)(OpenFlags.CloseOnExec | OpenFlags.NonBlock | 1)) != 0 ? Errno.EINVAL.Fail()
            : Install(c, new EventFd((uint)c.A0, (c.A1 & 1) != 0, OpenFlags.ReadWrite | ((int)c.A1 & OpenFlags.NonBlock)), (c.A1 & (ulong)OpenFlags.CloseOnExec) != 0));
        t.Add("memfd_create", "s,x", MemfdCreate);
    }

    internal static long Install(SyscallContext c, FileDescription file, bool cloexec)
    {
        int fd = c.Process.Files.Add(file, cloexec, 0, DescriptorSyscalls.FileLimit(c.Process));
        if (fd < 0) { file.AddRef(); file.Release(); }
        return fd;
    }

    // Checks in Linux's order: the event (EFAULT), both descriptors (EBADF), a target that cannot be polled
    // (regular files and directories: EPERM), then the epoll itself and the operation (EINVAL).
    private static long EpollCtl(SyscallContext c)
    {
        const int Add = 1, Delete = 2, Modify = 3;
        const uint Exclusive = 1u << 28;
        // What EPOLLEXCLUSIVE may be combined with: EPOLLIN, OUT, ERR, HUP, RDNORM..WRBAND, WAKEUP, ET.
        const uint ExclusiveAllowed = 0x1 | 0x4 | 0x8 | 0x10 | 0x40 | 0x80 | 0x100 | 0x200 | (1u << 29) | (1u << 31) | Exclusive;
        int op = (int)c.A1;
        EpollFile.Event ev = default;
        if (op != Delete && c.Memory.Read(c.A3, out ev) != Errno.Success) return Errno.EFAULT.Fail();
        if (c.File(c.A0) is not { } file) return Errno.EBADF.Fail();
        int fd = (int)c.A2;
        if (c.File(c.A2) is not { } target) return Errno.EBADF.Fail();
        if (!target.CanPoll) return Errno.EPERM.Fail();
        if ((ev.Events & Exclusive) != 0 && op != Delete)
        {
            if (op == Modify || target is EpollFile || (ev.Events & ~ExclusiveAllowed) != 0) return Errno.EINVAL.Fail();
        }
        if (file is not EpollFile epoll || ReferenceEquals(file, target)) return Errno.EINVAL.Fail();
        if (op is not (Add or Delete or Modify)) return Errno.EINVAL.Fail();
        return -(long)epoll.Control(op, fd, target, ev.Events, ev.Data);
    }

    private static async ValueTask<long> EpollWait(SyscallContext c, long deadline)
    {
        // Linux's order (do_epoll_pwait, do_epoll_wait): the signal mask, the event count, the buffer's range, the descriptor.
        ulong mask = 0;
        if (c.A4 != 0 && c.A5 != 8) return Errno.EINVAL.Fail();
        if (c.A4 != 0 && c.Memory.Read(c.A4, out mask) != Errno.Success) return Errno.EFAULT.Fail();
        const int MaxEvents = int.MaxValue / 16; // EP_MAX_EVENTS
        int max = (int)c.A2;
        if (max <= 0 || max > MaxEvents) return Errno.EINVAL.Fail();
        if (!Memory.AddressSpace.IsUserRange(c.A1, (ulong)max * 16)) return Errno.EFAULT.Fail(); // 16-byte epoll_event
        if (c.File(c.A0) is not EpollFile epoll) return c.File(c.A0) is null ? Errno.EBADF.Fail() : Errno.EINVAL.Fail();
        List<EpollFile.Event> ready = [];
        int Check()
        {
            ready = epoll.Ready(c.Process, max);
            return ready.Count;
        }
        // The watched set is read again after every wake: epoll_ctl by another thread wakes the wait.
        Errno e = await PollSyscalls.WaitReady(c, Check, () => [.. epoll.Watched], deadline, mask, c.A4 != 0, epoll.HostInterest, epoll.InterestChanged);
        if (e != Errno.Success) return e.Fail();
        if (ready.Count > 0 && c.Memory.Write(c.A1, MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(ready))) != Errno.Success) return Errno.EFAULT.Fail();
        return ready.Count;
    }

    private static long MemfdCreate(SyscallContext c)
    {
        const uint CloExec = 1, AllowSealing = 2, HugeTlb = 4, NoExecSeal = 8, Exec = 0x10, HugeSizes = 0x3fu << 26;
        uint flags = (uint)c.A1;
        if (c.A1 > uint.MaxValue || (flags & ~(CloExec | AllowSealing | HugeTlb | NoExecSeal | Exec | HugeSizes)) != 0 ||
            ((flags & HugeTlb) == 0 && (flags & HugeSizes) != 0) || (flags & (NoExecSeal | Exec)) == (NoExecSeal | Exec))
            return Errno.EINVAL.Fail();
        Errno e = c.Memory.ReadString(c.A0, 249, out string name);
        if (e != Errno.Success) return e == Errno.ENAMETOOLONG ? Errno.EINVAL.Fail() : e.Fail();
        int fd = LibC.MemfdCreate(name, 1 /* MFD_CLOEXEC */);
        if (fd < 0) return LibC.LastError.Fail();
        var file = new HostFile(fd, OpenFlags.ReadWrite, null, $"/memfd:{name} (deleted)");
        return Install(c, file, (c.A1 & 1) != 0);
    }
}
