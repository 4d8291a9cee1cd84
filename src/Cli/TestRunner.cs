using System.Diagnostics;
using RvJit.Kernel;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Machines;

namespace RvJit.Cli;

/// <summary>How one test ended. Error: it could not run (a bad ELF, an rvjit internal error).</summary>
internal enum TestOutcome { Passed, Failed, TimedOut, Error }

/// <summary>One test's result: its group (table row, JUnit testsuite), name, outcome, a one-line detail,
/// its wall-clock time and what it printed (Linux programs; for JUnit's system-out).</summary>
internal sealed record TestResult(string Group, string Name, TestOutcome Outcome, string Detail, TimeSpan Time, string Output = "")
{
    public bool Passed => Outcome == TestOutcome.Passed;
}

/// <summary>The per-test limits and the Linux sysroot of `rvjit test`.</summary>
internal sealed record TestLimits(TimeSpan Timeout, long MaxInstructions, string? Sysroot, int Harts = 1);

/// <summary>Runs one test program: a Linux program under its own <see cref="LinuxKernel"/>, a bare-metal image
/// on its own <see cref="SystemMachine"/>.</summary>
internal static class TestRunner
{
    /// <summary>At most this much of a Linux test's output is kept (its end), for JUnit's system-out.</summary>
    private const int OutputKept = 16 << 10;

    /// <summary>Linux tests run in-process share rvjit's host pid. A test run with that pid (host signals
    /// forwarded to it, as under `rvjit run`) holds this for writing, so it runs alone: a host program of a
    /// test running beside it could otherwise signal rvjit's pid (`kill $PPID`) and hit it, before its
    /// handlers are installed, with a signal meant for the other test. Every other Linux test reads it.</summary>
    private static readonly ReaderWriterLockSlim HostPid = new();

    public static TestResult RunOne(string root, string file, Func<Hart, IExecutionEngine> engine, TestLimits limits)
    {
        string name = Path.GetFileName(file);
        string folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
        string folderGroup = folder == "." ? Path.GetFileName(root) : folder;
        var clock = Stopwatch.StartNew();
        try
        {
            using var image = ElfImage.Load(file);
            if (LinuxRunCommand.IsLinuxProgram(image))
            {
                image.Dispose();
                TestResult result;
                bool startedHostPrograms;
                HostPid.EnterReadLock();
                try { result = RunLinux(folderGroup, name, file, engine, limits, clock, hostPid: false, out startedHostPrograms); }
                finally { HostPid.ExitReadLock(); }
                // Tests run in-process with guest pids the host does not know, so a host program the guest started
                // (popen's /bin/sh) cannot signal it by the pid it was told (`kill <getpid()>`, `kill $PPID`).
                // A test that failed after starting one runs again with the host pid, as under `rvjit run`.
                if (result.Passed || !startedHostPrograms) return result;
                HostPid.EnterWriteLock();
                try { return RunLinux(folderGroup, name, file, engine, limits, clock, hostPid: true, out _); }
                finally { HostPid.ExitWriteLock(); }
            }
            string[] parts = name.Split('-');
            string prefix = parts.Length >= 3 ? $"{parts[0]}-{parts[1]}" : "other";
            return RunBareMetal(folder == "." ? prefix : $"{folder}/{prefix}", name, image, engine, limits, clock);
        }
        catch (ElfFormatException e) { return new TestResult(folderGroup, name, TestOutcome.Error, e.Message, clock.Elapsed); }
        catch (Exception e) { return new TestResult(folderGroup, name, TestOutcome.Error, $"internal error: {e.GetType().Name}: {e.Message}", clock.Elapsed); }
    }

    private static TestResult RunBareMetal(string group, string name, ElfImage image, Func<Hart, IExecutionEngine> engine, TestLimits limits, Stopwatch clock)
    {
        var options = new MachineOptions { EngineFactory = engine, Timeout = limits.Timeout, MaxInstructions = limits.MaxInstructions };
        using var machine = SystemMachine.FromImage(image, options);
        var outcome = machine.Run();
        var time = clock.Elapsed;
        return outcome.Reason switch
        {
            StopReason.HtifExit when outcome.ExitCode == 0 => new TestResult(group, name, TestOutcome.Passed, $"{outcome.Instructions} instructions", time),
            StopReason.HtifExit => new TestResult(group, name, TestOutcome.Failed, $"test case {outcome.ExitCode} failed", time),
            StopReason.Timeout => new TestResult(group, name, TestOutcome.TimedOut, $"timed out after {limits.Timeout.TotalSeconds} s at pc 0x{machine.Hart.Pc:x}", time),
            _ => new TestResult(group, name, TestOutcome.Failed, $"instruction limit reached at pc 0x{machine.Hart.Pc:x}", time),
        };
    }

    private static TestResult RunLinux(string group, string name, string file, Func<Hart, IExecutionEngine> engine, TestLimits limits, Stopwatch clock,
        bool hostPid, out bool startedHostPrograms)
    {
        startedHostPrograms = false;
        // The guest's stdout and stderr go to one file, interleaved as on a terminal; rvjit's own reports
        // (fatal signals, unknown system calls) to the same text.
        string outPath = Path.Combine(Path.GetTempPath(), $"rvjit-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var diagnostics = new StringWriter();
        try
        {
            int status, waitStatus;
            bool timedOut = false;
            using (var stdin = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read))
            using (var output = File.OpenHandle(outPath, FileMode.Create, FileAccess.Write))
            {
                var settings = new KernelSettings
                {
                    EngineFactory = engine,
                    Sysroot = limits.Sysroot,
                    StdinFd = (int)stdin.DangerousGetHandle(),
                    StdoutFd = (int)output.DangerousGetHandle(),
                    StderrFd = (int)output.DangerousGetHandle(),
                    Diagnostics = TextWriter.Synchronized(diagnostics),
                    WorkingDirectory = Path.GetDirectoryName(file),
                    Harts = limits.Harts,
                    ForwardHostSignals = hostPid,
                };
                using var kernel = new LinuxKernel(settings);
                using (new Timer(_ => { timedOut = true; kernel.RequestShutdown(); }, null, limits.Timeout, Timeout.InfiniteTimeSpan))
                    status = kernel.Run(file, [file], LinuxRunCommand.HostEnvironment());
                waitStatus = kernel.InitWaitStatus;
                startedHostPrograms = kernel.HostProgramsStarted > 0;
                if (kernel.InternalError is { } e)
                    return new TestResult(group, name, TestOutcome.Error, $"internal error: {e.GetType().Name}: {e.Message}", clock.Elapsed, Output(outPath, diagnostics));
            }
            var time = clock.Elapsed;
            string text = Output(outPath, diagnostics);
            int signal = waitStatus & 0x7f;
            if (timedOut && signal == (int)Kernel.Signals.Signal.SIGKILL)
                return new TestResult(group, name, TestOutcome.TimedOut, $"timed out after {limits.Timeout.TotalSeconds} s", time, text);
            if (signal != 0)
                return new TestResult(group, name, TestOutcome.Failed, $"killed by {Kernel.Signals.Signals.Name(signal)}", time, text);
            return status == 0
                ? new TestResult(group, name, TestOutcome.Passed, "exit status 0", time, text)
                : new TestResult(group, name, TestOutcome.Failed, $"exit status {status}", time, text);
        }
        finally { File.Delete(outPath); }
    }

    private static string Output(string path, StringWriter diagnostics)
    {
        string text;
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (s.Length > OutputKept) s.Seek(-OutputKept, SeekOrigin.End);
            text = new StreamReader(s).ReadToEnd();
        }
        return text + diagnostics.ToString();
    }
}
