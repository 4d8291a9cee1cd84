// One hart of the kernel's machine and what the kernel keeps per hart: the engine, the loaded address space.
using RvJit.Kernel.Memory;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;

namespace RvJit.Kernel.Executor;

/// <summary>
/// A hart and the engine that runs it (its TLB views, jump cache and interpreter are its own; translations are
/// shared by the engine factory), owned by one executor worker: only that worker's host thread runs guest code
/// on it. Like a Linux per-CPU area, it records which address space the hart's TLB holds and at which
/// generation, so a page-table change reaches it (<see cref="LinuxKernel"/>'s shootdown) and a thread moving
/// between harts finds its translations. Fields other than <see cref="InGuest"/> and the hart's stop request
/// are read and written holding the kernel lock.
/// </summary>
public sealed class Processor(int index, Hart hart, IExecutionEngine engine)
{
    public int Index { get; } = index;
    public Hart Hart { get; } = hart;
    public IExecutionEngine Engine { get; } = engine;

    /// <summary>The address space whose translations the hart's TLB may hold, and the space's
    /// <see cref="AddressSpace.Generation"/> they were made at.</summary>
    public AddressSpace? LoadedSpace;
    public long LoadedGeneration;

    /// <summary>True from just before the worker gives up the kernel lock to run guest code until the engine has
    /// returned: a hart outside guest code holds no translation another hart could invalidate.</summary>
    public volatile bool InGuest;

    /// <summary>--profile: this hart's instructions until its next sample.</summary>
    public long UntilSample;

    /// <summary>Stops the guest code running on this hart and waits (holding the kernel lock) until it is out:
    /// the engine checks the stop request at least once per time slice, and a worker leaving guest code never
    /// waits for anything but the kernel lock. Only for another worker's hart.</summary>
    public void StopGuest()
    {
        if (!InGuest) return;
        Hart.StopRequested = true;
        var spin = new SpinWait();
        while (InGuest) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Asks the guest thread on this hart to come back to the kernel soon (a signal, an exit), without waiting.</summary>
    public void Interrupt()
    {
        if (InGuest) Hart.StopRequested = true;
    }
}
