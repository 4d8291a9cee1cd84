// A one-shot or periodic timer on the executor's timer heap: the engine of timerfds and POSIX timers.
using RvJit.Kernel.Executor;

namespace RvJit.Kernel.Sync;

/// <summary>
/// Expires at a deadline (Stopwatch ticks), then every interval. Expirations are counted from the clock
/// (<see cref="Collect"/>), never by firing once per period, so a short interval costs one wake-up per
/// executor round at most, and an owner can read the count at any time without waiting for the timer.
/// While running, the timer sleeps on <see cref="Executor.Executor.Until"/> and calls its owner with the
/// expirations it collected; the owner says whether to keep firing (a timerfd stops until it is read).
/// Touched only under the kernel lock, like every kernel structure.
/// </summary>
public sealed class IntervalTimer(Executor.Executor executor, Func<ulong, bool> expired)
{
    private long due, interval;
    private int generation;
    private Waiter? sleeping;

    /// <summary>Whether the timer will expire again.</summary>
    public bool Armed => due != 0;

    /// <summary>The period in Stopwatch ticks (0: one-shot).</summary>
    public long Interval => interval;

    /// <summary>Arms the timer at <paramref name="deadline"/>, then every <paramref name="intervalTicks"/>;
    /// <paramref name="run"/> false keeps it silent (SIGEV_NONE: only read back).</summary>
    public void Arm(long deadline, long intervalTicks, bool run = true)
    {
        Disarm();
        due = deadline == 0 ? 1 : deadline; // may be long past (an absolute time before boot): counted from there
        interval = Math.Max(0, intervalTicks);
        if (run) Start();
    }

    public void Disarm()
    {
        due = 0;
        interval = 0;
        Stop();
    }

    /// <summary>Starts firing again (after the owner stopped it) if the timer is armed and not already waiting.</summary>
    public void Start()
    {
        if (due == 0 || sleeping is not null) return;
        _ = Run(generation);
    }

    private void Stop()
    {
        generation++;
        // Waking the sleeper ends its loop (the generation changed); its heap entry is dropped when due.
        sleeping?.Wake(WakeReason.Woken);
        sleeping = null;
    }

    /// <summary>How many times the timer expired up to <paramref name="now"/> since the last collection; a
    /// periodic timer moves on to its next expiry after now, a one-shot timer disarms.</summary>
    public ulong Collect(long now)
    {
        if (due == 0 || now < due) return 0;
        if (interval == 0)
        {
            due = 0;
            return 1;
        }
        ulong periods = (ulong)((now - due) / interval) + 1;
        due += (long)periods * interval;
        return periods;
    }

    /// <summary>Stopwatch ticks until the next expiry (0 or less: due now; 0 when disarmed).</summary>
    public long Remaining(long now) => due == 0 ? 0 : due - now;

    private async Task Run(int armed)
    {
        while (true)
        {
            var w = executor.Until(due);
            sleeping = w;
            await w;
            if (armed != generation) return;
            sleeping = null;
            if (due == 0) return; // a one-shot expiry collected meanwhile by the owner
            ulong count = Collect(Executor.Executor.Now);
            if (count == 0) continue; // the owner collected meanwhile: wait for the next expiry
            if (!expired(count) || armed != generation || due == 0) return; // stopped, re-armed (a new loop runs) or done
        }
    }
}
