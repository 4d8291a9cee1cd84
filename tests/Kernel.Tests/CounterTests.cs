// User-mode counter CSRs: Linux lets programs read time, cycle and instret directly.
namespace RvJit.Kernel.Tests;

public class CounterTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_rdtime_counts_at_10MHz_and_rdcycle_rdinstret_advance(string engine)
    {
        var result = GuestRunner.RunRvjit(GuestPrograms.Get("rdtime", Linkage.Static), [], engine);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("time advanced ~100ms at 10MHz: 1 ", result.Stdout);
        Assert.Contains("cycle advances: 1 instret advances: 1\n", result.Stdout);
    }
}
