// The CPU time of the calling host thread: what a guest thread's time slice costs, charged to its CPU clocks.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Executor;

/// <summary>
/// CLOCK_THREAD_CPUTIME_ID of the calling host thread, in nanoseconds. A guest thread's CPU time is the host CPU
/// time of the worker thread while it ran that guest thread's slices: on a loaded host a descheduled worker
/// charges nothing (wall time would), and the time its engine spends translating is the guest's, as it is
/// under qemu-user.
/// </summary>
internal static unsafe partial class ThreadCpuClock
{
    private const int ClockThreadCputimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Sec, Nsec; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Timespec* time);

    public static long Now()
    {
        Timespec t;
        return ClockGetTime(ClockThreadCputimeId, &t) == 0 ? t.Sec * 1_000_000_000 + t.Nsec : 0;
    }
}
