// How a system call that a signal interrupted goes on: Linux's ERESTART* codes.
namespace RvJit.Kernel.Syscalls;

/// <summary>
/// What happens to a system call that returned EINTR when its thread goes back to user mode (Linux's
/// ERESTARTSYS, ERESTARTNOHAND, ERESTART_RESTARTBLOCK and plain EINTR; signal(7)).
/// </summary>
public enum SyscallRestart : byte
{
    /// <summary>Not interrupted, or EINTR stands whatever happens (epoll_pwait, rt_sigtimedwait, semop).</summary>
    None,

    /// <summary>ERESTARTSYS: restarted when no handler runs, and after a handler with SA_RESTART.</summary>
    Always,

    /// <summary>ERESTARTNOHAND: restarted only when no handler runs (ppoll, pselect6, rt_sigsuspend, an absolute sleep).</summary>
    WithoutHandler,

    /// <summary>ERESTART_RESTARTBLOCK: when no handler runs, the thread calls restart_syscall, which goes on with
    /// <see cref="Tasks.UserThread.RestartBlock"/> (a relative sleep to its first deadline); after a handler, EINTR.</summary>
    Block,
}
