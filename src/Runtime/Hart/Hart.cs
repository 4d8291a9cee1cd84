using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Hart;

/// <summary>
/// One RISC-V hardware thread: the current <see cref="CpuState"/> context, the privilege level, the CSRs,
/// the MMU and the bus. Engines (interpreter, translator) execute instructions against a Hart; the trap,
/// interrupt and CSR rules live in the partial files Hart.Traps.cs and CsrFile.cs. A Hart has no static
/// state, so several can run on different host threads.
/// </summary>
public sealed unsafe partial class Hart : IDisposable
{
    private CpuState* ownState;

    /// <summary>The context being executed. Swapping it switches guest threads (Linux mode).</summary>
    public CpuState* State { get; set; }

    /// <summary>The privilege the hart runs at; a change selects the MMU's views for it (<see cref="Mmu.ViewsPerPrivilege"/>).</summary>
    public Privilege Privilege
    {
        get => privilege;
        internal set
        {
            privilege = value;
            Mmu?.SelectViews();
        }
    }
    private Privilege privilege = Privilege.Machine;

    public Bus Bus { get; }
    public Mmu Mmu { get; }
    public CsrFile Csrs { get; }

    /// <summary>Instructions retired (minstret/instret). Engines keep it current at every exit and before CSR reads.</summary>
    public long Instret;

    /// <summary>LR/SC reservation: the physical address reserved by the last LR, or ulong.MaxValue for none.</summary>
    public ulong Reservation = ulong.MaxValue;

    /// <summary>The value LR read: like QEMU, an SC succeeds only while memory still holds it, which also makes
    /// a store of a different value by this or another hart break the reservation.</summary>
    public ulong ReservationValue;

    /// <summary>
    /// Linux (user-mode) emulation: exceptions raised in U-mode are not delivered to stvec/mtvec but handed
    /// back to the host kernel as a <see cref="Trap"/> value (the kernel lives outside the guest).
    /// </summary>
    public bool TrapsToHost { get; set; }

    /// <summary>
    /// A debugger is attached (gdb stub): breakpoint exceptions (ebreak) and watchpoint hits
    /// (<see cref="ExceptionCause.DebugWatch"/>) are handed to the host in every privilege, as
    /// <see cref="HostTrap"/>; the debugger gives the guest back the ebreaks that are not its own.
    /// </summary>
    public bool DebugTraps { get; set; }

    /// <summary>The trap an engine stopped on when <see cref="TrapsToHost"/> handed it to the host.</summary>
    public Trap HostTrap;

    /// <summary>Set by a device (HTIF exit) or the host (timeout, signal) to make the engine return at its next check.</summary>
    public volatile bool StopRequested;

    /// <summary>Set by wfi until an interrupt becomes pending.</summary>
    public bool WaitingForInterrupt;

    /// <summary>Source of the `time` CSR and CLINT mtime (ticks).</summary>
    public Func<ulong> Time { get; set; } = () => 0;

    public ulong HartId { get; }

    /// <param name="bus">The physical address space.</param>
    /// <param name="hartId">mhartid.</param>
    /// <param name="viewsPerPrivilege">See <see cref="Mmu.ViewsPerPrivilege"/> (system machines).</param>
    public Hart(Bus bus, ulong hartId = 0, bool viewsPerPrivilege = false)
    {
        Bus = bus;
        HartId = hartId;
        ownState = CpuState.Allocate();
        State = ownState;
        Csrs = new CsrFile(this);
        Mmu = new Mmu(this) { ViewsPerPrivilege = viewsPerPrivilege };
    }

    public ulong Pc { get => State->Pc; set => State->Pc = value; }

    public ulong GetX(int i) => State->X[i];
    public void SetX(int i, ulong value) { if (i != 0) State->X[i] = value; }

    public void Dispose()
    {
        Mmu.Dispose();
        if (ownState != null) { CpuState.Free(ownState); ownState = null; }
    }
}
