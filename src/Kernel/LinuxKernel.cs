// The Linux-compatible kernel: composes guest RAM, the hart, the executor, the VFS and the system call table.
using System.Text;
using RvJit.Kernel.Executor;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;
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
/// user mappings, and the harts run guest threads in U-mode with traps handed back to the kernel.
/// Every guest thread is an async task on the <see cref="Executor"/>, whose workers (one per hart,
/// <see cref="KernelSettings.Harts"/>) run guest code in parallel and kernel code under the kernel lock.
/// </summary>
public sealed partial class LinuxKernel : IDisposable
{
    /// <summary>Guest RAM starts here in the physical address space.</summary>
    public const ulong RamBase = 0x8000_0000;

    private readonly Dictionary<string, bool> warned = [];
    /// <summary>One per hart, made when the executor's worker of that index starts (hart 0 at once).</summary>
    private readonly Processor?[] processors;
    private Process? initProcess;
    private int initStatus;

    public LinuxKernel(KernelSettings settings)
    {
        Settings = settings;
        Ram = new PhysicalMemory(RamBase, settings.RamSize);
        Bus = new Bus(Ram);
        processors = new Processor?[Math.Max(1, settings.Harts)];
        processors[0] = CreateProcessor(0);
        Frames = new FrameAllocator(Ram);
        PageCache = new PageCache(Frames, maxPages: (int)Math.Min(Frames.Total / 4, 1 << 18));
        Executor = new Executor.Executor { WorkerStarting = i => processors[i] ??= CreateProcessor(i) };
        Executor.TaskFailed = e => { InternalError ??= e; Diagnostics.WriteLine($"rvjit: internal error: {e}"); };
        Vfs = new Vfs(settings.RootDirectory ?? "/", OverlayFor(settings), ProcFs.Create(this), DevFs.Create(), !settings.ResolveWithoutOpenat2);
        SharedFiles = new SharedFileMappings(Frames);
        // Optional parts through methods of their own, so that a plain run does not load their types (see CreateDebugger).
        if (settings.Debug) Debugger = CreateDebugger();
        Symbols = settings.Symbols ?? (settings.Profiler is not null ? CreateSymbols() : null);
        Syscalls = new SyscallTable(this);
        if (settings.Strace) Strace = CreateStrace(settings.StraceOutput ?? Console.Error);
    }

    /// <summary>gdb's view of the first process. Not made in the constructor's own body: ReadyToRun code loads the type
    /// of every object a method makes as the method starts, and the debugger's types (with the gdb target interface
    /// and its watchpoint types) would then load in every run.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private Debug.ProcessDebugger CreateDebugger() => new(this);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Debug.GuestSymbols CreateSymbols() => new();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Strace CreateStrace(TextWriter output) => new(output);

    // The sysroot overlay applies on the host tree; inside a --root jail only when given explicitly.
    private static string? OverlayFor(KernelSettings s)
    {
        if (s.Sysroot is { } explicitRoot) return Directory.Exists(explicitRoot) ? explicitRoot : null;
        return s.RootDirectory is null ? KernelSettings.DefaultSysroot() : null;
    }

    public KernelSettings Settings { get; }
    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    /// <summary>Hart 0 (the one the first guest thread starts on).</summary>
    public Hart Hart => processors[0]!.Hart;
    /// <summary>Hart 0's engine.</summary>
    public IExecutionEngine Engine => processors[0]!.Engine;

    /// <summary>The harts made so far (a hart is made when the executor first needs its worker).</summary>
    public IEnumerable<Processor> Processors
    {
        get
        {
            foreach (var p in processors)
                if (p is not null) yield return p;
        }
    }
    public FrameAllocator Frames { get; }
    public PageCache PageCache { get; }
    public Executor.Executor Executor { get; }
    public Vfs Vfs { get; }
    public SharedFileMappings SharedFiles { get; }
    public SyscallTable Syscalls { get; }
    public Strace? Strace { get; }
    public ProcessTable Processes { get; } = new();

    /// <summary>POSIX message queues by name (mq_open).</summary>
    public Ipc.PosixMessageQueues PosixQueues { get; } = new();

    /// <summary>The pseudo-terminals guest sessions control.</summary>
    public ControllingTerminals Terminals { get; } = new();

    /// <summary>With <see cref="KernelSettings.Debug"/>: the first process as a gdb stub's target.</summary>
    public Debug.ProcessDebugger? Debugger { get; }
    /// <summary>Guest pcs named by symbol (--profile, --perf-map; null otherwise): told which space each hart runs.</summary>
    public Debug.GuestSymbols? Symbols { get; }
    public FileLockTable Locks { get; } = new();
    public FutexTable Futexes { get; } = new();
    // System V IPC, descriptors in flight and AF_UNIX peers are made at their first use: each holds dictionaries whose
    // generic types (some 20 a dictionary) a program that uses none of them would otherwise load at start-up.
    public Ipc.SysVIpc Ipc => ipc ?? Interlocked.CompareExchange(ref ipc, new(), null) ?? ipc;
    private Ipc.SysVIpc? ipc;

    /// <summary>Descriptions passed with SCM_RIGHTS over host sockets (in flight as host descriptors).</summary>
    public Fs.PassedDescriptors PassedDescriptors =>
        passedDescriptors ?? Interlocked.CompareExchange(ref passedDescriptors, new(), null) ?? passedDescriptors;
    private Fs.PassedDescriptors? passedDescriptors;

    /// <summary>Guest AF_UNIX sockets connected by path, so that an accepting guest server learns who sends.</summary>
    public Fs.UnixConnections UnixConnections =>
        unixConnections ?? Interlocked.CompareExchange(ref unixConnections, new(), null) ?? unixConnections;
    private Fs.UnixConnections? unixConnections;
    public KernelClock Clock { get; } = new();

    /// <summary>The guest system's load averages (/proc/loadavg, sysinfo), sampled by <see cref="SampleLoad"/>.</summary>
    public LoadAverage Load { get; } = new();

    /// <summary>Takes the count of runnable threads into the load averages (when threads start and end, and when read).</summary>
    public void SampleLoad() => Load.Sample(Clock.Uptime, Processes.RunnableThreads());
    public Credentials Credentials { get; } = new();
    public TextWriter Diagnostics => Settings.Diagnostics;

    /// <summary>The first kernel bug seen (an exception from a task); null when all went well.</summary>
    public Exception? InternalError { get; internal set; }

    /// <summary>execve of a program built for the host (not RISC-V) starts it as a host process, like
    /// qemu-user; never inside a --root jail, which it would leave.</summary>
    public bool AllowsHostPrograms => Settings.RunHostPrograms && !Vfs.IsJailed;

    /// <summary>Host programs the guest started (execve of a host binary): a runner of in-process kernels, whose
    /// guest pids the host does not know, can tell a test that may have signalled its guest relatives by pid.</summary>
    public int HostProgramsStarted { get; internal set; }

    /// <summary>How the first process ended, as a wait4 status word (exit code in bits 8-15, or the killing
    /// signal in bits 0-6): lets a caller tell `exit(134)` from SIGABRT, which <see cref="Run"/>'s shell status cannot.</summary>
    public int InitWaitStatus => initStatus;

    /// <summary>Instructions retired by all guest threads.</summary>
    public long Instructions
    {
        get
        {
            long sum = 0;
            foreach (var p in processors) sum += p?.Hart.Instret ?? 0;
            return sum;
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> (a guest path) with <paramref name="argv"/> and <paramref name="environment"/>
    /// until the first process exits; returns its status as a shell would (exit code, or 128 + signal).
    /// </summary>
    public int Run(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var init = CreateInitialProcess();
        Debugger?.Attach(init);
        // Plain loops by index: each LINQ method (and an interface's enumerator) is a generic instantiation the runtime
        // looks up at its first call, at every start-up.
        var args = new List<byte[]>(argv.Count);
        for (int i = 0; i < argv.Count; i++) args.Add(Encoding.UTF8.GetBytes(argv[i]));
        var env = new List<byte[]>(environment.Count);
        for (int i = 0; i < environment.Count; i++) env.Add(Encoding.UTF8.GetBytes(environment[i]));
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
        hostSignalsWanted = Settings.ForwardHostSignals;
        if (Settings.ForwardHostSignalsFromStart) WantHostSignals(HostSignalForwarding.ForwardedSet);
        try { Executor.RunUntilComplete(processors.Length); }
        finally
        {
            lock (hostSignalsGate)
            {
                hostSignalsWanted = false;
                HostSignals?.Dispose();
                HostSignals = null;
            }
        }
        Settings.FlushDiagnostics();
        return WaitStatus.ToShellStatus(initStatus);
    }

    /// <summary>The host signals passed on to the guest while the first process runs (null when not forwarded, or
    /// not yet: see <see cref="WantHostSignals"/>).</summary>
    internal HostSignalForwarding? HostSignals { get; private set; }
    private bool hostSignalsWanted;
    private readonly Lock hostSignalsGate = new();

    /// <summary>
    /// Called when a guest gives one of <paramref name="signals"/> a disposition other than the default or blocks it:
    /// host signal forwarding starts at the first such call for a forwarded signal. Until then the host's default
    /// for each is the guest's (SIGWINCH ignored, the others end rvjit as they end the guest, rvjit then killed by the
    /// signal as qemu-user kills itself), and a program that never touches them does not pay for the registrations:
    /// 1-1.5 ms of a static empty program's 31 ms (System.Native's signal thread and terminal set-up; paired, see
    /// README "Start-up").
    /// </summary>
    internal void WantHostSignals(ulong signals)
    {
        if (HostSignals is not null || (signals & HostSignalForwarding.ForwardedSet) == 0) return;
        lock (hostSignalsGate)
            if (hostSignalsWanted) HostSignals ??= new HostSignalForwarding(this);
    }

    /// <summary>The guest pid for a pid the host reports (SCM_CREDENTIALS): a host program the guest started has
    /// its guest pid; rvjit itself stands for the guest processes, shown as the first one (whose pid it has under
    /// the rvjit command); any other host process keeps its host pid.</summary>
    internal int GuestPidForHostPid(int hostPid)
    {
        if (hostPid == Environment.ProcessId && initProcess is { } first) return first.Pid;
        foreach (var p in Processes.All)
            if (p.HostProcessId == hostPid && hostPid != 0) return p.Pid;
        return hostPid;
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
        foreach (int fd in Settings.InheritedFds)
            if (fd > 2 && HostFiles.StatusFlags(fd) is int flags)
                files.Place(fd, new HostFile(fd, flags & (OpenFlags.AccessMode | OpenFlags.Append | OpenFlags.NonBlock), null, HostFiles.DescriptorTarget(fd)), false);
        var process = new Process(this, pid, CreateAddressSpace(), files)
        {
            WorkingDirectory = Settings.WorkingDirectory ?? InitialWorkingDirectory(),
        };
        if (Settings.HostResourceLimits) process.Limits.InheritFromHost();
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

    /// <summary>A hart in U-mode for Linux programs, with the engine the settings ask for.</summary>
    private Processor CreateProcessor(int index)
    {
        var hart = new Hart(Bus, (ulong)index) { TrapsToHost = true };
        hart.Privilege = Privilege.User;
        hart.Csrs.Mstatus |= 1UL << 13; // FS = Initial: the FPU is on for user code
        // rdcycle, rdtime and rdinstret work in user mode, as under Linux.
        hart.Csrs.Mcounteren = hart.Csrs.Scounteren = 0b111;
        hart.Time = Clock.TimeCsr;
        return new Processor(index, hart, Settings.EngineFactory?.Invoke(hart) ?? new Interpreter(hart));
    }

    /// <summary>The hart of the executor worker running the calling code (hart 0 outside the workers).</summary>
    internal Processor CurrentProcessor => processors[Math.Max(0, Executor.CurrentWorker)]!;

    /// <summary>A new, empty address space whose page-table changes reach every hart that may hold its translations.</summary>
    public AddressSpace CreateAddressSpace()
    {
        var space = new AddressSpace(Frames) { Cache = PageCache };
        WatchTranslations(space);
        return space;
    }

    /// <summary>
    /// A page-table change of <paramref name="space"/> (its generation has moved on) takes effect on every hart
    /// before the kernel goes on, as Linux's TLB shootdown does: another hart running the space's code is stopped
    /// and waited for; any hart flushes its TLB and jump cache the next time it enters the space
    /// (<see cref="Activate"/> compares generations), so a stale translation is never used again.
    /// </summary>
    internal void WatchTranslations(AddressSpace space) => space.TranslationsChanged += () => StopOtherHarts(space);

    /// <summary>Stops every hart but the caller's that runs <paramref name="space"/>'s code, and waits until each has left it.</summary>
    internal void StopOtherHarts(AddressSpace space)
    {
        int me = Executor.CurrentWorker;
        foreach (var p in processors)
            if (p is not null && p.Index != me && ReferenceEquals(p.LoadedSpace, space)) p.StopGuest();
    }

    /// <summary>Puts <paramref name="thread"/> on <paramref name="cpu"/>: its registers, and its process's page table
    /// (the TLB flushed if it may hold another space's translations or older ones of this space).</summary>
    internal unsafe void Activate(Processor cpu, UserThread thread)
    {
        var hart = cpu.Hart;
        hart.State = thread.Context;
        var space = thread.Process.Space;
        if (!ReferenceEquals(space, cpu.LoadedSpace) || cpu.LoadedGeneration != space.Generation)
        {
            hart.Csrs.Satp = space.Satp;
            // A change that reached no executable page keeps what is keyed by virtual pc (jump caches, the
            // interpreter's entries): every pc still maps to the code it did.
            if (ReferenceEquals(space, cpu.LoadedSpace) && space.CodeGeneration <= cpu.LoadedGeneration) hart.Mmu.FlushDataViews();
            else hart.Mmu.Flush();
            cpu.LoadedSpace = space;
            cpu.LoadedGeneration = space.Generation;
        }
        if (Debugger is not null) hart.Mmu.UseWatches(Debugger.WatchesFor(thread.Process));
    }

    /// <summary>Forgets <paramref name="space"/> on every hart (it is about to be freed): a hart still running its code
    /// (a thread of a process that is exiting or exec'ing) is stopped first.</summary>
    internal void Unload(AddressSpace space)
    {
        StopOtherHarts(space);
        foreach (var p in processors)
            if (p is not null && ReferenceEquals(p.LoadedSpace, space)) p.LoadedSpace = null; // its TLB is flushed when it next enters any space
    }

    /// <summary>Starts the thread's loop on the executor.</summary>
    public void StartThread(UserThread thread) => Executor.Spawn(() => RvJit.Kernel.Executor.ThreadLoop.Run(this, thread));

    /// <summary>A kernel exception while serving <paramref name="thread"/>: reported, and the process is killed.</summary>
    internal RvJit.Kernel.Executor.ControlFlow InternalFault(UserThread thread, Exception e)
    {
        InternalError ??= e;
        string call = CurrentProcessor.Hart.HostTrap.Cause == ExceptionCause.EcallFromUser ? $" in {SyscallNames.Of((int)thread.GetRegister(17))}" : "";
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
        foreach (var p in processors)
            if (p is not null) p.Hart.StopRequested = true;
        Executor.Scheduler.Schedule(() =>
        {
            foreach (var p in Processes.Snapshot())
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
        Debugger?.Exited(initProcess!, status);
        foreach (var p in Processes.Snapshot())
            if (p.State == ProcessState.Running) KillProcess(p, WaitStatus.Killed((int)Signal.SIGKILL));
    }

    public void Dispose()
    {
        Vfs.Dispose();
        foreach (var p in processors) p?.Hart.Dispose();
        Ram.Dispose();
    }
}
