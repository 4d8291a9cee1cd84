using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// The clock compiles are timed with (--stats' "compile time" and "tiers"): the compiling thread's CPU time, in
/// <see cref="Stopwatch"/> ticks. Wall time counted whatever else the machine ran meanwhile: on a loaded 2-core
/// machine the same gofmt run reported 334 ms and 10.5 s of quick-tier compiles.
/// </summary>
internal static partial class CompileClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    private struct TimeSpec { public long Seconds, Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>This thread's CPU time (wall time where the clock is missing).</summary>
    public static long Now()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTime, out var t) != 0) return Stopwatch.GetTimestamp();
        return (long)((t.Seconds * 1_000_000_000.0 + t.Nanoseconds) * Stopwatch.Frequency / 1e9);
    }
}
