// The virtual clock's jumps over idle time: free within MachineOptions.IdleLead, paced by the host's clock past it
// (an idle guest sleeps on the host instead of spinning through its timer deadlines).
using System.Diagnostics;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class IdleClockTests
{
    private const ulong TicksPerSecond = RvJit.Runtime.Devices.Clint.TimebaseFrequency;

    [Theory]
    [InlineData(1, HartThreads.Single)]
    [InlineData(2, HartThreads.Single)]
    [InlineData(2, HartThreads.Multi)]
    public void WaitsPastTheLeadTakeHostTime(int harts, HartThreads threads)
    {
        var clock = Stopwatch.StartNew();
        using var run = new VirtRun("jit", harts, null, GuestBuild.DeviceProgram("idle_timer"), threads: threads, idleLead: TimeSpan.FromMilliseconds(200));
        var outcome = run.Finish();
        Assert.Equal(("idle: 10 deadlines\n", StopReason.PowerOff), (run.Output, outcome.Reason));
        var (skipped, paced) = run.Machine.Idle;
        // The guest slept one second of its time; at most the lead of it came for free.
        Assert.InRange(skipped, TicksPerSecond * 9 / 10, TicksPerSecond);
        Assert.True(paced > 0, "no host sleep paced the skips");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"one second of guest sleep past a 200 ms lead took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(1, HartThreads.Single)]
    [InlineData(2, HartThreads.Multi)]
    public void WaitsWithinTheLeadAreSkipped(int harts, HartThreads threads)
    {
        using var run = new VirtRun("jit", harts, null, GuestBuild.DeviceProgram("idle_timer"), threads: threads, idleLead: TimeSpan.FromSeconds(30));
        var outcome = run.Finish();
        Assert.Equal(("idle: 10 deadlines\n", StopReason.PowerOff), (run.Output, outcome.Reason));
        var (skipped, paced) = run.Machine.Idle;
        Assert.InRange(skipped, TicksPerSecond * 9 / 10, TicksPerSecond);
        Assert.Equal(0, paced);
    }
}
