// A one-shot wake-up that a blocked guest thread awaits: the kernel's basic waiting primitive.
using System.Runtime.CompilerServices;
using RvJit.Kernel.Executor;

namespace RvJit.Kernel.Sync;

/// <summary>Why a <see cref="Waiter"/> completed.</summary>
public enum WakeReason : byte
{
    None,
    /// <summary>The awaited event happened (data arrived, a child exited...).</summary>
    Woken,
    /// <summary>The deadline passed first.</summary>
    TimedOut,
    /// <summary>A signal arrived for the thread: the system call returns EINTR (or restarts).</summary>
    Interrupted,
}

/// <summary>
/// An awaitable that completes once, with a <see cref="WakeReason"/>. Whoever wakes it first wins (an event,
/// the timer, a signal); later wakes are ignored. The continuation always goes through the scheduler, so
/// waking never runs another guest thread on the waker's stack. Only the executor thread touches it.
/// </summary>
public sealed class Waiter : ICriticalNotifyCompletion
{
    private readonly IScheduler scheduler;
    private Action? continuation;

    internal Waiter(IScheduler scheduler) => this.scheduler = scheduler;

    public bool IsCompleted { get; private set; }
    public WakeReason Reason { get; private set; }

    public Waiter GetAwaiter() => this;
    public WakeReason GetResult() => Reason;

    public void OnCompleted(Action c) => UnsafeOnCompleted(c);

    public void UnsafeOnCompleted(Action c)
    {
        if (IsCompleted) scheduler.Schedule(c);
        else continuation = c;
    }

    /// <summary>Completes the waiter (false when it had already completed).</summary>
    public bool Wake(WakeReason reason)
    {
        if (IsCompleted) return false;
        IsCompleted = true;
        Reason = reason;
        if (continuation is { } c)
        {
            continuation = null;
            scheduler.Schedule(c);
        }
        return true;
    }
}
