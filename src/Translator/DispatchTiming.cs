using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RvJit.Translator;

/// <summary>
/// How long one kind of call from the dispatcher takes (compiled code, the interpreter), for --stats, from a sample
/// of the calls: the first <see cref="AlwaysTimed"/>, then one in <see cref="Stride"/>. A clock read costs 20-40 ns
/// on bare metal but about 200 ns in a VM that traps rdtsc; timing every call with two reads made --stats' split
/// mostly its own clock (gofmt: "dispatcher 117 ms", ~320 ns per interpreter call, nearly all clock reads) and the
/// run itself 15% slower. The estimate takes the clock's own cost out of each timed call
/// (<see cref="ClockCost"/>) and scales the timed calls up to all of them.
/// </summary>
internal struct DispatchTiming
{
    public const int AlwaysTimed = 64, Stride = 16;

    /// <summary>Calls made, calls timed, and the ticks the timed ones took (clock reads included).</summary>
    public long Calls, Timed, Ticks;

    /// <summary>Counts a call; true when this one is to be timed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Sample() => ++Calls <= AlwaysTimed || (Calls & (Stride - 1)) == 0;

    public void Add(long ticks)
    {
        Timed++;
        Ticks += ticks;
    }

    /// <summary>The estimated ticks of all calls, without the clock reads (<paramref name="clockCost"/> per timed call).</summary>
    public readonly long Estimate(long clockCost) =>
        Timed == 0 ? 0 : (long)Math.Round(Math.Max(0, Ticks - Timed * clockCost) * ((double)Calls / Timed));

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
