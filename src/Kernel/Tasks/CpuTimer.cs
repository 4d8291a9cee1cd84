// Timers on CPU-time clocks (ITIMER_VIRTUAL, ITIMER_PROF, timer_create on CPU clocks), checked as CPU time is charged.
namespace RvJit.Kernel.Tasks;

/// <summary>
/// A CPU-time clock: a process's (all its threads, the dead ones included) or one thread's, in nanoseconds.
/// Linux's PROF and SCHED kinds (CLOCK_PROCESS_CPUTIME_ID, ITIMER_PROF) count user + system time, VIRT
/// (ITIMER_VIRTUAL) user time only: guest code is user time, rvjit's kernel working for the thread system time.
/// </summary>
public readonly record struct CpuClock(Process Process, UserThread? Thread, bool UserOnly = false)
{
    public long Now => Thread is { } t
        ? t.CpuNanoseconds + (UserOnly ? 0 : t.SystemNanoseconds)
        : Process.CpuNanoseconds + (UserOnly ? 0 : Process.SystemNanoseconds);
}

/// <summary>
/// Expires when its clock reaches a deadline, then every interval, like <see cref="Sync.IntervalTimer"/> on the
/// executor's clock. Its clock only moves when a slice of guest code ends, so the check is made there
/// (<see cref="CheckAll"/>, after the slice is charged): a timer fires at most one time slice late. An armed timer
/// is in its clock's process's list.
/// </summary>
public sealed class CpuTimer(CpuClock clock, Func<ulong, bool> expired)
{
    private long due, interval;
    private bool running;

    public CpuClock Clock => clock;
    public bool Armed => due != 0;

    /// <summary>The period in nanoseconds (0: one-shot).</summary>
    public long Interval => interval;

    /// <summary>Arms the timer at clock value <paramref name="deadline"/> (ns), then every <paramref name="intervalNs"/>;
    /// <paramref name="run"/> false keeps it silent (SIGEV_NONE: only read back).</summary>
    public void Arm(long deadline, long intervalNs, bool run = true)
    {
        due = Math.Max(1, deadline);
        interval = Math.Max(0, intervalNs);
        running = run;
        if (!clock.Process.CpuTimers.Contains(this)) clock.Process.CpuTimers.Add(this);
    }

    public void Disarm()
    {
        due = 0;
        interval = 0;
        running = false;
        clock.Process.CpuTimers.Remove(this);
    }

    /// <summary>Expirations up to clock value <paramref name="now"/> since the last collection; a periodic timer moves on
    /// to its next expiry after now, a one-shot timer disarms.</summary>
    public ulong Collect(long now)
    {
        if (due == 0 || now < due) return 0;
        if (interval == 0)
        {
            Disarm();
            return 1;
        }
        ulong periods = (ulong)((now - due) / interval) + 1;
        due += (long)periods * interval;
        return periods;
    }

    /// <summary>Clock nanoseconds until the next expiry (0 or less: due now; 0 when disarmed).</summary>
    public long Remaining(long now) => due == 0 ? 0 : due - now;

    private void Check()
    {
        if (!running || due == 0) return;
        ulong count = Collect(clock.Now);
        if (count > 0 && !expired(count)) running = false;
    }

    /// <summary>Fires the timers of <paramref name="process"/>'s clocks (and its threads') that are due: called
    /// when one of its threads has been charged a slice.</summary>
    public static void CheckAll(Process process)
    {
        var timers = process.CpuTimers;
        // A timer's owner may disarm or delete timers from its callback: walk down so removals skip nothing due.
        for (int i = timers.Count - 1; i >= 0; i--)
        {
            if (i < timers.Count) timers[i].Check();
        }
    }
}
