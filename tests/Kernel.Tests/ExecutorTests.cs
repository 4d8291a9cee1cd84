// The executor: one host thread, FIFO turns, timers from its own heap, host completions brought back.
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
}
