// A guest process: address space, descriptors, working directory, threads, family and exit state.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Tasks;

/// <summary>Where a process is in its life.</summary>
public enum ProcessState : byte { Running, Zombie, Reaped }

/// <summary>
/// One guest process (thread group). Its threads share <see cref="Space"/>, <see cref="Files"/> and the
/// signal dispositions. When it exits it becomes a zombie holding its wait status until the parent's
/// wait4 reaps it; the parent's <see cref="ChildEvents"/> queue is woken on every child state change.
/// </summary>
public sealed class Process
{
    public Process(LinuxKernel kernel, int pid, AddressSpace space, FdTable files)
    {
        Kernel = kernel;
        Pid = pid;
        Space = space;
        Files = files;
        ProcessGroup = pid;
        Session = pid;
    }

    public LinuxKernel Kernel { get; }
    public int Pid { get; }
    public Process? Parent { get; set; }
    public List<Process> Children { get; } = [];
    public int ProcessGroup { get; set; }
    public int Session { get; set; }

    public AddressSpace Space { get; set; }
    public FdTable Files { get; set; }

    /// <summary>The working directory as a canonical guest path.</summary>
    public string WorkingDirectory { get; set; } = "/";
    public int Umask { get; set; } = 0x12; // 022

    /// <summary>The supplementary group ids (getgroups, setgroups; /proc/PID/status); null: the host's, until a
    /// privileged process sets them. Files are still opened with rvjit's own host identity.</summary>
    public uint[]? Groups { get; set; }

    public uint[] GroupsOrHost => Groups ?? Kernel.Credentials.HostGroups;

    /// <summary>Real, effective and saved user and group ids (see <see cref="IdTriple"/>); null: the host's.</summary>
    public IdTriple? UserIds { get; set; }
    public IdTriple? GroupIds { get; set; }

    public IdTriple Uids => UserIds ?? IdTriple.Of(Kernel.Credentials.Uid);
    public IdTriple Gids => GroupIds ?? IdTriple.Of(Kernel.Credentials.Gid);

    /// <summary>Guest path of the running executable (/proc/self/exe) and its host path.</summary>
    public string ExecutablePath { get; set; } = "";
    public string ExecutableHostPath { get; set; } = "";

    /// <summary>The command name (comm: executable base name, at most 15 bytes).</summary>
    public string Name { get; set; } = "";

    /// <summary>argv and envp as passed to execve (for /proc/self/cmdline and environ).</summary>
    public IReadOnlyList<byte[]> Arguments { get; set; } = [];
    public IReadOnlyList<byte[]> Environment { get; set; } = [];

    public List<UserThread> Threads { get; } = [];
    public UserThread? MainThread => Threads.Count > 0 ? Threads[0] : null;

    public ProcessState State { get; set; }

    /// <summary>Set once exit_group (or a fatal signal) has begun: the remaining threads leave.</summary>
    public bool Exiting { get; set; }

    /// <summary>The wait4 status word once the process is a zombie.</summary>
    public int ExitStatus { get; set; }

    /// <summary>Signal sent to the parent on exit (SIGCHLD, or the clone exit signal).</summary>
    public int ExitSignal { get; set; } = (int)Signal.SIGCHLD;

    /// <summary>Woken when a child of this process exits (wait4, waitid).</summary>
    public WaitQueue ChildEvents { get; } = new();

    /// <summary>Woken when the process's last thread has ended (its pidfds poll readable then).</summary>
    public WaitQueue Exited { get; } = new();

    public SignalActions SignalActions { get; set; } = new();

    /// <summary>Signals sent to the process as a whole and not yet delivered, with their siginfo.</summary>
    public SignalQueue PendingSignals { get; } = new();

    /// <summary>Woken whenever a signal is queued to the process or one of its threads (signalfd reads and polls).</summary>
    public WaitQueue SignalQueued { get; } = new();

    /// <summary>Where handlers return to: the rt_sigreturn trampoline page mapped at exec.</summary>
    public ulong SignalTrampoline { get; set; }

    /// <summary>Woken when this process execs or exits (a vfork parent resumes then).</summary>
    public WaitQueue VforkDone { get; } = new();
    public bool VforkReleased { get; set; }

    public ResourceLimits Limits { get; set; } = new();

    /// <summary>CPU time of this process's guest code (all its threads, ns: the time its slices ran on a hart),
    /// and of its reaped children: Linux's user time.</summary>
    public long CpuNanoseconds, ChildCpuNanoseconds;

    /// <summary>Time rvjit's kernel spent on this process's threads (system calls, page faults, signal delivery, ns;
    /// not the time they waited), and its reaped children's: Linux's system time.</summary>
    public long SystemNanoseconds, ChildSystemNanoseconds;

    /// <summary>Armed timers on this process's CPU clocks or its threads' (checked when a slice is charged).</summary>
    public List<CpuTimer> CpuTimers { get; } = [];

    /// <summary>ITIMER_VIRTUAL and ITIMER_PROF (SIGVTALRM, SIGPROF): kept across execve, not inherited by fork.</summary>
    public CpuTimer? VirtualITimer, ProfilingITimer;

    /// <summary>Guest instructions retired by this process's threads.</summary>
    public long Instructions;

    /// <summary>When the process exec'ed a host program: that host process's id (signals go to it).</summary>
    public int HostProcessId { get; set; }

    /// <summary>timer_create timers (not inherited by fork; deleted by exec and exit).</summary>
    public PosixTimers Timers { get; } = new();

    /// <summary>ITIMER_REAL: bumping the generation cancels the armed alarm.</summary>
    public int AlarmGeneration;
    public long AlarmDeadline, AlarmIntervalNs;

    /// <summary>The AT_* values of the last exec (for /proc/self/auxv).</summary>
    public IReadOnlyList<(ulong Key, ulong Value)> AuxVector { get; set; } = [];

    public override string ToString() => $"process {Pid} ({Name})";
}
