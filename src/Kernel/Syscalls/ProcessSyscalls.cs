// Process system calls: exit, clone/fork/vfork, execve, wait4/waitid, ids, groups and sessions, limits, futex.
using System.Runtime.InteropServices;
using System.Text;
using RvJit.Kernel.Loader;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>Process and thread life cycle, identity, resource limits and futexes.</summary>
public static class ProcessSyscalls
{
    private const int WNoHang = 1, WUntraced = 2, WExited = 4, WContinued = 8, WNoWait = 0x0100_0000;
    private const int PAll = 0, PPid = 1, PPgid = 2, PPidfd = 3;

    public static void Register(SyscallTable t)
    {
        t.Add("exit", "i", c => { c.Kernel.ExitThread(c.Thread, (int)c.A0); c.Flow = Executor.ControlFlow.Exit; return 0; });
        t.Add("exit_group", "i", c => { c.Kernel.KillProcess(c.Process, WaitStatus.Exited((int)c.A0)); c.Flow = Executor.ControlFlow.Exit; return 0; });
        t.Add("clone", "x,p,p,p,p", c => Clone(c, CloneArguments.FromLegacy(c.A0, c.A1, c.A2, c.A3, c.A4), null, -1));
        t.Add("clone3", "p,u", Clone3);
        t.Add("execve", "s,a,p", c => Execve(c, OpenFlagsAtFdCwd, c.A0, c.A1, c.A2, 0));
        t.Add("execveat", "f,s,a,p,x", c => Execve(c, c.A0, c.A1, c.A2, c.A3, c.A4));
        t.Add("wait4", "i,p,x,p", Wait4);
        t.Add("waitid", "i,i,p,x,p", WaitId);
        t.Add("getpid", "", c => c.Process.Pid);
        t.Add("getppid", "", c => c.Process.Parent?.Pid ?? 1);
        t.Add("gettid", "", c => c.Thread.Tid);
        t.Add("getpgid", "i", c => FindProcess(c, (int)c.A0) is { } p ? p.ProcessGroup : Errno.ESRCH.Fail());
        t.Add("setpgid", "i,i", SetPgid);
        t.Add("getsid", "i", c => FindProcess(c, (int)c.A0) is { } p ? p.Session : Errno.ESRCH.Fail());
        t.Add("setsid", "", SetSid);
        t.Add("getuid", "", c => c.Process.Uids.Real);
        t.Add("geteuid", "", c => c.Process.Uids.Effective);
        t.Add("getgid", "", c => c.Process.Gids.Real);
        t.Add("getegid", "", c => c.Process.Gids.Effective);
        t.Add("getresuid", "p,p,p", c => WriteTriple(c, c.Process.Uids));
        t.Add("getresgid", "p,p,p", c => WriteTriple(c, c.Process.Gids));
        t.Add("setuid", "i", c => SetUids(c, c.Process.Uids.Set((uint)c.A0, Privileged(c), out var ids), ids));
        t.Add("setgid", "i", c => SetGids(c, c.Process.Gids.Set((uint)c.A0, Privileged(c), out var ids), ids));
        t.Add("setreuid", "i,i", c => SetUids(c, c.Process.Uids.SetRealEffective((uint)c.A0, (uint)c.A1, Privileged(c), out var ids), ids));
        t.Add("setregid", "i,i", c => SetGids(c, c.Process.Gids.SetRealEffective((uint)c.A0, (uint)c.A1, Privileged(c), out var ids), ids));
        t.Add("setresuid", "i,i,i", c => SetUids(c, c.Process.Uids.SetAll((uint)c.A0, (uint)c.A1, (uint)c.A2, Privileged(c), out var ids), ids));
        t.Add("setresgid", "i,i,i", c => SetGids(c, c.Process.Gids.SetAll((uint)c.A0, (uint)c.A1, (uint)c.A2, Privileged(c), out var ids), ids));
        // The filesystem ids follow the effective ones (nothing sets them apart here): the answer is the old one.
        t.Add("setfsuid", "i", c => c.Process.Uids.Effective);
        t.Add("setfsgid", "i", c => c.Process.Gids.Effective);
        t.Add("getgroups", "i,p", GetGroups);
        t.Add("setgroups", "i,p", SetGroups);
        t.Add("umask", "o", c => { int old = c.Process.Umask; c.Process.Umask = (int)(c.A0 & 0x1ff); return old; });
        t.Add("prlimit64", "i,i,p,p", Prlimit64);
        t.Add("getrlimit", "i,p", c => Prlimit(c, c.Process, (int)c.A0, 0, c.A1));
        t.Add("setrlimit", "i,p", c => Prlimit(c, c.Process, (int)c.A0, c.A1, 0));
        t.Add("getrusage", "i,p", GetRusage);
        t.Add("set_tid_address", "p", c => { c.Thread.ClearChildTid = c.A0; return c.Thread.Tid; });
        t.Add("set_robust_list", "p,u", c => { if (c.A1 != 24) return Errno.EINVAL.Fail(); c.Thread.RobustListHead = c.A0; c.Thread.RobustListLength = c.A1; return 0; });
        t.Add("get_robust_list", "i,p,p", GetRobustList);
        t.Add("rseq", "p,u,x,x", c => Errno.ENOSYS.Fail());
        t.Add("futex", "p,i,u,p,p,u", Futex);
        t.Add("sched_yield", "", c => { c.Flow = Executor.ControlFlow.Yield; return 0; });
        SchedulingSyscalls.Register(t); // in this family: Go's runtime asks for its affinity at start
        PidFdSyscalls.Register(t); // Go's os package probes pidfds before its first child
        t.Add("prctl", "i,x,x,x,x", Prctl);
        t.Add("personality", "x", c => 0);
        t.Add("capget", "p,p", CapGet);
        t.Add("capset", "p,p", c => Errno.EPERM.Fail());
        t.Add("unshare", "x", c => Errno.EPERM.Fail());
    }

    private const uint CapabilityVersion1 = 0x19980330, CapabilityVersion2 = 0x20071026, CapabilityVersion3 = 0x20080522;

    /// <summary>capget as Linux checks it: the header is read first (EFAULT), an unknown version is answered with the
    /// one the kernel speaks (written back; EINVAL when data was asked for), a negative pid is EINVAL and a missing
    /// one ESRCH. The sets are empty: guest processes hold no capabilities. Version 1 has one 12-byte set, 2 and 3 two.</summary>
    private static long CapGet(SyscallContext c)
    {
        if (c.Memory.Read(c.A0, out uint version) != Errno.Success || c.Memory.Read(c.A0 + 4, out int pid) != Errno.Success)
            return Errno.EFAULT.Fail();
        if (version is not (CapabilityVersion1 or CapabilityVersion2 or CapabilityVersion3))
        {
            if (c.Memory.Write(c.A0, CapabilityVersion3) != Errno.Success) return Errno.EFAULT.Fail();
            return c.A1 != 0 ? Errno.EINVAL.Fail() : 0;
        }
        if (pid < 0) return Errno.EINVAL.Fail();
        if (pid != 0 && c.Kernel.Processes.FindThread(pid) is null) return Errno.ESRCH.Fail();
        if (c.A1 == 0) return 0;
        ulong length = version == CapabilityVersion1 ? 12u : 24u;
        return c.Memory.Zero(c.A1, length) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static ulong OpenFlagsAtFdCwd => unchecked((ulong)Fs.OpenFlags.AtFdCwd);

    private static Process? FindProcess(SyscallContext c, int pid) => pid == 0 ? c.Process : c.Kernel.Processes.Find(pid) is { State: not ProcessState.Reaped } p ? p : null;

    private static long WriteTriple(SyscallContext c, IdTriple ids)
    {
        if (c.Memory.Write(c.A0, ids.Real) != Errno.Success || c.Memory.Write(c.A1, ids.Effective) != Errno.Success ||
            c.Memory.Write(c.A2, ids.Saved) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }

    /// <summary>CAP_SETUID and CAP_SETGID: an effective uid of 0 (a guest that dropped root has neither).</summary>
    private static bool Privileged(SyscallContext c) => c.Process.Uids.Effective == 0;

    private static long SetUids(SyscallContext c, Errno e, IdTriple ids)
    {
        if (e != Errno.Success) return e.Fail();
        c.Process.UserIds = ids;
        return 0;
    }

    private static long SetGids(SyscallContext c, Errno e, IdTriple ids)
    {
        if (e != Errno.Success) return e.Fail();
        c.Process.GroupIds = ids;
        return 0;
    }


    private const int MaxGroups = 65536; // NGROUPS_MAX

    private static long GetGroups(SyscallContext c)
    {
        var groups = c.Process.GroupsOrHost;
        int size = (int)c.A0;
        if (size < 0) return Errno.EINVAL.Fail();
        if (size == 0) return groups.Length;
        if (size < groups.Length) return Errno.EINVAL.Fail();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(groups.AsSpan());
        return c.Memory.Write(c.A1, bytes) == Errno.Success ? groups.Length : Errno.EFAULT.Fail();
    }

    /// <summary>setgroups: only for a privileged process (the kernel's uid 0, as CAP_SETGID), at most NGROUPS_MAX ids;
    /// the list is kept sorted, as Linux keeps it.</summary>
    private static long SetGroups(SyscallContext c)
    {
        if (!Privileged(c)) return Errno.EPERM.Fail();
        int size = (int)c.A0;
        if (size < 0 || size > MaxGroups) return Errno.EINVAL.Fail();
        var groups = new uint[size];
        if (size > 0 && c.Memory.Read(c.A1, System.Runtime.InteropServices.MemoryMarshal.AsBytes(groups.AsSpan())) != Errno.Success)
            return Errno.EFAULT.Fail();
        Array.Sort(groups);
        c.Process.Groups = groups;
        return 0;
    }

    /// <summary>clone3(args, size): glibc 2.34+ tries it first for pthread_create and posix_spawn (ENOSYS: it falls
    /// back to clone).</summary>
    private static ValueTask<long> Clone3(SyscallContext c)
    {
        Errno e = CloneArguments.Read(c.Memory, c.A0, c.A1, out var arguments, out var setTids, out long cgroup);
        return e != Errno.Success ? new(e.Fail()) : Clone(c, arguments, setTids, cgroup);
    }

    private static async ValueTask<long> Clone(SyscallContext c, CloneArguments arguments, ulong[]? setTids, long cgroup)
    {
        ulong flags = arguments.Flags;
        long id = c.Kernel.Clone(c.Thread, arguments, setTids, cgroup);
        if (id > 0 && (flags & CloneFlags.Vfork) != 0 && (flags & CloneFlags.Thread) == 0 && c.Kernel.Processes.Find((int)id) is { } child)
        {
            // vfork: the parent sleeps until the child has exec'ed or exited. Signals stay pending meanwhile
            // (the waiter is not interrupted by them), a kill still ends the wait.
            while (!child.VforkReleased && !c.Thread.ExitRequested)
            {
                var waiter = c.Kernel.CreateWaiter();
                child.VforkDone.Add(waiter);
                c.Thread.CurrentWait = waiter;
                try { await waiter; }
                finally { c.Thread.CurrentWait = null; }
            }
        }
        return id;
    }

    private static ValueTask<long> Execve(SyscallContext c, ulong dirfd, ulong pathAddress, ulong argvAddress, ulong envpAddress, ulong flags)
    {
        Errno e = c.ReadPath(pathAddress, out string path);
        if (e != Errno.Success) return new(e.Fail());
        if (path.Length > 0 && path[0] != '/' && SyscallContext.AsInt(dirfd) != Fs.OpenFlags.AtFdCwd)
        {
            if (c.File(dirfd) is not { Location: { IsDirectory: true } dir }) return new(Errno.ENOTDIR.Fail());
            path = dir.GuestPath.TrimEnd('/') + "/" + path;
        }
        else if (path.Length == 0)
        {
            if ((flags & (ulong)Fs.OpenFlags.AtEmptyPath) == 0) return new(Errno.ENOENT.Fail());
            if (c.File(dirfd) is not { Location: { } own }) return new(Errno.EBADF.Fail());
            path = own.GuestPath;
        }
        e = c.Memory.ReadStringArray(argvAddress, 65536, out var argv);
        if (e != Errno.Success) return new(e.Fail());
        e = c.Memory.ReadStringArray(envpAddress, 65536, out var envp);
        if (e != Errno.Success) return new(e.Fail());
        if (argv.Count == 0) argv.Add(Encoding.UTF8.GetBytes(path));

        e = ExecLoader.Prepare(c.Kernel, c.Process, path, argv, envp, out var image, out var host);
        if (e != Errno.Success) return new(e.Fail());
        if (host is not null) return HostProgram.Run(c, host);
        c.Process.Files.CloseOnExec();
        c.Kernel.InstallImage(c.Process, c.Thread, image);
        return new(0);
    }

    /// <summary>Children matching wait4's pid argument: -1 any, &gt;0 that one, 0 the caller's group, &lt;-1 group -pid.</summary>
    private static bool Matches(Process caller, Process child, int pid) => pid switch
    {
        -1 => true,
        > 0 => child.Pid == pid,
        0 => child.ProcessGroup == caller.ProcessGroup,
        _ => child.ProcessGroup == -pid,
    };

    private static async ValueTask<long> Wait4(SyscallContext c)
    {
        int pid = (int)c.A0;
        int options = (int)c.A2;
        if ((options & ~(WNoHang | WUntraced | WContinued | 0x2000_0000 | 0x4000_0000 | unchecked((int)0x8000_0000))) != 0) return Errno.EINVAL.Fail();
        var p = c.Process;
        while (true)
        {
            var candidates = p.Children.Where(ch => Matches(p, ch, pid)).ToList();
            if (candidates.Count == 0) return Errno.ECHILD.Fail();
            var zombie = candidates.FirstOrDefault(ch => ch.State == ProcessState.Zombie);
            if (zombie is not null)
            {
                if (c.A1 != 0 && c.Memory.Write(c.A1, zombie.ExitStatus) != Errno.Success) return Errno.EFAULT.Fail();
                if (c.A3 != 0 && WriteRusage(c, c.A3, zombie.CpuNanoseconds + zombie.ChildCpuNanoseconds, zombie.SystemNanoseconds + zombie.ChildSystemNanoseconds) != Errno.Success) return Errno.EFAULT.Fail();
                p.Children.Remove(zombie);
                c.Kernel.Reap(zombie);
                return zombie.Pid;
            }
            if ((options & WNoHang) != 0) return 0;
            if (await c.Kernel.Wait(c.Thread, p.ChildEvents) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
    }

    private static async ValueTask<long> WaitId(SyscallContext c)
    {
        int idType = (int)c.A0, id = (int)c.A1, options = (int)c.A3;
        if (idType is not (PAll or PPid or PPgid or PPidfd) || (options & (WExited | WUntraced | WContinued)) == 0) return Errno.EINVAL.Fail();
        int pid = idType switch { PAll => -1, PPid => id, _ => id == 0 ? 0 : -id };
        // P_PIDFD: the child the descriptor names (not its id, which may have been reused); a non-blocking pidfd
        // makes a wait that finds it running fail with EAGAIN (Linux 5.10's kernel_waitid).
        Process? named = null;
        bool nonBlocking = false;
        if (idType == PPidfd)
        {
            if (id < 0) return Errno.EINVAL.Fail();
            if (PidFdSyscalls.Find(c, (ulong)id) is not { } pidfd) return Errno.EBADF.Fail();
            named = pidfd.Process;
            nonBlocking = pidfd.IsNonBlocking;
        }
        var p = c.Process;
        while (true)
        {
            var candidates = p.Children.Where(ch => named is null ? Matches(p, ch, pid) : ReferenceEquals(ch, named)).ToList();
            if (candidates.Count == 0) return Errno.ECHILD.Fail();
            var zombie = (options & WExited) != 0 ? candidates.FirstOrDefault(ch => ch.State == ProcessState.Zombie) : null;
            if (zombie is not null)
            {
                if (c.A2 != 0)
                {
                    int status = zombie.ExitStatus;
                    bool killed = (status & 0x7f) != 0;
                    var info = new SignalInfo((int)Signal.SIGCHLD,
                        killed ? ((status & 0x80) != 0 ? SignalCodes.ChildDumped : SignalCodes.ChildKilled) : SignalCodes.ChildExited,
                        zombie.Pid, c.Kernel.Credentials.Uid, Status: killed ? status & 0x7f : (status >> 8) & 0xff);
                    if (c.Memory.Write(c.A2, info.ToBytes()) != Errno.Success) return Errno.EFAULT.Fail();
                }
                if (c.A4 != 0 && WriteRusage(c, c.A4, zombie.CpuNanoseconds + zombie.ChildCpuNanoseconds, zombie.SystemNanoseconds + zombie.ChildSystemNanoseconds) != Errno.Success) return Errno.EFAULT.Fail();
                if ((options & WNoWait) == 0)
                {
                    p.Children.Remove(zombie);
                    c.Kernel.Reap(zombie);
                }
                return 0;
            }
            if ((options & WNoHang) != 0 || nonBlocking)
            {
                if (c.A2 != 0) c.Memory.Zero(c.A2, 128);
                return nonBlocking && (options & WNoHang) == 0 ? Errno.EAGAIN.Fail() : 0;
            }
            if (await c.Kernel.Wait(c.Thread, p.ChildEvents) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
    }

    /// <summary>struct rusage: user and system time (timevals) then 14 longs.</summary>
    /// <summary>A struct rusage: user time (guest code), system time (rvjit's kernel on the guest's behalf).</summary>
    internal static Errno WriteRusage(SyscallContext c, ulong address, long userNanoseconds, long systemNanoseconds)
    {
        var r = new long[18];
        long us = userNanoseconds / 1000, sys = systemNanoseconds / 1000;
        r[0] = us / 1_000_000;
        r[1] = us % 1_000_000;
        r[2] = sys / 1_000_000;
        r[3] = sys % 1_000_000;
        r[4] = c.Process.Space.ResidentPages * 4; // ru_maxrss in KiB (approximate)
        return c.Memory.Write(address, MemoryMarshal.AsBytes(r.AsSpan()));
    }

    private static long GetRusage(SyscallContext c)
    {
        int who = (int)c.A0;
        (long user, long system) = who switch
        {
            0 => (c.Process.CpuNanoseconds, c.Process.SystemNanoseconds),
            -1 => (c.Process.ChildCpuNanoseconds, c.Process.ChildSystemNanoseconds),
            1 => (c.Thread.CpuNanoseconds, c.Thread.SystemNanoseconds),
            _ => (-1, -1),
        };
        if (user < 0) return Errno.EINVAL.Fail();
        return WriteRusage(c, c.A1, user, system) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long SetPgid(SyscallContext c)
    {
        int pid = (int)c.A0, pgid = (int)c.A1;
        if (pgid < 0) return Errno.EINVAL.Fail();
        var target = pid == 0 ? c.Process : c.Kernel.Processes.Find(pid);
        if (target is null || (target != c.Process && target.Parent != c.Process)) return Errno.ESRCH.Fail();
        if (target.Session != c.Process.Session) return Errno.EPERM.Fail();
        if (target.Pid == target.Session) return Errno.EPERM.Fail();
        target.ProcessGroup = pgid == 0 ? target.Pid : pgid;
        return 0;
    }

    private static long SetSid(SyscallContext c)
    {
        var p = c.Process;
        // Linux: EPERM when a process group with the caller's id exists, its own included (a group leader).
        if (c.Kernel.Processes.All.Any(q => q.ProcessGroup == p.Pid && q.State != Tasks.ProcessState.Reaped)) return Errno.EPERM.Fail();
        p.Session = p.Pid;
        p.ProcessGroup = p.Pid;
        return p.Pid;
    }

    private static long Prlimit64(SyscallContext c)
    {
        var target = c.A0 == 0 ? c.Process : c.Kernel.Processes.Find((int)c.A0);
        if (target is null) return Errno.ESRCH.Fail();
        return Prlimit(c, target, (int)c.A1, c.A2, c.A3);
    }

    private static long Prlimit(SyscallContext c, Process target, int resource, ulong newAddress, ulong oldAddress)
    {
        if (resource is < 0 or >= ResourceLimits.Count) return Errno.EINVAL.Fail();
        var r = (Resource)resource;
        var current = target.Limits[r];
        if (oldAddress != 0)
        {
            ulong[] pair = [current.Soft, current.Hard];
            if (c.Memory.Write(oldAddress, MemoryMarshal.AsBytes(pair.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
        }
        if (newAddress != 0)
        {
            if (c.Memory.Read(newAddress, out ulong soft) != Errno.Success || c.Memory.Read(newAddress + 8, out ulong hard) != Errno.Success)
                return Errno.EFAULT.Fail();
            if (soft > hard) return Errno.EINVAL.Fail();
            if (hard > current.Hard) return Errno.EPERM.Fail();
            target.Limits[r] = (soft, hard);
            if (r == Resource.Stack) target.Space.StackLimit = Math.Min(soft, 1UL << 32);
            if (r == Resource.AddressSpace) target.Space.SizeLimit = soft;
        }
        return 0;
    }

    private static long GetRobustList(SyscallContext c)
    {
        var t = c.A0 == 0 ? c.Thread : c.Kernel.Processes.FindThread((int)c.A0);
        if (t is null) return Errno.ESRCH.Fail();
        if (c.Memory.Write(c.A1, t.RobustListHead) != Errno.Success || c.Memory.Write(c.A2, t.RobustListLength) != Errno.Success)
            return Errno.EFAULT.Fail();
        return 0;
    }

    private static long Prctl(SyscallContext c)
    {
        const int SetName = 15, GetName = 16, SetPdeathsig = 1, GetPdeathsig = 2, SetDumpable = 4, GetDumpable = 3,
            GetKeepCaps = 7, SetKeepCaps = 8;
        switch ((int)c.A0)
        {
            case SetName:
                if (c.Memory.ReadStringBytes(c.A1, 4096, out var name) != Errno.Success) return Errno.EFAULT.Fail();
                c.Process.Name = Encoding.UTF8.GetString(name.AsSpan(0, Math.Min(15, name.Length)));
                return 0;
            case GetName:
            {
                var bytes = new byte[16];
                Encoding.UTF8.GetBytes(c.Process.Name).AsSpan(0, Math.Min(15, Encoding.UTF8.GetByteCount(c.Process.Name))).CopyTo(bytes);
                return c.Memory.Write(c.A1, bytes) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            }
            case SetPdeathsig: case SetDumpable: return 0;
            case GetPdeathsig: return c.Memory.Write(c.A1, 0) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case GetDumpable: return 1;
            case GetKeepCaps: return c.Thread.KeepCapabilities ? 1 : 0;
            case SetKeepCaps:
                if (c.A1 > 1) return Errno.EINVAL.Fail();
                c.Thread.KeepCapabilities = c.A1 == 1;
                return 0;
            default: return Errno.EINVAL.Fail();
        }
    }

    // futex(uaddr, op, val, timeout/val2, uaddr2, val3). Checks in Linux's order: the timeout (EFAULT, EINVAL),
    // the operation (ENOSYS), then the word (EINVAL when misaligned; EFAULT when a shared futex's page or a
    // word that must be read is not there; a private futex that is only woken is never read).
    private static async ValueTask<long> Futex(SyscallContext c)
    {
        const int Wait = 0, Wake = 1, Requeue = 3, CmpRequeue = 4, WakeOp = 5, LockPi = 6, UnlockPi = 7, TrylockPi = 8,
            WaitBitset = 9, WakeBitset = 10, WaitRequeuePi = 11, CmpRequeuePi = 12, LockPi2 = 13, PrivateFlag = 128, ClockRealtime = 256;
        int op = (int)c.A1;
        int cmd = op & ~(PrivateFlag | ClockRealtime);
        bool isPrivate = (op & PrivateFlag) != 0;
        ulong address = c.A0;
        long deadline = 0;
        if (cmd is Wait or WaitBitset or LockPi or LockPi2 or WaitRequeuePi && c.A3 != 0)
        {
            if (GuestTimespec.Read(c, c.A3, out long ns) is var e && e != Errno.Success) return e.Fail();
            // FUTEX_WAIT's timeout is relative; the others are absolute, LOCK_PI's always on CLOCK_REALTIME.
            deadline = cmd == Wait ? KernelClock.DeadlineAfter(ns)
                : cmd == LockPi || (op & ClockRealtime) != 0 ? KernelClock.DeadlineForRealtime(ns) : c.Kernel.Clock.DeadlineForMonotonic(ns);
            if (deadline == 0) deadline = 1;
        }
        if ((op & ClockRealtime) != 0 && cmd is not (Wait or WaitBitset or LockPi2 or WaitRequeuePi)) return Errno.ENOSYS.Fail();
        switch (cmd)
        {
            case Wait:
            case WaitBitset:
            {
                uint bitset = cmd == WaitBitset ? (uint)c.A5 : uint.MaxValue;
                if (bitset == 0) return Errno.EINVAL.Fail();
                if ((address & 3) != 0) return Errno.EINVAL.Fail();
                if (c.Memory.Read(address, out uint value) != Errno.Success) return Errno.EFAULT.Fail();
                if (value != (uint)c.A2) return Errno.EAGAIN.Fail();
                if (!Sync.FutexKey.TryGet(c.Process.Space, address, isPrivate, out var key)) return Errno.EFAULT.Fail();
                var waiter = c.Kernel.CreateWaiter(deadline);
                c.Kernel.Futexes.Add(key, waiter, bitset);
                return await c.Kernel.Block(c.Thread, waiter) switch
                {
                    WakeReason.Woken => 0,
                    WakeReason.TimedOut => Errno.ETIMEDOUT.Fail(),
                    _ => Errno.EINTR.Fail(),
                };
            }
            case Wake:
            case WakeBitset:
            {
                uint bitset = cmd == WakeBitset ? (uint)c.A5 : uint.MaxValue;
                if (bitset == 0) return Errno.EINVAL.Fail();
                Errno e = KeyOf(c, address, isPrivate, out var key);
                if (e != Errno.Success) return e.Fail();
                if (c.Kernel.Futexes.HasRequeueWaiters(key)) return Errno.EINVAL.Fail();
                return c.Kernel.Futexes.Wake(key, (int)Math.Min(c.A2, int.MaxValue), bitset);
            }
            case Requeue:
            case CmpRequeue:
            {
                if ((int)c.A2 < 0 || (int)c.A3 < 0) return Errno.EINVAL.Fail();
                Errno e = KeyOf(c, address, isPrivate, out var from);
                Sync.FutexKey to = default;
                if (e == Errno.Success) e = KeyOf(c, c.A4, isPrivate, out to);
                if (e != Errno.Success) return e.Fail();
                if (cmd == CmpRequeue)
                {
                    if (c.Memory.Read(address, out uint value) != Errno.Success) return Errno.EFAULT.Fail();
                    if (value != (uint)c.A5) return Errno.EAGAIN.Fail();
                }
                return c.Kernel.Futexes.Requeue(from, to, (int)Math.Min(c.A2, int.MaxValue), (int)Math.Min(c.A3, int.MaxValue));
            }
            case WakeOp:
            {
                Errno e = KeyOf(c, address, isPrivate, out var first);
                Sync.FutexKey second = default;
                if (e == Errno.Success) e = KeyOf(c, c.A4, isPrivate, out second);
                return e != Errno.Success ? e.Fail() : FutexWakeOp(c, first, second);
            }
            case LockPi:
            case LockPi2:
            case TrylockPi:
            case UnlockPi:
            {
                // The word must be there and writable (Linux faults it in for writing): that settles which frame
                // backs it (copy-on-write broken), so the waiters' key and the unlocker's agree. Faulted in, not
                // written: writing back the value read would undo a guest store made meanwhile on another hart.
                if ((address & 3) != 0) return Errno.EINVAL.Fail();
                if (c.Memory.Read(address, out uint _) != Errno.Success || c.Memory.WritablePrefix(address, 4) != 4)
                    return Errno.EFAULT.Fail();
                if (!Sync.FutexKey.TryGet(c.Process.Space, address, isPrivate, out var key)) return Errno.EFAULT.Fail();
                return cmd == UnlockPi ? PiFutexOperations.Unlock(c, address, key)
                    : await PiFutexOperations.Lock(c, address, key, deadline, tryOnly: cmd == TrylockPi);
            }
            case WaitRequeuePi:
            case CmpRequeuePi:
            {
                // Linux: the two words must differ; CMP_REQUEUE_PI wakes exactly one (nr_wake 1).
                if (cmd == CmpRequeuePi && (c.A2 != 1 || (int)c.A3 < 0)) return Errno.EINVAL.Fail();
                if ((address & 3) != 0 || (c.A4 & 3) != 0) return Errno.EINVAL.Fail();
                if (address == c.A4) return Errno.EINVAL.Fail();
                if (c.Memory.Read(address, out uint _) != Errno.Success) return Errno.EFAULT.Fail();
                if (c.Memory.Read(c.A4, out uint _) != Errno.Success || c.Memory.WritablePrefix(c.A4, 4) != 4)
                    return Errno.EFAULT.Fail();
                if (!Sync.FutexKey.TryGet(c.Process.Space, address, isPrivate, out var key) ||
                    !Sync.FutexKey.TryGet(c.Process.Space, c.A4, isPrivate, out var lockKey))
                    return Errno.EFAULT.Fail();
                if (key == lockKey) return Errno.EINVAL.Fail();
                return cmd == WaitRequeuePi
                    ? await PiFutexOperations.WaitRequeue(c, address, (uint)c.A2, key, c.A4, lockKey, deadline)
                    : PiFutexOperations.CmpRequeue(c, address, key, c.A4, lockKey, (int)c.A3, (uint)c.A5);
            }
            default:
                c.Kernel.WarnOnce($"futex {cmd}", $"unsupported futex operation {cmd}");
                return Errno.ENOSYS.Fail();
        }
    }

    /// <summary>
    /// The wait-list key of the futex word at <paramref name="address"/> (<see cref="Sync.FutexKey"/>), as Linux's
    /// get_futex_key checks it: EINVAL when misaligned; a shared futex's page must be there (EFAULT; it is
    /// faulted in); a private futex's word is never read.
    /// </summary>
    private static Errno KeyOf(SyscallContext c, ulong address, bool isPrivate, out Sync.FutexKey key)
    {
        key = default;
        if ((address & 3) != 0) return Errno.EINVAL;
        if (address >= RvJit.Kernel.Memory.MemoryLayout.UserLimit) return Errno.EFAULT;
        if (!isPrivate && c.Memory.Read(address, out uint _) != Errno.Success) return Errno.EFAULT;
        return Sync.FutexKey.TryGet(c.Process.Space, address, isPrivate, out key) ? Errno.Success : Errno.EFAULT;
    }

    // FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg) atomically (guest code on other harts may be updating the
    // word too: Linux does it with an AMO); wake val on uaddr; if cmp(old, cmparg) wake val2 on uaddr2.
    // Decoded as Linux's futex_atomic_op_inuser: both arguments are signed 12-bit; with FUTEX_OP_OPARG_SHIFT
    // the operand is 1 << (oparg & 31). An unknown op is ENOSYS before the word changes, an unknown cmp after.
    private static long FutexWakeOp(SyscallContext c, Sync.FutexKey first, Sync.FutexKey second)
    {
        uint encoded = (uint)c.A5;
        int op = (int)((encoded >> 28) & 7), cmp = (int)((encoded >> 24) & 15);
        int opArg = (int)(encoded << 8) >> 20, cmpArg = (int)(encoded << 20) >> 20;
        if ((encoded & 0x8000_0000) != 0) opArg = 1 << (opArg & 31);
        uint operand = (uint)opArg;
        Func<uint, uint>? update = op switch
        {
            0 => _ => operand,
            1 => w => w + operand,
            2 => w => w | operand,
            3 => w => w & ~operand,
            4 => w => w ^ operand,
            _ => null,
        };
        if (update is null) return Errno.ENOSYS.Fail();
        Errno e = c.Memory.Update32(c.A4, update, out uint oldWord);
        if (e != Errno.Success) return e.Fail();
        int old = (int)oldWord;
        bool? condition = cmp switch { 0 => old == cmpArg, 1 => old != cmpArg, 2 => old < cmpArg, 3 => old <= cmpArg, 4 => old > cmpArg, 5 => old >= cmpArg, _ => null };
        if (condition is null) return Errno.ENOSYS.Fail();
        int woken = 0;
        woken += c.Kernel.Futexes.Wake(first, (int)Math.Min(c.A2, int.MaxValue));
        if (condition.Value) woken += c.Kernel.Futexes.Wake(second, (int)Math.Min(c.A3, int.MaxValue));
        return woken;
    }
}
