// Timer system calls: timerfd_create/settime/gettime and the POSIX timers (timer_create ... timer_delete).
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Timers on the executor's timer heap (<see cref="Sync.IntervalTimer"/>). Arguments are checked in Linux's order
/// (fs/timerfd.c, kernel/time/posix-timers.c). The guest cannot set the clocks (clock_settime is EPERM), so an
/// absolute CLOCK_REALTIME expiry becomes a fixed deadline and TFD_TIMER_CANCEL_ON_SET never cancels.
/// </summary>
public static class TimerSyscalls
{
    private const int ProcessCpu = 2, ThreadCpu = 3, ClockFd = 3;
    private const int Realtime = 0, Monotonic = 1, MonotonicRaw = 4, RealtimeCoarse = 5,
        MonotonicCoarse = 6, Boottime = 7, RealtimeAlarm = 8, BoottimeAlarm = 9, Tai = 11;
    private const int TimerAbstime = 1, TfdCancelOnSet = 2;
    private const int SigevSignal = 0, SigevNone = 1, SigevThread = 2, SigevThreadId = 4;
    private const int SigRtMax = 64, SigAlrm = 14;

    public static void Register(SyscallTable t)
    {
        t.Add("timerfd_create", "i,x", TimerFdCreate);
        t.Add("timerfd_settime", "i,x,p,p", TimerFdSetTime);
        t.Add("timerfd_gettime", "i,p", TimerFdGetTime);
        t.Add("timer_create", "i,p,p", TimerCreate);
        t.Add("timer_settime", "i,x,p,p", TimerSetTime);
        t.Add("timer_gettime", "i,p", TimerGetTime);
        t.Add("timer_getoverrun", "i", c => c.Process.Timers.Get((int)c.A0) is { } timer ? timer.Overrun : Errno.EINVAL.Fail());
        t.Add("timer_delete", "i", c => c.Process.Timers.Delete((int)c.A0) ? 0 : Errno.EINVAL.Fail());
    }

    /// <summary>A struct itimerspec: interval, then value (nanoseconds each).</summary>
    private readonly record struct TimerSpec(long IntervalSec, long IntervalNsec, long ValueSec, long ValueNsec)
    {
        private static bool Valid(long sec, long nsec) => sec >= 0 && (ulong)nsec < 1_000_000_000;
        public bool IsValid => Valid(IntervalSec, IntervalNsec) && Valid(ValueSec, ValueNsec);
        public bool IsZero => ValueSec == 0 && ValueNsec == 0;

        // Beyond ~73 years ahead, expiry is "never" in practice; the clamp keeps deadline arithmetic from overflowing.
        private static long Ns(long sec, long nsec) => sec >= long.MaxValue / 4 / 1_000_000_000 ? long.MaxValue / 4 : sec * 1_000_000_000 + nsec;
        public long IntervalNs => Ns(IntervalSec, IntervalNsec);
        public long ValueNs => Ns(ValueSec, ValueNsec);
    }

    private static Errno ReadSpec(SyscallContext c, ulong address, out TimerSpec spec)
    {
        spec = default;
        Span<long> v = stackalloc long[4];
        if (c.Memory.Read(address, MemoryMarshal.AsBytes(v)) != Errno.Success) return Errno.EFAULT;
        spec = new TimerSpec(v[0], v[1], v[2], v[3]);
        return Errno.Success;
    }

    private static Errno WriteSpec(SyscallContext c, ulong address, long remainingNs, long intervalNs)
    {
        Span<long> v = [intervalNs / 1_000_000_000, intervalNs % 1_000_000_000, remainingNs / 1_000_000_000, remainingNs % 1_000_000_000];
        return c.Memory.Write(address, MemoryMarshal.AsBytes(v));
    }

    /// <summary>The executor deadline (Stopwatch ticks, never 0, negative for times before the host booted) for a
    /// new setting on <paramref name="clock"/>.</summary>
    private static long Deadline(SyscallContext c, int clock, bool absolute, long valueNs)
    {
        long deadline = !absolute ? KernelClock.DeadlineAfter(valueNs)
            : clock is Realtime or RealtimeAlarm or Tai ? KernelClock.DeadlineForRealtime(valueNs) : c.Kernel.Clock.DeadlineForMonotonic(valueNs);
        return deadline == 0 ? 1 : deadline;
    }

    // ---- timerfd ----

    private static long TimerFdCreate(SyscallContext c)
    {
        int clock = (int)c.A0, flags = (int)c.A1;
        if ((flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlock)) != 0 ||
            clock is not (Monotonic or Realtime or RealtimeAlarm or Boottime or BoottimeAlarm))
            return Errno.EINVAL.Fail();
        // The alarm clocks need CAP_WAKE_ALARM; they are the plain clocks here (nothing to wake from suspend).
        if (clock is RealtimeAlarm or BoottimeAlarm && c.Kernel.Credentials.Uid != 0) return Errno.EPERM.Fail();
        var file = new TimerFd(c.Kernel.Executor, clock, OpenFlags.ReadWrite | (flags & OpenFlags.NonBlock));
        return EventSyscalls.Install(c, file, (flags & OpenFlags.CloseOnExec) != 0);
    }

    /// <summary>The timerfd behind a descriptor: EBADF for none, EINVAL for another kind of file.</summary>
    private static Errno TimerFdOf(SyscallContext c, ulong fd, out TimerFd? timerFd)
    {
        var file = c.File(fd);
        timerFd = file as TimerFd;
        return file is null ? Errno.EBADF : timerFd is null ? Errno.EINVAL : Errno.Success;
    }

    private static long TimerFdSetTime(SyscallContext c)
    {
        if (ReadSpec(c, c.A2, out var spec) != Errno.Success) return Errno.EFAULT.Fail();
        if (((int)c.A1 & ~(TimerAbstime | TfdCancelOnSet)) != 0 || !spec.IsValid) return Errno.EINVAL.Fail();
        Errno e = TimerFdOf(c, c.A0, out var timerFd);
        if (e != Errno.Success) return e.Fail();
        long deadline = spec.IsZero ? 0 : Deadline(c, timerFd!.Clock, (c.A1 & TimerAbstime) != 0, spec.ValueNs);
        var (remaining, interval) = timerFd!.Set(deadline, KernelClock.NanosecondsToTicks(spec.IntervalNs));
        if (c.A3 != 0 && WriteSpec(c, c.A3, remaining, interval) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    private static long TimerFdGetTime(SyscallContext c)
    {
        Errno e = TimerFdOf(c, c.A0, out var timerFd);
        if (e != Errno.Success) return e.Fail();
        var (remaining, interval) = timerFd!.Get();
        return WriteSpec(c, c.A1, remaining, interval) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    // ---- POSIX timers ----

    // struct sigevent: sigev_value (8), sigev_signo, sigev_notify, then the union (sigev_notify_thread_id first); 64 bytes.
    private static long TimerCreate(SyscallContext c)
    {
        int clock = (int)c.A0;
        Span<byte> ev = stackalloc byte[64];
        bool hasEvent = c.A1 != 0;
        if (hasEvent && c.Memory.Read(c.A1, ev) != Errno.Success) return Errno.EFAULT.Fail();
        // CPU-time clocks (the caller's, or a process's or thread's by negative id): timers charged as guest CPU time
        // is. Which process or thread a negative id names is checked last, as Linux's posix_cpu_timer_create does.
        bool cpuTime = clock is ProcessCpu or ThreadCpu || clock < 0;
        if (clock < 0 && (clock & 3) == ClockFd) return Errno.EOPNOTSUPP.Fail(); // dynamic (/dev/ptp) clocks have no timers
        if (!cpuTime && clock is not (Realtime or Monotonic or Boottime or Tai or MonotonicRaw or RealtimeCoarse or MonotonicCoarse or RealtimeAlarm or BoottimeAlarm))
            return Errno.EINVAL.Fail();
        // No timer_create for these clocks in Linux; no wake-alarm device (RTC) for the alarm clocks.
        if (clock is MonotonicRaw or RealtimeCoarse or MonotonicCoarse or RealtimeAlarm or BoottimeAlarm) return Errno.EOPNOTSUPP.Fail();

        var process = c.Process;
        TimerNotify notify = TimerNotify.Signal;
        int signal = SigAlrm;
        ulong value;
        UserThread? target = null;
        int id = process.Timers.AllocateId();
        if (hasEvent)
        {
            value = MemoryMarshal.Read<ulong>(ev);
            signal = MemoryMarshal.Read<int>(ev[8..]);
            int how = MemoryMarshal.Read<int>(ev[12..]);
            int tid = MemoryMarshal.Read<int>(ev[16..]);
            // Linux's good_sigevent.
            switch (how)
            {
                case SigevThreadId:
                    target = c.Kernel.Processes.FindThread(tid);
                    if (target is null || target.Process != process) return Errno.EINVAL.Fail();
                    notify = TimerNotify.Thread;
                    if (signal <= 0 || signal > SigRtMax) return Errno.EINVAL.Fail();
                    break;
                case SigevSignal or SigevThread:
                    if (signal <= 0 || signal > SigRtMax) return Errno.EINVAL.Fail();
                    break;
                case SigevNone:
                    notify = TimerNotify.None;
                    break;
                default:
                    return Errno.EINVAL.Fail();
            }
        }
        else value = (ulong)id; // SIGALRM with sival_int = the timer id
        if (c.Memory.Write(c.A2, id) != Errno.Success) return Errno.EFAULT.Fail();
        CpuClock? cpuClock = cpuTime ? TimeSyscalls.CpuClockOf(c, clock, gettime: false) : null;
        if (cpuTime && cpuClock is null) return Errno.EINVAL.Fail();
        process.Timers.Add(new PosixTimer(c.Kernel, process, id, clock, notify, signal, value, target, cpuClock));
        return 0;
    }

    /// <summary>timer_gettime's answer (Linux's common_timer_get): a timer that is due but has not fired yet
    /// reports 1 ns, except SIGEV_NONE ones, which are moved on by their interval (or read 0 when done).</summary>
    private static (long Remaining, long Interval) Current(PosixTimer timer)
    {
        if (timer.CpuTimer is { } cpu)
        {
            long cpuNow = cpu.Clock.Now;
            if (!cpu.Armed) return (0, cpu.Interval);
            if (timer.Notify == TimerNotify.None) cpu.Collect(cpuNow);
            if (!cpu.Armed) return (0, cpu.Interval);
            return (Math.Max(1, cpu.Remaining(cpuNow)), cpu.Interval);
        }
        long now = Executor.Executor.Now;
        var t = timer.Timer;
        long interval = KernelClock.TicksToNanoseconds(t.Interval);
        if (!t.Armed) return (0, interval);
        if (timer.Notify == TimerNotify.None) t.Collect(now);
        if (!t.Armed) return (0, interval);
        long remaining = t.Remaining(now);
        return (remaining <= 0 ? 1 : Math.Max(1, KernelClock.TicksToNanoseconds(remaining)), interval);
    }

    private static long TimerSetTime(SyscallContext c)
    {
        if (c.A2 == 0) return Errno.EINVAL.Fail();
        if (ReadSpec(c, c.A2, out var spec) != Errno.Success) return Errno.EFAULT.Fail();
        if (!spec.IsValid) return Errno.EINVAL.Fail();
        if (c.Process.Timers.Get((int)c.A0) is not { } timer) return Errno.EINVAL.Fail();
        var old = Current(timer);
        timer.Rearmed();
        if (timer.CpuTimer is { } cpu)
        {
            // An absolute value is a reading of the CPU clock itself.
            if (spec.IsZero) cpu.Disarm();
            else cpu.Arm((c.A1 & TimerAbstime) != 0 ? spec.ValueNs : cpu.Clock.Now + spec.ValueNs, spec.IntervalNs, run: timer.Notify != TimerNotify.None);
        }
        else if (spec.IsZero) timer.Timer.Disarm();
        else timer.Timer.Arm(Deadline(c, timer.Clock, (c.A1 & TimerAbstime) != 0, spec.ValueNs),
            KernelClock.NanosecondsToTicks(spec.IntervalNs), run: timer.Notify != TimerNotify.None);
        if (c.A3 != 0 && WriteSpec(c, c.A3, old.Remaining, old.Interval) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    private static long TimerGetTime(SyscallContext c)
    {
        if (c.Process.Timers.Get((int)c.A0) is not { } timer) return Errno.EINVAL.Fail();
        var (remaining, interval) = Current(timer);
        return WriteSpec(c, c.A1, remaining, interval) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }
}
