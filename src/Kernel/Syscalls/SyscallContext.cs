// One system call in progress: the calling thread, its arguments, and helpers handlers share.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// What a handler sees: the thread, its process, the six argument registers, and the way back (the
/// result goes to a0 unless <see cref="KeepRegisters"/>; <see cref="Flow"/> says whether the thread
/// goes on). One context per thread is reused for all its calls.
/// </summary>
public sealed class SyscallContext(LinuxKernel kernel, UserThread thread)
{
    public LinuxKernel Kernel { get; } = kernel;
    public UserThread Thread { get; } = thread;
    public Process Process => Thread.Process;
    public UserMemory Memory => Thread.Process.Space.Memory;

    public int Number;
    public ulong A0, A1, A2, A3, A4, A5;

    /// <summary>The handler set the registers itself (rt_sigreturn): a0 is left alone.</summary>
    public bool KeepRegisters;

    /// <summary>What the thread does next (Exit after exit/exit_group, Yield after sched_yield).</summary>
    public Executor.ControlFlow Flow;

    /// <summary>How the call goes on if it returns EINTR, when the handler decides (a sleep: absolute or relative);
    /// null: by the call's name (<see cref="SyscallTable"/>).</summary>
    public SyscallRestart? Restart;

    public ulong this[int i] => i switch { 0 => A0, 1 => A1, 2 => A2, 3 => A3, 4 => A4, _ => A5 };

    /// <summary>A file descriptor argument (the low 32 bits, signed).</summary>
    public static int AsInt(ulong v) => unchecked((int)v);

    /// <summary>The open file behind descriptor <paramref name="fd"/>, or null (EBADF).</summary>
    public FileDescription? File(ulong fd) => Process.Files.Get(AsInt(fd));

    /// <summary>Reads a path argument (ENAMETOOLONG past PATH_MAX, EFAULT on a bad pointer).</summary>
    public Errno ReadPath(ulong address, out string path)
    {
        path = "";
        if (address == 0) return Errno.EFAULT;
        return Memory.ReadString(address, Vfs.PathMax, out path);
    }

    /// <summary>
    /// Resolves <paramref name="path"/> relative to directory descriptor <paramref name="dirfd"/> (AT_FDCWD:
    /// the working directory). An empty path with AT_EMPTY_PATH names the descriptor's own file.
    /// </summary>
    public Errno Resolve(ulong dirfd, string path, ResolveOptions options, out Location location, bool emptyPathAllowed = false)
    {
        location = null!;
        int fd = AsInt(dirfd);
        if (path.Length == 0)
        {
            if (!emptyPathAllowed) return Errno.ENOENT;
            if (fd == OpenFlags.AtFdCwd) return Kernel.Vfs.Resolve(Process, "/", Process.WorkingDirectory, ResolveOptions.FollowFinal, out location);
            var file = File(dirfd);
            if (file is null) return Errno.EBADF;
            if (file.Location is { } own) { location = own; return Errno.Success; }
            // Pipes and the like: a location that only carries the file's status.
            file.Stat(out var st);
            location = new Location { GuestPath = file.DisplayPath, Exists = true, Stat = st };
            return Errno.Success;
        }
        string baseDirectory = Process.WorkingDirectory;
        bool scoped = (options & (ResolveOptions.Beneath | ResolveOptions.InRoot)) != 0;
        if ((path[0] != '/' || scoped) && fd != OpenFlags.AtFdCwd)
        {
            var dir = File(dirfd);
            if (dir is null) return Errno.EBADF;
            if (dir.Location is not { IsDirectory: true } dirLocation) return Errno.ENOTDIR;
            baseDirectory = dirLocation.GuestPath;
        }
        return Kernel.Vfs.Resolve(Process, baseDirectory, path, options, out location);
    }

    /// <summary>Reads a path argument and resolves it relative to <paramref name="dirfd"/>.</summary>
    public Errno ResolveArgument(ulong dirfd, ulong pathAddress, ResolveOptions options, out Location location, bool emptyPathAllowed = false)
    {
        location = null!;
        Errno e = ReadPath(pathAddress, out string path);
        return e != Errno.Success ? e : Resolve(dirfd, path, options, out location, emptyPathAllowed);
    }
}
