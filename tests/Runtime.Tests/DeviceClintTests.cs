// CLINT: msip driving mip.MSIP, mtimecmp/mtime through the bus (8-byte and 4-byte halves), MTIP from the
// timer compare, access-size faults, and the wall-clock time source.
using System.Diagnostics;
using RvJit.Runtime.Devices;
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class DeviceClintTests
{
    private const ulong ClintBase = Clint.DefaultBase;

    private static HartHarness NewMachine()
    {
        var h = new HartHarness();
        h.Bus.Attach(new Clint(h.Hart, ClintBase));
        return h;
    }

    private static ulong Read(HartHarness h, ulong offset, int size)
    {
        Assert.True(h.Bus.Read(ClintBase + offset, size, out ulong value));
        return value;
    }

    private static void Write(HartHarness h, ulong offset, int size, ulong value) =>
        Assert.True(h.Bus.Write(ClintBase + offset, size, value));

    [Fact]
    public void MsipDrivesMachineSoftwareInterrupt()
    {
        using var h = NewMachine();
        Write(h, Clint.MsipOffset, 4, 1);
        Assert.Equal(CsrFile.Msip, h.Hart.Mip);
        Assert.Equal(1UL, Read(h, Clint.MsipOffset, 4));
        Assert.Equal(CsrFile.Msip, h.Read(CsrNumber.Mip));
        Write(h, Clint.MsipOffset, 4, 0xFFFF_FFFE); // only bit 0 matters
        Assert.Equal(0UL, h.Hart.Mip);
        Assert.Equal(0UL, Read(h, Clint.MsipOffset, 4));
    }

    [Fact]
    public void TimerCompareRaisesAndClearsMtip()
    {
        using var h = NewMachine();
        Assert.Equal(ulong.MaxValue, Read(h, Clint.MtimecmpOffset, 8));
        h.Now = 1000;
        Write(h, Clint.MtimecmpOffset, 8, 1500);
        Assert.Equal(1500UL, h.Hart.Mtimecmp);
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Mtip);

        h.Write(CsrNumber.Mie, CsrFile.Mtip);
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMie);
        h.Write(CsrNumber.Mtvec, 0x8000_0400);
        h.Now = 1499;
        Assert.False(h.Hart.CheckInterrupts());
        h.Now = 1500;
        Assert.True(h.Hart.CheckInterrupts());
        Assert.Equal((1UL << 63) | 7, h.Csrs.Mcause);
        Assert.Equal(0x8000_0400UL, h.Hart.Pc);

        // The handler moves the compare ahead: MTIP drops at once.
        Write(h, Clint.MtimecmpOffset, 8, 3000);
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Mtip);
        // Writing a compare in the past raises it at once.
        Write(h, Clint.MtimecmpOffset, 8, 10);
        Assert.Equal(CsrFile.Mtip, h.Hart.Mip & CsrFile.Mtip);
    }

    [Fact]
    public void TimerRegistersTakeFourByteHalves()
    {
        using var h = NewMachine();
        h.Now = 0x10;
        Write(h, Clint.MtimecmpOffset, 4, 0xFFFF_FFFF);      // low half (RV32 sequence: low = -1 first)
        Write(h, Clint.MtimecmpOffset + 4, 4, 0x0000_0001);  // high half
        Write(h, Clint.MtimecmpOffset, 4, 0x2345_6789);
        Assert.Equal(0x1_2345_6789UL, h.Hart.Mtimecmp);
        Assert.Equal(0x2345_6789UL, Read(h, Clint.MtimecmpOffset, 4));
        Assert.Equal(1UL, Read(h, Clint.MtimecmpOffset + 4, 4));

        h.Now = 0x5_0000_0007;
        Assert.Equal(0x5_0000_0007UL, Read(h, Clint.MtimeOffset, 8));
        Assert.Equal(7UL, Read(h, Clint.MtimeOffset, 4));
        Assert.Equal(5UL, Read(h, Clint.MtimeOffset + 4, 4));
    }

    [Fact]
    public void MtimeWritesShiftTheTimeCsrToo()
    {
        using var h = NewMachine();
        h.Now = 100;
        Write(h, Clint.MtimeOffset, 8, 1_000_000);
        Assert.Equal(1_000_000UL, Read(h, Clint.MtimeOffset, 8));
        h.Now = 150;
        Assert.Equal(1_000_050UL, Read(h, Clint.MtimeOffset, 8));
        Assert.Equal(1_000_050UL, h.Read(CsrNumber.Time));

        Write(h, Clint.MtimecmpOffset, 8, 1_000_060);
        Assert.Equal(0UL, h.Hart.Mip & CsrFile.Mtip);
        Write(h, Clint.MtimeOffset + 4, 4, 1); // high half: mtime jumps past the compare
        Assert.Equal((1UL << 32) + 1_000_050, Read(h, Clint.MtimeOffset, 8));
        Assert.Equal(CsrFile.Mtip, h.Hart.Mip & CsrFile.Mtip);
    }

    [Theory]
    [InlineData(Clint.MsipOffset, 8)]
    [InlineData(Clint.MsipOffset, 1)]
    [InlineData(Clint.MsipOffset + 4, 4)]     // msip of a hart that does not exist
    [InlineData(Clint.MtimecmpOffset, 2)]
    [InlineData(Clint.MtimecmpOffset + 2, 4)] // misaligned
    [InlineData(Clint.MtimecmpOffset + 4, 8)] // misaligned
    [InlineData(Clint.MtimecmpOffset + 8, 8)] // mtimecmp of a hart that does not exist
    [InlineData(0x8000UL, 4)]
    public void OtherAccessesFault(ulong offset, int size)
    {
        using var h = NewMachine();
        Assert.False(h.Bus.Read(ClintBase + offset, size, out _));
        Assert.False(h.Bus.Write(ClintBase + offset, size, 0));
    }

    [Fact]
    public void WallClockTicksAtTenMegahertz()
    {
        Func<ulong> time = Clint.WallClockTime();
        ulong start = time();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(60);
        ulong end = time();
        double elapsedSeconds = watch.Elapsed.TotalSeconds;
        double ticks = end - start;
        Assert.True(ticks >= 0.9 * Clint.TimebaseFrequency * 0.06, $"{ticks} ticks in {elapsedSeconds}s");
        Assert.True(ticks <= 1.1 * Clint.TimebaseFrequency * elapsedSeconds + 10_000, $"{ticks} ticks in {elapsedSeconds}s");
        Assert.True(time() >= end);
    }
}
