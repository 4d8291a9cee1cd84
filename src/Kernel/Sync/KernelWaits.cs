// How guest threads block: on wait queues and deadlines, or on host work, always interruptible by signals.
using System.Runtime.CompilerServices;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel;

public sealed partial class LinuxKernel
{
    /// <summary>
    /// Blocks <paramref name="thread"/> until <paramref name="queue"/> is woken, the deadline (a Stopwatch
    /// timestamp, 0 = none) passes, or a signal arrives. The caller re-checks its condition afterwards.
    /// </summary>
    public ValueTask<WakeReason> Wait(UserThread thread, WaitQueue? queue, long deadline = 0)
    {
        var w = Executor.CreateWaiter();
        queue?.Add(w);
        if (deadline != 0) Executor.WakeAt(w, deadline);
        return Block(thread, w);
    }

    /// <summary>Like <see cref="Wait(UserThread, WaitQueue?, long)"/>, woken by any of several queues (poll).</summary>
    public ValueTask<WakeReason> Wait(UserThread thread, IEnumerable<WaitQueue> queues, long deadline)
    {
        var w = Executor.CreateWaiter();
        foreach (var q in queues) q.Add(w);
        if (deadline != 0) Executor.WakeAt(w, deadline);
        return Block(thread, w);
    }

    /// <summary>A waiter for futexes and other custom wait lists.</summary>
    public Waiter CreateWaiter(long deadline = 0)
    {
        var w = Executor.CreateWaiter();
        if (deadline != 0) Executor.WakeAt(w, deadline);
        return w;
    }

    /// <summary>Awaits <paramref name="waiter"/> as <paramref name="thread"/>'s current wait (signals interrupt it).</summary>
    public async ValueTask<WakeReason> Block(UserThread thread, Waiter waiter)
    {
        if (thread.ExitRequested || HasDeliverableSignal(thread)) waiter.Wake(WakeReason.Interrupted);
        thread.CurrentWait = waiter;
        try { return await waiter; }
        finally { thread.CurrentWait = null; }
    }

    /// <summary>
    /// Runs <paramref name="blockingWork"/> (a host call that may block, e.g. poll on a terminal) on a pool
    /// thread and blocks the guest thread until it finishes. The work gets a function that turns true when
    /// the guest stopped waiting (a signal), so it can give up early.
    /// </summary>
    public async ValueTask<WakeReason> WaitForHost(UserThread thread, Action<Func<bool>> blockingWork)
    {
        var waiter = Executor.CreateWaiter();
        var abandoned = new StrongBox<bool>();
        var scheduler = Executor.Scheduler;
        _ = Task.Run(() => blockingWork(() => Volatile.Read(ref abandoned.Value)))
            .ContinueWith(_ => scheduler.Schedule(() => waiter.Wake(WakeReason.Woken)), TaskScheduler.Default);
        var reason = await Block(thread, waiter);
        Volatile.Write(ref abandoned.Value, true);
        return reason;
    }
}
