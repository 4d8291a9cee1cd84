namespace RvJit.Runtime.Hart;

/// <summary>Trap entry and return: exceptions, interrupts, xRET, wfi.</summary>
public sealed unsafe partial class Hart
{
    /// <summary>
    /// Takes a synchronous exception raised by the instruction at <paramref name="epc"/>: picks M or S by
    /// medeleg, writes xepc/xcause/xtval/xstatus, switches privilege and sets pc to the trap vector.
    /// With <see cref="TrapsToHost"/> and U-mode, nothing changes but <see cref="HostTrap"/> and the method
    /// returns false: the engine must stop and return to the host kernel.
    /// </summary>
    public bool RaiseException(Trap trap, ulong epc) => throw new NotImplementedException();

    /// <summary>Takes the highest-priority pending and enabled interrupt, if any (true = taken, pc changed).</summary>
    public bool TryTakeInterrupt() => throw new NotImplementedException();

    /// <summary>True when some interrupt is pending and enabled at the current privilege (wfi wakes on pending alone).</summary>
    public bool InterruptPending => false;

    /// <summary>Polls devices and takes a pending enabled interrupt; true = taken (pc changed).</summary>
    public bool CheckInterrupts() => throw new NotImplementedException();

    /// <summary>wfi: false = illegal instruction.</summary>
    public bool Wfi() => throw new NotImplementedException();

    /// <summary>sfence.vma: false = illegal instruction.</summary>
    public bool SfenceVma(ulong va, ulong asid, bool allVa) => throw new NotImplementedException();

    /// <summary>mret: false = illegal instruction (not in M-mode).</summary>
    public bool Mret() => throw new NotImplementedException();

    /// <summary>sret: false = illegal instruction (below S, or TSR set in S-mode).</summary>
    public bool Sret() => throw new NotImplementedException();
}
