// Runs a fuzz input through the same code paths as `rvjit run`, inside this process (fast: no runtime start).
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using RvJit.Cli;
using RvJit.Kernel;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Machines;
using RvJit.Translator;

namespace RvJit.Fuzz;

/// <summary>
/// The CLI's decisions (ELF reader, Linux-or-bare-metal detection) and the kernel or the bare-metal
/// machine, in this process, with the guest's stdio in temp files. A kernel that does not stop when asked
/// leaves its thread behind: the runner then becomes unusable and the campaign reports a hang.
/// </summary>
public sealed class InProcessRunner : IRvjitRunner
{
    public string Name => "in-process";
    public bool Usable { get; private set; } = true;

    /// <summary>Also bound this process's resident memory (off inside a test host, where other tests'
    /// guests share the process); the kernel thread's own allocations are always bounded.</summary>
    public bool CheckResidentMemory { get; init; } = true;

    // Bytes the run's own thread allocated (the kernel, or the bare-metal machine, runs on one thread).
    private long threadAllocated;

    public static Func<Runtime.Hart.Hart, IExecutionEngine> Engine(string name) => name switch
    {
        "interp" => h => new Interpreter(h),
        "jit" => h => new JitEngine(h, hotThreshold: 2, backgroundCompile: false),
        _ => throw new ArgumentException($"unknown engine {name}"),
    };

    public RunResult Run(RunRequest request)
    {
        long rssBefore = Environment.WorkingSet;
        threadAllocated = 0;
        var result = RunUnmeasured(request, out long peakRss);
        long allocated = threadAllocated;
        long grown = Math.Max(CheckResidentMemory ? peakRss - rssBefore - (long)Limits.GuestRam : 0, allocated);
        if (!result.Outcome.IsFailure && grown > Limits.HostMemoryAllowance)
            result = result with { Outcome = new(OutcomeClass.MemoryGrowth, result.Outcome.ExitCode, $"host memory grew by {grown >> 20} MiB (allocated {allocated >> 20} MiB)") };
        return result with { PeakHostMemory = peakRss };
    }

    private RunResult RunUnmeasured(RunRequest request, out long peakRss)
    {
        peakRss = Environment.WorkingSet;
        if (request.Root is null)
        {
            ElfImage image;
            try { image = ElfImage.Load(request.Program); }
            catch (ElfFormatException e) { return Refused(e.Message); }
            if (!LinuxRunCommand.IsLinuxProgram(image)) return RunBareMetal(image, request, ref peakRss);
        }
        return RunLinux(request, ref peakRss);
    }

    private static RunResult Refused(string message) =>
        new(new CaseOutcome(OutcomeClass.Refused, 2, $"rvjit: {message}"), "", $"rvjit: {message}", 0);

    private RunResult RunBareMetal(ElfImage image, RunRequest request, ref long peakRss)
    {
        var options = new MachineOptions
        {
            EngineFactory = Engine(request.Engine),
            Timeout = request.Timeout,
            MaxInstructions = Limits.BareMetalInstructions,
            RamSize = Limits.GuestRam,
            Console = TextWriter.Null,
        };
        RunOutcome outcome = default!;
        string? refused = null;
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var machine = SystemMachine.FromImage(image, options);
                outcome = machine.Run();
            }
            catch (ElfFormatException e) { refused = e.Message; }
            catch (Exception e) { escaped = e; }
            threadAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 64 << 20);
        var clock = Stopwatch.StartNew();
        thread.Start();
        while (!thread.Join(20))
        {
            peakRss = Math.Max(peakRss, Environment.WorkingSet);
            if (clock.Elapsed > request.Timeout + TimeSpan.FromSeconds(10))
            {
                Usable = false;
                return new(new CaseOutcome(OutcomeClass.Hang, -1, "bare-metal machine did not stop at its time limit"), "", "", peakRss);
            }
        }
        if (escaped is not null) return new(new CaseOutcome(OutcomeClass.DotNetException, -1, escaped.ToString()), "", "", peakRss);
        if (refused is not null) return Refused(refused);
        int status = outcome.Reason switch
        {
            StopReason.HtifExit => (int)Math.Min(outcome.ExitCode, 255),
            StopReason.Timeout => 124,
            _ => 125,
        };
        return new(Outcomes.Classify(status, "", "", bareMetal: true), "", "", peakRss);
    }

    private RunResult RunLinux(RunRequest request, ref long peakRss)
    {
        string outPath = Path.Combine(Path.GetTempPath(), "rvjit-fuzz-out-" + Guid.NewGuid().ToString("N"));
        string errPath = outPath + ".err";
        var diagnostics = new StringWriter();
        var strace = request.Strace ? new AllocationTracingWriter() : null;
        using var straceFile = request.StraceFile is { } sf ? new StreamWriter(sf) { AutoFlush = true } : null;
        try
        {
            using var stdin = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            using var stdout = File.OpenHandle(outPath, FileMode.Create, FileAccess.Write);
            using var stderr = File.OpenHandle(errPath, FileMode.Create, FileAccess.Write);
            var settings = new KernelSettings
            {
                EngineFactory = Engine(request.Engine),
                Sysroot = request.Root is null ? SeedPrograms.Sysroot : null,
                RootDirectory = request.Root,
                Network = request.Root is null ? NetworkAccess.Host : NetworkAccess.None,
                RamSize = Limits.GuestRam,
                StdinFd = Fd(stdin),
                StdoutFd = Fd(stdout),
                StderrFd = Fd(stderr),
                Diagnostics = TextWriter.Synchronized(diagnostics),
                Strace = strace is not null || straceFile is not null,
                StraceOutput = (TextWriter?)straceFile ?? strace,
                WorkingDirectory = request.Root is null ? Path.GetTempPath() : "/",
                RunHostPrograms = false,
            };
            LinuxKernel? kernel = null;
            int status = -1;
            Exception? escaped = null;
            int kernelThreadId = 0;
            var thread = new Thread(() =>
            {
                kernelThreadId = ThreadCpu.CurrentThreadId();
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    kernel = new LinuxKernel(settings);
                    status = kernel.Run(request.Program, [request.Program, .. request.Args], ["PATH=/usr/bin:/bin", "HOME=/", "LANG=C"]);
                }
                catch (Exception e) { escaped = e; }
                threadAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 64 << 20);
            var clock = Stopwatch.StartNew();
            thread.Start();
            bool asked = false;
            var progress = new ProgressWindow();
            string? stuck = null;
            while (!thread.Join(20))
            {
                peakRss = Math.Max(peakRss, Environment.WorkingSet);
                if (kernel is { } k) progress.Sample(clock.Elapsed, k.Instructions, ThreadCpu.Of(kernelThreadId));
                if (!asked && clock.Elapsed > request.Timeout)
                {
                    asked = true;
                    stuck = progress.Stuck();
                    kernel?.RequestShutdown();
                }
                if (clock.Elapsed > request.Timeout + TimeSpan.FromSeconds(10))
                {
                    Usable = false;
                    return new(new CaseOutcome(OutcomeClass.Hang, -1, "the kernel did not stop when asked"), "", diagnostics.ToString(), peakRss, Heavy(strace));
                }
            }
            string messages = diagnostics.ToString();
            string guestOut = ReadHead(outPath);
            try
            {
                CaseOutcome outcome;
                if (escaped is not null) outcome = new(OutcomeClass.DotNetException, -1, escaped.ToString());
                else if (kernel!.InternalError is { } e) outcome = new(OutcomeClass.InternalError, status, Outcomes.InternalErrorSummary(messages.Contains("internal error") ? messages : "internal error: " + e));
                else if (asked && stuck is not null) outcome = new(OutcomeClass.Hang, status, $"still running after {request.Timeout.TotalSeconds} s: {stuck}");
                else if (asked) outcome = new(OutcomeClass.GuestTimeout, status, $"guest still running after {request.Timeout.TotalSeconds} s");
                else outcome = Outcomes.Classify(status, messages, guestOut, bareMetal: false);
                return new(outcome, guestOut, messages, peakRss, Heavy(strace));
            }
            finally { kernel?.Dispose(); }
        }
        finally
        {
            File.Delete(outPath);
            File.Delete(errPath);
        }
    }

    /// <summary>
    /// Guest instructions and the kernel thread's CPU time over the last seconds of a run: a guest that
    /// retires no instruction while its kernel thread burns CPU is stuck in the kernel (or in a fault loop).
    /// </summary>
    private sealed class ProgressWindow
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
        private readonly Queue<(TimeSpan At, long Instructions, TimeSpan Cpu)> samples = new();

        public void Sample(TimeSpan at, long instructions, TimeSpan cpu)
        {
            if (samples.Count > 0 && at - samples.Last().At < TimeSpan.FromMilliseconds(200)) return;
            samples.Enqueue((at, instructions, cpu));
            while (samples.Count > 2 && at - samples.ElementAt(1).At > Window) samples.Dequeue();
        }

        /// <summary>Why the run looks stuck, or null when the guest progressed or waited idle.</summary>
        public string? Stuck()
        {
            if (samples.Count < 2) return null;
            var (t0, i0, c0) = samples.First();
            var (t1, i1, c1) = samples.Last();
            double cpu = (c1 - c0).TotalSeconds, wall = (t1 - t0).TotalSeconds;
            // Any CPU at all without a retired instruction: under load the stuck thread may get only a few percent.
            return i1 == i0 && cpu >= TimeSpan.FromMilliseconds(50).TotalSeconds ? $"no guest instruction retired in {wall:F1} s while rvjit used {cpu:F2} s of CPU" : null;
        }
    }

    /// <summary>The CPU time of one thread of this process, from /proc/self/task/TID/stat.</summary>
    private static class ThreadCpu
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
        private static extern int GetTid();

        public static int CurrentThreadId() => GetTid();

        public static TimeSpan Of(int tid)
        {
            if (tid == 0) return TimeSpan.Zero;
            try
            {
                string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
                // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
                string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(f[11]) + long.Parse(f[12]);
                return TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException) { return TimeSpan.Zero; }
        }
    }

    private static string? Heavy(AllocationTracingWriter? strace) =>
        strace is null ? null : string.Join('\n', strace.HeavyCalls);

    // The start of the guest's output: a guest may ftruncate its stdout (a host file here) to gigabytes.
    private static string ReadHead(string path)
    {
        using var f = File.OpenRead(path);
        var buffer = new byte[64 << 10];
        int n = f.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static int Fd(SafeFileHandle h) => (int)h.DangerousGetHandle();
}
