// Process and thread life: clone (fork, vfork, threads), installing an exec image, exit, reaping.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Loader;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel;

/// <summary>clone(2) flag bits.</summary>
public static class CloneFlags
{
    public const ulong ExitSignalMask = 0xff, Vm = 0x100, Fs = 0x200, Files = 0x400, Sighand = 0x800, Pidfd = 0x1000,
        Ptrace = 0x2000, Vfork = 0x4000, Parent = 0x8000, Thread = 0x10000, NewNs = 0x20000, SysVSem = 0x40000,
        SetTls = 0x80000, ParentSetTid = 0x100000, ChildClearTid = 0x200000, Detached = 0x400000,
        Untraced = 0x800000, ChildSetTid = 0x1000000, NewTime = 0x80,
        ClearSighand = 0x1_0000_0000, IntoCgroup = 0x2_0000_0000; // clone3 only
}

public sealed unsafe partial class LinuxKernel
{
    /// <summary>
    /// clone and clone3: a new thread in the caller's process (CLONE_THREAD) or a new process, whose memory is a
    /// copy-on-write copy of the caller's, or the very same memory with CLONE_VM (vfork, posix_spawn).
    /// Returns the new thread's id or -errno; the child starts at the caller's pc with a0 = 0. Checks in
    /// copy_process's order; set_tid (a privileged caller's choice of id, one level of pid namespace) as alloc_pid
    /// checks it; CLONE_INTO_CGROUP's descriptor is never a cgroup directory here (no cgroup file system): EBADF, as
    /// Linux answers for any other file.
    /// </summary>
    public long Clone(UserThread parentThread, CloneArguments a, ulong[]? setTids = null, long cgroup = -1)
    {
        var parent = parentThread.Process;
        ulong flags = a.Flags;
        if ((flags & CloneFlags.Thread) != 0 && ((flags & CloneFlags.Vm) == 0 || (flags & CloneFlags.Sighand) == 0)) return Errno.EINVAL.Fail();
        if ((flags & CloneFlags.Sighand) != 0 && (flags & CloneFlags.Vm) == 0) return Errno.EINVAL.Fail();
        // CLONE_PIDFD (Linux before 6.9): not for threads; legacy clone returns it where CLONE_PARENT_SETTID's id would go.
        bool pidfd = (flags & CloneFlags.Pidfd) != 0;
        if (pidfd && (flags & CloneFlags.ParentSetTid) != 0 && a.PidFd == a.ParentTid) return Errno.EINVAL.Fail();
        if (pidfd && (flags & (CloneFlags.Thread | CloneFlags.Detached)) != 0) return Errno.EINVAL.Fail();
        int setTid = 0;
        if (setTids is { Length: > 0 })
        {
            if (setTids.Length > 1) return Errno.EINVAL.Fail(); // one pid namespace: level 0
            long tid = (long)setTids[0];
            if (tid < 1 || tid > 4_194_303) return Errno.EINVAL.Fail();
            if (parent.Uids.Effective != 0) return Errno.EPERM.Fail();
            if (Processes.FindThread((int)tid) is not null || Processes.Find((int)tid) is not null) return Errno.EEXIST.Fail();
            setTid = (int)tid;
        }
        if (pidfd && !parent.Files.HasFree(RvJit.Kernel.Syscalls.DescriptorSyscalls.FileLimit(parent))) return Errno.EMFILE.Fail();
        if (cgroup >= 0) return Errno.EBADF.Fail();
        if (pidfd && parent.Space.Memory.Write(a.PidFd, -1) != Errno.Success) return Errno.EFAULT.Fail();
        int id = setTid != 0 && Processes.TryReserveId(setTid) ? setTid : setTid != 0 ? -1 : Processes.AllocateId();
        if (id < 0) return Errno.EEXIST.Fail();
        ulong newStack = a.Stack, parentTidPtr = a.ParentTid, tls = a.Tls, childTidPtr = a.ChildTid;
        UserThread child;
        if ((flags & CloneFlags.Thread) != 0)
        {
            child = new UserThread(id, parent);
            parent.Threads.Add(child);
        }
        else
        {
            AddressSpace space;
            if ((flags & CloneFlags.Vm) != 0)
            {
                space = parent.Space;
                space.Users++;
            }
            else
            {
                try { space = parent.Space.Fork(); }
                catch (OutOfGuestMemoryException) { return Errno.ENOMEM.Fail(); }
                Debugger?.Forked(parent, space);
                WatchTranslations(space);
            }
            var files = (flags & CloneFlags.Files) != 0 ? parent.Files : parent.Files.Clone();
            var process = new Process(this, id, space, files)
            {
                Parent = parent,
                ProcessGroup = parent.ProcessGroup,
                Session = parent.Session,
                WorkingDirectory = parent.WorkingDirectory,
                Umask = parent.Umask,
                Groups = parent.Groups,
                UserIds = parent.UserIds,
                GroupIds = parent.GroupIds,
                ExecutablePath = parent.ExecutablePath,
                ExecutableHostPath = parent.ExecutableHostPath,
                Name = parent.Name,
                Arguments = parent.Arguments,
                Environment = parent.Environment,
                AuxVector = parent.AuxVector,
                SignalActions = (flags & CloneFlags.Sighand) != 0 ? parent.SignalActions : parent.SignalActions.Clone((flags & CloneFlags.ClearSighand) != 0),
                Limits = parent.Limits.Clone(),
                SignalTrampoline = parent.SignalTrampoline,
                ExitSignal = a.ExitSignal,
            };
            if (!ReferenceEquals(files, parent.Files)) files.OnClose = f => ReleaseRecordLocks(process, f);
            parent.Children.Add(process);
            Processes.Add(process);
            child = new UserThread(id, process);
            process.Threads.Add(child);
        }

        *child.Context = *parentThread.Context;
        child.SetRegister(10, 0);
        if (newStack != 0) child.SetRegister(2, newStack);
        if ((flags & CloneFlags.SetTls) != 0) child.SetRegister(4, tls);
        child.SignalMask = parentThread.SignalMask;
        child.AltStackFlags = (flags & CloneFlags.Vm) != 0 && (flags & CloneFlags.Vfork) == 0 ? 2 : parentThread.AltStackFlags;
        child.AltStackBase = parentThread.AltStackBase;
        child.AltStackSize = parentThread.AltStackSize;
        child.KeepCapabilities = parentThread.KeepCapabilities;
        child.Scheduling = parentThread.Scheduling.ForChild();
        if ((flags & CloneFlags.ParentSetTid) != 0) parent.Space.Memory.Write(parentTidPtr, id);
        if (pidfd)
        {
            int fd = parent.Files.Add(new PidFd(child.Process, OpenFlags.ReadWrite), true, 0, RvJit.Kernel.Syscalls.DescriptorSyscalls.FileLimit(parent));
            parent.Space.Memory.Write(a.PidFd, fd);
        }
        if ((flags & CloneFlags.ChildSetTid) != 0) child.Process.Space.Memory.Write(childTidPtr, id);
        if ((flags & CloneFlags.ChildClearTid) != 0) child.ClearChildTid = childTidPtr;
        Processes.Add(child);
        SampleLoad();
        StartThread(child);
        return id;
    }

    /// <summary>The point of no return of execve (and the first exec): the process takes the new image.</summary>
    public void InstallImage(Process process, UserThread thread, ExecImage image)
    {
        var old = process.Space;
        process.Space = image.Space;
        if (!ReferenceEquals(old, image.Space)) ReleaseSpace(old);
        Debugger?.Execed(process);
        process.ExecutablePath = image.GuestPath;
        process.ExecutableHostPath = image.HostPath;
        string name = Path.GetFileName(image.GuestPath);
        process.Name = name.Length > 15 ? name[..15] : name;
        process.Arguments = image.Arguments;
        process.Environment = image.Environment;
        process.AuxVector = image.AuxVector;
        process.SignalTrampoline = image.SignalTrampoline;
        process.SignalActions = process.SignalActions.Clone();
        process.SignalActions.ResetForExec();
        process.Timers.DeleteAll();
        foreach (var other in process.Threads)
            if (other != thread) { other.ExitRequested = true; other.ClearChildTid = 0; other.Interrupt(); }
        thread.AltStackFlags = 2;
        thread.ClearChildTid = 0;
        thread.KeepCapabilities = false;

        *thread.Context = default;
        thread.Pc = image.Entry;
        thread.SetRegister(2, image.StackPointer);
        ReleaseVforkParent(process);
    }

    /// <summary>A vfork parent waits until its child execs or exits.</summary>
    internal static void ReleaseVforkParent(Process child)
    {
        if (child.VforkReleased) return;
        child.VforkReleased = true;
        child.VforkDone.WakeAll();
    }

    private void ReleaseSpace(AddressSpace space)
    {
        if (--space.Users > 0) return;
        Unload(space);
        space.Dispose();
    }

    /// <summary>exit(): this thread ends; the process ends with <paramref name="code"/> if it was the last one.</summary>
    public void ExitThread(UserThread thread, int code)
    {
        thread.ExitRequested = true;
        var p = thread.Process;
        if (!p.Exiting && !p.Threads.Exists(t => !t.ExitRequested)) p.ExitStatus = WaitStatus.Exited(code);
    }

    /// <summary>exit_group() or death by signal: every thread of the process ends; the process's status is <paramref name="status"/>.</summary>
    public void KillProcess(Process process, int status)
    {
        if (process.Exiting || process.State != ProcessState.Running) return;
        process.Exiting = true;
        process.ExitStatus = status;
        if (process.HostProcessId != 0) Fs.Host.LibC.Kill(process.HostProcessId, (int)Signal.SIGKILL);
        foreach (var t in process.Threads)
        {
            t.ExitRequested = true;
            t.Interrupt();
        }
    }

    /// <summary>Called when a thread's loop has ended: CLONE_CHILD_CLEARTID, and the process's end after its last thread.</summary>
    internal void ThreadFinished(UserThread thread)
    {
        var process = thread.Process;
        if (process.State == ProcessState.Running) ReleaseRobustFutexes(thread);
        if (thread.ClearChildTid != 0 && process.State == ProcessState.Running)
        {
            var mem = process.Space.Memory;
            // A wake as a shared futex (Linux's mm_release): by (space, address) unless the word is in shared memory.
            if (mem.Write(thread.ClearChildTid, 0) == Errno.Success && Sync.FutexKey.TryGet(process.Space, thread.ClearChildTid, isPrivate: false, out var key))
                Futexes.Wake(key, 1);
        }
        process.Threads.Remove(thread);
        Processes.Remove(thread);
        SampleLoad();
        Syscalls.Forget(thread);
        foreach (var p in processors)
            if (p is not null && p.Hart.State == thread.Context) p.Hart.State = null;
        thread.Dispose();
        if (process.Threads.Count == 0) FinishProcess(process);
    }

    private void FinishProcess(Process process)
    {
        process.Exiting = true;
        process.Timers.DeleteAll();
        process.Files.CloseAll();
        Locks.ReleaseAll(process);
        ipc?.ExitProcess(process);
        if (process.Session == process.Pid) Terminals.ControllingProcessExited(process, this);
        ReleaseSpace(process.Space);
        ReleaseVforkParent(process);
        process.State = ProcessState.Zombie;
        process.Exited.WakeAll();

        foreach (var child in process.Children)
        {
            child.Parent = null;
            if (child.State == ProcessState.Zombie) Reap(child);
        }
        process.Children.Clear();

        if (ReferenceEquals(process, initProcess))
        {
            OnInitExited(process.ExitStatus);
            Reap(process);
            return;
        }
        var parent = process.Parent;
        if (parent is null || parent.State != ProcessState.Running)
        {
            Reap(process);
            return;
        }
        parent.ChildEvents.WakeAll();
        // A parent that ignores SIGCHLD explicitly never sees zombies (POSIX.1-2001).
        ref var chld = ref parent.SignalActions[(int)Signal.SIGCHLD];
        if (chld.Handler == SignalAction.Ignore || (chld.Flags & 2 /* SA_NOCLDWAIT */) != 0)
        {
            parent.Children.Remove(process);
            Reap(process);
            return;
        }
        if (process.ExitSignal != 0)
        {
            bool killed = (process.ExitStatus & 0x7f) != 0;
            SendSignal(parent, process.ExitSignal, new SignalInfo(process.ExitSignal,
                killed ? SignalCodes.ChildKilled : SignalCodes.ChildExited, process.Pid, Credentials.Uid,
                Status: killed ? process.ExitStatus & 0x7f : (process.ExitStatus >> 8) & 0xff));
        }
    }

    /// <summary>Removes a zombie for good (wait4 collected it, or nobody will).</summary>
    public void Reap(Process process)
    {
        process.State = ProcessState.Reaped;
        if (process.Parent is { } parent)
        {
            parent.ChildCpuNanoseconds += process.CpuNanoseconds + process.ChildCpuNanoseconds;
            parent.ChildSystemNanoseconds += process.SystemNanoseconds + process.ChildSystemNanoseconds;
        }
        Processes.Remove(process);
    }

    /// <summary>Closing any descriptor of a file drops the process's POSIX record locks on it.</summary>
    internal void ReleaseRecordLocks(Process process, FileDescription file)
    {
        if (file is HostFile h) Locks.ReleaseAll(process, h.Identity);
        // OFD and flock locks belong to the description: they go with its last descriptor.
        if (file.References == 1) Locks.ReleaseAll(file);
    }
}
