// Trap entry and return for the hart: synchronous exceptions, interrupts (pending bits, the machine timer
// compare, selection by priority and privilege), mret/sret, wfi and sfence.vma legality.
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Hart;

/// <summary>Trap entry and return: exceptions, interrupts, xRET, wfi.</summary>
public sealed unsafe partial class Hart
{
    private const ulong InterruptBit = 1UL << 63;

    /// <summary>
    /// mip: the pending interrupt bits. Devices (CLINT: MSIP, MTIP) change them from any thread with
    /// <see cref="Interlocked"/> operations; the CSR file changes SSIP/STIP/SEIP the same way.
    /// </summary>
    public ulong Mip;

    /// <summary>The level of the external supervisor interrupt line (a PLIC S context). mip.SEIP reads as this
    /// OR-ed with the software-writable SEIP bit (<see cref="CsrFile.SeipSoftware"/>); both are kept under
    /// <see cref="seipLock"/> so that the effective bit in <see cref="Mip"/> always matches them.</summary>
    private bool seipLine;
    private readonly Lock seipLock = new();

    /// <summary>Signalled when something that can end a wfi happens (an interrupt line rises, a timer compare
    /// or the software-interrupt bit changes): a waiting hart sleeps on it instead of spinning.</summary>
    private readonly ManualResetEventSlim wakeSignal = new(false);

    /// <summary>
    /// The external interrupt inputs of this hart, for interrupt controllers (PLIC): raises or lowers MEIP
    /// (<paramref name="level"/> = Machine) or the external SEIP line (Supervisor). Safe from any thread;
    /// raising a line wakes a hart waiting in wfi.
    /// </summary>
    public void SetExternalInterrupt(Privilege level, bool raised)
    {
        if (level == Privilege.Machine)
        {
            if (raised) Interlocked.Or(ref Mip, CsrFile.Meip);
            else Interlocked.And(ref Mip, ~CsrFile.Meip);
        }
        else if (level == Privilege.Supervisor)
        {
            lock (seipLock)
            {
                seipLine = raised;
                UpdateSeip();
            }
        }
        else throw new ArgumentOutOfRangeException(nameof(level), level, "only M and S have external interrupts");
        if (raised) Wake();
    }

    /// <summary>Sets the software-writable SEIP bit (mip writes by M-mode).</summary>
    internal void SetSeipSoftware(bool value)
    {
        lock (seipLock)
        {
            Csrs.SeipSoftware = value;
            UpdateSeip();
        }
    }

    // Called under seipLock: the effective SEIP is the line OR the software bit.
    private void UpdateSeip()
    {
        if (seipLine || Csrs.SeipSoftware) Interlocked.Or(ref Mip, CsrFile.Seip);
        else Interlocked.And(ref Mip, ~CsrFile.Seip);
    }

    /// <summary>Wakes this hart if it is sleeping in <see cref="SleepUntilWoken"/>. Any thread.</summary>
    public void Wake() => wakeSignal.Set();

    /// <summary>
    /// Blocks the hart's host thread for up to <paramref name="timeout"/> or until <see cref="Wake"/> is called
    /// (a wake that came after the last sleep counts: it is not lost). Callers recheck the interrupt state after.
    /// </summary>
    public void SleepUntilWoken(TimeSpan timeout)
    {
        if (timeout > TimeSpan.Zero) wakeSignal.Wait(timeout);
        wakeSignal.Reset();
    }

    /// <summary>The machine timer compare value (CLINT mtimecmp). MTIP = <see cref="Mtime"/> &gt;= Mtimecmp.</summary>
    public ulong Mtimecmp = ulong.MaxValue;

    /// <summary>Added to <see cref="Time"/> to give mtime: guest writes to mtime change it.</summary>
    public ulong MtimeOffset;

    /// <summary>The machine timer (CLINT mtime and the `time` CSR).</summary>
    public ulong Mtime => Time() + MtimeOffset;

    /// <summary>
    /// Takes a synchronous exception raised by the instruction at <paramref name="epc"/>: picks M or S by
    /// medeleg, writes xepc/xcause/xtval/xstatus, switches privilege and sets pc to the trap vector.
    /// With <see cref="TrapsToHost"/> and U-mode, nothing changes but <see cref="HostTrap"/> and the method
    /// returns false: the engine must stop and return to the host kernel.
    /// </summary>
    public bool RaiseException(Trap trap, ulong epc)
    {
        if ((TrapsToHost && Privilege == Privilege.User) || (DebugTraps && trap.Cause is ExceptionCause.Breakpoint or ExceptionCause.DebugWatch))
        {
            HostTrap = trap;
            return false;
        }
        DeliverException(trap, epc);
        return true;
    }

    /// <summary>Takes a synchronous exception in the guest (to M or S by medeleg), whatever <see cref="TrapsToHost"/>
    /// and <see cref="DebugTraps"/> say: a debugger hands a guest's own ebreak back this way.</summary>
    public void DeliverException(Trap trap, ulong epc)
    {
        ulong cause = (ulong)trap.Cause;
        bool toSupervisor = Privilege <= Privilege.Supervisor && ((Csrs.Medeleg >> (int)cause) & 1) != 0;
        EnterTrap(toSupervisor, cause, epc, trap.Tval);
    }

    /// <summary>
    /// Trap entry (privileged spec, "Trap entry"): xepc, xcause, xtval, xPIE = xIE, xIE = 0, xPP = privilege,
    /// privilege = x, pc = xtvec base (plus 4 * cause for interrupts in vectored mode).
    /// </summary>
    private void EnterTrap(bool toSupervisor, ulong cause, ulong epc, ulong tval)
    {
        CsrFile c = Csrs;
        ulong status = c.Mstatus;
        ulong tvec;
        Privilege from = Privilege;
        if (toSupervisor)
        {
            c.Sepc = epc;
            c.Scause = cause;
            c.Stval = tval;
            status = (status & ~(CsrFile.MstatusSpie | CsrFile.MstatusSie | CsrFile.MstatusSpp))
                | ((status & CsrFile.MstatusSie) != 0 ? CsrFile.MstatusSpie : 0)
                | (from == Privilege.Supervisor ? CsrFile.MstatusSpp : 0);
            tvec = c.Stvec;
            SwitchPrivilege(Privilege.Supervisor, status);
        }
        else
        {
            c.Mepc = epc;
            c.Mcause = cause;
            c.Mtval = tval;
            status = (status & ~(CsrFile.MstatusMpie | CsrFile.MstatusMie | CsrFile.MstatusMpp))
                | ((status & CsrFile.MstatusMie) != 0 ? CsrFile.MstatusMpie : 0)
                | ((ulong)from << 11);
            tvec = c.Mtvec;
            SwitchPrivilege(Privilege.Machine, status);
        }
        ulong pc = tvec & ~3UL;
        if ((cause & InterruptBit) != 0 && (tvec & 3) == 1) pc += 4 * (cause & ~InterruptBit);
        State->Pc = pc;
    }

    /// <summary>
    /// Installs a new privilege and mstatus (trap entry, xRET) and flushes the TLB views if the translation
    /// they cache could change: the fetch or data privilege differs and paging is on.
    /// </summary>
    private void SwitchPrivilege(Privilege to, ulong mstatus)
    {
        Privilege oldData = Mmu.DataPrivilege, oldFetch = Privilege;
        Csrs.Mstatus = mstatus;
        Privilege = to; // with views per privilege, selects the new privilege's
        if (!Mmu.ViewsPerPrivilege && (Csrs.Satp >> 60) != 0 && (oldFetch != to || oldData != Mmu.DataPrivilege)) Mmu.FlushForPrivilege();
    }

    /// <summary>
    /// Polls the devices (the machine timer compare), wakes a wfi when an interrupt is pending and enabled
    /// in mie, and takes the highest-priority interrupt that is enabled at the current privilege.
    /// True = taken: pc, privilege and CSRs changed. Engines call it at instruction boundaries: after
    /// instructions that change interrupt enables or privilege (CSR writes, xRET) and between slices.
    /// </summary>
    public bool CheckInterrupts()
    {
        if (Mtimecmp != ulong.MaxValue) UpdateTimerInterrupt(); // the CLINT already cleared MTIP when it wrote MaxValue
        if (Csrs.SstcActive) UpdateSupervisorTimer();
        if ((Volatile.Read(ref Mip) & Csrs.Mie) == 0) return false;
        WaitingForInterrupt = false;
        return TryTakeInterrupt();
    }

    /// <summary>Sets or clears MTIP from <see cref="Mtime"/> and <see cref="Mtimecmp"/>.</summary>
    public void UpdateTimerInterrupt()
    {
        if (Mtime >= Mtimecmp) Interlocked.Or(ref Mip, CsrFile.Mtip);
        else Interlocked.And(ref Mip, ~CsrFile.Mtip);
    }

    /// <summary>Sstc: while menvcfg.STCE is set, STIP = <see cref="Mtime"/> &gt;= stimecmp (otherwise STIP is
    /// M-mode's to write and this does nothing).</summary>
    public void UpdateSupervisorTimer()
    {
        if (!Csrs.SstcActive) return;
        if (Mtime >= Csrs.Stimecmp) Interlocked.Or(ref Mip, CsrFile.Stip);
        else Interlocked.And(ref Mip, ~CsrFile.Stip);
    }

    /// <summary>The earliest time (in <see cref="Mtime"/> ticks) at which a timer compare can raise an
    /// interrupt: mtimecmp, or stimecmp while Sstc drives STIP. ulong.MaxValue = never.</summary>
    public ulong NextTimerDeadline =>
        Csrs.SstcActive ? Math.Min(Mtimecmp, Csrs.Stimecmp) : Mtimecmp;

    /// <summary>Takes the highest-priority pending and enabled interrupt, if any (true = taken, pc changed).
    /// Does not poll devices: see <see cref="CheckInterrupts"/>.</summary>
    public bool TryTakeInterrupt()
    {
        ulong pending = Volatile.Read(ref Mip) & Csrs.Mie;
        if (pending == 0) return false;
        ulong status = Csrs.Mstatus;

        // Interrupts destined for M-mode come first; they are enabled below M, or in M with MIE.
        ulong machine = pending & ~Csrs.Mideleg;
        if (Privilege < Privilege.Machine || (status & CsrFile.MstatusMie) != 0)
        {
            if (machine != 0)
            {
                EnterTrap(false, InterruptBit | (ulong)HighestPriority(machine), State->Pc, 0);
                return true;
            }
        }
        // Then S-level (delegated) ones: enabled below S, or in S with SIE; never in M.
        ulong supervisor = pending & Csrs.Mideleg;
        if (supervisor != 0 && (Privilege < Privilege.Supervisor ||
            (Privilege == Privilege.Supervisor && (status & CsrFile.MstatusSie) != 0)))
        {
            EnterTrap(true, InterruptBit | (ulong)HighestPriority(supervisor), State->Pc, 0);
            return true;
        }
        return false;
    }

    /// <summary>The spec's priority order for simultaneous interrupts: MEI, MSI, MTI, SEI, SSI, STI.</summary>
    private static InterruptCause HighestPriority(ulong set)
    {
        if ((set & CsrFile.Meip) != 0) return InterruptCause.MachineExternal;
        if ((set & CsrFile.Msip) != 0) return InterruptCause.MachineSoftware;
        if ((set & CsrFile.Mtip) != 0) return InterruptCause.MachineTimer;
        if ((set & CsrFile.Seip) != 0) return InterruptCause.SupervisorExternal;
        if ((set & CsrFile.Ssip) != 0) return InterruptCause.SupervisorSoftware;
        return InterruptCause.SupervisorTimer;
    }

    /// <summary>
    /// True when some interrupt is pending in mip and enabled in mie, whatever the privilege and the global
    /// MIE/SIE enables: the condition on which wfi resumes. (Whether it is also taken is decided by
    /// <see cref="CheckInterrupts"/>.) Does not poll devices.
    /// </summary>
    public bool InterruptPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Volatile.Read(ref Mip) & Csrs.Mie) != 0;
    }

    /// <summary>mret: false = illegal instruction (not in M-mode). Otherwise privilege = MPP, MIE = MPIE,
    /// MPIE = 1, MPP = U, MPRV = 0 when returning below M, pc = mepc.</summary>
    public bool Mret()
    {
        if (Privilege != Privilege.Machine) return false;
        ulong status = Csrs.Mstatus;
        var to = (Privilege)((status >> 11) & 3);
        status = (status & ~(CsrFile.MstatusMie | CsrFile.MstatusMpp))
            | ((status & CsrFile.MstatusMpie) != 0 ? CsrFile.MstatusMie : 0)
            | CsrFile.MstatusMpie;
        if (to != Privilege.Machine) status &= ~CsrFile.MstatusMprv;
        SwitchPrivilege(to, status);
        State->Pc = Csrs.Mepc;
        return true;
    }

    /// <summary>sret: false = illegal instruction (below S, or TSR set in S-mode). Otherwise privilege = SPP,
    /// SIE = SPIE, SPIE = 1, SPP = U, MPRV = 0, pc = sepc.</summary>
    public bool Sret()
    {
        if (Privilege == Privilege.User) return false;
        ulong status = Csrs.Mstatus;
        if (Privilege == Privilege.Supervisor && (status & CsrFile.MstatusTsr) != 0) return false;
        var to = (status & CsrFile.MstatusSpp) != 0 ? Privilege.Supervisor : Privilege.User;
        status = (status & ~(CsrFile.MstatusSie | CsrFile.MstatusSpp | CsrFile.MstatusMprv))
            | ((status & CsrFile.MstatusSpie) != 0 ? CsrFile.MstatusSie : 0)
            | CsrFile.MstatusSpie;
        SwitchPrivilege(to, status);
        State->Pc = Csrs.Sepc;
        return true;
    }

    /// <summary>
    /// wfi: false = illegal instruction (in U-mode, or in S-mode with mstatus.TW). Otherwise sets
    /// <see cref="WaitingForInterrupt"/>; the engine stops if <see cref="InterruptPending"/> is false and the
    /// machine polls <see cref="CheckInterrupts"/> until it clears the flag.
    /// </summary>
    public bool Wfi()
    {
        if (Privilege == Privilege.User) return false;
        if (Privilege == Privilege.Supervisor && (Csrs.Mstatus & CsrFile.MstatusTw) != 0) return false;
        WaitingForInterrupt = true;
        return true;
    }

    /// <summary>
    /// sfence.vma: false = illegal instruction (in U-mode, or in S-mode with mstatus.TVM). Otherwise drops
    /// cached translations: with an address (<paramref name="allVa"/> false) only those of that address
    /// (<see cref="Mmu.FlushAddress"/>), else all. The TLB views hold only translations made under the current
    /// satp (a satp change empties them), so a fence for another ASID (<paramref name="allAsids"/> false: rs2
    /// is not x0) has nothing to drop.
    /// </summary>
    public bool SfenceVma(ulong va, ulong asid, bool allVa, bool allAsids = true)
    {
        if (Privilege == Privilege.User) return false;
        if (Privilege == Privilege.Supervisor && (Csrs.Mstatus & CsrFile.MstatusTvm) != 0) return false;
        if (!allAsids && (asid & 0xFFFF) != ((Csrs.Satp >> 44) & 0xFFFF)) return true;
        if (allVa) Mmu.Flush();
        else Mmu.FlushAddress(va);
        return true;
    }
}
