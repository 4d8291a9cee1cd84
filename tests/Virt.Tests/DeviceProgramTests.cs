// Bare-metal M-mode programs (programs/*.c, started by the board like `-bios none -kernel PROG`) drive
// the UART with receive interrupts through the PLIC, claim/complete on two harts, the RTC's time and
// alarm, and the test device's failing poweroff status. Their output was checked against
// qemu-system-riscv64 -machine virt, which prints the same lines.
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class DeviceProgramTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void UartInterruptsEchoTypedBytes(string engine)
    {
        using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("uart_echo"));
        run.WaitFor("uart: ready\n");
        run.Type("hello, uart\n");
        var outcome = run.Finish();
        Assert.Equal("uart: ready\nHELLO, UART\nuart: done\n", run.Output);
        Assert.Equal(StopReason.PowerOff, outcome.Reason);
        Assert.Equal(0, outcome.ExitCode);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("interp", HartThreads.Multi)]
    [InlineData("jit", HartThreads.Multi)]
    public void PlicRoutesTheUartToEitherHartsContext(string engine, HartThreads threads = HartThreads.Single)
    {
        using var run = new VirtRun(engine, 2, null, GuestBuild.DeviceProgram("plic_two_harts"), threads: threads);
        run.WaitFor("plic: ready\n");
        run.Type("abc");
        run.WaitFor("plic: switch\n");
        run.Type("def");
        var outcome = run.Finish();
        Assert.Equal("plic: ready\nplic: switch\nplic: hart 0 got def, hart 1 got abc\n", run.Output);
        Assert.Equal(StopReason.PowerOff, outcome.Reason);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void RtcGivesTheTimeAndAnAlarmInterrupt(string engine)
    {
        using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("rtc"));
        var outcome = run.Finish();
        Assert.Equal("rtc: time in range\nrtc: alarm after its time\n", run.Output);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void TestDeviceFailureCarriesItsStatus(string engine)
    {
        using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("test_status"));
        var outcome = run.Finish();
        Assert.Equal("test: failing with 42\n", run.Output);
        Assert.Equal((StopReason.PowerOff, 42L), (outcome.Reason, outcome.ExitCode));
    }
}
