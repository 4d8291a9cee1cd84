// `rvjit run` for Linux programs: builds KernelSettings from the CLI's choices and runs the kernel.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using RvJit.Kernel;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;

namespace RvJit.Cli;

/// <summary>What `rvjit run` passes to the Linux kernel (filled from its options).</summary>
internal sealed class LinuxRunSettings
{
    /// <summary>The engine for the kernel's hart (--engine).</summary>
    public Func<Hart, IExecutionEngine>? EngineFactory { get; init; }
    /// <summary>--smp N: harts, i.e. guest threads running at once.</summary>
    public int Harts { get; init; } = 1;
    /// <summary>-L / --sysroot DIR (default: $RVJIT_SYSROOT, else $QEMU_LD_PREFIX, else /usr/riscv64-linux-gnu when present).</summary>
    public string? Sysroot { get; init; }
    /// <summary>--root DIR: the guest's "/" (a jail it cannot leave).</summary>
    public string? Root { get; init; }
    /// <summary>--net host|none: what sockets reach besides AF_UNIX paths.</summary>
    public NetworkAccess Network { get; init; } = NetworkAccess.Host;
    /// <summary>--strace: system calls to stderr.</summary>
    public bool Strace { get; init; }
    /// <summary>--ram SIZE (default 2 GiB, reserved lazily).</summary>
    public ulong RamSize { get; init; } = 2UL << 30;
    /// <summary>--stats: instructions, MIPS and engine counters to stderr at exit.</summary>
    public bool Stats { get; init; }
    /// <summary>--timeout: every guest process is killed after this wall-clock time (exit status 124).</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>--cache: translations kept across runs (null: --no-cache); saved when the program exits.</summary>
    public Translator.Persist.PersistentCode? Cache { get; init; }
    /// <summary>--cache-native: how the saved translations are precompiled.</summary>
    public string? CacheNative { get; init; }
    /// <summary>-0 ARGV0: the guest's argv[0] (default: the program path, as given).</summary>
    public string? Argv0 { get; init; }
    /// <summary>-E / -U edits of the guest's environment (which starts as the host's).</summary>
    public IReadOnlyList<GuestEnvironment.Edit> EnvironmentEdits { get; init; } = [];
    /// <summary>-g PORT: a gdb stub on this loopback port (0: any free one) debugs the program.</summary>
    public int? GdbPort { get; init; }
    /// <summary>Names guest pcs (--profile, --perf-map; the engine factory's region names use the same).</summary>
    public Kernel.Debug.GuestSymbols? Symbols { get; init; }
    /// <summary>--perf-map: write /tmp/perf-PID.map for the translated regions.</summary>
    public bool PerfMap { get; init; }
    /// <summary>--profile[=FILE]: null off, "" to stderr, else the file.</summary>
    public string? ProfileOutput { get; init; }
    /// <summary>--profile-interval: guest instructions between samples on a hart.</summary>
    public long ProfileInterval { get; init; } = Kernel.Debug.GuestProfiler.DefaultInterval;
}

/// <summary>The glue between `rvjit run` and <see cref="LinuxKernel"/>; RunCommand calls it for Linux programs.</summary>
internal static class LinuxRunCommand
{
    /// <summary>
    /// True when <paramref name="image"/> is a Linux user program rather than a bare-metal image: it has a
    /// dynamic linker, is position independent, says so in its OS ABI byte, or is linked below RAM
    /// (0x80000000) without an HTIF `tohost` symbol.
    /// </summary>
    public static bool IsLinuxProgram(ElfImage image)
    {
        if (image.Interpreter is not null || image.Type == ElfType.Dyn || image.OsAbi == 3) return true;
        // A plain loop and the segments before the symbols: on the start-up path LINQ over ProgramHeader is a
        // generic instantiation ReadyToRun cannot precompile, and the symbol table is read only when needed.
        var headers = image.ProgramHeaderSpan;
        for (int i = 0; i < headers.Length; i++)
            if (headers[i].Type == SegmentType.Load && headers[i].VirtualAddress >= 0x8000_0000) return false;
        return !image.TryGetSymbol("tohost", out _);
    }

    /// <summary>Runs <paramref name="path"/> with <paramref name="guestArgs"/> (argv[1..]); returns the exit status (128 + signal when killed).</summary>
    public static int Run(string path, string[] guestArgs, LinuxRunSettings settings)
    {
        // The optional parts are made by methods of their own: an object this method made itself would have its type
        // loaded as the method starts, in every run.
        var profiler = settings.ProfileOutput is not null ? StartProfiler(settings.ProfileInterval) : null;
        var kernelSettings = new KernelSettings
        {
            EngineFactory = settings.EngineFactory,
            Sysroot = settings.Sysroot,
            RootDirectory = settings.Root,
            Network = settings.Network,
            Strace = settings.Strace,
            RamSize = settings.RamSize,
            Harts = settings.Harts,
            ForwardHostSignals = true,
            ForwardHostSignalsFromStart = settings.Stats || settings.ProfileOutput is not null || settings.PerfMap || settings.GdbPort is not null,
            InheritedFds = Kernel.Fs.Host.InheritedDescriptors.List(),
            HostResourceLimits = true,
            Debug = settings.GdbPort is not null,
            Symbols = settings.Symbols,
            Profiler = profiler,
        };
        using var kernel = new LinuxKernel(kernelSettings);
        using var gdb = settings.GdbPort is { } port ? GdbConnection.Accept(kernel.Debugger!, port) : null;
        var clock = Stopwatch.StartNew();
        using var timeout = settings.Timeout is { } limit ? RunTimeout.Start(kernel, limit) : null;
        int status = kernel.Run(path, [settings.Argv0 ?? path, .. guestArgs], GuestEnvironment.Apply(HostEnvironmentForGuest(), settings.EnvironmentEdits));
        clock.Stop();
        gdb?.Finish();
        var saveClock = Stopwatch.StartNew();
        string? saved = settings.Cache is { } cache ? CacheChoice.Save(cache, settings.CacheNative) : null;
        saveClock.Stop();
        if (timeout?.Expired == true)
        {
            Console.Error.WriteLine($"rvjit: {Path.GetFileName(path)}: timed out after {settings.Timeout!.Value.TotalSeconds} s");
            status = 124;
        }
        // --perf-map: the runtime wrote the map (PerfMapLaunch restarted rvjit for it); its region lines get their labels.
        var perfMap = settings.PerfMap && Translator.RuntimePerfMap.Written ? Translator.RuntimePerfMap.Finish(Translator.RuntimePerfMap.DefaultPath) : null;
        if (profiler is not null) WriteProfile(profiler, settings.ProfileOutput!);
        if (settings.Stats) PrintStats(kernel, settings, clock.Elapsed, saved, saveClock.Elapsed, perfMap);
        return status;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Kernel.Debug.GuestProfiler StartProfiler(long interval) => new(Math.Max(1, interval));

    /// <summary>--timeout: asks the kernel to shut down once the time is up.</summary>
    private sealed class RunTimeout : IDisposable
    {
        private readonly Timer timer;
        private volatile bool expired;

        private RunTimeout(LinuxKernel kernel, TimeSpan limit) =>
            timer = new Timer(_ => { expired = true; kernel.RequestShutdown(); }, null, limit, System.Threading.Timeout.InfiniteTimeSpan);

        [MethodImpl(MethodImplOptions.NoInlining)] // see StartProfiler
        public static RunTimeout Start(LinuxKernel kernel, TimeSpan limit) => new(kernel, limit);

        public bool Expired => expired;

        public void Dispose() => timer.Dispose();
    }

    /// <summary>--stats, in a method of its own: a run without it does not load what only the statistics use
    /// (System.Diagnostics.Process, for the host's peak working set).</summary>
    private static void PrintStats(LinuxKernel kernel, LinuxRunSettings settings, TimeSpan elapsed, string? saved, TimeSpan saveElapsed,
        (long Regions, long Methods)? perfMap)
    {
        double mips = kernel.Instructions / Math.Max(elapsed.TotalSeconds, 1e-9) / 1e6;
        Console.Error.WriteLine($"rvjit: {kernel.Instructions} instructions in {elapsed.TotalSeconds:F3} s ({mips:F1} MIPS), engine {kernel.Engine.Name}");
        foreach (var (name, value) in kernel.Engine.Statistics()) Console.Error.WriteLine($"rvjit:   {name}: {value}");
        var harts = kernel.Processors.ToList();
        Console.Error.WriteLine($"rvjit:   harts: {harts.Count} used of {settings.Harts} (instructions: {string.Join(", ", harts.Select(p => p.Hart.Instret))})");
        var kernelLock = kernel.Executor.Lock.Statistics;
        Console.Error.WriteLine($"rvjit:   kernel lock: {kernelLock.Acquisitions} acquisitions, {kernelLock.Contended} contended "
            + $"({100.0 * kernelLock.Contended / Math.Max(1, kernelLock.Acquisitions):F1}%), waited {kernelLock.Waited.TotalMilliseconds:F1} ms, held {kernelLock.Held.TotalMilliseconds:F1} ms");
        Console.Error.WriteLine($"rvjit:   memory: {kernel.Frames.InUse} frames in use of {kernel.Frames.Total}");
        if (settings.Cache is { } c)
            Console.Error.WriteLine($"rvjit:   cache save: {c.SavedCompiled} regions compiled in this run, {c.SavedWarm} for warm entries, {c.SavedKept} stored ones kept; "
                + (saved is null ? "nothing new written" : $"bundle written in {saveElapsed.TotalMilliseconds:F0} ms ({saved})"));
        if (perfMap is { } map)
            Console.Error.WriteLine($"rvjit:   perf map: {map.Regions} regions and {map.Methods} other methods compiled at run time in {Translator.RuntimePerfMap.DefaultPath}");
        else if (settings.PerfMap)
            Console.Error.WriteLine($"rvjit:   perf map: none (the runtime did not write {Translator.RuntimePerfMap.DefaultPath})");
        using var self = Process.GetCurrentProcess();
        Console.Error.WriteLine($"rvjit:   host: peak working set {self.PeakWorkingSet64 >> 20} MiB");
    }

    /// <summary>--profile: the top lines to stderr, or the whole profile to the file named.</summary>
    private static void WriteProfile(Kernel.Debug.GuestProfiler profiler, string file)
    {
        if (file.Length == 0)
        {
            var text = new StringWriter { NewLine = "\n" };
            profiler.Report(text, top: 25);
            Console.Error.Write(text.ToString());
            return;
        }
        try
        {
            using var output = new StreamWriter(file) { NewLine = "\n" };
            profiler.Report(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"rvjit: --profile: cannot write {file}: {e.Message}");
        }
    }

    /// <summary>The sysroot when no -L is given, from the environment: none when $RVJIT_SYSROOT is set (the
    /// kernel's default reads it), else qemu-user's $QEMU_LD_PREFIX; the kernel falls back to /usr/riscv64-linux-gnu.</summary>
    public static string? SysrootFromEnvironment() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RVJIT_SYSROOT")) ? null
        : Environment.GetEnvironmentVariable("QEMU_LD_PREFIX") is { Length: > 0 } qemu ? qemu : null;

    /// <summary>The host environment less what rvjit set for itself (--perf-map's restart).</summary>
    private static List<string> HostEnvironmentForGuest()
    {
        var own = PerfMapLaunch.GuestEnvironmentVariables();
        if (own.Length == 0) return HostEnvironment();
        var environment = HostEnvironment();
        environment.RemoveAll(e => Array.Exists(own, name => e.StartsWith(name + "=", StringComparison.Ordinal)));
        return environment;
    }

    /// <summary>The host environment in its original order (like qemu-user passes it), from /proc/self/environ.</summary>
    internal static List<string> HostEnvironment()
    {
        try
        {
            var raw = Runtime.HostFiles.ReadAllBytes("/proc/self/environ");
            // A list made from the array: the spread `[.. array]` into a List compiled to LINQ's ToList, which loaded System.Linq.
            return new List<string>(Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (IOException) { return SortedEnvironment(); }
    }

    /// <summary>Without /proc: .NET's copy of the environment, by name. A method of its own: the LINQ here made every run
    /// load System.Linq's assembly and types as <see cref="HostEnvironment"/> started.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<string> SortedEnvironment() =>
        [.. Environment.GetEnvironmentVariables().Keys.Cast<string>().Order().Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")];
}
