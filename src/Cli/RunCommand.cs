using RvJit.Translator.Persist;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Machines;
using RvJit.Translator;

namespace RvJit.Cli;

/// <summary>
/// `rvjit run FILE [args...]`: a Linux program runs under rvjit's kernel (like qemu-riscv64); a bare-metal
/// image runs in system mode until it exits through HTIF. The ELF decides which (see
/// <see cref="LinuxRunCommand.IsLinuxProgram"/>); --machine forces it.
/// </summary>
internal static class RunCommand
{
    public static readonly string Help = $"""
        usage: rvjit run [options] FILE [args...]

        A RISC-V Linux program (static or dynamic) runs under rvjit's Linux-compatible kernel, like
        qemu-riscv64; its exit status is the program's (128 + signal if a signal killed it).
        A bare-metal image runs in system mode (M-mode at the ELF entry, RAM at 0x80000000, HTIF console
        and exit through the `tohost` symbol, CLINT at 0x2000000); its exit status is the HTIF exit code and
        a riscv-tests failure prints the failing test case.

        options:
          --engine jit|interp      execution engine (default: jit)
          --jit-threshold N        block executions before the JIT compiles it (default {JitEngine.DefaultHotThreshold})
          --jit-promote N          a region first compiled quickly (warm code) is compiled optimised after
                                   N entries and loop iterations (default {JitEngine.DefaultPromoteThreshold};
                                   0: compile optimised at once)
          --jit-warmup N           guest instructions a hart runs in the interpreter before its first compile
                                   (default {JitEngine.DefaultWarmupInstructions}, 0 when --jit-threshold is given: short
                                   programs never pay for compiles)
          --jit-sync               compile on the guest's thread instead of in the background: the
                                   same regions every run (for measuring and debugging the JIT)
          --timeout SECONDS        stop after this wall-clock time (exit status 124)
          --max-instructions N     stop after N guest instructions (exit status 125)
          --ram SIZE               RAM size, e.g. 256M (default 256M)
          --wall-clock             CLINT time from the host clock (default: a virtual clock driven by
                                   instructions, which jumps ahead while the hart waits in wfi)
          --machine linux|system   force how the ELF runs (default: decided by the ELF)
          --machine virt           QEMU's virt board with -bios, -kernel, -smp... (see rvjit system --help)
          -L, --sysroot DIR        Linux: where the dynamic linker and libraries are (default
                                   $RVJIT_SYSROOT, else $QEMU_LD_PREFIX as for qemu-user, else
                                   /usr/riscv64-linux-gnu)
          --root DIR               Linux: the guest's "/" (it cannot leave it; default: the host's /)
          --net host|none          Linux: host (default): AF_INET/AF_INET6 sockets and abstract AF_UNIX
                                   names are the host's; none: they fail with EACCES (AF_UNIX paths
                                   inside the root and socketpair still work)
          --smp N                  Linux: guest threads that run at the same time, each on a host thread
                                   of its own (default $RVJIT_SMP, else the host's cores; 1: one at a time)
          --strace, -strace        Linux: print every system call to stderr ($QEMU_STRACE set: the same)
          -E VAR=VALUE[,...]       Linux: set VAR in the guest's environment, which starts as rvjit's own
                                   (repeatable; comma-separated items as in qemu-user; $QEMU_SET_ENV too)
          -U VAR[,...]             Linux: remove VAR from the guest's environment (repeatable; $QEMU_UNSET_ENV)
          -0 ARGV0                 Linux: the guest's argv[0] (default: FILE as given; $QEMU_ARGV0 too)
          -cpu MODEL               the CPU: rvjit implements one, RV64GC with Zba, Zbb and Zbs; accepted
                                   are rv64, any, an ISA string (rv64gc_zba) and qemu's properties
                                   (rv64,zbb=true); anything else is refused, exit status 1 ($QEMU_CPU
                                   too; -cpu help lists them)
          -g PORT                  Linux: wait for gdb on 127.0.0.1:PORT ($QEMU_GDB too; 0 picks a free port,
                                   printed on stderr) with the program stopped at its first instruction
          --stats                  print instructions, MIPS and the engine's counters and times to stderr at exit
          --profile[=FILE]         Linux: at exit, the guest functions that ran the most instructions, as
                                   perf report's top lines (a sample every {Kernel.Debug.GuestProfiler.DefaultInterval} instructions on every
                                   hart; named by the ELF symbols of the program and its shared libraries):
                                   the first 25 to stderr, or all of them to FILE
          --profile-interval N     guest instructions between --profile's samples on a hart (default {Kernel.Debug.GuestProfiler.DefaultInterval})
          --perf-map               Linux: write /tmp/perf-PID.map (PID: rvjit's) naming the host code of each
                                   translated region by its guest entry, e.g. `rvjit:main+0x24 [0x10450] prog`,
                                   so `perf record -e cpu-clock -- rvjit run --perf-map prog` and `perf report`
                                   show guest functions (implies --no-cache: stored code has no names;
                                   rvjit restarts itself, same pid, with DOTNET_EnableWriteXorExecute=0:
                                   perf names code only in anonymous memory)
          --cache DIR              Linux, jit: keep translations across runs in DIR (default $RVJIT_CACHE,
                                   else $XDG_CACHE_HOME/rvjit, else ~/.cache/rvjit)
          --no-cache               neither read nor write the translation cache (RVJIT_CACHE=off does the same)
          --cache-warm N           also keep code the interpreter ran N times or more without it turning hot
                                   (default {PersistentCode.DefaultWarmThreshold}; 0: only what was compiled)
          --cache-native MODE      precompile the run's new translations with crossgen2 (ReadyToRun) after it:
                                   background (default; a detached low-priority process), wait, or off

        qemu-user's -L, -E, -U, -0, -strace, -cpu and -g are accepted as above; a missing FILE is reported as
        qemu-user does (`Could not open 'FILE': No such file or directory`, exit status 1).
        """;

    public static int Run(string[] args)
    {
        if (AsksForVirt(args)) return SystemCommand.Run(args);
        var o = new Options(args, ["--smp", "--engine", "--jit-threshold", "--jit-promote", "--jit-warmup", "--timeout", "--max-instructions", "--ram", "--machine", "-L", "--sysroot", "--root", "--net",
                "--cache", "--cache-native", "--cache-warm", "-E", "-U", "-0", "-cpu", "-g", "--profile-interval"],
            ["--stats", "--wall-clock", "--strace", "-strace", "--jit-sync", "--no-cache", "--perf-map", "--help", "-h"], stopAtFirstOperand: true,
            optionalValue: ["--profile"]);
        if (o.Has("--help") || o.Has("-h")) { Console.Out.Write(Help); return 0; }
        string? cpu = o.Get("-cpu") ?? Environment.GetEnvironmentVariable("QEMU_CPU");
        if (cpu == "help") { Console.Out.Write(CpuModel.HelpText); return 0; }
        if (cpu is not null) CpuModel.Check(cpu);
        int? gdbPort = (o.Get("-g") ?? Environment.GetEnvironmentVariable("QEMU_GDB")) is { } g
            ? (int.TryParse(g, out int port) && port is >= 0 and <= 65535 ? port : throw new UsageException($"-g: '{g}' is not a TCP port"))
            : null;
        if (o.Operands.Count == 0) throw new UsageException("run: missing FILE (try rvjit run --help)");
        string path = o.Operands[0];
        // As qemu-user says it (a script may look for it); with --root the path is the guest's, for the kernel.
        if (!o.Has("--root") && !Runtime.HostFiles.Exists(path))
            throw new QemuStyleException($"Could not open '{path}': No such file or directory");
        CacheChoice.CheckNativeMode(o.Get("--cache-native"));
        // --perf-map and --profile name guest pcs through the kernel's view of each process's mappings.
        bool perfMap = o.Has("--perf-map");
        var symbols = perfMap || o.Has("--profile") ? NewSymbols() : null;
        // harts: how many harts the kernel runs at once (its --smp), which decides how translations are shared.
        var engineFor = (Translator.Persist.PersistentCode? cache, int harts = 1) => EngineChoice.Parse(o.Get("--engine"), (int)o.GetLong("--jit-threshold", JitEngine.DefaultHotThreshold),
            backgroundCompile: !o.Has("--jit-sync"), measureTime: o.Has("--stats"),
            promoteThreshold: (int)o.GetLong("--jit-promote", JitEngine.DefaultPromoteThreshold), persisted: cache, harts: harts,
            regionLabels: perfMap ? symbols!.RegionLabel : null,
            // An explicit threshold asks for compiles from that count on (the tests' --jit-threshold 1 compiles everything).
            warmupInstructions: o.GetLong("--jit-warmup", o.Has("--jit-threshold") ? 0 : JitEngine.DefaultWarmupInstructions),
            earlyWhenIdle: !o.Has("--jit-threshold"), islandDeferrals: o.Has("--jit-threshold") ? 0 : JitEngine.DefaultIslandDeferrals);
        var engine = engineFor(null);
        // With --root the path names a file inside the guest's root, which only the kernel resolves: Linux.
        // The image reads only the headers it is asked for; the kernel opens the file again to run it.
        using ElfImage? image = o.Get("--machine") == "linux" || o.Has("--root") ? null : ElfImage.Load(path);
        bool linux = o.Get("--machine") switch
        {
            null => image is null || LinuxRunCommand.IsLinuxProgram(image),
            "linux" => true,
            "system" => false,
            var m => throw new UsageException($"--machine: '{m}' is not linux or system"),
        };
        if (linux)
        {
            image?.Dispose();
            // Translations persist for Linux programs under the JIT (a bare-metal image usually rewrites its own RAM).
            // Under gdb the code holds breakpoints: nothing of it is worth keeping. Code loaded from the cache is never
            // compiled in this run, so --perf-map could not name it.
            var cache = o.Get("--engine") is null or "jit" && gdbPort is null && !perfMap
                ? CacheChoice.Open(o.Get("--cache"), o.Has("--no-cache"), path, (int)o.GetLong("--cache-warm", PersistentCode.DefaultWarmThreshold)) : null;
            int harts = Harts(o);
            return LinuxRunCommand.Run(path, o.Operands.GetRange(1, o.Operands.Count - 1).ToArray(), new LinuxRunSettings
            {
                EngineFactory = engineFor(cache, harts),
                Cache = cache,
                CacheNative = o.Get("--cache-native"),
                Sysroot = o.Get("--sysroot") ?? o.Get("-L") ?? LinuxRunCommand.SysrootFromEnvironment(),
                Root = o.Get("--root"),
                Network = o.Get("--net") switch
                {
                    null or "host" => Kernel.NetworkAccess.Host,
                    "none" => Kernel.NetworkAccess.None,
                    var n => throw new UsageException($"--net: '{n}' is not host or none"),
                },
                Strace = o.Has("--strace") || o.Has("-strace") || Environment.GetEnvironmentVariable("QEMU_STRACE") is not null,
                Argv0 = o.Get("-0") ?? Environment.GetEnvironmentVariable("QEMU_ARGV0"),
                EnvironmentEdits = GuestEnvironment.Edits(o.InOrder),
                RamSize = (ulong)o.GetLong("--ram", 2L << 30),
                Harts = harts,
                Stats = o.Has("--stats"),
                Timeout = o.Has("--timeout") ? TimeSpan.FromSeconds(o.GetSeconds("--timeout", 0)) : null,
                GdbPort = gdbPort,
                Symbols = symbols,
                PerfMap = perfMap,
                ProfileOutput = o.Get("--profile"),
                ProfileInterval = o.GetLong("--profile-interval", Kernel.Debug.GuestProfiler.DefaultInterval),
            });
        }

        if (gdbPort is not null) throw new UsageException("-g: the gdb stub serves Linux programs; system mode has none yet");
        if (symbols is not null) throw new UsageException($"{(perfMap ? "--perf-map" : "--profile")}: Linux programs only (guest functions are named through the kernel's mappings)");
        return RunSystem(o, path, image, engine);
    }

    /// <summary>A bare-metal image in system mode. A method of its own: the types only system mode uses are then not
    /// loaded by every Linux run, which enters <see cref="Run"/> too.</summary>
    private static int RunSystem(Options o, string path, ElfImage? image, Func<RvJit.Runtime.Hart.Hart, RvJit.Runtime.Interpreter.IExecutionEngine> engine)
    {
        var options = new MachineOptions
        {
            EngineFactory = engine,
            Timeout = o.Has("--timeout") ? TimeSpan.FromSeconds(o.GetSeconds("--timeout", 0)) : null,
            MaxInstructions = o.GetLong("--max-instructions", 0),
            RamSize = (ulong)o.GetLong("--ram", 256L << 20),
            Console = new ConsoleSink(),
            WallClock = o.Has("--wall-clock"),
        };
        if (options.RamSize == 0 || options.RamSize % 4096 != 0) throw new UsageException("--ram must be a non-zero multiple of 4K");

        using var systemImage = image ?? ElfImage.Load(path);
        // HTIF needs the symbol table; a damaged one is not fatal (the image may exit some other way).
        if (systemImage.SectionProblem is { } problem) Console.Error.WriteLine($"rvjit: warning: {problem}");
        using var machine = SystemMachine.FromImage(systemImage, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RunOutcome outcome = machine.Run();
        clock.Stop();
        Console.Out.Flush();
        if (o.Has("--stats"))
        {
            double mips = outcome.Instructions / Math.Max(clock.Elapsed.TotalSeconds, 1e-9) / 1e6;
            Console.Error.WriteLine($"rvjit: {outcome.Instructions} instructions in {clock.Elapsed.TotalSeconds:F3} s ({mips:F1} MIPS), engine {machine.Engine.Name}");
            foreach (var (name, value) in machine.Engine.Statistics())
                Console.Error.WriteLine($"rvjit:   {name}: {value}");
            var mmu = machine.Hart.Mmu;
            Console.Error.WriteLine($"rvjit:   mmu: {mmu.Walks} page walks, {mmu.Flushes} TLB flushes");
        }
        switch (outcome.Reason)
        {
            case StopReason.HtifExit:
                if (outcome.ExitCode != 0) Console.Error.WriteLine($"rvjit: {Path.GetFileName(path)}: FAIL: test case {outcome.ExitCode} (exit code {outcome.ExitCode})");
                return (int)Math.Min(outcome.ExitCode, 255);
            case StopReason.Timeout:
                Console.Error.WriteLine($"rvjit: {Path.GetFileName(path)}: timed out after {options.Timeout!.Value.TotalSeconds} s at pc 0x{machine.Hart.Pc:x}");
                return 124;
            default:
                Console.Error.WriteLine($"rvjit: {Path.GetFileName(path)}: stopped after {outcome.Instructions} instructions at pc 0x{machine.Hart.Pc:x}");
                return 125;
        }
    }

    /// <summary>Made in a method of its own, so that a run without --perf-map or --profile does not load the type (see
    /// RunSystem).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Kernel.Debug.GuestSymbols NewSymbols() => new();

    // --machine virt (or -M/-machine virt[,...]) among the options: the virt board's command line, not run's.
    private static bool AsksForVirt(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a.StartsWith("--machine=virt", StringComparison.Ordinal)) return true;
            if (a is "--machine" or "-machine" or "-M" && i + 1 < args.Length && args[i + 1].Split(',')[0] == "virt") return true;
        }
        return false;
    }

    /// <summary>--smp N, else $RVJIT_SMP, else one hart per host core (qemu-user runs every guest thread on a host
    /// thread of its own; more harts than cores would only take turns).</summary>
    private static int Harts(Options o)
    {
        string? env = Environment.GetEnvironmentVariable("RVJIT_SMP");
        long n = o.Has("--smp") ? o.GetLong("--smp", 1)
            : !string.IsNullOrEmpty(env) ? (long.TryParse(env, out long e) && e > 0 ? e : throw new UsageException($"RVJIT_SMP: '{env}' is not a positive number"))
            : Environment.ProcessorCount;
        if (n is < 1 or > MaxHarts) throw new UsageException($"--smp: {n} is not between 1 and {MaxHarts}");
        return (int)n;
    }

    /// <summary>More would only cost memory (each hart has 3 MiB of TLB and its own decoded code).</summary>
    private const int MaxHarts = 256;

    /// <summary>HTIF console output: written straight to stdout, unbuffered per character batch.</summary>
    private sealed class ConsoleSink : TextWriter
    {
        private readonly Stream stdout = Console.OpenStandardOutput();
        public override System.Text.Encoding Encoding => System.Text.Encoding.Latin1;
        public override void Write(char value) => stdout.WriteByte((byte)value);
        public override void Flush() => stdout.Flush();
    }
}
