// The run queue abstraction and its FIFO implementation (the seed's Scheduler trait and TaskQueue).
namespace RvJit.Kernel.Executor;

/// <summary>
/// Holds runnable work items (continuations of guest threads and kernel tasks). Items may be added from any
/// host thread (completions of host I/O arrive on the thread pool); they are only ever run by the executor.
/// </summary>
public interface IScheduler
{
    /// <summary>Makes <paramref name="work"/> runnable.</summary>
    void Schedule(Action work);

    /// <summary>Takes the next runnable item; false when none is queued.</summary>
    bool TryTake(out Action work);

    /// <summary>Blocks the calling (executor) thread until an item is queued or <paramref name="timeout"/> passes.</summary>
    void WaitForWork(TimeSpan timeout);

    /// <summary>Items queued now.</summary>
    int Count { get; }

    /// <summary>The executor is done: every <see cref="WaitForWork"/> in progress ends, and later ones return at once
    /// (a worker about to wait when the last task ended must not sleep forever).</summary>
    void Close();
}

/// <summary>First in, first out: every runnable thread gets its turn in order, so none starves.</summary>
public sealed class FifoTaskQueue : IScheduler
{
    private readonly Queue<Action> queue = new();
    private readonly object gate = new();
    // Idle workers sleep on this word (not on a monitor, whose timeouts are whole milliseconds, truncated): every
    // item queued while one sleeps, and the close, change it.
    private readonly HostFutex wakeups = new();
    private int sleeping;
    private bool closed;

    public void Schedule(Action work)
    {
        bool wake;
        lock (gate)
        {
            queue.Enqueue(work);
            wake = sleeping != 0;
            if (wake) wakeups.Bump();
        }
        if (wake) wakeups.Wake(1); // one idle worker per item: several may be waiting
    }

    public bool TryTake(out Action work)
    {
        lock (gate) return queue.TryDequeue(out work!);
    }

    public int Count { get { lock (gate) return queue.Count; } }

    public void Close()
    {
        lock (gate)
        {
            closed = true;
            wakeups.Bump();
        }
        wakeups.Wake(int.MaxValue);
    }

    public void WaitForWork(TimeSpan timeout)
    {
        int seen;
        lock (gate)
        {
            if (queue.Count != 0 || closed || timeout == TimeSpan.Zero) return;
            seen = wakeups.Value;
            sleeping++;
        }
        try { wakeups.Wait(seen, timeout); }
        finally
        {
            lock (gate) sleeping--;
        }
    }
}
