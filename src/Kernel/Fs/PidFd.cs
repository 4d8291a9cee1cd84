// pidfd: a descriptor that names a process (pidfd_open, clone's CLONE_PIDFD) and outlives its process id.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A process descriptor: it holds the process itself, so a reused process id never makes it name another one.
/// It polls readable (POLLIN) once the process has exited, zombie or reaped, as Linux's pidfd_poll; reading it is EINVAL.
/// </summary>
public sealed class PidFd(Process process, int flags) : FileDescription(flags)
{
    private static long nextInode = 0x70000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    public Process Process { get; } = process;

    /// <summary>The process's id, -1 once it has been reaped (Linux 5.x-6.8's pidfd_show_fdinfo).</summary>
    public override string FdInfo => Process.State == ProcessState.Reaped ? "Pid:\t-1\n" : $"Pid:\t{Process.Pid}\nNSpid:\t{Process.Pid}\n";

    public override string DisplayPath => "anon_inode:[pidfd]";
    public override WaitQueue? PollQueue => Process.Exited;

    public override PollEvents Poll() => Process.State == ProcessState.Running ? PollEvents.None : PollEvents.In;

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, inode, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }
}
