namespace RvJit.Translator.Tests;

/// <summary>--stats times a sample of the dispatcher's calls and scales it up, without the clock reads' own cost.</summary>
public sealed class DispatchTimingTests
{
    [Fact]
    public void The_first_calls_are_all_timed_then_one_in_a_stride()
    {
        var timing = new DispatchTiming();
        int timed = 0;
        for (int i = 0; i < DispatchTiming.AlwaysTimed + 10 * DispatchTiming.Stride; i++)
            if (timing.Sample()) timed++;
        Assert.Equal(DispatchTiming.AlwaysTimed + 10, timed);
    }

    [Fact]
    public void The_estimate_scales_the_timed_calls_to_all_and_takes_the_clock_out()
    {
        var timing = new DispatchTiming();
        for (int i = 0; i < 1000; i++)
            if (timing.Sample()) timing.Add(110); // 100 ticks of work, 10 of clock reads
        Assert.Equal(100_000, timing.Estimate(clockCost: 10));
        Assert.Equal(0, new DispatchTiming().Estimate(clockCost: 10));
    }

    [Fact]
    public void The_first_calls_count_once_and_only_the_strided_sample_is_scaled()
    {
        var timing = new DispatchTiming();
        for (int i = 0; i < DispatchTiming.AlwaysTimed + 100 * DispatchTiming.Stride; i++)
            if (timing.Sample()) timing.Add(i == 0 ? 1_000_010 : 110); // one start-up outlier among 100-tick calls
        long rest = 100L * DispatchTiming.Stride * 100;
        Assert.Equal(1_000_000 + (DispatchTiming.AlwaysTimed - 1) * 100 + rest, timing.Estimate(clockCost: 10));
    }
}
