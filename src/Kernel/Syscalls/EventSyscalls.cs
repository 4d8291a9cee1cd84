// Event system calls: epoll, eventfd, memfd_create, socketpair (other socket calls: SocketSyscalls).
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Syscalls;

/// <summary>Descriptors that are not files: epoll instances, eventfds, anonymous memory files, socket pairs.</summary>
public static class EventSyscalls
{
    private const int AfUnix = 1, SockStream = 1, SockDgram = 2, SockSeqPacket = 5, SockTypeMask = 0xf;
    private const int SockNonBlock = OpenFlags.NonBlock, SockCloExec = OpenFlags.CloseOnExec;

    public static void Register(SyscallTable t)
    {
        t.Add("epoll_create1", "x", c => (c.A0 & ~(ulong)OpenFlags.CloseOnExec) != 0 ? Errno.EINVAL.Fail()
            : Install(c, new EpollFile(OpenFlags.ReadWrite), (c.A0 & (ulong)OpenFlags.CloseOnExec) != 0));
        t.Add("epoll_ctl", "i,i,i,p", EpollCtl);
        t.Add("epoll_pwait", "i,p,i,i,p,u", c => EpollWait(c, (int)c.A3 < 0 ? 0 : (int)c.A3 == 0 ? -1 : KernelClock.DeadlineAfter((long)(int)c.A3 * 1_000_000)));
        t.Add("eventfd2", "u,x", c => (c.A1 & ~(ulong)(OpenFlags.CloseOnExec | OpenFlags.NonBlock | 1)) != 0 ? Errno.EINVAL.Fail()
            : Install(c, new EventFd((uint)c.A0, (c.A1 & 1) != 0, OpenFlags.ReadWrite | ((int)c.A1 & OpenFlags.NonBlock)), (c.A1 & (ulong)OpenFlags.CloseOnExec) != 0));
        t.Add("memfd_create", "s,x", MemfdCreate);
        t.Add("socketpair", "i,i,i,p", SocketPair);
    }

    internal static long Install(SyscallContext c, FileDescription file, bool cloexec)
    {
        int fd = c.Process.Files.Add(file, cloexec, 0, DescriptorSyscalls.FileLimit(c.Process));
        if (fd < 0) { file.AddRef(); file.Release(); }
        return fd;
    }

    private static long EpollCtl(SyscallContext c)
    {
        if (c.File(c.A0) is not EpollFile epoll) return c.File(c.A0) is null ? Errno.EBADF.Fail() : Errno.EINVAL.Fail();
        int fd = (int)c.A2;
        if (c.File(c.A2) is not { } target) return Errno.EBADF.Fail();
        EpollFile.Event ev = default;
        if ((int)c.A1 != 2 && c.Memory.Read(c.A3, out ev) != Errno.Success) return Errno.EFAULT.Fail();
        return -(long)epoll.Control((int)c.A1, fd, target, ev.Events, ev.Data);
    }

    private static async ValueTask<long> EpollWait(SyscallContext c, long deadline)
    {
        if (c.File(c.A0) is not EpollFile epoll) return c.File(c.A0) is null ? Errno.EBADF.Fail() : Errno.EINVAL.Fail();
        int max = (int)c.A2;
        if (max <= 0 || max > 1 << 20) return Errno.EINVAL.Fail();
        ulong mask = 0;
        if (c.A4 != 0 && c.Memory.Read(c.A4, out mask) != Errno.Success) return Errno.EFAULT.Fail();
        List<EpollFile.Event> ready = [];
        int Check()
        {
            ready = epoll.Ready(c.Process, max);
            return ready.Count;
        }
        Errno e = await PollSyscalls.WaitReady(c, Check, [.. epoll.Watched], deadline, mask, c.A4 != 0, epoll.HostInterest);
        if (e != Errno.Success) return e.Fail();
        if (ready.Count > 0 && c.Memory.Write(c.A1, MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(ready))) != Errno.Success) return Errno.EFAULT.Fail();
        return ready.Count;
    }

    private static long MemfdCreate(SyscallContext c)
    {
        Errno e = c.Memory.ReadString(c.A0, 249, out string name);
        if (e != Errno.Success) return e == Errno.ENAMETOOLONG ? Errno.EINVAL.Fail() : e.Fail();
        int fd = LibC.MemfdCreate(name, 1 /* MFD_CLOEXEC */);
        if (fd < 0) return LibC.LastError.Fail();
        var file = new HostFile(fd, OpenFlags.ReadWrite, null, $"/memfd:{name} (deleted)");
        return Install(c, file, (c.A1 & 1) != 0);
    }

    private static long SocketPair(SyscallContext c)
    {
        int type = (int)c.A1;
        if ((int)c.A0 != AfUnix) return Errno.EAFNOSUPPORT.Fail();
        if ((type & SockTypeMask) is not (SockStream or SockSeqPacket or SockDgram)) return Errno.EINVAL.Fail();
        var (a, b) = SocketPairEnd.Create(type & SockNonBlock);
        bool cloexec = (type & SockCloExec) != 0;
        int fa = c.Process.Files.Add(a, cloexec, 0, DescriptorSyscalls.FileLimit(c.Process));
        if (fa < 0) return fa;
        int fb = c.Process.Files.Add(b, cloexec, 0, DescriptorSyscalls.FileLimit(c.Process));
        if (fb < 0) { c.Process.Files.Close(fa); return fb; }
        if (c.Memory.Write(c.A3, ((long)fb << 32) | (uint)fa) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }
}
