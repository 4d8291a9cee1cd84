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
            case ProcessCpu:
                ns = KernelClock.TicksToNanoseconds(c.Process.CpuTicks); return true;
            case ThreadCpu:
                ns = KernelClock.TicksToNanoseconds(c.Thread.CpuTicks); return true;
            default:
                // CPU-time clocks of a pid or tid (negative ids): this process's time is a fair answer.
                ns = KernelClock.TicksToNanoseconds(c.Process.CpuTicks);
                return clock < 0;
        }
    }

    private static Errno WriteTimespec(SyscallContext c, ulong address, long ns)
    {
        Span<long> ts = [ns / 1_000_000_000, ns % 1_000_000_000];
        return c.Memory.Write(address, System.Runtime.InteropServices.MemoryMarshal.AsBytes(ts));
    }

    private static Errno ReadTimespec(SyscallContext c, ulong address, out long ns)
    {
        ns = 0;
        if (c.Memory.Read(address, out long sec) != Errno.Success || c.Memory.Read(address + 8, out long nsec) != Errno.Success) return Errno.EFAULT;
        if (sec < 0 || nsec is < 0 or >= 1_000_000_000) return Errno.EINVAL;
        ns = sec >= long.MaxValue / 1_000_000_000 ? long.MaxValue / 2 : sec * 1_000_000_000 + nsec;
        return Errno.Success;
    }

    private static long ClockGetTime(SyscallContext c)
    {
        if (!Now(c, (int)c.A0, out long ns)) return Errno.EINVAL.Fail();
        return WriteTimespec(c, c.A1, ns) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long ClockGetRes(SyscallContext c)
    {
        int clock = (int)c.A0;
        if (!Now(c, clock, out _)) return Errno.EINVAL.Fail();
        if (c.A1 == 0) return 0;
        long res = clock is RealtimeCoarse or MonotonicCoarse ? 4_000_000 : 1;
        return WriteTimespec(c, c.A1, res) == Errno.Success ? 0 : Errno.EFAULT.Fail();
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
        if (clock is ProcessCpu or ThreadCpu || !Now(c, clock, out long now) || clock < 0) return Errno.EINVAL.Fail();
        Errno e = ReadTimespec(c, request, out long ns);
        if (e != Errno.Success) return e.Fail();
        bool absolute = (flags & TimerAbsolute) != 0;
        long relative = absolute ? ns - now : ns;
        if (relative <= 0) return 0;
        long deadline = KernelClock.DeadlineAfter(relative);
        var reason = await c.Kernel.Wait(c.Thread, (WaitQueue?)null, deadline);
        if (reason == WakeReason.Interrupted)
        {
            if (!absolute && remaining != 0)
            {
                long left = Math.Max(0, KernelClock.TicksToNanoseconds(deadline - Stopwatch.GetTimestamp()));
                WriteTimespec(c, remaining, left);
            }
            return Errno.EINTR.Fail();
        }
        return 0;
    }

    private static long Times(SyscallContext c)
    {
        long Ticks(long stopwatchTicks) => (long)(stopwatchTicks / (double)Stopwatch.Frequency * 100);
        if (c.A0 != 0)
        {
            Span<long> tms = [Ticks(c.Process.CpuTicks), 0, Ticks(c.Process.ChildCpuTicks), 0];
            if (c.Memory.Write(c.A0, System.Runtime.InteropServices.MemoryMarshal.AsBytes(tms)) != Errno.Success) return Errno.EFAULT.Fail();
        }
        return c.Kernel.Clock.MonotonicNanoseconds / 10_000_000;
    }

    // ITIMER_REAL only: SIGALRM at the deadline, re-armed with the interval.
    private static long SetITimer(SyscallContext c)
    {
        if ((int)c.A0 != 0) return c.A0 <= 2 ? 0 : Errno.EINVAL.Fail();
        if (c.A2 != 0 && WriteITimer(c, c.A2) != Errno.Success) return Errno.EFAULT.Fail();
        if (c.A1 == 0) return 0;
        if (c.Memory.Read(c.A1, out long isec) != Errno.Success || c.Memory.Read(c.A1 + 8, out long iusec) != Errno.Success ||
            c.Memory.Read(c.A1 + 16, out long vsec) != Errno.Success || c.Memory.Read(c.A1 + 24, out long vusec) != Errno.Success)
            return Errno.EFAULT.Fail();
        var p = c.Process;
        p.AlarmGeneration++;
        long value = vsec * 1_000_000_000 + vusec * 1000;
        p.AlarmIntervalNs = isec * 1_000_000_000 + iusec * 1000;
        if (value <= 0) { p.AlarmDeadline = 0; return 0; }
        p.AlarmDeadline = KernelClock.DeadlineAfter(value);
        _ = RunAlarm(c.Kernel, p, p.AlarmGeneration);
        return 0;
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

    private static Errno WriteITimer(SyscallContext c, ulong address)
    {
        var p = c.Process;
        long left = p.AlarmDeadline == 0 ? 0 : Math.Max(1000, KernelClock.TicksToNanoseconds(p.AlarmDeadline - Stopwatch.GetTimestamp()));
        Span<long> v = [p.AlarmIntervalNs / 1_000_000_000, p.AlarmIntervalNs % 1_000_000_000 / 1000, left / 1_000_000_000, left % 1_000_000_000 / 1000];
        return c.Memory.Write(address, System.Runtime.InteropServices.MemoryMarshal.AsBytes(v));
    }

    private static long GetITimer(SyscallContext c)
    {
        if ((int)c.A0 != 0) return c.A0 <= 2 ? (c.Memory.Zero(c.A1, 32) == Errno.Success ? 0 : Errno.EFAULT.Fail()) : Errno.EINVAL.Fail();
        return WriteITimer(c, c.A1) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }
}
