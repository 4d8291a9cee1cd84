// Synchronous exception entry: M-mode and delegated S-mode traps with their xepc/xcause/xtval/xstatus
// effects, host traps in Linux mode, and TLB flushing on privilege changes.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class TrapEntryTests
{
    private const ulong Mtvec = 0x8000_4000, Stvec = 0x8000_8000;

    private static HartHarness NewHart()
    {
        var h = new HartHarness();
        h.Write(CsrNumber.Mtvec, Mtvec | 1); // vectored: exceptions still go to the base
        h.Write(CsrNumber.Stvec, Stvec | 1);
        h.Hart.Pc = 0x1_0000;
        return h;
    }

    [Fact]
    public void ExceptionFromUserTrapsToMachine()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusSie);
        h.Privilege = Privilege.User;

        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.LoadPageFault, 0xDEAD_0000), 0x1_0040));

        Assert.Equal(Privilege.Machine, h.Privilege);
        Assert.Equal(Mtvec, h.Hart.Pc);
        Assert.Equal(0x1_0040UL, h.Read(CsrNumber.Mepc));
        Assert.Equal(13UL, h.Read(CsrNumber.Mcause));
        Assert.Equal(0xDEAD_0000UL, h.Read(CsrNumber.Mtval));
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMpie);
        Assert.Equal(0UL, (mstatus >> 11) & 3); // MPP = U
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusSie); // S fields untouched
        Assert.Equal(0UL, h.Read(CsrNumber.Sepc));
    }

    [Fact]
    public void ExceptionFromMachineRecordsMachineAndClearedMpie()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMpie); // MIE = 0
        h.Write(CsrNumber.Medeleg, ulong.MaxValue); // delegation never applies to M-mode traps
        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.EcallFromMachine, 0), 0x1_0000));
        Assert.Equal(Privilege.Machine, h.Privilege);
        Assert.Equal(11UL, h.Read(CsrNumber.Mcause));
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        Assert.Equal(3UL, (mstatus >> 11) & 3);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMpie);
    }

    [Fact]
    public void DelegatedExceptionFromUserTrapsToSupervisor()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Medeleg, 1UL << 8);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusSie | CsrFile.MstatusMie | CsrFile.MstatusSpp);
        h.Privilege = Privilege.User;

        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.EcallFromUser, 0), 0x1_0044));

        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal(Stvec, h.Hart.Pc);
        Assert.Equal(0x1_0044UL, h.ReadAsMachine(CsrNumber.Sepc));
        Assert.Equal(8UL, h.ReadAsMachine(CsrNumber.Scause));
        Assert.Equal(0UL, h.ReadAsMachine(CsrNumber.Stval));
        ulong mstatus = h.ReadAsMachine(CsrNumber.Mstatus);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusSie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusSpie);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusSpp); // came from U
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMie); // M fields untouched
        Assert.Equal(0UL, h.ReadAsMachine(CsrNumber.Mepc));
        Assert.Equal(0UL, h.ReadAsMachine(CsrNumber.Mcause));
    }

    [Fact]
    public void DelegatedExceptionFromSupervisorSetsSpp()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Medeleg, 1UL << (int)ExceptionCause.IllegalInstruction);
        h.Privilege = Privilege.Supervisor;
        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.IllegalInstruction, 0x0000_0073), 0x1_0008));
        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal(2UL, h.Read(CsrNumber.Scause));
        Assert.Equal(0x73UL, h.Read(CsrNumber.Stval));
        ulong mstatus = h.ReadAsMachine(CsrNumber.Mstatus);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusSpp);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusSpie); // SIE was 0
    }

    [Fact]
    public void UndelegatedExceptionFromSupervisorGoesToMachine()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Medeleg, 1UL << 8);
        h.Privilege = Privilege.Supervisor;
        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.EcallFromSupervisor, 0), 0x1_0000));
        Assert.Equal(Privilege.Machine, h.Privilege);
        Assert.Equal(9UL, h.Read(CsrNumber.Mcause));
        Assert.Equal(1UL, (h.Read(CsrNumber.Mstatus) >> 11) & 3); // MPP = S
    }

    [Fact]
    public void LinuxModeHandsUserTrapsToTheHost()
    {
        using var h = NewHart();
        h.Hart.TrapsToHost = true;
        h.Privilege = Privilege.User;
        var trap = new Trap(ExceptionCause.EcallFromUser, 0);
        Assert.False(h.Hart.RaiseException(trap, 0x1_0000));
        Assert.Equal(trap, h.Hart.HostTrap);
        Assert.Equal(Privilege.User, h.Privilege);
        Assert.Equal(0x1_0000UL, h.Hart.Pc);
        Assert.Equal(0UL, h.Csrs.Mepc);
        Assert.Equal(0UL, h.Csrs.Mcause);
    }

    [Fact]
    public void PrivilegeChangeFlushesTheTlbOnlyWhenPagingIsOn()
    {
        using var h = NewHart();
        h.Privilege = Privilege.User;
        long before = h.Hart.Mmu.Flushes;
        h.Hart.RaiseException(new Trap(ExceptionCause.Breakpoint, 0), 0);
        Assert.Equal(before, h.Hart.Mmu.Flushes); // bare: every privilege sees the same identity map

        h.Write(CsrNumber.Satp, (8UL << 60) | (HartHarness.RamBase >> 12));
        h.Privilege = Privilege.User;
        before = h.Hart.Mmu.Flushes;
        h.Hart.RaiseException(new Trap(ExceptionCause.Breakpoint, 0), 0);
        Assert.Equal(before + 1, h.Hart.Mmu.Flushes);
    }
}
