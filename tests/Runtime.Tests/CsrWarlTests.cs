// WARL legalisation of mstatus, medeleg, mideleg, mie/mip, satp, mtvec/stvec, xepc, envcfg, and the
// sstatus/sie/sip views of the M-level registers.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class CsrWarlTests
{
    [Fact]
    public void MstatusResetHas64BitUxlAndSxl()
    {
        using var h = new HartHarness();
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        Assert.Equal(2UL, (mstatus >> 32) & 3);
        Assert.Equal(2UL, (mstatus >> 34) & 3);
        Assert.Equal(2UL, (h.Read(CsrNumber.Sstatus) >> 32) & 3);
    }

    [Fact]
    public void MstatusKeepsOnlyImplementedFields()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, ulong.MaxValue);
        ulong mstatus = h.Read(CsrNumber.Mstatus);
        // SIE MIE SPIE MPIE SPP MPP(3) FS(3) MPRV SUM MXR TVM TW TSR, UXL=SXL=2, SD (FS dirty)
        ulong expected = (1UL << 1) | (1UL << 3) | (1UL << 5) | (1UL << 7) | (1UL << 8) | (3UL << 11) | (3UL << 13)
            | (1UL << 17) | (1UL << 18) | (1UL << 19) | (1UL << 20) | (1UL << 21) | (1UL << 22)
            | (2UL << 32) | (2UL << 34) | (1UL << 63);
        Assert.Equal(expected, mstatus);

        h.Write(CsrNumber.Mstatus, 0);
        Assert.Equal((2UL << 32) | (2UL << 34), h.Read(CsrNumber.Mstatus)); // UXL/SXL cannot be changed
    }

    [Fact]
    public void MstatusMppTwoBecomesUser()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, 1UL << 11); // MPP = S
        Assert.Equal(1UL, (h.Read(CsrNumber.Mstatus) >> 11) & 3);
        h.Write(CsrNumber.Mstatus, 2UL << 11); // reserved
        Assert.Equal(0UL, (h.Read(CsrNumber.Mstatus) >> 11) & 3);
        h.Write(CsrNumber.Mstatus, 3UL << 11);
        Assert.Equal(3UL, (h.Read(CsrNumber.Mstatus) >> 11) & 3);
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 0UL)]
    [InlineData(2UL, 0UL)]
    [InlineData(3UL, 1UL)]
    public void SdSummarisesFs(ulong fs, ulong sd)
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, fs << 13);
        Assert.Equal(sd, h.Read(CsrNumber.Mstatus) >> 63);
        Assert.Equal(sd, h.Read(CsrNumber.Sstatus) >> 63);
    }

    [Fact]
    public void SstatusIsARestrictedViewOfMstatus()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusMpp | CsrFile.MstatusSie | CsrFile.MstatusTvm);
        h.Privilege = Privilege.Supervisor;
        ulong sstatus = h.Read(CsrNumber.Sstatus);
        Assert.Equal(CsrFile.MstatusSie | (2UL << 32), sstatus); // MIE, MPP, TVM, SXL hidden

        // S-mode writes reach SIE SPIE SPP FS SUM MXR only.
        h.Write(CsrNumber.Sstatus, ulong.MaxValue & ~CsrFile.MstatusSie);
        ulong mstatus = h.ReadAsMachine(CsrNumber.Mstatus);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusSie);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusMie);       // untouched
        Assert.Equal(CsrFile.MstatusMpp, mstatus & CsrFile.MstatusMpp);
        Assert.NotEqual(0UL, mstatus & CsrFile.MstatusTvm);
        Assert.Equal(0UL, mstatus & CsrFile.MstatusMprv);         // not writable through sstatus
        ulong sWritable = CsrFile.MstatusSpie | CsrFile.MstatusSpp | CsrFile.MstatusFs | CsrFile.MstatusSum | CsrFile.MstatusMxr;
        Assert.Equal(sWritable, mstatus & sWritable);
        Assert.Equal(0UL, mstatus & ((1UL << 6) | (3UL << 9) | (3UL << 15))); // UBE, VS, XS read-only 0
        Assert.Equal(1UL, h.Read(CsrNumber.Sstatus) >> 63);
    }

    [Fact]
    public void MstatusTranslationFieldsFlushTheTlb()
    {
        using var h = new HartHarness();
        long before = h.Hart.Mmu.Flushes;
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        Assert.Equal(before, h.Hart.Mmu.Flushes);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusSum);
        Assert.Equal(before, h.Hart.Mmu.Flushes); // SUM only grants: what the views hold stays valid (TlbViewSetTests)
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusSum | CsrFile.MstatusMxr);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusSum | CsrFile.MstatusMxr | CsrFile.MstatusMprv);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie | CsrFile.MstatusSum | CsrFile.MstatusMxr | CsrFile.MstatusMprv | (1UL << 11));
        Assert.Equal(before + 3, h.Hart.Mmu.Flushes);
    }

    [Fact]
    public void MedelegCannotDelegateEcallFromMachine()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Medeleg, ulong.MaxValue);
        ulong medeleg = h.Read(CsrNumber.Medeleg);
        Assert.Equal(0xB3FFUL, medeleg);
        Assert.Equal(0UL, (medeleg >> 11) & 1);
        Assert.Equal(1UL, (medeleg >> 8) & 1); // ecall from U
        Assert.Equal(1UL, (medeleg >> 15) & 1); // store page fault
    }

    [Fact]
    public void MidelegOnlyDelegatesSupervisorInterrupts()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mideleg, ulong.MaxValue);
        Assert.Equal(CsrFile.Ssip | CsrFile.Stip | CsrFile.Seip, h.Read(CsrNumber.Mideleg));
    }

    [Fact]
    public void MieHasTheSixStandardInterrupts()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mie, ulong.MaxValue);
        Assert.Equal(0xAAAUL, h.Read(CsrNumber.Mie));
    }

    [Fact]
    public void MipSoftwareWritesReachOnlySupervisorBits()
    {
        using var h = new HartHarness();
        h.Hart.Mip = CsrFile.Mtip | CsrFile.Msip;
        h.Write(CsrNumber.Mip, 0);
        Assert.Equal(CsrFile.Mtip | CsrFile.Msip, h.Read(CsrNumber.Mip)); // device bits stay
        h.Write(CsrNumber.Mip, ulong.MaxValue);
        Assert.Equal(CsrFile.Mtip | CsrFile.Msip | CsrFile.Ssip | CsrFile.Stip | CsrFile.Seip, h.Read(CsrNumber.Mip));
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Meip);
    }

    [Fact]
    public void SieAndSipShowOnlyDelegatedInterrupts()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mie, CsrFile.Mtip | CsrFile.Stip | CsrFile.Ssip);
        h.Write(CsrNumber.Mip, CsrFile.Stip | CsrFile.Ssip);
        h.Write(CsrNumber.Mideleg, CsrFile.Stip);
        h.Privilege = Privilege.Supervisor;
        Assert.Equal(CsrFile.Stip, h.Read(CsrNumber.Sie));
        Assert.Equal(CsrFile.Stip, h.Read(CsrNumber.Sip));

        // sie writes only reach delegated bits; the M-level bits of mie stay.
        h.Write(CsrNumber.Sie, 0);
        Assert.Equal(CsrFile.Mtip | CsrFile.Ssip, h.ReadAsMachine(CsrNumber.Mie));
        h.Write(CsrNumber.Sie, ulong.MaxValue);
        Assert.Equal(CsrFile.Mtip | CsrFile.Ssip | CsrFile.Stip, h.ReadAsMachine(CsrNumber.Mie));

        // sip.SSIP is writable only when SSI is delegated; STIP never is from S-mode.
        h.Write(CsrNumber.Sip, 0);
        Assert.Equal(CsrFile.Stip | CsrFile.Ssip, h.ReadAsMachine(CsrNumber.Mip));
        h.WriteAsMachine(CsrNumber.Mideleg, CsrFile.Stip | CsrFile.Ssip);
        h.Write(CsrNumber.Sip, 0);
        Assert.Equal(CsrFile.Stip, h.ReadAsMachine(CsrNumber.Mip));
        h.Write(CsrNumber.Sip, CsrFile.Ssip);
        Assert.Equal(CsrFile.Stip | CsrFile.Ssip, h.Read(CsrNumber.Sip));
    }

    [Theory]
    [InlineData(CsrNumber.Mtvec)]
    [InlineData(CsrNumber.Stvec)]
    public void TvecKeepsLegalModes(uint csr)
    {
        using var h = new HartHarness();
        h.Write(csr, 0x8000_1000);
        Assert.Equal(0x8000_1000UL, h.Read(csr));
        h.Write(csr, 0x8000_2001); // vectored
        Assert.Equal(0x8000_2001UL, h.Read(csr));
        h.Write(csr, 0x8000_3002); // reserved mode: ignored
        Assert.Equal(0x8000_2001UL, h.Read(csr));
        h.Write(csr, 0x8000_3003);
        Assert.Equal(0x8000_2001UL, h.Read(csr));
    }

    [Theory]
    [InlineData(CsrNumber.Mepc)]
    [InlineData(CsrNumber.Sepc)]
    public void EpcClearsBitZero(uint csr)
    {
        using var h = new HartHarness();
        h.Write(csr, 0x8000_0007);
        Assert.Equal(0x8000_0006UL, h.Read(csr));
    }

    [Fact]
    public void SatpAcceptsBareSv39Sv48Sv57AndIgnoresOtherModes()
    {
        using var h = new HartHarness();
        ulong sv39 = (8UL << 60) | (0x1234UL << 44) | 0x80123;
        h.Write(CsrNumber.Satp, sv39);
        Assert.Equal(sv39, h.Read(CsrNumber.Satp));
        h.Write(CsrNumber.Satp, (5UL << 60) | 0x1); // reserved mode: the whole write is ignored
        Assert.Equal(sv39, h.Read(CsrNumber.Satp));
        h.Write(CsrNumber.Satp, (11UL << 60) | 0x1); // Sv64: not implemented
        Assert.Equal(sv39, h.Read(CsrNumber.Satp));
        ulong sv48 = (9UL << 60) | 0x80456;
        h.Write(CsrNumber.Satp, sv48);
        Assert.Equal(sv48, h.Read(CsrNumber.Satp));
        h.Write(CsrNumber.Satp, 0);
        Assert.Equal(0UL, h.Csrs.Satp);
    }

    [Fact]
    public void SatpWriteFlushesTheTlb()
    {
        using var h = new HartHarness();
        long before = h.Hart.Mmu.Flushes;
        h.Write(CsrNumber.Satp, (8UL << 60) | 0x80001);
        Assert.Equal(before + 1, h.Hart.Mmu.Flushes);
        h.Write(CsrNumber.Satp, (6UL << 60) | 0x80001); // ignored: no flush
        Assert.Equal(before + 1, h.Hart.Mmu.Flushes);
    }

    [Fact]
    public void TvmMakesSatpIllegalInSupervisorMode()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusTvm);
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Csrs.TryRead(CsrNumber.Satp, out _));
        Assert.False(h.Csrs.TryWrite(CsrNumber.Satp, 0));
        h.Privilege = Privilege.Machine;
        h.Write(CsrNumber.Satp, (8UL << 60) | 1);
        Assert.Equal((8UL << 60) | 1, h.Read(CsrNumber.Satp));
        h.Write(CsrNumber.Mstatus, 0);
        h.Privilege = Privilege.Supervisor;
        Assert.Equal((8UL << 60) | 1, h.Read(CsrNumber.Satp));
    }

    [Theory]
    [InlineData(CsrNumber.Mscratch)]
    [InlineData(CsrNumber.Sscratch)]
    [InlineData(CsrNumber.Mcause)]
    [InlineData(CsrNumber.Scause)]
    [InlineData(CsrNumber.Mtval)]
    [InlineData(CsrNumber.Stval)]
    public void PlainRegistersHoldAnyValue(uint csr)
    {
        using var h = new HartHarness();
        h.Write(csr, 0xDEAD_BEEF_0123_4567);
        Assert.Equal(0xDEAD_BEEF_0123_4567UL, h.Read(csr));
    }

    [Theory]
    [InlineData(CsrNumber.Mcounteren)]
    [InlineData(CsrNumber.Scounteren)]
    public void CounterEnablesAre32Bits(uint csr)
    {
        using var h = new HartHarness();
        h.Write(csr, ulong.MaxValue);
        Assert.Equal(0xFFFF_FFFFUL, h.Read(csr));
    }
}
