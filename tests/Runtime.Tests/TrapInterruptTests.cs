// Interrupts: enable rules per privilege (global MIE/SIE, delegation), priority order, M-level before
// S-level, vectored entry, wfi wake-up on pending-and-enabled regardless of global enables.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class TrapInterruptTests
{
    private const ulong Mtvec = 0x8000_4000, Stvec = 0x8000_8000, Pc = 0x8000_0100;
    private const ulong InterruptBit = 1UL << 63;

    private static HartHarness NewHart(bool vectored = false)
    {
        var h = new HartHarness();
        h.Write(CsrNumber.Mtvec, Mtvec | (vectored ? 1UL : 0));
        h.Write(CsrNumber.Stvec, Stvec | (vectored ? 1UL : 0));
        h.Hart.Pc = Pc;
        return h;
    }

    [Fact]
    public void MachineInterruptNeedsMieInMachineMode()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mie, CsrFile.Mtip);
        h.Hart.Mip = CsrFile.Mtip;
        Assert.False(h.Hart.CheckInterrupts());
        Assert.Equal(Pc, h.Hart.Pc);

        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Mtvec, h.Hart.Pc);
        Assert.Equal(InterruptBit | 7, h.Read(CsrNumber.Mcause));
        Assert.Equal(Pc, h.Read(CsrNumber.Mepc));
        Assert.Equal(0UL, h.Read(CsrNumber.Mtval));
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMpie);
        Assert.Equal(3UL, (mstatus >> 11) & 3);
    }

    [Fact]
    public void InterruptNotEnabledInMieIsNeverTaken()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        h.Hart.Mip = CsrFile.Mtip | CsrFile.Msip;
        h.Write(CsrNumber.Mie, CsrFile.Meip);
        Assert.False(h.Hart.CheckInterrupts());
        Assert.False(h.Hart.InterruptPending);
    }

    [Theory]
    [InlineData(Privilege.User)]
    [InlineData(Privilege.Supervisor)]
    public void MachineInterruptIsAlwaysEnabledBelowMachine(Privilege privilege)
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mie, CsrFile.Msip);
        h.Hart.Mip = CsrFile.Msip;
        h.Privilege = privilege; // MIE = 0
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Privilege.Machine, h.Privilege);
        Assert.Equal(InterruptBit | 3, h.Read(CsrNumber.Mcause));
        Assert.Equal((ulong)privilege, (h.Read(CsrNumber.Mstatus) >> 11) & 3);
    }

    [Fact]
    public void VectoredInterruptGoesToBasePlusFourTimesCause()
    {
        using var h = NewHart(vectored: true);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        h.Write(CsrNumber.Mie, CsrFile.Mtip);
        h.Hart.Mip = CsrFile.Mtip;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Mtvec + 4 * 7, h.Hart.Pc);

        using var s = NewHart(vectored: true);
        s.Write(CsrNumber.Mideleg, CsrFile.Seip);
        s.Write(CsrNumber.Mie, CsrFile.Seip);
        s.Hart.Mip = CsrFile.Seip;
        s.Privilege = Privilege.User;
        Assert.True(s.Hart.CheckInterrupts());
        Assert.Equal(Stvec + 4 * 9, s.Hart.Pc);
        Assert.Equal(InterruptBit | 9, s.Csrs.Scause);
    }

    [Theory]
    [InlineData(CsrFile.Meip | CsrFile.Msip | CsrFile.Mtip | CsrFile.Seip | CsrFile.Ssip | CsrFile.Stip, 11)]
    [InlineData(CsrFile.Msip | CsrFile.Mtip | CsrFile.Seip | CsrFile.Ssip | CsrFile.Stip, 3)]
    [InlineData(CsrFile.Mtip | CsrFile.Seip | CsrFile.Ssip | CsrFile.Stip, 7)]
    [InlineData(CsrFile.Seip | CsrFile.Ssip | CsrFile.Stip, 9)]
    [InlineData(CsrFile.Ssip | CsrFile.Stip, 1)]
    [InlineData(CsrFile.Stip, 5)]
    public void PriorityOrderAmongMachineInterrupts(ulong pending, ulong expectedCause)
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        h.Write(CsrNumber.Mie, ulong.MaxValue);
        h.Hart.Mip = pending;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(InterruptBit | expectedCause, h.Csrs.Mcause);
    }

    [Fact]
    public void PriorityOrderAmongDelegatedInterrupts()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mideleg, ulong.MaxValue);
        h.Write(CsrNumber.Mie, ulong.MaxValue);
        h.Privilege = Privilege.User;
        ulong[] expected = [9, 1, 5];
        h.Hart.Mip = CsrFile.Seip | CsrFile.Ssip | CsrFile.Stip;
        foreach (ulong cause in expected)
        {
            h.Privilege = Privilege.User;
            Assert.True(h.Hart.CheckInterrupts());
            Assert.Equal(Privilege.Supervisor, h.Privilege);
            Assert.Equal(InterruptBit | cause, h.Csrs.Scause);
            h.Hart.Mip &= ~(1UL << (int)cause);
        }
    }

    [Fact]
    public void MachineLevelInterruptBeatsDelegatedOneOfHigherPriority()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mideleg, CsrFile.Seip);
        h.Write(CsrNumber.Mie, CsrFile.Seip | CsrFile.Stip);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusSie);
        h.Hart.Mip = CsrFile.Seip | CsrFile.Stip; // STI is not delegated: M-level
        h.Privilege = Privilege.Supervisor;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Privilege.Machine, h.Privilege);
        Assert.Equal(InterruptBit | 5, h.Csrs.Mcause);
    }

    [Fact]
    public void DelegatedInterruptEnableRules()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mideleg, CsrFile.Stip);
        h.Write(CsrNumber.Mie, CsrFile.Stip);
        h.Hart.Mip = CsrFile.Stip;

        // Never in M-mode, even with SIE and MIE.
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusSie | CsrFile.MstatusMie);
        Assert.False(h.Hart.CheckInterrupts());

        // In S-mode only with SIE.
        h.Csrs.Mstatus = 0;
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Hart.CheckInterrupts());
        h.Csrs.Mstatus = CsrFile.MstatusSie;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal(Stvec, h.Hart.Pc);
        Assert.Equal(Pc, h.Csrs.Sepc);
        Assert.NotEqual(0UL, h.Csrs.Mstatus & CsrFile.MstatusSpp);
        Assert.NotEqual(0UL, h.Csrs.Mstatus & CsrFile.MstatusSpie);
        Assert.Equal(0UL, h.Csrs.Mstatus & CsrFile.MstatusSie);

        // In U-mode whatever SIE says.
        h.Csrs.Mstatus = 0;
        h.Privilege = Privilege.User;
        h.Hart.Pc = Pc;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal(0UL, h.Csrs.Mstatus & CsrFile.MstatusSpp);
    }

    [Fact]
    public void WfiWakesOnPendingEnabledInterruptEvenWithGlobalEnableOff()
    {
        using var h = NewHart();
        Assert.True(h.Hart.Wfi());
        h.Write(CsrNumber.Mie, CsrFile.Msip);
        Assert.False(h.Hart.CheckInterrupts());
        Assert.True(h.Hart.WaitingForInterrupt); // nothing pending

        h.Hart.Mip = CsrFile.Mtip; // pending but not enabled in mie: keeps sleeping
        Assert.False(h.Hart.CheckInterrupts());
        Assert.True(h.Hart.WaitingForInterrupt);

        h.Hart.Mip |= CsrFile.Msip; // pending and enabled, MIE = 0: wakes without trapping
        Assert.True(h.Hart.InterruptPending);
        Assert.False(h.Hart.CheckInterrupts());
        Assert.False(h.Hart.WaitingForInterrupt);
        Assert.Equal(Pc, h.Hart.Pc);
    }

    [Fact]
    public void CheckInterruptsPollsTheTimerCompare()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        h.Write(CsrNumber.Mie, CsrFile.Mtip);
        h.Hart.Mtimecmp = 1000;
        h.Now = 999;
        Assert.False(h.Hart.CheckInterrupts());
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Mtip);
        h.Now = 1000;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(InterruptBit | 7, h.Csrs.Mcause);

        // Moving the compare ahead clears MTIP at the next poll.
        h.Hart.Mtimecmp = 5000;
        h.Hart.CheckInterrupts();
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Mtip);
    }

    [Fact]
    public void InterruptReturnsThroughMretToTheInterruptedCode()
    {
        using var h = NewHart();
        h.Write(CsrNumber.Mie, CsrFile.Msip);
        h.Hart.Mip = CsrFile.Msip;
        h.Write(CsrNumber.Mstatus, 0);
        h.Privilege = Privilege.User;
        Assert.True(h.Hart.CheckInterrupts());
        h.Hart.Mip = 0; // handler clears msip
        Assert.True(h.Hart.Mret());
        Assert.Equal(Privilege.User, h.Privilege);
        Assert.Equal(Pc, h.Hart.Pc);
    }
}
