// What a thread's scheduling calls set: policy, real-time priority, nice value, CPU affinity.
namespace RvJit.Kernel.Tasks;

/// <summary>
/// A thread's scheduling attributes as sched_setscheduler, setpriority and sched_setaffinity leave them. rvjit's
/// executor runs every thread alike (FIFO time slices on any hart), so they are only kept and reported: programs
/// read back what they set (Python's test_posix and test_os), and a thread pool sizes itself by its affinity mask.
/// </summary>
public readonly record struct Scheduling(int Policy, int RtPriority, int Nice, bool ResetOnFork, ulong[]? Affinity)
{
    public const int Other = 0, Fifo = 1, RoundRobin = 2, Batch = 3, Idle = 5, Deadline = 6;
    public const int ResetOnForkFlag = 0x4000_0000;
    public const int MinNice = -20, MaxNice = 19, MaxRtPriority = 99;

    /// <summary>A new process's first thread: SCHED_OTHER, nice 0, every hart (null: the default mask).</summary>
    public static Scheduling Default => new(Other, 0, 0, false, null);

    public bool IsRealTime => Policy is Fifo or RoundRobin;

    /// <summary>What a thread created by clone starts with: the creator's, except that SCHED_RESET_ON_FORK puts a
    /// real-time policy back to SCHED_OTHER and a negative nice back to 0 (and clears itself).</summary>
    public Scheduling ForChild() => !ResetOnFork ? this : this with
    {
        Policy = IsRealTime ? Other : Policy, RtPriority = IsRealTime ? 0 : RtPriority, Nice = Math.Max(Nice, 0), ResetOnFork = false,
    };

    /// <summary>The affinity mask as whole longs for <paramref name="harts"/> harts.</summary>
    public ulong[] AffinityFor(int harts)
    {
        if (Affinity is not null) return Affinity;
        var all = new ulong[(harts + 63) / 64];
        for (int i = 0; i < harts; i++) all[i / 64] |= 1UL << (i % 64);
        return all;
    }
}
