// The SiFive test device, the goldfish RTC, the empty virtio-mmio slots and the multi-hart CLINT.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public sealed class SmallDeviceTests
{
    [Theory]
    [InlineData(0x5555u, 4, SystemRequest.PowerOffPass, 0)]
    [InlineData(0x5555u, 2, SystemRequest.PowerOffPass, 0)]
    [InlineData(0x002A_3333u, 4, SystemRequest.PowerOffFail, 42)]
    [InlineData(0x7777u, 4, SystemRequest.Reset, 0)]
    [InlineData(0x1234u, 4, SystemRequest.None, 0)]
    public void TestDeviceDecodesItsCommands(uint value, int size, SystemRequest request, int code)
    {
        int calls = 0;
        var test = new SifiveTest { Requested = () => calls++ };
        Assert.True(test.Write(0, size, value));
        Assert.Equal(request, test.Request);
        Assert.Equal(code, test.ExitCode);
        Assert.Equal(request == SystemRequest.None ? 0 : 1, calls);
    }

    private sealed class Line : IInterruptSink
    {
        public bool High;
        public void SetLevel(int irq, bool high) => High = high;
    }

    [Fact]
    public void RtcReadsNanosecondsLatchesTheHighHalfAndCanBeSet()
    {
        ulong host = 0x1_2345_6789UL;
        var rtc = new GoldfishRtc(hostNanoseconds: () => host);
        Assert.True(rtc.Read(GoldfishRtc.TimeLow, 4, out ulong low));
        host += 0x1_0000_0000; // the high half read next is the latched one
        Assert.True(rtc.Read(GoldfishRtc.TimeHigh, 4, out ulong high));
        Assert.Equal(0x2345_6789UL, low);
        Assert.Equal(1UL, high);

        Assert.True(rtc.Write(GoldfishRtc.TimeHigh, 4, 7));
        Assert.True(rtc.Write(GoldfishRtc.TimeLow, 4, 100));
        host += 50;
        rtc.Read(GoldfishRtc.TimeLow, 4, out low);
        rtc.Read(GoldfishRtc.TimeHigh, 4, out high);
        Assert.Equal((7UL << 32) + 150, (high << 32) | low);
    }

    [Fact]
    public void RtcAlarmRaisesItsLineWhenDueAndEnabled()
    {
        ulong host = 1000;
        var line = new Line();
        var rtc = new GoldfishRtc(line, hostNanoseconds: () => host);
        rtc.Write(GoldfishRtc.IrqEnabled, 4, 1);
        rtc.Write(GoldfishRtc.AlarmHigh, 4, 0);
        rtc.Write(GoldfishRtc.AlarmLow, 4, 2000);
        rtc.Read(GoldfishRtc.AlarmStatus, 4, out ulong armed);
        Assert.Equal(1UL, armed);
        rtc.Poll();
        Assert.False(line.High);
        host = 2000;
        rtc.Poll();
        Assert.True(line.High);
        rtc.Read(GoldfishRtc.AlarmStatus, 4, out armed);
        Assert.Equal(0UL, armed);
        rtc.Write(GoldfishRtc.ClearInterrupt, 4, 1);
        Assert.False(line.High);
    }

    [Fact]
    public void EmptyVirtioSlotSaysVirtWithDeviceIdZero()
    {
        var slot = new VirtioMmioSlot(0x1000_1000);
        slot.Read(0, 4, out ulong magic);
        slot.Read(4, 4, out ulong version);
        slot.Read(8, 4, out ulong device);
        Assert.Equal(0x74726976UL, magic);
        Assert.Equal(2UL, version);
        Assert.Equal(0UL, device);
    }

    [Fact]
    public void ClintHasMsipAndMtimecmpPerHartAndOneMtime()
    {
        using var ram = new PhysicalMemory(0x8000_0000, 1 << 20);
        var bus = new Bus(ram);
        using var h0 = new Hart(bus, 0);
        using var h1 = new Hart(bus, 1);
        ulong now = 100;
        h0.Time = h1.Time = () => now;
        var clint = new Clint([h0, h1]);
        Assert.True(clint.Write(4, 4, 1));
        Assert.Equal(0UL, h0.Mip);
        Assert.Equal(CsrFile.Msip, h1.Mip);
        Assert.True(clint.Write(Clint.MtimecmpOffset + 8, 8, 150));
        Assert.Equal(150UL, h1.Mtimecmp);
        Assert.Equal(ulong.MaxValue, h0.Mtimecmp);
        Assert.True(clint.Write(Clint.MtimeOffset, 8, 1000)); // both harts see the new time
        Assert.Equal(1000UL, h0.Mtime);
        Assert.Equal(1000UL, h1.Mtime);
        Assert.NotEqual(0UL, h1.Mip & CsrFile.Mtip);
        Assert.False(clint.Read(8, 4, out _)); // no third hart
        Assert.False(clint.Read(Clint.MtimecmpOffset + 16, 8, out _));
    }
}
