// Runs every guest thread and kernel task as async work on ONE host thread: spawn, timers, run-until-complete.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Executor;

/// <summary>
/// The kernel's executor (the seed's executor/mod.rs). Tasks are async methods; whenever one awaits, the
/// executor runs the next runnable item from its <see cref="IScheduler"/>. Host I/O completions re-enter
/// through a <see cref="KernelSynchronizationContext"/>; sleeps use the executor's own timer heap, so no
/// guest work ever runs on another host thread.
/// </summary>
public sealed class Executor
{
    private readonly IScheduler scheduler;
    private readonly PriorityQueue<Waiter, long> timers = new();
    private readonly KernelSynchronizationContext context;
    private int liveTasks;

    public Executor(IScheduler? scheduler = null)
    {
        this.scheduler = scheduler ?? new FifoTaskQueue();
        context = new KernelSynchronizationContext(this.scheduler);
    }

    public IScheduler Scheduler => scheduler;

    /// <summary>Tasks spawned and not yet finished.</summary>
    public int LiveTasks => liveTasks;

    /// <summary>Called with the exception when a task fails (a kernel bug: guest errors never throw).</summary>
    public Action<Exception>? TaskFailed { get; set; }

    /// <summary>Now, in <see cref="Stopwatch"/> ticks (the timer clock).</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Queues <paramref name="body"/> to start on the executor; it counts as live until it finishes.</summary>
    public void Spawn(Func<Task> body)
    {
        liveTasks++;
        scheduler.Schedule(() => Start(body));
    }

    private async void Start(Func<Task> body)
    {
        try { await body(); }
        catch (Exception e) { (TaskFailed ?? (ex => throw ex)).Invoke(e); }
        finally { liveTasks--; }
    }

    /// <summary>A fresh waiter whose continuation runs on this executor.</summary>
    public Waiter CreateWaiter() => new(scheduler);

    /// <summary>Wakes <paramref name="waiter"/> with <see cref="WakeReason.TimedOut"/> at <paramref name="deadline"/> (Stopwatch ticks).</summary>
    public void WakeAt(Waiter waiter, long deadline) => timers.Enqueue(waiter, deadline);

    /// <summary>Completes at <paramref name="deadline"/> (Stopwatch ticks), or earlier if the returned waiter is woken.</summary>
    public Waiter Until(long deadline)
    {
        var w = CreateWaiter();
        WakeAt(w, deadline);
        return w;
    }

    /// <summary>Puts the awaiting task at the back of the run queue.</summary>
    public YieldAwaitable Yield() => new(scheduler);

    /// <summary>
    /// Runs queued work, timers and I/O completions on the calling thread until every spawned task has
    /// finished. The calling thread becomes the kernel's only thread for the duration. Due timers fire
    /// before each work item (a guest thread's item is at most one time slice), so time passes for sleepers
    /// however busy the queue is.
    /// </summary>
    public void RunUntilComplete()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            while (true)
            {
                // Timers are checked before every item, not only when the queue runs dry: a guest thread that
                // never blocks is always queued (it yields at the end of each time slice), and would otherwise
                // stop every sleep, timeout and interval timer. A woken waiter queues behind the items already
                // there, so it runs within a time slice or two. One clock read per item.
                if (timers.Count != 0) FireDueTimers();
                if (scheduler.TryTake(out var work)) { work(); continue; }
                if (liveTasks == 0) break;
                scheduler.WaitForWork(TimeUntilNextTimer());
            }
        }
        finally { SynchronizationContext.SetSynchronizationContext(previous); }
    }

    /// <summary>Wakes every waiter whose deadline has passed (and drops the ones already woken otherwise).</summary>
    private void FireDueTimers()
    {
        long now = Now;
        while (timers.TryPeek(out var w, out long deadline) && (deadline <= now || w.IsCompleted))
        {
            timers.Dequeue();
            w.Wake(WakeReason.TimedOut);
        }
    }

    private TimeSpan TimeUntilNextTimer()
    {
        if (!timers.TryPeek(out _, out long deadline)) return Timeout.InfiniteTimeSpan;
        long ticks = deadline - Now;
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency) + TimeSpan.FromTicks(1);
    }

    /// <summary>An awaitable that always suspends and requeues the continuation at the back of the queue.</summary>
    public readonly struct YieldAwaitable(IScheduler scheduler) : ICriticalNotifyCompletion
    {
        public YieldAwaitable GetAwaiter() => this;
        public bool IsCompleted => false;
        public void GetResult() { }
        public void OnCompleted(Action continuation) => scheduler.Schedule(continuation);
        public void UnsafeOnCompleted(Action continuation) => scheduler.Schedule(continuation);
    }
}
