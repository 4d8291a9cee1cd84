// The kernel's clocks: realtime from the host, monotonic and boot time from the Stopwatch.
using System.Diagnostics;

namespace RvJit.Kernel;

/// <summary>Time sources for clock_gettime and friends, and conversions to executor deadlines.</summary>
public sealed class KernelClock
{
    private readonly long bootTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds since the Unix epoch (CLOCK_REALTIME).</summary>
    public static long RealtimeNanoseconds => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Nanoseconds of CLOCK_MONOTONIC (and BOOTTIME): time since the kernel started, plus a day so values look like a running system's.</summary>
    public long MonotonicNanoseconds => TicksToNanoseconds(Stopwatch.GetTimestamp() - bootTimestamp) + 86_400_000_000_000L;

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(bootTimestamp);

    public static long TicksToNanoseconds(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));

    public static long NanosecondsToTicks(long ns) => (long)(ns * (Stopwatch.Frequency / 1e9));

    /// <summary>The executor deadline (Stopwatch timestamp) for an absolute time on a clock.</summary>
    public long DeadlineForMonotonic(long monotonicNs) => Stopwatch.GetTimestamp() + NanosecondsToTicks(monotonicNs - MonotonicNanoseconds);

    public static long DeadlineForRealtime(long realtimeNs) => Stopwatch.GetTimestamp() + NanosecondsToTicks(realtimeNs - RealtimeNanoseconds);

    public static long DeadlineAfter(long ns) => Stopwatch.GetTimestamp() + NanosecondsToTicks(Math.Max(0, ns));

    /// <summary>The value of the hart's `time` CSR (10 MHz, like QEMU's virt machine).</summary>
    public ulong TimeCsr() => (ulong)(Stopwatch.GetElapsedTime(bootTimestamp).Ticks);
}
