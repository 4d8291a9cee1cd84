// The kernel lock: held by a worker while it runs kernel code, released while it runs guest code.
namespace RvJit.Kernel.Executor;

/// <summary>
/// One lock for all of the kernel's own data (address spaces, fd tables, futexes, signals, the VFS, the frame
/// allocator...), like early SMP Linux's big kernel lock, but never held while guest code runs: a worker takes it
/// to run a work item and gives it up for the time slice a guest thread spends in U-mode
/// (<see cref="ReleaseForGuest"/>). Guest threads therefore run in parallel, and the kernel's structures stay as
/// simple as with one host thread. What guest code and the kernel both touch without it: guest RAM (the kernel's
/// read-modify-writes of guest words are compare-and-swaps), the translation cache (its own lock, always taken
/// after this one), and each hart's stop request.
/// Lock order: kernel lock, then the translation cache's lock, then the run queue's; nothing waits for this
/// lock while holding one of the others.
/// </summary>
public sealed class KernelLock
{
    private readonly object gate = new();
    private int depth;

    /// <summary>Whether the calling thread holds the lock.</summary>
    public bool IsHeld => Monitor.IsEntered(gate);

    public void Enter()
    {
        Monitor.Enter(gate);
        depth++;
    }

    public void Exit()
    {
        depth--;
        Monitor.Exit(gate);
    }

    /// <summary>
    /// Gives the lock up for a guest time slice; false (and the lock stays held) when it was taken more than once
    /// (kernel code that ran a guest nested in another item would let other workers see that item half done), so the
    /// guest then runs with the lock held: correct, only serial.
    /// </summary>
    public bool ReleaseForGuest()
    {
        if (depth != 1) return false;
        Exit();
        return true;
    }

    /// <summary>Takes the lock back after a guest time slice that <see cref="ReleaseForGuest"/> allowed.</summary>
    public void ReacquireAfterGuest() => Enter();
}
