// Time system calls: clock_gettime/getres, gettimeofday, nanosleep, clock_nanosleep, times, interval timers.
using Stopwatch = System.Diagnostics.Stopwatch;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>Clocks and sleeps. Sleeping threads wait on the executor's timer heap, never on a host thread.</summary>
public static class TimeSyscalls
{
    private const int Realtime = 0, Monotonic = 1, ProcessCpu = 2, ThreadCpu = 3, MonotonicRaw = 4, RealtimeCoarse = 5,
        MonotonicCoarse = 6, Boottime = 7, RealtimeAlarm = 8, BoottimeAlarm = 9, Tai = 11;
    private const int TimerAbsolute = 1;

    public static void Register(SyscallTable t)
    {
        t.Add("clock_gettime", "i,p", ClockGetTime);
        t.Add("clock_getres", "i,p", ClockGetRes);
        t.Add("gettimeofday", "p,p", GetTimeOfDay);
        t.Add("nanosleep", "p,p", c => Sleep(c, Monotonic, 0, c.A0, c.A1));
        t.Add("clock_nanosleep", "i,x,p,p", c => Sleep(c, (int)c.A0, (int)c.A1, c.A2, c.A3));
        t.Add("times", "p", Times);
        t.Add("setitimer", "i,p,p", SetITimer);
        t.Add("getitimer", "i,p", GetITimer);
        t.Add("clock_settime", "i,p", c => Errno.EPERM.Fail());
        t.Add("settimeofday", "p,p", c => Errno.EPERM.Fail());
    }

    /// <summary>The value of clock <paramref name="clock"/> in nanoseconds; false for an unknown clock.</summary>
    private static bool Now(SyscallContext c, int clock, out long ns)
    {
        switch (clock)
        {
            case Realtime: case RealtimeCoarse: case RealtimeAlarm: case Tai:
                ns = KernelClock.RealtimeNanoseconds; return true;
            case Monotonic: case MonotonicRaw: case MonotonicCoarse: case Boottime: case BoottimeAlarm:
                ns = c.Kernel.Clock.MonotonicNanoseconds; return true;
            default:
                ns = 0;
                if (CpuClockOf(c, clock, gettime: true) is not { } cpu) return false;
                ns = cpu.Now;
                return true;
        }
    }

    private const int CpuClockPerThread = 4, CpuClockWhichMask = 3, CpuClockFd = 3;

    /// <summary>
    /// The CPU-time clock a clock id names (Linux's pid_for_clock), or null (EINVAL): CLOCK_PROCESS_CPUTIME_ID,
    /// CLOCK_THREAD_CPUTIME_ID, or a negative id from clock_getcpuclockid/pthread_getcpuclockid, (~pid &lt;&lt; 3) | kind
    /// with kind PROF 0, VIRT 1, SCHED 2 and 4 for a thread. Pid 0 is the caller; a thread clock must be a thread
    /// of the caller's process; a process clock must name a process (clock_gettime also takes the caller's own tid).
    /// </summary>
    internal static CpuClock? CpuClockOf(SyscallContext c, int clock, bool gettime)
    {
        if (clock == ProcessCpu) return new CpuClock(c.Process, null);
        if (clock == ThreadCpu) return new CpuClock(c.Process, c.Thread);
        if (clock >= 0 || (clock & CpuClockWhichMask) == CpuClockFd) return null; // dynamic clocks (/dev/ptp): none here
        int pid = ~(clock >> 3);
        bool thread = (clock & CpuClockPerThread) != 0;
        if (pid == 0) return thread ? new CpuClock(c.Process, c.Thread) : new CpuClock(c.Process, null);
        if (thread)
        {
            var t = c.Kernel.Processes.FindThread(pid);
            return t is not null && t.Process == c.Process ? new CpuClock(t.Process, t) : null;
        }
        if (gettime && pid == c.Thread.Tid) return new CpuClock(c.Process, null);
        var p = c.Kernel.Processes.Find(pid);
        return p is not null && p.Pid == pid ? new CpuClock(p, null) : null;
    }

    private static long ClockGetTime(SyscallContext c)
    {
        if (!Now(c, (int)c.A0, out long ns)) return Errno.EINVAL.Fail();
        return GuestTimespec.Write(c, c.A1, ns) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long ClockGetRes(SyscallContext c)
    {
        int clock = (int)c.A0;
        if (clock < 0 ? CpuClockOf(c, clock, gettime: false) is null : !Now(c, clock, out _)) return Errno.EINVAL.Fail();
        if (c.A1 == 0) return 0;
        long res = clock is RealtimeCoarse or MonotonicCoarse ? 4_000_000 : 1;
        return GuestTimespec.Write(c, c.A1, res) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long GetTimeOfDay(SyscallContext c)
    {
        long ns = KernelClock.RealtimeNanoseconds;
        if (c.A0 != 0)
        {
            Span<long> tv = [ns / 1_000_000_000, ns % 1_000_000_000 / 1000];
            if (c.Memory.Write(c.A0, System.Runtime.InteropServices.MemoryMarshal.AsBytes(tv)) != Errno.Success) return Errno.EFAULT.Fail();
        }
        if (c.A1 != 0 && c.Memory.Zero(c.A1, 8) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    private static async ValueTask<long> Sleep(SyscallContext c, int clock, int flags, ulong request, ulong remaining)
    {
        if (clock is ProcessCpu or ThreadCpu || clock < 0) return await CpuSleep(c, clock, flags, request, remaining);
        if (!Now(c, clock, out long now)) return Errno.EINVAL.Fail();
        Errno e = GuestTimespec.Read(c, request, out long ns);
        if (e != Errno.Success) return e.Fail();
        bool absolute = (flags & TimerAbsolute) != 0;
        long relative = absolute ? ns - now : ns;
        if (relative <= 0) return 0;
        return await SleepUntil(c, KernelClock.DeadlineAfter(relative), absolute, remaining);
    }

    /// <summary>Sleeps until the executor's <paramref name="deadline"/>; a signal ends it (<see cref="Interrupted"/>).</summary>
    private static async ValueTask<long> SleepUntil(SyscallContext c, long deadline, bool absolute, ulong remaining)
    {
        if (await c.Kernel.Wait(c.Thread, (WaitQueue?)null, deadline) != WakeReason.Interrupted) return 0;
        return Interrupted(c, absolute, remaining, Math.Max(0, KernelClock.TicksToNanoseconds(deadline - Stopwatch.GetTimestamp())),
            rest => SleepUntil(rest, deadline, absolute: false, remaining));
    }

    /// <summary>
    /// A sleep a signal ended: EINTR, which Linux restarts when no handler runs: an absolute sleep by calling again, a
    /// relative one to the same deadline through restart_syscall (<paramref name="rest"/>), the time left
    /// (<paramref name="leftNanoseconds"/>) written first, as Linux writes it whether or not the call goes on.
    /// </summary>
    private static long Interrupted(SyscallContext c, bool absolute, ulong remaining, long leftNanoseconds, SyscallHandler rest)
    {
        if (absolute)
        {
            c.Restart = SyscallRestart.WithoutHandler;
            return Errno.EINTR.Fail();
        }
        if (remaining != 0) GuestTimespec.Write(c, remaining, leftNanoseconds);
        c.Restart = SyscallRestart.Block;
        c.Thread.RestartBlock = rest;
        return Errno.EINTR.Fail();
    }

    /// <summary>
    /// clock_nanosleep on a CPU-time clock (Linux's posix_cpu_nsleep): until the clock reaches the time, which only
    /// other threads (or processes) can make happen. Checks in Linux's order: dynamic clocks EOPNOTSUPP,
    /// CLOCK_THREAD_CPUTIME_ID EINVAL, the request (EFAULT, EINVAL), then the caller's own thread clock by id EINVAL,
    /// a clock naming nothing EINVAL. A signal ends it
    /// with EINTR, the time left on the clock written for a relative sleep.
    /// </summary>
    private static async ValueTask<long> CpuSleep(SyscallContext c, int clock, int flags, ulong request, ulong remaining)
    {
        if (clock < 0 && (clock & CpuClockWhichMask) == CpuClockFd) return Errno.EOPNOTSUPP.Fail();
        if (clock == ThreadCpu) return Errno.EINVAL.Fail();
        Errno e = GuestTimespec.Read(c, request, out long ns);
        if (e != Errno.Success) return e.Fail();
        if (clock < 0 && (clock & CpuClockPerThread) != 0 && ~(clock >> 3) is var pid && (pid == 0 || pid == c.Thread.Tid)) return Errno.EINVAL.Fail();
        if (CpuClockOf(c, clock, gettime: false) is not { } cpu) return Errno.EINVAL.Fail();
        bool absolute = (flags & TimerAbsolute) != 0;
        return await CpuSleepUntil(c, cpu, absolute ? ns : cpu.Now + ns, absolute, remaining);
    }

    /// <summary><see cref="SleepUntil"/> on a CPU-time clock.</summary>
    private static async ValueTask<long> CpuSleepUntil(SyscallContext c, CpuClock cpu, long deadline, bool absolute, ulong remaining)
    {
        if (cpu.Now >= deadline) return 0;
        var reached = new WaitQueue();
        bool fired = false;
        var timer = new CpuTimer(cpu, _ =>
        {
            fired = true;
            reached.WakeAll();
            return false;
        });
        timer.Arm(deadline, 0);
        try
        {
            while (!fired)
            {
                if (await c.Kernel.Wait(c.Thread, reached) != WakeReason.Interrupted) continue;
                return Interrupted(c, absolute, remaining, Math.Max(0, deadline - cpu.Now),
                    rest => CpuSleepUntil(rest, cpu, deadline, absolute: false, remaining));
            }
        }
        finally { timer.Disarm(); }
        return 0;
    }

    private static long Times(SyscallContext c)
    {
        // Clock ticks of USER_HZ (100 per second).
        if (c.A0 != 0)
        {
            var p = c.Process;
            Span<long> tms = [p.CpuNanoseconds / 10_000_000, p.SystemNanoseconds / 10_000_000, p.ChildCpuNanoseconds / 10_000_000, p.ChildSystemNanoseconds / 10_000_000];
            if (c.Memory.Write(c.A0, System.Runtime.InteropServices.MemoryMarshal.AsBytes(tms)) != Errno.Success) return Errno.EFAULT.Fail();
        }
        return c.Kernel.Clock.MonotonicNanoseconds / 10_000_000;
    }

    private const int ITimerReal = 0, ITimerVirtual = 1, ITimerProf = 2;
    private const long TickNs = 4_000_000;

    /// <summary>A struct itimerval (interval, then value; timevals), as nanoseconds: EFAULT, or EINVAL for a timeval
    /// out of range (Linux's get_itimerval).</summary>
    private static Errno ReadITimerValue(SyscallContext c, ulong address, out long intervalNs, out long valueNs)
    {
        intervalNs = valueNs = 0;
        Span<long> v = stackalloc long[4];
        if (c.Memory.Read(address, System.Runtime.InteropServices.MemoryMarshal.AsBytes(v)) != Errno.Success) return Errno.EFAULT;
        static bool Valid(long sec, long usec) => sec >= 0 && (ulong)usec < 1_000_000;
        if (!Valid(v[0], v[1]) || !Valid(v[2], v[3])) return Errno.EINVAL;
        static long Ns(long sec, long usec) => sec >= long.MaxValue / 4 / 1_000_000_000 ? long.MaxValue / 4 : sec * 1_000_000_000 + usec * 1000;
        intervalNs = Ns(v[0], v[1]);
        valueNs = Ns(v[2], v[3]);
        return Errno.Success;
    }

    /// <summary>setitimer, in Linux's order: the new value (EFAULT, EINVAL; NULL disarms), the timer (EINVAL), then
    /// the old value is written (EFAULT after the change).</summary>
    private static long SetITimer(SyscallContext c)
    {
        int which = (int)c.A0;
        long intervalNs = 0, valueNs = 0;
        if (c.A1 != 0)
        {
            Errno e = ReadITimerValue(c, c.A1, out intervalNs, out valueNs);
            if (e != Errno.Success) return e.Fail();
        }
        if (which is not (ITimerReal or ITimerVirtual or ITimerProf)) return Errno.EINVAL.Fail();
        var old = CurrentITimer(c.Process, which);
        if (which == ITimerReal) SetAlarm(c.Kernel, c.Process, intervalNs, valueNs);
        else SetCpuITimer(c.Kernel, c.Process, which, intervalNs, valueNs);
        if (c.A2 != 0 && WriteITimer(c, c.A2, old) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    // ITIMER_REAL: SIGALRM at the deadline, re-armed with the interval.
    private static void SetAlarm(LinuxKernel kernel, Process p, long intervalNs, long valueNs)
    {
        p.AlarmGeneration++;
        p.AlarmIntervalNs = intervalNs;
        if (valueNs <= 0) { p.AlarmDeadline = 0; return; }
        p.AlarmDeadline = KernelClock.DeadlineAfter(valueNs);
        _ = RunAlarm(kernel, p, p.AlarmGeneration);
    }

    // ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time: one SIGVTALRM/SIGPROF (SI_KERNEL) per expiry
    // check, moved on by one interval (Linux's check_cpu_itimer).
    private static void SetCpuITimer(LinuxKernel kernel, Process p, int which, long intervalNs, long valueNs)
    {
        ref CpuTimer? slot = ref which == ITimerVirtual ? ref p.VirtualITimer : ref p.ProfilingITimer;
        int signal = which == ITimerVirtual ? (int)Signal.SIGVTALRM : (int)Signal.SIGPROF;
        slot ??= new CpuTimer(new CpuClock(p, null, UserOnly: which == ITimerVirtual), _ =>
        {
            if (p.State == ProcessState.Running && !p.Exiting) kernel.SendSignal(p, signal, new SignalInfo(signal, SignalCodes.Kernel));
            return true;
        });
        // Linux starts the value one tick late (set_cpu_itimer: TICK_NSEC, HZ 250 here), so a getitimer right after
        // reads the value plus 4 ms.
        if (valueNs <= 0) slot.Disarm();
        else slot.Arm(slot.Clock.Now + valueNs + TickNs, intervalNs);
    }

    /// <summary>An interval timer's interval and remaining value (ns); a timer that is due but has not fired yet
    /// reports one tick (Linux: TICK_NSEC for CPU timers), never 0 while armed.</summary>
    private static (long Interval, long Value) CurrentITimer(Process p, int which)
    {
        if (which == ITimerReal)
            return (p.AlarmIntervalNs, p.AlarmDeadline == 0 ? 0 : Math.Max(1000, KernelClock.TicksToNanoseconds(p.AlarmDeadline - Stopwatch.GetTimestamp())));
        var timer = which == ITimerVirtual ? p.VirtualITimer : p.ProfilingITimer;
        if (timer is null || !timer.Armed) return (timer?.Interval ?? 0, 0);
        long left = timer.Remaining(timer.Clock.Now);
        return (timer.Interval, left > 0 ? left : TickNs);
    }

    private static async Task RunAlarm(LinuxKernel kernel, Process p, int generation)
    {
        while (true)
        {
            await kernel.Executor.Until(p.AlarmDeadline);
            if (p.AlarmGeneration != generation || p.State != ProcessState.Running) return;
            kernel.SendSignal(p, (int)Signal.SIGALRM, new SignalInfo((int)Signal.SIGALRM, SignalCodes.Kernel));
            if (p.AlarmIntervalNs <= 0) { p.AlarmDeadline = 0; return; }
            p.AlarmDeadline = KernelClock.DeadlineAfter(p.AlarmIntervalNs);
        }
    }

    // A value still armed reads at least 1 µs (0 would say disarmed).
    private static Errno WriteITimer(SyscallContext c, ulong address, (long Interval, long Value) t)
    {
        long value = t.Value > 0 ? Math.Max(1000, t.Value) : 0;
        Span<long> v = [t.Interval / 1_000_000_000, t.Interval % 1_000_000_000 / 1000, value / 1_000_000_000, value % 1_000_000_000 / 1000];
        return c.Memory.Write(address, System.Runtime.InteropServices.MemoryMarshal.AsBytes(v));
    }

    private static long GetITimer(SyscallContext c)
    {
        int which = (int)c.A0;
        if (which is not (ITimerReal or ITimerVirtual or ITimerProf)) return Errno.EINVAL.Fail();
        return WriteITimer(c, c.A1, CurrentITimer(c.Process, which)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }
}
