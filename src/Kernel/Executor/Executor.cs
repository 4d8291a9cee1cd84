// Runs every guest thread and kernel task as async work on a few host worker threads: spawn, timers, run-until-complete.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Executor;

/// <summary>
/// The kernel's executor (the seed's executor/mod.rs). Tasks are async methods; whenever one awaits, the
/// executor runs the next runnable item from its <see cref="IScheduler"/>. Host I/O completions re-enter
/// through a <see cref="KernelSynchronizationContext"/>; sleeps use the executor's own timer heap.
///
/// Several workers (host threads, one per hart: <see cref="RunUntilComplete"/>) drain the one queue, as the cores
/// of a multi-core kernel do. A worker runs each item holding the <see cref="KernelLock"/>, which a guest thread's
/// item gives up while its time slice runs in U-mode, so guest threads run in parallel and kernel code one at a
/// time. Workers start as the queue needs them: a program that never has two runnable threads uses one.
/// </summary>
public sealed class Executor
{
    private readonly IScheduler scheduler;
    // Made at the first timer: a PriorityQueue with long priorities takes Comparer<long>.Default, which .NET makes by
    // reflection, JIT-compiling its constructor (and the queue's empty array) in every run, and short programs never wait.
    private PriorityQueue<Waiter, long>? timers;
    private readonly KernelSynchronizationContext context;
    private int liveTasks;
    /// <summary>Which worker the calling host thread is (-1: none). Per executor, not static: several kernels may
    /// run in one host process.</summary>
    private readonly ThreadLocal<int> workerIndex = new(() => -1);
    private int maxWorkers = 1, startedWorkers, idleWorkers;
    private readonly List<Thread> workerThreads = [];

    public Executor(IScheduler? scheduler = null)
    {
        this.scheduler = scheduler ?? new FifoTaskQueue();
        context = new KernelSynchronizationContext(this.scheduler);
    }

    public IScheduler Scheduler => scheduler;

    /// <summary>Held while kernel code runs (every work item, except a guest thread's time slice in U-mode).</summary>
    public KernelLock Lock { get; } = new();

    /// <summary>The worker the calling host thread is, 0 up to the worker count - 1; -1 outside the workers.</summary>
    public int CurrentWorker => workerIndex.Value;

    /// <summary>Called (holding the lock) when worker <c>i</c> starts, before it takes its first item.</summary>
    public Action<int>? WorkerStarting { get; set; }

    /// <summary>Tasks spawned and not yet finished.</summary>
    public int LiveTasks => Volatile.Read(ref liveTasks);

    /// <summary>Called with the exception when a task fails (a kernel bug: guest errors never throw).</summary>
    public Action<Exception>? TaskFailed { get; set; }

    /// <summary>Now, in <see cref="Stopwatch"/> ticks (the timer clock).</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Queues <paramref name="body"/> to start on the executor; it counts as live until it finishes.</summary>
    public void Spawn(Func<Task> body)
    {
        Interlocked.Increment(ref liveTasks);
        scheduler.Schedule(() => Start(body));
    }

    private async void Start(Func<Task> body)
    {
        try { await body(); }
        catch (Exception e) { (TaskFailed ?? (ex => throw ex)).Invoke(e); }
        finally { Interlocked.Decrement(ref liveTasks); }
    }

    /// <summary>A fresh waiter whose continuation runs on this executor.</summary>
    public Waiter CreateWaiter() => new(scheduler);

    /// <summary>Wakes <paramref name="waiter"/> with <see cref="WakeReason.TimedOut"/> at <paramref name="deadline"/> (Stopwatch ticks).</summary>
    public void WakeAt(Waiter waiter, long deadline) => (timers ??= new()).Enqueue(waiter, deadline);

    /// <summary>Completes at <paramref name="deadline"/> (Stopwatch ticks), or earlier if the returned waiter is woken.</summary>
    public Waiter Until(long deadline)
    {
        var w = CreateWaiter();
        WakeAt(w, deadline);
        return w;
    }

    /// <summary>Whether another item is queued or a timer is due (holding the lock): whether a yield would let
    /// anything else run.</summary>
    public bool HasOtherWork => scheduler.Count != 0 || (timers is { } t && t.TryPeek(out _, out long deadline) && deadline <= Now);

    /// <summary>Puts the awaiting task at the back of the run queue.</summary>
    public YieldAwaitable Yield() => new(scheduler);

    /// <summary>
    /// Runs queued work, timers and I/O completions until every spawned task has finished, on the calling thread
    /// (worker 0) and up to <paramref name="workers"/> - 1 more host threads started when runnable items wait with
    /// no idle worker. An executor runs once. Due timers fire before each work item (a guest thread's item is at most one time slice), so
    /// time passes for sleepers however busy the queue is.
    /// </summary>
    public void RunUntilComplete(int workers = 1)
    {
        maxWorkers = Math.Max(1, workers);
        Lock.Enter();
        try { startedWorkers = 1; }
        finally { Lock.Exit(); }
        RunWorker(0);
        // The others leave once no task is live; wait for them so nothing of this kernel runs after Run returns.
        Thread[] others;
        Lock.Enter();
        try { others = [.. workerThreads]; }
        finally { Lock.Exit(); }
        foreach (var t in others) t.Join();
    }

    private void RunWorker(int index)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        workerIndex.Value = index;
        Lock.Enter();
        try
        {
            WorkerStarting?.Invoke(index);
            while (true)
            {
                // Timers are checked before every item, not only when the queue runs dry: a guest thread that
                // never blocks is always queued (it yields at the end of each time slice), and would otherwise
                // stop every sleep, timeout and interval timer. A woken waiter queues behind the items already
                // there, so it runs within a time slice or two. One clock read per item.
                if (timers is { Count: not 0 }) FireDueTimers();
                if (scheduler.TryTake(out var work))
                {
                    if (idleWorkers == 0 && startedWorkers < maxWorkers && scheduler.Count != 0) StartWorker();
                    work();
                    continue;
                }
                if (liveTasks == 0) break;
                TimeSpan timeout = TimeUntilNextTimer();
                idleWorkers++;
                Lock.Exit();
                try { scheduler.WaitForWork(timeout); }
                finally
                {
                    Lock.Enter();
                    idleWorkers--;
                }
            }
        }
        finally
        {
            Lock.Exit();
            workerIndex.Value = -1;
            SynchronizationContext.SetSynchronizationContext(previous);
            if (liveTasks == 0) scheduler.Close(); // the other workers see no live task and leave too
        }
    }

    /// <summary>Starts the next worker (holding the lock). Its stack is large: guest code and the interpreter run on it.</summary>
    private void StartWorker()
    {
        int index = startedWorkers++;
        var thread = new Thread(() => RunWorker(index), maxStackSize: 16 << 20) { IsBackground = true, Name = $"rvjit hart {index}" };
        workerThreads.Add(thread);
        thread.Start();
    }

    /// <summary>Wakes every waiter whose deadline has passed (and drops the ones already woken otherwise).</summary>
    private void FireDueTimers()
    {
        long now = Now;
        while (timers!.TryPeek(out var w, out long deadline) && (deadline <= now || w.IsCompleted))
        {
            timers.Dequeue();
            w.Wake(WakeReason.TimedOut);
        }
    }

    private TimeSpan TimeUntilNextTimer()
    {
        if (timers is null || !timers.TryPeek(out _, out long deadline)) return Timeout.InfiniteTimeSpan;
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
