// Counters: cycle/instret from Hart.Instret, writable mcycle/minstret, mcountinhibit, time from the hart's
// clock, QEMU's sixteen hpm counters, and the mcounteren/scounteren gates.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class CsrCounterTests
{
    [Fact]
    public void InstretAndCycleFollowRetiredInstructions()
    {
        using var h = new HartHarness();
        h.Hart.Instret = 1234;
        Assert.Equal(1234UL, h.Read(CsrNumber.Instret));
        Assert.Equal(1234UL, h.Read(CsrNumber.Minstret));
        Assert.Equal(1234UL, h.Read(CsrNumber.Cycle));
        Assert.Equal(1234UL, h.Read(CsrNumber.Mcycle));
    }

    [Fact]
    public void WrittenCounterValueIsWhatTheNextInstructionReads()
    {
        using var h = new HartHarness();
        h.Hart.Instret = 500; // instructions retired before the csrw
        h.Write(CsrNumber.Minstret, 10);
        h.Write(CsrNumber.Mcycle, 7000);
        h.Hart.Instret = 501; // the csrw retired
        Assert.Equal(10UL, h.Read(CsrNumber.Minstret));
        Assert.Equal(7000UL, h.Read(CsrNumber.Mcycle));
        h.Hart.Instret = 511;
        Assert.Equal(20UL, h.Read(CsrNumber.Instret));
        Assert.Equal(7010UL, h.Read(CsrNumber.Cycle));
    }

    [Fact]
    public void InhibitedCounterStopsAndResumesFromItsValue()
    {
        using var h = new HartHarness();
        h.Hart.Instret = 100;
        h.Write(CsrNumber.Mcountinhibit, 0b100); // stop instret (the csrw itself counts)
        Assert.Equal(0b100UL, h.Read(CsrNumber.Mcountinhibit));
        h.Hart.Instret = 200;
        Assert.Equal(101UL, h.Read(CsrNumber.Minstret));
        Assert.Equal(200UL, h.Read(CsrNumber.Mcycle)); // cycle still counts
        h.Write(CsrNumber.Mcountinhibit, 0);
        h.Hart.Instret = 211;
        Assert.Equal(111UL, h.Read(CsrNumber.Minstret));
    }

    [Fact]
    public void TimeBitOfMcountinhibitDoesNotExist()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mcountinhibit, ulong.MaxValue);
        Assert.Equal(0xFFFF_FFFDUL, h.Read(CsrNumber.Mcountinhibit));
    }

    [Fact]
    public void TimeReadsTheHartClock()
    {
        using var h = new HartHarness();
        h.Now = 987_654;
        Assert.Equal(987_654UL, h.Read(CsrNumber.Time));
        h.Hart.MtimeOffset = 6;
        Assert.Equal(987_660UL, h.Read(CsrNumber.Time));
    }

    [Fact]
    public void HpmCountersAreQemusSixteenStorageCounters()
    {
        // QEMU 7.2's default cpu (pmu-num 16): mhpmcounter3..18 hold what is written, 19..31 are illegal.
        using var h = new HartHarness();
        h.Hart.Instret = 99;
        h.Write(CsrNumber.Mhpmcounter3, 55);
        h.Write(CsrNumber.Mhpmcounter3 + 15, 56);
        Assert.Equal(55UL, h.Read(CsrNumber.Mhpmcounter3));
        Assert.Equal(56UL, h.Read(CsrNumber.Mhpmcounter3 + 15));
        Assert.Equal(55UL, h.Read(CsrNumber.Hpmcounter3));
        Assert.False(h.Csrs.TryWrite(CsrNumber.Mhpmcounter3 + 16, 1));
        Assert.False(h.Csrs.TryRead(CsrNumber.Mhpmcounter31, out _));
        Assert.False(h.Csrs.TryRead(CsrNumber.Hpmcounter31, out _));
        h.Write(CsrNumber.Mhpmevent3, 57);
        h.Write(CsrNumber.Mhpmevent31, 58);
        Assert.Equal(57UL, h.Read(CsrNumber.Mhpmevent3));
        Assert.Equal(58UL, h.Read(CsrNumber.Mhpmevent31));
    }

    [Theory]
    [InlineData(CsrNumber.Cycle, 0)]
    [InlineData(CsrNumber.Time, 1)]
    [InlineData(CsrNumber.Instret, 2)]
    [InlineData(CsrNumber.Hpmcounter3 + 4, 7)]
    public void LowerPrivilegeCounterReadsAreGated(uint csr, int bit)
    {
        using var h = new HartHarness();
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Csrs.TryRead(csr, out _));
        h.Privilege = Privilege.User;
        Assert.False(h.Csrs.TryRead(csr, out _));

        h.WriteAsMachine(CsrNumber.Mcounteren, ~(1UL << bit));
        h.WriteAsMachine(CsrNumber.Scounteren, 1UL << bit);
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Csrs.TryRead(csr, out _)); // mcounteren bit clear
        h.WriteAsMachine(CsrNumber.Mcounteren, 1UL << bit);
        Assert.True(h.Csrs.TryRead(csr, out _));
        h.Privilege = Privilege.User;
        Assert.True(h.Csrs.TryRead(csr, out _));
        h.WriteAsMachine(CsrNumber.Scounteren, 0);
        Assert.False(h.Csrs.TryRead(csr, out _)); // U-mode also needs scounteren
        h.Privilege = Privilege.Supervisor;
        Assert.True(h.Csrs.TryRead(csr, out _)); // S-mode does not
    }

    [Fact]
    public void MachineModeCountersAreNotGated()
    {
        using var h = new HartHarness();
        Assert.True(h.Csrs.TryRead(CsrNumber.Cycle, out _));
        Assert.True(h.Csrs.TryRead(CsrNumber.Time, out _));
        h.Privilege = Privilege.Supervisor;
        Assert.False(h.Csrs.TryRead(CsrNumber.Mcycle, out _)); // M-level CSR
    }
}
