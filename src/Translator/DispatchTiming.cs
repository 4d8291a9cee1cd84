using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RvJit.Translator;

/// <summary>
/// How long one kind of call from the dispatcher takes (compiled code, the interpreter), for --stats, from a sample
/// of the calls: the first <see cref="AlwaysTimed"/>, then one in <see cref="Stride"/>. A clock read costs 20-40 ns
/// on bare metal but about 200 ns in a VM that traps rdtsc; timing every call with two reads made --stats' split
/// mostly its own clock (gofmt: "dispatcher 117 ms", ~320 ns per interpreter call, nearly all clock reads) and the
/// run itself 15% slower. The estimate takes the clock's own cost out of each timed call
/// (<see cref="ClockCost"/>); the first calls count as they are and only the strided sample is scaled up to the
/// calls it stands for. The first calls are not a sample of the rest: they include start-up's one-off costs (code
/// bound, pages touched), and scaled with the rest they made gofmt's "interpreter" 2.3 s in a 1.0 s run.
/// </summary>
internal struct DispatchTiming
{
    public const int AlwaysTimed = 64, Stride = 16;

    /// <summary>Calls made, calls timed, and the ticks the timed ones took (clock reads included): the first
    /// <see cref="AlwaysTimed"/> calls' apart from the strided sample's.</summary>
    public long Calls, Timed, FirstTicks, SampleTicks;

    /// <summary>Counts a call; true when this one is to be timed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Sample() => ++Calls <= AlwaysTimed || (Calls & (Stride - 1)) == 0;

    /// <summary>Adds the ticks of the call <see cref="Sample"/> just chose.</summary>
    public void Add(long ticks)
    {
        Timed++;
        if (Calls <= AlwaysTimed) FirstTicks += ticks;
        else SampleTicks += ticks;
    }

    /// <summary>The estimated ticks of all calls, without the clock reads (<paramref name="clockCost"/> per timed call).</summary>
    public readonly long Estimate(long clockCost)
    {
        long first = Math.Min(Calls, AlwaysTimed), sampled = Timed - first;
        double estimate = Math.Max(0, FirstTicks - first * clockCost);
        if (sampled > 0) estimate += Math.Max(0, SampleTicks - sampled * clockCost) * ((double)(Calls - first) / sampled);
        return (long)Math.Round(estimate);
    }

    /// <summary>What one Stopwatch read costs, in Stopwatch ticks: the least difference between two reads in a row.</summary>
    public static long ClockCost()
    {
        long least = long.MaxValue;
        for (int i = 0; i < 64; i++)
        {
            long a = Stopwatch.GetTimestamp();
            least = Math.Min(least, Stopwatch.GetTimestamp() - a);
        }
        return least;
    }
}
