// The executor: FIFO turns, timers from its own heap, host completions brought back, several workers under one kernel lock.
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Tests;

public class ExecutorTests
{
    [Fact]
    public void Rule_yielding_tasks_take_turns_in_FIFO_order()
    {
        var executor = new Executor.Executor();
        var log = new List<string>();
        for (int t = 0; t < 3; t++)
        {
            int id = t;
            executor.Spawn(async () =>
            {
                for (int i = 0; i < 2; i++)
                {
                    log.Add($"{id}.{i}");
                    await executor.Yield();
                }
            });
        }
        executor.RunUntilComplete();
        Assert.Equal(["0.0", "1.0", "2.0", "0.1", "1.1", "2.1"], log);
        Assert.Equal(0, executor.LiveTasks);
    }

    [Fact]
    public void Rule_all_work_runs_on_the_calling_thread_even_after_host_awaits()
    {
        var executor = new Executor.Executor();
        int caller = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        executor.Spawn(async () =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(20);
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(5));
            threads.Add(Environment.CurrentManagedThreadId);
        });
        executor.RunUntilComplete();
        Assert.Equal([caller, caller, caller], threads);
    }

    [Fact]
    public void Rule_timers_wake_in_deadline_order_and_a_wake_beats_the_timer()
    {
        var executor = new Executor.Executor();
        var log = new List<string>();
        long now = Executor.Executor.Now;
        long ms = System.Diagnostics.Stopwatch.Frequency / 1000;
        var queue = new WaitQueue();
        // Far enough after "early" that a loaded machine's late start cannot make both due at once.
        executor.Spawn(async () => { await executor.Until(now + 300 * ms); log.Add("late"); });
        executor.Spawn(async () => { await executor.Until(now + 10 * ms); log.Add("early"); queue.WakeAll(); });
        executor.Spawn(async () =>
        {
            var w = executor.CreateWaiter();
            queue.Add(w);
            executor.WakeAt(w, now + 1000 * ms);
            log.Add($"woken:{await w}");
        });
        executor.RunUntilComplete();
        Assert.Equal(["early", "woken:Woken", "late"], log);
        Assert.True(Executor.Executor.Now - now < 900 * ms, "the long timer did not hold the executor");
    }

    [Fact]
    public void Rule_timers_fire_while_another_task_never_stops_yielding()
    {
        // A guest thread that never blocks keeps the run queue non-empty: a sleeper must still wake.
        var executor = new Executor.Executor();
        long ms = System.Diagnostics.Stopwatch.Frequency / 1000;
        long giveUp = Executor.Executor.Now + 5_000 * ms;
        bool woken = false, spinnerSawWake = false;
        long turns = 0;
        executor.Spawn(async () =>
        {
            while (!woken && Executor.Executor.Now < giveUp) { turns++; await executor.Yield(); }
            spinnerSawWake = woken;
        });
        executor.Spawn(async () => { await executor.Until(Executor.Executor.Now + 10 * ms); woken = true; });
        executor.RunUntilComplete();
        Assert.True(spinnerSawWake, $"the sleeper did not wake during {turns} turns of the spinning task");
    }
    [Fact]
    public void Rule_two_workers_run_guest_parts_at_the_same_time_and_kernel_parts_one_at_a_time()
    {
        // Each task "runs guest code" (the kernel lock given up) until the other task's guest part has started too:
        // only two workers in parallel get both through (one worker would wait out the timeout).
        var executor = new Executor.Executor();
        using var aInGuest = new ManualResetEventSlim();
        using var bInGuest = new ManualResetEventSlim();
        bool aSawB = false, bSawA = false;
        int inKernel = 0, maxInKernel = 0;
        var workers = new HashSet<int>();
        void KernelPart()
        {
            Assert.True(executor.Lock.IsHeld);
            int now = Interlocked.Increment(ref inKernel);
            maxInKernel = Math.Max(maxInKernel, now);
            Thread.Sleep(2);
            Interlocked.Decrement(ref inKernel);
            lock (workers) workers.Add(executor.CurrentWorker);
        }
        bool GuestPart(ManualResetEventSlim mine, ManualResetEventSlim other)
        {
            Assert.True(executor.Lock.ReleaseForGuest());
            try
            {
                mine.Set();
                return other.Wait(TimeSpan.FromSeconds(20));
            }
            finally { executor.Lock.ReacquireAfterGuest(); }
        }
        executor.Spawn(async () => { KernelPart(); aSawB = GuestPart(aInGuest, bInGuest); KernelPart(); await executor.Yield(); KernelPart(); });
        executor.Spawn(async () => { KernelPart(); bSawA = GuestPart(bInGuest, aInGuest); KernelPart(); await executor.Yield(); KernelPart(); });
        var run = new Thread(() => executor.RunUntilComplete(workers: 2)) { IsBackground = true };
        run.Start();
        Assert.True(run.Join(TimeSpan.FromSeconds(60)), "the workers did not finish");
        Assert.True(aSawB && bSawA, "the two guest parts did not overlap");
        Assert.Equal(1, maxInKernel);
        Assert.Equal([0, 1], workers.Order());
        Assert.Equal(0, executor.LiveTasks);
    }

    [Fact]
    public void Rule_idle_workers_leave_when_the_last_task_ends()
    {
        // Many short tasks on four workers, repeatedly: RunUntilComplete returns every time (a worker that was about
        // to wait when the last task ended must not sleep forever).
        for (int round = 0; round < 50; round++)
        {
            var executor = new Executor.Executor();
            int done = 0;
            for (int t = 0; t < 8; t++)
                executor.Spawn(async () =>
                {
                    for (int i = 0; i < 3; i++) await executor.Yield();
                    Interlocked.Increment(ref done);
                });
            var run = new Thread(() => executor.RunUntilComplete(workers: 4)) { IsBackground = true };
            run.Start();
            Assert.True(run.Join(TimeSpan.FromSeconds(30)), $"round {round}: the workers did not finish");
            Assert.Equal(8, done);
        }
    }

    [Fact]
    public void Rule_an_idle_worker_sleeps_until_a_deadline_under_a_millisecond_away()
    {
        // A monitor's timeout is whole milliseconds, truncated: a worker waiting for a timer 0.4 ms away returned at
        // once and spun through its run loop until the deadline. The queue's wait lasts until the deadline (a host
        // signal may end one early, so most, not all, of the waits are checked).
        var queue = new Executor.FifoTaskQueue();
        var timeout = TimeSpan.FromMicroseconds(400);
        int early = 0;
        for (int i = 0; i < 20; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            queue.WaitForWork(timeout);
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) < timeout) early++;
        }
        Assert.True(early <= 5, $"{early} of 20 waits ended before their deadline");
    }

    [Fact]
    public void Rule_an_item_queued_from_another_thread_wakes_an_idle_worker()
    {
        var queue = new Executor.FifoTaskQueue();
        var waiter = new Thread(() =>
        {
            while (!queue.TryTake(out _)) queue.WaitForWork(Timeout.InfiniteTimeSpan);
        }) { IsBackground = true };
        waiter.Start();
        Thread.Sleep(50);
        queue.Schedule(() => { });
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)), "the idle worker was not woken");
    }

    [Fact]
    public void Rule_an_idle_worker_waits_for_a_far_deadline_without_spinning()
    {
        // A guest may sleep for centuries: the wait's timeout must neither overflow (a negative timeout returns at
        // once, every time) nor throw; the worker sleeps until the item comes (a host signal may end a wait early).
        var queue = new Executor.FifoTaskQueue();
        int returns = 0;
        var waiter = new Thread(() =>
        {
            while (!queue.TryTake(out _))
            {
                queue.WaitForWork(TimeSpan.FromDays(1_000_000));
                returns++;
            }
        }) { IsBackground = true };
        waiter.Start();
        Thread.Sleep(100);
        queue.Schedule(() => { });
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)), "the idle worker was not woken");
        Assert.True(returns <= 5, $"the wait returned {returns} times");
    }
}

