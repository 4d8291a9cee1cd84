// The Linux-compatible kernel: composes guest RAM, the hart, the executor, the VFS and the system call table.
using System.Text;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Loader;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Syscalls;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Kernel;

/// <summary>
/// Runs riscv64 Linux programs the way qemu-riscv64 does, with rvjit's own kernel serving the system
/// calls. The kernel lives outside the guest: each process has Sv39 page tables in guest RAM holding only
/// user mappings, and the single hart runs guest threads in U-mode with traps handed back to the kernel.
/// Every guest thread is an async task on the <see cref="Executor"/>, all on the calling host thread.
/// </summary>
public sealed partial class LinuxKernel : IDisposable
{
    /// <summary>Guest RAM starts here in the physical address space.</summary>
    public const ulong RamBase = 0x8000_0000;

    private readonly Dictionary<string, bool> warned = [];
    private AddressSpace? loadedSpace;
    private Process? initProcess;
    private int initStatus;

    public LinuxKernel(KernelSettings settings)
    {
        Settings = settings;
        Ram = new PhysicalMemory(RamBase, settings.RamSize);
        Bus = new Bus(Ram);
        Hart = new Hart(Bus) { TrapsToHost = true };
        Hart.Privilege = Privilege.User;
        Hart.Csrs.Mstatus |= 1UL << 13; // FS = Initial: the FPU is on for user code
        // rdcycle, rdtime and rdinstret work in user mode, as under Linux.
        Hart.Csrs.Mcounteren = Hart.Csrs.Scounteren = 0b111;
        Hart.Time = Clock.TimeCsr;
        Engine = settings.EngineFactory?.Invoke(Hart) ?? new Interpreter(Hart);
        Frames = new FrameAllocator(Ram);
        PageCache = new PageCache(Frames, maxPages: (int)Math.Min(Frames.Total / 4, 1 << 18));
        Executor = new Executor.Executor();
        Executor.TaskFailed = e => { InternalError ??= e; Diagnostics.WriteLine($"rvjit: internal error: {e}"); };
        Vfs = new Vfs(settings.RootDirectory ?? "/", OverlayFor(settings), ProcFs.Create(this), DevFs.Create(), !settings.ResolveWithoutOpenat2);
        SharedFiles = new SharedFileMappings(Frames);
        Syscalls = new SyscallTable(this);
        if (settings.Strace) Strace = new Strace(settings.StraceOutput ?? Console.Error);
    }

    // The sysroot overlay applies on the host tree; inside a --root jail only when given explicitly.
    private static string? OverlayFor(KernelSettings s)
    {
        if (s.Sysroot is { } explicitRoot) return Directory.Exists(explicitRoot) ? explicitRoot : null;
        return s.RootDirectory is null ? KernelSettings.DefaultSysroot() : null;
    }

    public KernelSettings Settings { get; }
    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    public Hart Hart { get; }
    public IExecutionEngine Engine { get; }
    public FrameAllocator Frames { get; }
    public PageCache PageCache { get; }
    public Executor.Executor Executor { get; }
    public Vfs Vfs { get; }
    public SharedFileMappings SharedFiles { get; }
    public SyscallTable Syscalls { get; }
    public Strace? Strace { get; }
    public ProcessTable Processes { get; } = new();
    public FileLockTable Locks { get; } = new();
    public FutexTable Futexes { get; } = new();
    public Ipc.SysVIpc Ipc { get; } = new();
    public KernelClock Clock { get; } = new();
    public Credentials Credentials { get; } = new();
    public TextWriter Diagnostics => Settings.Diagnostics;

    /// <summary>The first kernel bug seen (an exception from a task); null when all went well.</summary>
    public Exception? InternalError { get; internal set; }

    /// <summary>execve of a program built for the host (not RISC-V) starts it as a host process, like
    /// qemu-user; never inside a --root jail, which it would leave.</summary>
    public bool AllowsHostPrograms => Settings.RunHostPrograms && !Vfs.IsJailed;

    /// <summary>How the first process ended, as a wait4 status word (exit code in bits 8-15, or the killing
    /// signal in bits 0-6): lets a caller tell `exit(134)` from SIGABRT, which <see cref="Run"/>'s shell status cannot.</summary>
    public int InitWaitStatus => initStatus;

    /// <summary>Instructions retired by all guest threads.</summary>
    public long Instructions => Hart.Instret;

    /// <summary>
    /// Runs <paramref name="program"/> (a guest path) with <paramref name="argv"/> and <paramref name="environment"/>
    /// until the first process exits; returns its status as a shell would (exit code, or 128 + signal).
    /// </summary>
    public int Run(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var init = CreateInitialProcess();
        var args = argv.Select(Encoding.UTF8.GetBytes).ToList();
        var env = environment.Select(Encoding.UTF8.GetBytes).ToList();
        Errno e = ExecLoader.Prepare(this, init, program, args, env, out var image, out var hostCommand);
        if (hostCommand is not null) e = Errno.ENOEXEC;
        if (e != Errno.Success)
        {
            Diagnostics.WriteLine($"rvjit: {program}: {e.Describe()}");
            return e == Errno.ENOENT ? 127 : 126;
        }
        var thread = new UserThread(init.Pid, init);
        init.Threads.Add(thread);
        Processes.Add(thread);
        InstallImage(init, thread, image);
        StartThread(thread);
        using var forwarding = Settings.ForwardHostSignals ? new HostSignalForwarding(this) : null;
        Executor.RunUntilComplete();
        Settings.FlushDiagnostics();
        return WaitStatus.ToShellStatus(initStatus);
    }

    private Process CreateInitialProcess()
    {
        // With host signals forwarded (the rvjit command), the first process's pid is rvjit's own host pid,
        // as under qemu-user: a host program it starts (popen's /bin/sh) that signals that pid reaches it.
        int pid = Settings.ForwardHostSignals ? Processes.AllocateId(Environment.ProcessId) : Processes.AllocateId();
        var files = new FdTable();
        files.Place(0, new HostFile(Settings.StdinFd, OpenFlags.ReadOnly, null, "/dev/stdin", ownsFd: false), false);
        files.Place(1, new HostFile(Settings.StdoutFd, OpenFlags.WriteOnly, null, "/dev/stdout", ownsFd: false), false);
        files.Place(2, new HostFile(Settings.StderrFd, OpenFlags.WriteOnly, null, "/dev/stderr", ownsFd: false), false);
        var process = new Process(this, pid, CreateAddressSpace(), files)
        {
            WorkingDirectory = Settings.WorkingDirectory ?? InitialWorkingDirectory(),
        };
        files.OnClose = f => ReleaseRecordLocks(process, f);
        Processes.Add(process);
        initProcess = process;
        return process;
    }

    // The host's working directory as the guest sees it (inside a jail: relative to the root, else "/").
    private string InitialWorkingDirectory()
    {
        string cwd = Environment.CurrentDirectory;
        if (!Vfs.IsJailed) return cwd;
        string root = Vfs.HostRoot;
        if (cwd == root) return "/";
        return cwd.StartsWith(root + "/", StringComparison.Ordinal) ? cwd[root.Length..] : "/";
    }

    /// <summary>A new, empty address space whose page-table changes flush the hart's TLB while it is loaded.</summary>
    public AddressSpace CreateAddressSpace()
    {
        var space = new AddressSpace(Frames) { Cache = PageCache };
        space.TranslationsChanged += () => { if (ReferenceEquals(space, loadedSpace)) Hart.Mmu.Flush(); };
        return space;
    }

    /// <summary>Puts <paramref name="thread"/> on the hart: its registers, and its process's page table.</summary>
    internal unsafe void Activate(UserThread thread)
    {
        Hart.State = thread.Context;
        var space = thread.Process.Space;
        if (!ReferenceEquals(space, loadedSpace))
        {
            Hart.Csrs.Satp = space.Satp;
            Hart.Mmu.Flush();
            loadedSpace = space;
        }
    }

    /// <summary>Forgets the loaded page table (it is about to be freed).</summary>
    internal void Unload(AddressSpace space)
    {
        if (ReferenceEquals(space, loadedSpace))
        {
            loadedSpace = null;
            Hart.Csrs.Satp = 0;
            Hart.Mmu.Flush();
        }
    }

    /// <summary>Starts the thread's loop on the executor.</summary>
    public void StartThread(UserThread thread) => Executor.Spawn(() => RvJit.Kernel.Executor.ThreadLoop.Run(this, thread));

    /// <summary>A kernel exception while serving <paramref name="thread"/>: reported, and the process is killed.</summary>
    internal RvJit.Kernel.Executor.ControlFlow InternalFault(UserThread thread, Exception e)
    {
        InternalError ??= e;
        string call = Hart.HostTrap.Cause == ExceptionCause.EcallFromUser ? $" in {SyscallNames.Of((int)thread.GetRegister(17))}" : "";
        Warn($"internal error{call} (pid {thread.Process.Pid}, pc 0x{thread.Pc:x}): {e}");
        KillProcess(thread.Process, WaitStatus.Killed((int)Signal.SIGSYS));
        return RvJit.Kernel.Executor.ControlFlow.Exit;
    }

    /// <summary>Prints a warning to the diagnostics stream once per <paramref name="key"/>.</summary>
    public void WarnOnce(string key, string message)
    {
        if (warned.TryAdd(key, true)) Warn(message);
    }

    public void Warn(string message) => Diagnostics.WriteLine($"rvjit: {message}");

    /// <summary>
    /// Ends every guest process as if by SIGKILL (a timeout, Ctrl-C on the host). Safe to call from any host
    /// thread: the running engine stops at its next check and the kill runs on the executor.
    /// </summary>
    public void RequestShutdown()
    {
        Hart.StopRequested = true;
        Executor.Scheduler.Schedule(() =>
        {
            foreach (var p in Processes.All.ToList())
                if (p.State == ProcessState.Running) KillProcess(p, WaitStatus.Killed((int)Signal.SIGKILL));
        });
    }

    /// <summary>
    /// Delivers a signal rvjit itself received (any thread may call). The ones a terminal sends (SIGINT,
    /// SIGQUIT, SIGHUP, SIGWINCH) go to the guest's foreground process group; any other was sent to
    /// rvjit's pid, which is the first guest process's pid (a supervisor's kill, or `kill $PPID` from a host
    /// program the guest started), so it goes to that process alone, as Linux's kill(pid) would.
    /// </summary>
    public void ForwardHostSignal(int signal) => Executor.Scheduler.Schedule(() =>
    {
        if (initProcess is null) return;
        var info = new SignalInfo(signal, SignalCodes.Kernel);
        bool fromTerminal = (Signal)signal is Signal.SIGINT or Signal.SIGQUIT or Signal.SIGHUP or Signal.SIGWINCH;
        if (!fromTerminal && initProcess.State == ProcessState.Running && !initProcess.Exiting)
        {
            SendSignal(initProcess, signal, info);
            return;
        }
        int group = Processes.ForegroundGroup(initProcess);
        foreach (var p in Processes.InGroup(group).ToList())
            SendSignal(p, signal, info);
    });

    /// <summary>The first process ended: remember how, and end every other process too.</summary>
    private void OnInitExited(int status)
    {
        initStatus = status;
        foreach (var p in Processes.All.ToList())
            if (p.State == ProcessState.Running) KillProcess(p, WaitStatus.Killed((int)Signal.SIGKILL));
    }

    public void Dispose()
    {
        Vfs.Dispose();
        Hart.Dispose();
        Ram.Dispose();
    }
}
