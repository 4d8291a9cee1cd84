// The kernel lock: held by a worker while it runs kernel code, released while it runs guest code.
using System.Diagnostics;

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
    // Contention counters (--stats): how often a worker found the lock taken and how long workers waited for it,
    // and how long it was held. Updated holding the lock (the wait is added once it is held), read at exit.
    private long acquisitions, contended, waitTicks, heldTicks, heldSince;

    /// <summary>Whether the calling thread holds the lock.</summary>
    public bool IsHeld => Monitor.IsEntered(gate);

    public void Enter()
    {
        if (!Monitor.TryEnter(gate))
        {
            long start = Stopwatch.GetTimestamp();
            Monitor.Enter(gate);
            long now = Stopwatch.GetTimestamp();
            contended++;
            waitTicks += now - start;
            if (depth++ == 0) { acquisitions++; heldSince = now; }
            return;
        }
        if (depth++ == 0) { acquisitions++; heldSince = Stopwatch.GetTimestamp(); }
    }

    public void Exit()
    {
        if (--depth == 0) heldTicks += Stopwatch.GetTimestamp() - heldSince;
        Monitor.Exit(gate);
    }

    /// <summary>Times the lock was taken (outermost), how many of those found it held by another worker, the time
    /// spent waiting for it and the time it was held (Stopwatch ticks). Read when no worker runs, or as an estimate.</summary>
    public (long Acquisitions, long Contended, TimeSpan Waited, TimeSpan Held) Statistics =>
        (acquisitions, contended, Stopwatch.GetElapsedTime(0, waitTicks), Stopwatch.GetElapsedTime(0, heldTicks));

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
