// Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigreturn, rt_sigsuspend, sigaltstack, kill, tgkill,
// rt_sigqueueinfo, rt_tgsigqueueinfo, signalfd4.
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>Signal dispositions, masks and sending; delivery itself happens in the thread loop.</summary>
public static class SignalSyscalls
{
    private const int SigBlock = 0, SigUnblock = 1, SigSetMask = 2;

    public static void Register(SyscallTable t)
    {
        t.Add("rt_sigaction", "S,p,p,u", SigAction);
        t.Add("rt_sigprocmask", "i,p,p,u", SigProcMask);
        t.Add("rt_sigreturn", "", SigReturn);
        t.Add("rt_sigpending", "p,u", SigPending);
        t.Add("rt_sigsuspend", "p,u", SigSuspend);
        t.Add("rt_sigtimedwait", "p,p,p,u", SigTimedWait);
        t.Add("sigaltstack", "p,p", SigAltStack);
        t.Add("kill", "i,S", Kill);
        t.Add("tkill", "i,S", c => ThreadKill(c, -1, (int)c.A0, (int)c.A1));
        t.Add("tgkill", "i,i,S", c => ThreadKill(c, (int)c.A0, (int)c.A1, (int)c.A2));
        t.Add("rt_sigqueueinfo", "i,S,p", c => QueueInfo(c, -1, (int)c.A0, (int)c.A1, c.A2));
        t.Add("rt_tgsigqueueinfo", "i,i,S,p", c => QueueInfo(c, (int)c.A0, (int)c.A1, (int)c.A2, c.A3));
        t.Add("signalfd4", "i,p,u,x", SignalFd4);
        t.Add("restart_syscall", "", RestartSyscall);
    }

    /// <summary>The rest of a call a signal interrupted with <see cref="SyscallRestart.Block"/> (Linux's restart_block);
    /// without one (a guest calling it itself), EINTR as Linux's do_no_restart_syscall.</summary>
    private static ValueTask<long> RestartSyscall(SyscallContext c)
    {
        var rest = c.Thread.RestartBlock;
        c.Thread.RestartBlock = null;
        if (rest is not null) return rest(c);
        c.Restart = SyscallRestart.None;
        return new ValueTask<long>(Errno.EINTR.Fail());
    }

    private static long SigAction(SyscallContext c)
    {
        int sig = (int)c.A0;
        if (sig is < 1 or > Signals.Signals.Count || c.A3 != 8) return Errno.EINVAL.Fail();
        ref var action = ref c.Process.SignalActions[sig];
        var old = action;
        if (c.A1 != 0)
        {
            if (sig is (int)Signal.SIGKILL or (int)Signal.SIGSTOP) return Errno.EINVAL.Fail();
            if (c.Memory.Read(c.A1, out SignalAction requested) != Errno.Success) return Errno.EFAULT.Fail();
            requested.Mask &= ~Signals.Signals.Unblockable;
            action = requested;
            if (requested.Handler != SignalAction.Default) c.Kernel.WantHostSignals(Signals.Signals.Bit(sig));
            // Setting a signal to ignored discards it if pending (POSIX).
            if (c.Process.SignalActions.IsIgnored(sig))
            {
                c.Process.PendingSignals.Discard(Signals.Signals.Bit(sig));
                foreach (var t in c.Process.Threads) t.PendingSignals.Discard(Signals.Signals.Bit(sig));
            }
        }
        if (c.A2 != 0 && c.Memory.Write(c.A2, old) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    private static long SigProcMask(SyscallContext c)
    {
        if (c.A3 != 8) return Errno.EINVAL.Fail();
        ulong old = c.Thread.SignalMask;
        if (c.A1 != 0)
        {
            if (c.Memory.Read(c.A1, out ulong set) != Errno.Success) return Errno.EFAULT.Fail();
            // Blocking every signal (musl's and glibc's raise do) is a valid mask: no sentinel value.
            ulong? mask = (int)c.A0 switch
            {
                SigBlock => old | set,
                SigUnblock => old & ~set,
                SigSetMask => set,
                _ => null,
            };
            if (mask is not { } m) return Errno.EINVAL.Fail();
            c.Thread.SignalMask = m & ~Signals.Signals.Unblockable;
            c.Kernel.WantHostSignals(c.Thread.SignalMask);
        }
        if (c.A2 != 0 && c.Memory.Write(c.A2, old) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    // Linux takes any size up to its sigset_t's and copies that many bytes.
    private static long SigPending(SyscallContext c)
    {
        if (c.A1 > 8) return Errno.EINVAL.Fail();
        ulong pending = (c.Thread.PendingSignals.Mask | c.Process.PendingSignals.Mask) & c.Thread.SignalMask;
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, pending);
        return c.Memory.Write(c.A0, bytes[..(int)c.A1]) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long SigReturn(SyscallContext c)
    {
        c.KeepRegisters = true;
        if (!c.Kernel.ReturnFromSignal(c.Thread))
        {
            c.Kernel.Warn($"{c.Process.Name}: bad signal frame at sp 0x{c.Thread.GetRegister(2):x}; killed");
            c.Kernel.KillProcess(c.Process, WaitStatus.Killed((int)Signal.SIGSEGV, true));
        }
        return 0;
    }

    private static async ValueTask<long> SigSuspend(SyscallContext c)
    {
        if (c.A1 != 8) return Errno.EINVAL.Fail();
        if (c.Memory.Read(c.A0, out ulong mask) != Errno.Success) return Errno.EFAULT.Fail();
        ulong old = c.Thread.SignalMask;
        c.Thread.SignalMask = mask & ~Signals.Signals.Unblockable;
        c.Kernel.WantHostSignals(c.Thread.SignalMask);
        while (await c.Kernel.Wait(c.Thread, (WaitQueue?)null) != WakeReason.Interrupted) { }
        // The handler runs with the temporary mask; rt_sigreturn puts the old one back.
        c.Thread.MaskToRestore = old;
        return Errno.EINTR.Fail();
    }

    private static async ValueTask<long> SigTimedWait(SyscallContext c)
    {
        if (c.A3 != 8) return Errno.EINVAL.Fail();
        if (c.Memory.Read(c.A0, out ulong set) != Errno.Success) return Errno.EFAULT.Fail();
        long deadline = 0;
        if (c.A2 != 0)
        {
            // Linux validates the timeout before looking for a signal: a bad one never waits.
            if (GuestTimespec.Read(c, c.A2, out long ns) is var e && e != Errno.Success) return e.Fail();
            deadline = KernelClock.DeadlineAfter(ns);
        }
        var t = c.Thread;
        var p = c.Process;
        while (true)
        {
            int sig = LinuxKernel.TakeSignal(t, set, out var info);
            if (sig != 0)
            {
                if (c.A1 != 0 && c.Memory.Write(c.A1, info.ToBytes()) != Errno.Success) return Errno.EFAULT.Fail();
                return sig;
            }
            // Every queued signal wakes the process's SignalQueued; the mask stays as it is, so a signal in the
            // set that the thread blocks is queued even when ignored (Linux keeps it in real_blocked).
            var reason = await c.Kernel.Wait(t, p.SignalQueued, deadline);
            if (reason == WakeReason.TimedOut) return Errno.EAGAIN.Fail();
            if (reason == WakeReason.Interrupted && ((t.PendingSignals.Mask | p.PendingSignals.Mask) & set) == 0) return Errno.EINTR.Fail();
        }
    }

    // Checks in Linux's order: the mask's size, the mask (EFAULT), the flags, then the descriptor to update
    // (EBADF; EINVAL when it is not a signalfd). An update keeps the descriptor's flags.
    private static long SignalFd4(SyscallContext c)
    {
        const ulong SfdFlags = (ulong)(Fs.OpenFlags.NonBlock | Fs.OpenFlags.CloseOnExec);
        if (c.A2 != 8) return Errno.EINVAL.Fail();
        if (c.Memory.Read(c.A1, out ulong mask) != Errno.Success) return Errno.EFAULT.Fail();
        if ((c.A3 & ~SfdFlags) != 0) return Errno.EINVAL.Fail();
        int fd = (int)c.A0;
        if (fd == -1)
        {
            var file = new Fs.SignalFd(c.Process, mask, Fs.OpenFlags.ReadWrite | ((int)c.A3 & Fs.OpenFlags.NonBlock));
            return EventSyscalls.Install(c, file, (c.A3 & (ulong)Fs.OpenFlags.CloseOnExec) != 0);
        }
        if (c.File(c.A0) is not { } existing) return Errno.EBADF.Fail();
        if (existing is not Fs.SignalFd signalFd) return Errno.EINVAL.Fail();
        signalFd.SetMask(mask);
        return fd;
    }

    private static long SigAltStack(SyscallContext c)
    {
        var t = c.Thread;
        ulong sp = t.GetRegister(2);
        bool onStack = t.AltStackFlags == 0 && sp - t.AltStackBase < t.AltStackSize;
        if (c.A1 != 0)
        {
            var old = new byte[24];
            BitConverter.TryWriteBytes(old.AsSpan(0), t.AltStackBase);
            BitConverter.TryWriteBytes(old.AsSpan(8), t.AltStackFlags | (onStack ? 1 : 0));
            BitConverter.TryWriteBytes(old.AsSpan(16), t.AltStackSize);
            if (c.Memory.Write(c.A1, old) != Errno.Success) return Errno.EFAULT.Fail();
        }
        if (c.A0 != 0)
        {
            if (onStack) return Errno.EPERM.Fail();
            if (c.Memory.Read(c.A0, out ulong spBase) != Errno.Success || c.Memory.Read(c.A0 + 8, out int flags) != Errno.Success ||
                c.Memory.Read(c.A0 + 16, out ulong size) != Errno.Success)
                return Errno.EFAULT.Fail();
            if ((flags & ~(2 | unchecked((int)0x8000_0000))) != 0) return Errno.EINVAL.Fail();
            if ((flags & 2) != 0) { t.AltStackFlags = 2; t.AltStackBase = 0; t.AltStackSize = 0; }
            else
            {
                if (size < 2048) return Errno.ENOMEM.Fail();
                t.AltStackFlags = 0;
                t.AltStackBase = spBase;
                t.AltStackSize = size;
            }
        }
        return 0;
    }

    private static long Kill(SyscallContext c)
    {
        int pid = (int)c.A0, sig = (int)c.A1;
        if (sig is < 0 or > Signals.Signals.Count) return Errno.EINVAL.Fail();
        var k = c.Kernel;
        IEnumerable<Process> targets = pid switch
        {
            > 0 => k.Processes.Find(pid) is { } p ? [p] : [],
            0 => k.Processes.InGroup(c.Process.ProcessGroup),
            -1 => k.Processes.All.Where(p => p.Pid != c.Process.Pid),
            _ => k.Processes.InGroup(-pid),
        };
        var list = targets.Where(p => p.State != ProcessState.Reaped).ToList();
        if (list.Count == 0) return Errno.ESRCH.Fail();
        if (sig == 0) return 0;
        var info = new SignalInfo(sig, SignalCodes.User, c.Process.Pid, k.Credentials.Uid);
        foreach (var p in list) k.SendSignal(p, sig, info);
        return 0;
    }

    private static long ThreadKill(SyscallContext c, int tgid, int tid, int sig)
    {
        if (sig is < 0 or > Signals.Signals.Count || tid <= 0) return Errno.EINVAL.Fail();
        var t = c.Kernel.Processes.FindThread(tid);
        if (t is null || (tgid > 0 && t.Process.Pid != tgid)) return Errno.ESRCH.Fail();
        if (sig == 0) return 0;
        c.Kernel.SendSignal(t, sig, new SignalInfo(sig, SignalCodes.Tkill, c.Process.Pid, c.Kernel.Credentials.Uid));
        return 0;
    }

    /// <summary>
    /// rt_sigqueueinfo (tgid -1: to process <paramref name="id"/>) and rt_tgsigqueueinfo (to thread
    /// <paramref name="id"/> of <paramref name="tgid"/>): the signal carries the caller's siginfo as written.
    /// Linux's order: the siginfo is read (EFAULT); a code that claims kill or the kernel (si_code &gt;= 0)
    /// or tkill may only be sent to oneself (EPERM); then the target (ESRCH) and the signal (EINVAL).
    /// </summary>
    private static long QueueInfo(SyscallContext c, int tgid, int id, int sig, ulong infoAddress)
    {
        var supplied = new byte[SignalInfo.Size];
        if (c.Memory.Read(infoAddress, supplied) != Errno.Success) return Errno.EFAULT.Fail();
        int code = BitConverter.ToInt32(supplied, 8);
        bool threadDirected = tgid != -1;
        if (threadDirected && (tgid <= 0 || id <= 0)) return Errno.EINVAL.Fail();
        // Linux compares with the caller's thread id in both calls (task_pid_vnr(current)).
        if ((code >= 0 || code == SignalCodes.Tkill) && id != c.Thread.Tid) return Errno.EPERM.Fail();
        var info = new SignalInfo(sig, code, Supplied: supplied);
        if (threadDirected)
        {
            var t = c.Kernel.Processes.FindThread(id);
            if (t is null || t.Process.Pid != tgid || t.Process.State == ProcessState.Reaped) return Errno.ESRCH.Fail();
            if (sig is < 0 or > Signals.Signals.Count) return Errno.EINVAL.Fail();
            if (sig == 0) return 0;
            return c.Kernel.SendSignal(t, sig, info) ? 0 : Errno.EAGAIN.Fail();
        }
        if (id <= 0) return Errno.ESRCH.Fail();
        var p = c.Kernel.Processes.Find(id);
        if (p is null || p.State == ProcessState.Reaped) return Errno.ESRCH.Fail();
        if (sig is < 0 or > Signals.Signals.Count) return Errno.EINVAL.Fail();
        if (sig == 0) return 0;
        return c.Kernel.SendSignal(p, sig, info) ? 0 : Errno.EAGAIN.Fail();
    }
}
