// mret and sret transitions (privilege, xIE/xPIE/xPP, MPRV clearing, pc), their legality, and the
// legality rules of wfi and sfence.vma.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class TrapReturnTests
{
    [Theory]
    [InlineData(0UL, Privilege.User)]
    [InlineData(1UL, Privilege.Supervisor)]
    public void MretToLowerPrivilegeClearsMprv(ulong mpp, Privilege expected)
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMpie | CsrFile.MstatusMprv | (mpp << 11));
        h.Write(CsrNumber.Mepc, 0x8000_1234);

        Assert.True(h.Hart.Mret());

        Assert.Equal(expected, h.Privilege);
        Assert.Equal(0x8000_1234UL, h.Hart.Pc);
        ulong mstatus = h.Csrs.Mstatus;
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMie);  // MIE = MPIE
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMpie); // MPIE = 1
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMpp);     // MPP = U
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMprv);
    }

    [Fact]
    public void MretToMachineKeepsMprvAndCopiesMpie()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusMprv | CsrFile.MstatusMpp); // MPIE = 0
        Assert.True(h.Hart.Mret());
        Assert.Equal(Privilege.Machine, h.Privilege);
        ulong mstatus = h.Csrs.Mstatus;
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMprv);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMpie);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMpp);
    }

    [Theory]
    [InlineData(Privilege.Supervisor)]
    [InlineData(Privilege.User)]
    public void MretBelowMachineIsIllegal(Privilege privilege)
    {
        using var h = new HartHarness();
        h.Hart.Pc = 0x100;
        h.Privilege = privilege;
        Assert.False(h.Hart.Mret());
        Assert.Equal(privilege, h.Privilege);
        Assert.Equal(0x100UL, h.Hart.Pc);
    }

    [Fact]
    public void SretReturnsToSppAndClearsMprv()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusSpie | CsrFile.MstatusSpp | CsrFile.MstatusMprv);
        h.Write(CsrNumber.Sepc, 0x8000_5678);
        Assert.True(h.Hart.Sret()); // from M-mode: legal
        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal(0x8000_5678UL, h.Hart.Pc);
        ulong mstatus = h.Csrs.Mstatus;
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusSie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusSpie);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusSpp);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMprv);

        // Again from S-mode, now with SPP = U and SPIE = 1, SIE = 1 -> SIE stays 1 (SPIE copied).
        h.Csrs.Sepc = 0x4000;
        Assert.True(h.Hart.Sret());
        Assert.Equal(Privilege.User, h.Privilege);
        Assert.Equal(0x4000UL, h.Hart.Pc);
    }

    [Fact]
    public void SretIsIllegalInUserModeAndUnderTsrInSupervisorMode()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusTsr | CsrFile.MstatusSpp);
        h.Privilege = Privilege.User;
        Assert.False(h.Hart.Sret());
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Hart.Sret());
        h.Privilege = Privilege.Machine;
        Assert.True(h.Hart.Sret()); // TSR only traps S-mode
        Assert.Equal(Privilege.Supervisor, h.Privilege);
    }

    [Fact]
    public void WfiLegality()
    {
        using var h = new HartHarness();
        Assert.True(h.Hart.Wfi());
        Assert.True(h.Hart.WaitingForInterrupt);

        h.Hart.WaitingForInterrupt = false;
        h.Privilege = Privilege.Supervisor;
        Assert.True(h.Hart.Wfi());
        h.Csrs.Mstatus |= CsrFile.MstatusTw;
        h.Hart.WaitingForInterrupt = false;
        Assert.False(h.Hart.Wfi());
        Assert.False(h.Hart.WaitingForInterrupt);
        h.Privilege = Privilege.Machine;
        Assert.True(h.Hart.Wfi()); // TW does not apply to M-mode
        h.Csrs.Mstatus &= ~CsrFile.MstatusTw;
        h.Privilege = Privilege.User;
        Assert.False(h.Hart.Wfi()); // U-mode wfi is always illegal when S-mode exists
    }

    [Fact]
    public void SfenceVmaLegalityAndFlush()
    {
        using var h = new HartHarness();
        h.Privilege = Privilege.User;
        Assert.False(h.Hart.SfenceVma(0, 0, true));
        h.Privilege = Privilege.Supervisor;
        long before = h.Hart.Mmu.FetchEpoch;
        Assert.True(h.Hart.SfenceVma(0x1000, 0, false));
        Assert.True(h.Hart.SfenceVma(0, 0, true));
        Assert.Equal(before + 2, h.Hart.Mmu.FetchEpoch);
        h.Csrs.Mstatus |= CsrFile.MstatusTvm;
        Assert.False(h.Hart.SfenceVma(0, 0, true));
        h.Privilege = Privilege.Machine;
        Assert.True(h.Hart.SfenceVma(0, 0, true));
    }
}
