// Process descriptors: pidfd_open, pidfd_send_signal, pidfd_getfd (waitid's P_PIDFD and clone's CLONE_PIDFD live
// with wait and clone).
using RvJit.Kernel.Fs;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// pidfds as Linux before 6.9 has them (no PIDFD_THREAD, no pidfd_send_signal scope flags): a descriptor names a
/// thread-group leader's process, is close-on-exec, and works on the process it was opened for even after its id
/// is reused. Checks in Linux's order.
/// </summary>
public static class PidFdSyscalls
{
    public static void Register(SyscallTable t)
    {
        t.Add("pidfd_open", "i,x", Open);
        t.Add("pidfd_send_signal", "f,S,p,x", SendSignal);
        t.Add("pidfd_getfd", "f,i,x", GetFd);
    }

    /// <summary>The process a pidfd names, or null when <paramref name="fd"/> is no pidfd (EBADF for the caller).</summary>
    internal static PidFd? Find(SyscallContext c, ulong fd) => c.File(fd) as PidFd;

    /// <summary>A new pidfd for <paramref name="process"/> in the caller's table (always close-on-exec).</summary>
    internal static long Install(SyscallContext c, Process process, bool nonBlocking) =>
        EventSyscalls.Install(c, new PidFd(process, OpenFlags.ReadWrite | (nonBlocking ? OpenFlags.NonBlock : 0)), cloexec: true);

    /// <summary>Linux's order: flags (only PIDFD_NONBLOCK), a positive pid, an existing id (ESRCH), a thread-group
    /// leader (another thread's id is ENOENT, as Linux 6.9 answers; EINVAL before). A zombie has a pidfd; a reaped
    /// process has none.</summary>
    private static long Open(SyscallContext c)
    {
        int pid = (int)c.A0;
        if ((c.A1 & ~(ulong)OpenFlags.NonBlock) != 0 || pid <= 0) return Errno.EINVAL.Fail();
        if (c.Kernel.Processes.Find(pid) is { State: not ProcessState.Reaped } process) return Install(c, process, c.A1 != 0);
        return c.Kernel.Processes.FindThread(pid) is null ? Errno.ESRCH.Fail() : Errno.ENOENT.Fail();
    }

    /// <summary>
    /// Linux's order: flags (EINVAL), the descriptor (EBADF), the siginfo (EFAULT; its signal must be
    /// <paramref name="sig"/>'s, and a code claiming kill, the kernel or tkill may only be sent to oneself: EPERM), the
    /// process (ESRCH once reaped), the signal number (EINVAL). Without a siginfo the signal carries kill's.
    /// </summary>
    private static long SendSignal(SyscallContext c)
    {
        int sig = (int)c.A1;
        if (c.A3 != 0) return Errno.EINVAL.Fail();
        if (Find(c, c.A0) is not { } pidfd) return Errno.EBADF.Fail();
        var target = pidfd.Process;
        SignalInfo info;
        if (c.A2 != 0)
        {
            var supplied = new byte[SignalInfo.Size];
            if (c.Memory.Read(c.A2, supplied) != Errno.Success) return Errno.EFAULT.Fail();
            if (BitConverter.ToInt32(supplied, 0) != sig) return Errno.EINVAL.Fail();
            int code = BitConverter.ToInt32(supplied, 8);
            // Linux compares the target with the calling thread's own id (task_pid(current)).
            if ((code >= 0 || code == SignalCodes.Tkill) && c.Thread.Tid != target.Pid) return Errno.EPERM.Fail();
            info = new SignalInfo(sig, code, Supplied: supplied);
        }
        else info = new SignalInfo(sig, SignalCodes.User, c.Process.Pid, c.Kernel.Credentials.Uid);
        if (target.State == ProcessState.Reaped) return Errno.ESRCH.Fail();
        if (sig is < 0 or > Signals.Signals.Count) return Errno.EINVAL.Fail();
        if (sig == 0) return 0;
        return c.Kernel.SendSignal(target, sig, info) ? 0 : Errno.EAGAIN.Fail();
    }

    /// <summary>A copy of descriptor <paramref name="c"/>.A1 of the pidfd's process, close-on-exec, sharing its open
    /// file description (as SCM_RIGHTS passes one). Linux's order: flags, the pidfd, a process that is still running
    /// (ESRCH once it exits), the descriptor (EBADF).</summary>
    private static long GetFd(SyscallContext c)
    {
        if (c.A2 != 0) return Errno.EINVAL.Fail();
        if (Find(c, c.A0) is not { } pidfd) return Errno.EBADF.Fail();
        var target = pidfd.Process;
        if (target.State != ProcessState.Running || target.Exiting) return Errno.ESRCH.Fail();
        if (target.Files.Get((int)c.A1) is not { } file) return Errno.EBADF.Fail();
        return c.Process.Files.Add(file, true, 0, DescriptorSyscalls.FileLimit(c.Process));
    }
}
