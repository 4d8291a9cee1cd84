// A list of waiters for one condition (pipe readable, child exited...): the seed's event bus, per object.
namespace RvJit.Kernel.Sync;

/// <summary>
/// Threads blocked on one condition. A thread re-checks its condition after every wake-up (wakes may be
/// spurious: <see cref="WakeAll"/> is used whenever the state behind the queue changes).
/// </summary>
public sealed class WaitQueue
{
    private readonly List<Waiter> waiters = [];

    public bool IsEmpty
    {
        get
        {
            waiters.RemoveAll(w => w.IsCompleted);
            return waiters.Count == 0;
        }
    }

    /// <summary>Adds a waiter that <see cref="WakeAll"/> will complete.</summary>
    public void Add(Waiter waiter)
    {
        // Waiters that timed out or were interrupted stay listed until here or the next wake.
        if (waiters.Count >= 16) waiters.RemoveAll(w => w.IsCompleted);
        waiters.Add(waiter);
    }

    /// <summary>Counts <see cref="WakeAll"/> calls: a change of the state behind the queue (epoll's edges).</summary>
    public ulong Version { get; private set; }

    /// <summary>Wakes every waiter (they re-check their condition).</summary>
    public void WakeAll()
    {
        Version++;
        if (waiters.Count == 0) return;
        var list = waiters.ToArray();
        waiters.Clear();
        foreach (var w in list) w.Wake(WakeReason.Woken);
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters in arrival order; returns how many woke.</summary>
    public int Wake(int count)
    {
        int woken = 0;
        while (woken < count && waiters.Count > 0)
        {
            var w = waiters[0];
            waiters.RemoveAt(0);
            if (w.Wake(WakeReason.Woken)) woken++;
        }
        return woken;
    }
}
