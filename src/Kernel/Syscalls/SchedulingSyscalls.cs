// The scheduling calls: sched_{get,set}{scheduler,param,affinity}, priority ranges, sched_rr_get_interval,
// getpriority and setpriority. They keep and report a thread's Scheduling (see Tasks/Scheduling.cs).
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>Linux's checks in Linux's order (kernel/sched/core.c, kernel/sys.c); the values are kept per thread.</summary>
public static class SchedulingSyscalls
{
    private const int PrioProcess = 0, PrioGroup = 1, PrioUser = 2;

    /// <summary>Registered by <see cref="ProcessSyscalls"/> (their family).</summary>
    public static void Register(SyscallTable t)
    {
        t.Add("sched_getaffinity", "i,u,p", GetAffinity);
        t.Add("sched_setaffinity", "i,u,p", SetAffinity);
        t.Add("sched_getscheduler", "i", GetScheduler);
        t.Add("sched_setscheduler", "i,i,p", c => SetScheduler(c, (int)c.A1, c.A2));
        t.Add("sched_getparam", "i,p", GetParam);
        t.Add("sched_setparam", "i,p", c => SetScheduler(c, -1, c.A1));
        t.Add("sched_get_priority_max", "i", c => (int)c.A0 switch
        {
            Scheduling.Fifo or Scheduling.RoundRobin => Scheduling.MaxRtPriority,
            Scheduling.Other or Scheduling.Batch or Scheduling.Idle or Scheduling.Deadline => 0,
            _ => Errno.EINVAL.Fail(),
        });
        t.Add("sched_get_priority_min", "i", c => (int)c.A0 switch
        {
            Scheduling.Fifo or Scheduling.RoundRobin => 1,
            Scheduling.Other or Scheduling.Batch or Scheduling.Idle or Scheduling.Deadline => 0,
            _ => Errno.EINVAL.Fail(),
        });
        t.Add("sched_rr_get_interval", "i,p", RoundRobinInterval);
        t.Add("getpriority", "i,i", GetPriority);
        t.Add("setpriority", "i,i,i", SetPriority);
    }

    /// <summary>The thread <paramref name="pid"/> names (0: the caller), as find_process_by_pid finds it.</summary>
    private static UserThread? Find(SyscallContext c, long pid) =>
        pid == 0 ? c.Thread : pid is > 0 and <= int.MaxValue && c.Kernel.Processes.FindThread((int)pid) is { Process.State: not ProcessState.Reaped } t ? t : null;

    /// <summary>The attributes of the thread <paramref name="pid"/> names, for a call that only reads them. Pid 1, the
    /// first process's parent (getppid), is outside the guest when no guest process has it: it answers with the
    /// defaults, as init does (Python's test_posix asks for its parent's policy), and refuses changes (EPERM).</summary>
    private static Errno Read(SyscallContext c, int pid, out Scheduling scheduling)
    {
        scheduling = Scheduling.Default;
        if (Find(c, pid) is { } t) { scheduling = t.Scheduling; return Errno.Success; }
        return IsOutsideParent(c, pid) ? Errno.Success : Errno.ESRCH;
    }

    private static bool IsOutsideParent(SyscallContext c, long pid) => pid == 1 && c.Kernel.Processes.FindThread(1) is null;

    private static bool Privileged(SyscallContext c) => c.Kernel.Credentials.Uid == 0;

    /// <summary>Linux's can_nice: a nice value below RLIMIT_NICE's (20 - nice) needs CAP_SYS_NICE.</summary>
    private static bool CanNice(SyscallContext c, int nice) =>
        Privileged(c) || (ulong)(20 - nice) <= c.Process.Limits[Resource.Nice].Soft;

    /// <summary>The mask is whole longs for the harts; a buffer smaller than that, or not whole longs, is EINVAL; the
    /// result is the bytes written (Go sizes GOMAXPROCS and zstd -T0 its workers by the mask).</summary>
    private static long GetAffinity(SyscallContext c)
    {
        int harts = c.Kernel.Settings.Harts;
        ulong size = (ulong)(harts + 63) / 64 * 8;
        if (c.A1 < size || (c.A1 & 7) != 0) return Errno.EINVAL.Fail();
        Errno e = Read(c, (int)c.A0, out var scheduling);
        if (e != Errno.Success) return e.Fail();
        ulong[] mask = scheduling.AffinityFor(harts);
        for (int i = 0; i < mask.Length; i++)
            if (c.Memory.Write(c.A2 + (ulong)i * 8, mask[i]) != Errno.Success) return Errno.EFAULT.Fail();
        return (long)size;
    }

    /// <summary>A shorter buffer is padded with zeros, a longer one read only as far as the harts go; the mask keeps
    /// only harts that exist and must keep one (EINVAL).</summary>
    private static long SetAffinity(SyscallContext c)
    {
        int harts = c.Kernel.Settings.Harts;
        var mask = new ulong[(harts + 63) / 64];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(mask.AsSpan());
        if (c.Memory.Read(c.A2, bytes[..(int)Math.Min(c.A1, (ulong)bytes.Length)]) != Errno.Success) return Errno.EFAULT.Fail();
        if (Find(c, (int)c.A0) is not { } t) return (IsOutsideParent(c, (int)c.A0) ? Errno.EPERM : Errno.ESRCH).Fail();
        bool any = false;
        for (int i = 0; i < mask.Length; i++)
        {
            int bits = Math.Min(64, harts - i * 64);
            if (bits < 64) mask[i] &= (1UL << bits) - 1;
            any |= mask[i] != 0;
        }
        if (!any) return Errno.EINVAL.Fail();
        t.Scheduling = t.Scheduling with { Affinity = mask };
        return 0;
    }

    private static long GetScheduler(SyscallContext c)
    {
        if ((int)c.A0 < 0) return Errno.EINVAL.Fail();
        Errno e = Read(c, (int)c.A0, out var scheduling);
        if (e != Errno.Success) return e.Fail();
        return scheduling.Policy | (scheduling.ResetOnFork ? Scheduling.ResetOnForkFlag : 0);
    }

    private static long GetParam(SyscallContext c)
    {
        if (c.A1 == 0 || (int)c.A0 < 0) return Errno.EINVAL.Fail();
        Errno e = Read(c, (int)c.A0, out var scheduling);
        if (e != Errno.Success) return e.Fail();
        return c.Memory.Write(c.A1, scheduling.RtPriority) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    /// <summary>sched_setscheduler, and sched_setparam as policy -1 (keep the policy). A real-time policy takes a
    /// priority 1..99, the others 0; SCHED_DEADLINE needs sched_setattr's parameters (EINVAL here as in Linux).</summary>
    private static long SetScheduler(SyscallContext c, int policy, ulong paramPointer)
    {
        if (paramPointer == 0 || (int)c.A0 < 0) return Errno.EINVAL.Fail();
        if (c.Memory.Read(paramPointer, out int priority) != Errno.Success) return Errno.EFAULT.Fail();
        if (Find(c, (int)c.A0) is not { } t) return (IsOutsideParent(c, (int)c.A0) ? Errno.EPERM : Errno.ESRCH).Fail();
        var current = t.Scheduling;
        bool resetOnFork = current.ResetOnFork;
        if (policy < 0) policy = current.Policy;
        else
        {
            resetOnFork = (policy & Scheduling.ResetOnForkFlag) != 0;
            policy &= ~Scheduling.ResetOnForkFlag;
            if (policy is not (Scheduling.Other or Scheduling.Fifo or Scheduling.RoundRobin or Scheduling.Batch or Scheduling.Idle or Scheduling.Deadline))
                return Errno.EINVAL.Fail();
        }
        bool realTime = policy is Scheduling.Fifo or Scheduling.RoundRobin;
        if ((uint)priority > Scheduling.MaxRtPriority || policy == Scheduling.Deadline || realTime != (priority != 0))
            return Errno.EINVAL.Fail();
        if (!Privileged(c))
        {
            ulong rtLimit = c.Process.Limits[Resource.RtPrio].Soft;
            if (realTime && ((policy != current.Policy && rtLimit == 0) || (priority > current.RtPriority && (ulong)priority > rtLimit)))
                return Errno.EPERM.Fail();
            if (current.Policy == Scheduling.Idle && policy != Scheduling.Idle && !CanNice(c, current.Nice)) return Errno.EPERM.Fail();
            if (current.ResetOnFork && !resetOnFork) return Errno.EPERM.Fail();
        }
        t.Scheduling = current with { Policy = policy, RtPriority = priority, ResetOnFork = resetOnFork };
        return 0;
    }

    /// <summary>SCHED_FIFO has no time slice (0), SCHED_RR Linux's 100 ms, the others one tick of 4 ms (the order of
    /// CFS's slice on an idle hart).</summary>
    private static long RoundRobinInterval(SyscallContext c)
    {
        if ((int)c.A0 < 0) return Errno.EINVAL.Fail();
        Errno e = Read(c, (int)c.A0, out var scheduling);
        if (e != Errno.Success) return e.Fail();
        long nanoseconds = scheduling.Policy switch { Scheduling.Fifo => 0, Scheduling.RoundRobin => 100_000_000, _ => 4_000_000 };
        Span<long> timespec = [nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000];
        return c.Memory.Write(c.A1, System.Runtime.InteropServices.MemoryMarshal.AsBytes(timespec)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    /// <summary>The threads PRIO_PROCESS, PRIO_PGRP or PRIO_USER names (who 0: the caller's); null for another which.</summary>
    private static IEnumerable<UserThread>? Targets(SyscallContext c, int which, int who) => which switch
    {
        PrioProcess => Find(c, who) is { } t ? [t] : [],
        PrioGroup => c.Kernel.Processes.InGroup(who == 0 ? c.Process.ProcessGroup : who)
            .Where(p => p.State != ProcessState.Reaped).SelectMany(p => p.Threads),
        PrioUser => (uint)who == c.Kernel.Credentials.Uid || who == 0
            ? c.Kernel.Processes.All.Where(p => p.State != ProcessState.Reaped).SelectMany(p => p.Threads) : [],
        _ => null,
    };

    /// <summary>The highest priority among the targets as 20 - nice (1..40: glibc turns it back into a nice value).</summary>
    private static long GetPriority(SyscallContext c)
    {
        if (Targets(c, (int)c.A0, (int)c.A1) is not { } targets) return Errno.EINVAL.Fail();
        long best = Errno.ESRCH.Fail();
        foreach (var t in targets) best = Math.Max(best, 20 - t.Scheduling.Nice);
        return best;
    }

    /// <summary>Sets every target's nice value (clamped to -20..19); lowering it below RLIMIT_NICE's needs privilege
    /// (EACCES), as Linux's set_one_prio.</summary>
    private static long SetPriority(SyscallContext c)
    {
        if (Targets(c, (int)c.A0, (int)c.A1) is not { } targets) return Errno.EINVAL.Fail();
        int nice = Math.Clamp((int)c.A2, Scheduling.MinNice, Scheduling.MaxNice);
        long result = Errno.ESRCH.Fail();
        foreach (var t in targets.ToList())
        {
            if (nice < t.Scheduling.Nice && !CanNice(c, nice)) { result = Errno.EACCES.Fail(); continue; }
            t.Scheduling = t.Scheduling with { Nice = nice };
            if (result == Errno.ESRCH.Fail()) result = 0;
        }
        return result;
    }
}
