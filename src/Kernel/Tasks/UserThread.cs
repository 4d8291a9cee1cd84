// A guest thread: its register context (trap context), its id and per-thread kernel state.
using RvJit.Kernel.Sync;
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Tasks;

/// <summary>
/// One guest thread. Its registers live in a <see cref="CpuState"/> in native memory (the trap context) that
/// the kernel installs in the hart before running it; all of a process's threads share its address space.
/// </summary>
public sealed unsafe class UserThread : IDisposable
{
    public UserThread(int tid, Process process)
    {
        Tid = tid;
        Process = process;
        Context = CpuState.Allocate();
    }

    public int Tid { get; }
    public Process Process { get; internal set; }

    /// <summary>The saved user registers, pc and FP state.</summary>
    public CpuState* Context { get; private set; }

    /// <summary>set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread exits.</summary>
    public ulong ClearChildTid;

    /// <summary>set_robust_list head (kept for get_robust_list).</summary>
    public ulong RobustListHead, RobustListLength;

    /// <summary>Blocked signals (sigset_t bit i-1 = signal i).</summary>
    public ulong SignalMask;

    /// <summary>Signals sent to this thread (tgkill, faults) and not yet delivered, with their siginfo.</summary>
    public Signals.SignalQueue PendingSignals { get; } = new();

    /// <summary>How the last system call, interrupted by a signal (EINTR), goes on; None when it was not.</summary>
    public Syscalls.SyscallRestart InterruptedRestart;
    public ulong SyscallFirstArgument;

    /// <summary>What restart_syscall runs: the rest of the call that set <see cref="Syscalls.SyscallRestart.Block"/>.</summary>
    public Syscalls.SyscallHandler? RestartBlock;

    /// <summary>The mask to put back after the next handler returns (rt_sigsuspend, ppoll and pselect6
    /// run with a temporary mask; the signal frame saves this one instead).</summary>
    public ulong? MaskToRestore;

    /// <summary>prctl's PR_SET_KEEPCAPS flag: a thread's own (Linux keeps it in the thread's credentials), copied by
    /// clone, cleared by execve. rvjit's identity never changes, so nothing else reads it.</summary>
    public bool KeepCapabilities;

    /// <summary>Policy, priorities and affinity as the scheduling calls left them (copied by clone, kept by execve).</summary>
    public Scheduling Scheduling = Scheduling.Default;

    /// <summary>sigaltstack.</summary>
    public ulong AltStackBase, AltStackSize;
    public int AltStackFlags = 2; // SS_DISABLE

    /// <summary>The wait the thread is blocked in, so a signal can interrupt it.</summary>
    public Waiter? CurrentWait;

    /// <summary>CPU time of this thread's guest code (ns: the time its slices ran on a hart): its user time.</summary>
    public long CpuNanoseconds;

    /// <summary>Time rvjit's kernel spent on this thread (ns, waits excluded): its system time.</summary>
    public long SystemNanoseconds;

    /// <summary>Charges kernel time to this thread and its process.</summary>
    public void ChargeSystem(long nanoseconds)
    {
        SystemNanoseconds += nanoseconds;
        Process.SystemNanoseconds += nanoseconds;
    }

    /// <summary>Set when the thread must leave at its next check (exit, exit_group, fatal signal, execve by another thread).</summary>
    public bool ExitRequested;

    /// <summary>The hart running this thread in U-mode right now (null while it is in the kernel, queued or blocked).</summary>
    public Executor.Processor? RunningOn;

    /// <summary>Brings the thread back to the kernel soon: wakes it from a wait, or stops its guest code on the hart
    /// running it (within one time slice), so it sees a signal or an exit request.</summary>
    public void Interrupt()
    {
        CurrentWait?.Wake(Sync.WakeReason.Interrupted);
        RunningOn?.Interrupt();
    }

    public ulong GetRegister(int i) => Context->X[i];
    public void SetRegister(int i, ulong v) { if (i != 0) Context->X[i] = v; }
    public ulong Pc { get => Context->Pc; set => Context->Pc = value; }

    public void Dispose()
    {
        if (Context != null) { CpuState.Free(Context); Context = null; }
    }

    public override string ToString() => $"thread {Tid} of {Process}";
}
