// CSR access rules: privilege from csr[9:8], read-only from csr[11:10], unknown CSRs, fixed machine
// information registers, FP CSRs and mstatus.FS, PMP storage, trigger CSRs.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public unsafe class CsrAccessTests
{
    [Theory]
    [InlineData(CsrNumber.Mstatus, Privilege.Supervisor)]
    [InlineData(CsrNumber.Mstatus, Privilege.User)]
    [InlineData(CsrNumber.Mscratch, Privilege.Supervisor)]
    [InlineData(CsrNumber.Sstatus, Privilege.User)]
    [InlineData(CsrNumber.Satp, Privilege.User)]
    [InlineData(CsrNumber.Mhartid, Privilege.Supervisor)]
    public void CsrAboveThePrivilegeIsIllegal(uint csr, Privilege privilege)
    {
        using var h = new HartHarness();
        h.Privilege = privilege;
        Assert.False(h.Csrs.TryRead(csr, out _));
        Assert.False(h.Csrs.TryWrite(csr, 0));
    }

    [Fact]
    public void SupervisorReachesItsOwnCsrs()
    {
        using var h = new HartHarness();
        h.Privilege = Privilege.Supervisor;
        h.Write(CsrNumber.Sscratch, 0x1234);
        Assert.Equal(0x1234UL, h.Read(CsrNumber.Sscratch));
        Assert.Equal(0x1234UL, h.Csrs.Sscratch);
    }

    [Theory]
    [InlineData(CsrNumber.Mhartid)]
    [InlineData(CsrNumber.Mvendorid)]
    [InlineData(CsrNumber.Cycle)]
    [InlineData(CsrNumber.Time)]
    [InlineData(CsrNumber.Instret)]
    [InlineData(CsrNumber.Hpmcounter3)]
    public void WritingReadOnlyCsrIsIllegalEvenInMachineMode(uint csr)
    {
        using var h = new HartHarness();
        Assert.True(h.Csrs.TryRead(csr, out _));
        Assert.False(h.Csrs.TryWrite(csr, 1));
    }

    [Theory]
    [InlineData(0x7C0u)] // custom
    [InlineData(0x200u)] // vsstatus: no hypervisor
    [InlineData(0x600u)] // hstatus
    [InlineData(0x3A1u)] // pmpcfg1 exists only on RV32
    [InlineData(0xC80u)] // cycleh exists only on RV32
    [InlineData(0x7B0u)] // dcsr: debug mode only
    [InlineData(0x015u)] // seed: no Zkr
    [InlineData(0x1000u)] // outside the 12-bit space
    public void UnknownCsrIsIllegal(uint csr)
    {
        using var h = new HartHarness();
        Assert.False(h.Csrs.TryRead(csr, out _));
        Assert.False(h.Csrs.TryWrite(csr, 0));
    }

    [Fact]
    public void MachineInformationRegisters()
    {
        using var h = new HartHarness(hartId: 3);
        Assert.Equal(3UL, h.Read(CsrNumber.Mhartid));
        Assert.Equal(0UL, h.Read(CsrNumber.Mvendorid));
        Assert.Equal(0UL, h.Read(CsrNumber.Marchid));
        Assert.Equal(0UL, h.Read(CsrNumber.Mimpid));
        Assert.Equal(0UL, h.Read(CsrNumber.Mconfigptr));
    }

    [Fact]
    public void MisaIsRv64ImafdcsuAndIgnoresWrites()
    {
        using var h = new HartHarness();
        ulong misa = h.Read(CsrNumber.Misa);
        Assert.Equal(2UL, misa >> 62);
        foreach (char ext in "ACDFIMSU") Assert.True(((misa >> (ext - 'A')) & 1) != 0, $"misa.{ext}");
        foreach (char ext in "BEHNQV") Assert.True(((misa >> (ext - 'A')) & 1) == 0, $"misa.{ext}");
        h.Write(CsrNumber.Misa, 0);
        Assert.Equal(misa, h.Read(CsrNumber.Misa));
    }

    [Theory]
    [InlineData(CsrNumber.Fflags)]
    [InlineData(CsrNumber.Frm)]
    [InlineData(CsrNumber.Fcsr)]
    public void FpCsrsAreIllegalWhileFsIsOff(uint csr)
    {
        using var h = new HartHarness();
        Assert.False(h.Csrs.FpEnabled);
        Assert.False(h.Csrs.TryRead(csr, out _));
        Assert.False(h.Csrs.TryWrite(csr, 0));
    }

    [Fact]
    public void FpCsrsAreViewsOfCpuStateAndDirtyTheFpState()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, 1UL << 13); // FS = Initial
        Assert.True(h.Csrs.FpEnabled);
        h.Hart.State->Fflags = 0b10101;
        h.Hart.State->Frm = 3;
        Assert.Equal((3UL << 5) | 0b10101, h.Read(CsrNumber.Fcsr));
        Assert.Equal(1UL << 13, h.Csrs.Mstatus & CsrFile.MstatusFs); // reads do not dirty

        h.Write(CsrNumber.Fcsr, 0xFFFF_FFFF);
        Assert.Equal(0x1FU, h.Hart.State->Fflags);
        Assert.Equal(7U, h.Hart.State->Frm);
        Assert.Equal(CsrFile.MstatusFs, h.Csrs.Mstatus & CsrFile.MstatusFs);
        Assert.NotEqual(0UL, h.Csrs.Mstatus & CsrFile.MstatusSd);

        h.Write(CsrNumber.Frm, 0x21); // 3 bits kept
        Assert.Equal(1UL, h.Read(CsrNumber.Frm));
        h.Write(CsrNumber.Fflags, 0x40 | 0x3); // 5 bits kept
        Assert.Equal(3UL, h.Read(CsrNumber.Fflags));
        Assert.Equal((1UL << 5) | 3, h.Read(CsrNumber.Fcsr));
    }

    [Fact]
    public void FpCsrsAreReachableFromUserMode()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, 1UL << 13);
        h.Privilege = Privilege.User;
        h.Write(CsrNumber.Fflags, 1);
        Assert.Equal(1UL, h.Read(CsrNumber.Fflags));
    }

    [Fact]
    public void MarkFpDirtySetsFsAndSd()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, 2UL << 13); // FS = Clean
        h.Csrs.MarkFpDirty();
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        Assert.Equal(3UL, (mstatus >> 13) & 3);
        Assert.Equal(1UL, mstatus >> 63);
        Assert.Equal(1UL, h.Read(CsrNumber.Sstatus) >> 63);
    }

    [Fact]
    public void PmpAddressKeeps54BitsAndConfigIsLegalised()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Pmpaddr0 + 5, ulong.MaxValue);
        Assert.Equal((1UL << 54) - 1, h.Read(CsrNumber.Pmpaddr0 + 5));
        Assert.Equal(0UL, h.Read(CsrNumber.Pmpaddr0 + 6));

        // Entry 0: NAPOT RWX; entry 1: reserved bits 6:5 set; entry 2: W without R (reserved) -> W cleared.
        h.Write(CsrNumber.Pmpcfg0, 0x02_7F_1F);
        Assert.Equal(0x00_1F_1FUL, h.Read(CsrNumber.Pmpcfg0));
        Assert.Equal((byte)0x1F, h.Csrs.PmpConfig(0));

        h.Write(CsrNumber.Pmpcfg0 + 2, 0x0B); // entry 8: TOR R X
        Assert.Equal(0x0BUL, h.Read(CsrNumber.Pmpcfg0 + 2));
        Assert.Equal((byte)0x0B, h.Csrs.PmpConfig(8));
        h.Write(CsrNumber.Pmpcfg0 + 14, 0xFFUL << 56); // entry 63
        Assert.Equal(0x9FUL << 56, h.Read(CsrNumber.Pmpcfg0 + 14));
    }

    [Fact]
    public void LockedPmpEntryIgnoresWrites()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Pmpaddr0, 0x1000);
        h.Write(CsrNumber.Pmpaddr0 + 1, 0x2000);
        h.Write(CsrNumber.Pmpcfg0, 0x89UL << 8); // entry 1: locked TOR R
        h.Write(CsrNumber.Pmpcfg0, 0x0F0F);
        Assert.Equal(0x89_0FUL, h.Read(CsrNumber.Pmpcfg0)); // entry 0 changed, entry 1 did not
        h.Write(CsrNumber.Pmpaddr0 + 1, 0x3000);
        h.Write(CsrNumber.Pmpaddr0, 0x4000); // base of a locked TOR entry: locked too
        Assert.Equal(0x2000UL, h.Read(CsrNumber.Pmpaddr0 + 1));
        Assert.Equal(0x1000UL, h.Read(CsrNumber.Pmpaddr0));
    }

    [Fact]
    public void NoTriggers()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Tselect, 5);
        h.Write(CsrNumber.Tdata1, ulong.MaxValue);
        Assert.Equal(0UL, h.Read(CsrNumber.Tselect));
        Assert.Equal(0UL, h.Read(CsrNumber.Tdata1));
        Assert.Equal(0UL, h.Read(CsrNumber.Tdata2));
    }
}
