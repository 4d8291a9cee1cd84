// Sstc (stimecmp driving STIP under menvcfg.STCE, its access gates), the envcfg registers, the external
// interrupt inputs (MEIP, the SEIP line OR-ed with the software bit) and the satp MODE probe.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public class SstcAndEnvcfgTests
{
    [Fact]
    public void EnvcfgKeepsOnlyItsFields()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Menvcfg, ulong.MaxValue);
        Assert.Equal(0xC000_0000_0000_00F1UL, h.Read(CsrNumber.Menvcfg)); // QEMU 7.2 reads the same
        h.Write(CsrNumber.Senvcfg, ulong.MaxValue);
        Assert.Equal(0xF1UL, h.Read(CsrNumber.Senvcfg));
    }

    [Fact]
    public void StimecmpDrivesStipOnlyWithStce()
    {
        using var h = new HartHarness();
        h.Now = 1000;
        h.Write(CsrNumber.Stimecmp, 500);
        h.Hart.CheckInterrupts();
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Stip); // STCE clear: stimecmp does nothing

        h.Write(CsrNumber.Menvcfg, CsrFile.EnvcfgStce);
        Assert.Equal(CsrFile.Stip, h.Read(CsrNumber.Mip) & CsrFile.Stip);
        h.Write(CsrNumber.Stimecmp, 2000);
        Assert.Equal(0UL, h.Read(CsrNumber.Mip) & CsrFile.Stip);
        h.Write(CsrNumber.Mip, CsrFile.Stip); // read-only while Sstc drives it
        Assert.Equal(0UL, h.Read(CsrNumber.Mip) & CsrFile.Stip);
        Assert.Equal(2000UL, h.Hart.NextTimerDeadline);

        h.Now = 2000;
        h.Hart.CheckInterrupts();
        Assert.Equal(CsrFile.Stip, h.Read(CsrNumber.Mip) & CsrFile.Stip);
    }

    [Fact]
    public void StimecmpInterruptIsTakenInSupervisorMode()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Stvec, 0x8000_8000);
        h.Write(CsrNumber.Mideleg, CsrFile.Stip);
        h.Write(CsrNumber.Mie, CsrFile.Stip);
        h.Write(CsrNumber.Menvcfg, CsrFile.EnvcfgStce);
        h.Write(CsrNumber.Stimecmp, 100);
        h.Privilege = Privilege.User;
        h.Hart.Pc = 0x8000_0100;
        Assert.False(h.Hart.CheckInterrupts());
        h.Now = 100;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal(Privilege.Supervisor, h.Privilege);
        Assert.Equal((1UL << 63) | 5, h.ReadAsMachine(CsrNumber.Scause));
    }

    [Fact]
    public void SupervisorReachesStimecmpOnlyWithTmAndStce()
    {
        using var h = new HartHarness();
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Csrs.TryRead(CsrNumber.Stimecmp, out _));
        h.WriteAsMachine(CsrNumber.Mcounteren, 2);
        Assert.False(h.Csrs.TryWrite(CsrNumber.Stimecmp, 5));
        h.WriteAsMachine(CsrNumber.Menvcfg, CsrFile.EnvcfgStce);
        h.WriteAsMachine(CsrNumber.Mcounteren, 0);
        Assert.False(h.Csrs.TryRead(CsrNumber.Stimecmp, out _));
        h.WriteAsMachine(CsrNumber.Mcounteren, 2);
        h.Write(CsrNumber.Stimecmp, 5);
        Assert.Equal(5UL, h.Read(CsrNumber.Stimecmp));
        h.Privilege = Privilege.User;
        Assert.False(h.Csrs.TryRead(CsrNumber.Stimecmp, out _));
    }

    [Fact]
    public void ExternalInterruptLinesSetMeipAndSeip()
    {
        using var h = new HartHarness();
        h.Hart.SetExternalInterrupt(Privilege.Machine, true);
        Assert.Equal(CsrFile.Meip, h.Read(CsrNumber.Mip) & CsrFile.Meip);
        h.Write(CsrNumber.Mip, 0); // MEIP follows the line, not software
        Assert.Equal(CsrFile.Meip, h.Read(CsrNumber.Mip) & CsrFile.Meip);
        h.Hart.SetExternalInterrupt(Privilege.Machine, false);
        Assert.Equal(0UL, h.Read(CsrNumber.Mip) & CsrFile.Meip);

        h.Hart.SetExternalInterrupt(Privilege.Supervisor, true);
        Assert.Equal(CsrFile.Seip, h.Read(CsrNumber.Mip) & CsrFile.Seip);
        h.Write(CsrNumber.Mip, 0); // clears only the software bit: the line still shows
        Assert.Equal(CsrFile.Seip, h.Read(CsrNumber.Mip) & CsrFile.Seip);
        h.Write(CsrNumber.Mip, CsrFile.Seip);
        h.Hart.SetExternalInterrupt(Privilege.Supervisor, false);
        Assert.Equal(CsrFile.Seip, h.Read(CsrNumber.Mip) & CsrFile.Seip); // the software bit remains
        h.Write(CsrNumber.Mip, 0);
        Assert.Equal(0UL, h.Read(CsrNumber.Mip) & CsrFile.Seip);
    }

    [Fact]
    public void CsrrsOfMipDoesNotLatchTheSeipLine()
    {
        using var h = new HartHarness();
        h.Hart.SetExternalInterrupt(Privilege.Supervisor, true);
        Assert.True(CsrOps.Execute(h.Csrs, Op.Csrrs, CsrNumber.Mip, CsrFile.Ssip, 5, 6, out ulong old));
        Assert.Equal(CsrFile.Seip, old & CsrFile.Seip);
        h.Hart.SetExternalInterrupt(Privilege.Supervisor, false);
        Assert.Equal(CsrFile.Ssip, h.Read(CsrNumber.Mip) & (CsrFile.Ssip | CsrFile.Seip));
    }

    [Fact]
    public void RaisedLineWakesASleepingHart()
    {
        using var h = new HartHarness();
        using var slept = new ManualResetEventSlim();
        var sleeper = new Thread(() => { h.Hart.SleepUntilWoken(TimeSpan.FromMinutes(5)); slept.Set(); });
        sleeper.Start();
        Thread.Sleep(50);
        h.Hart.SetExternalInterrupt(Privilege.Supervisor, true);
        Assert.True(slept.Wait(TimeSpan.FromSeconds(60)), "the wake must end the sleep");
        sleeper.Join();
    }

    [Theory]
    [InlineData(10UL)] // Sv57
    [InlineData(9UL)]  // Sv48
    [InlineData(8UL)]  // Sv39
    [InlineData(0UL)]  // Bare
    public void SupportedSatpModesAreAccepted(ulong mode)
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Satp, (mode << 60) | 0x1234);
        Assert.Equal((mode << 60) | 0x1234, h.Read(CsrNumber.Satp));
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(1UL)]
    [InlineData(15UL)]
    public void UnsupportedSatpModeLeavesSatpUnchanged(ulong mode)
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Satp, (8UL << 60) | (3UL << 44) | 0x77);
        h.Write(CsrNumber.Satp, (mode << 60) | (5UL << 44) | 0x99);
        Assert.Equal((8UL << 60) | (3UL << 44) | 0x77, h.Read(CsrNumber.Satp));
    }
}
