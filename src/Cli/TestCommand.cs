using System.Collections.Concurrent;
using System.Diagnostics;
using RvJit.Runtime.Elf;
using RvJit.Translator;

namespace RvJit.Cli;

/// <summary>
/// `rvjit test DIR`: runs every RISC-V ELF program under DIR in parallel, each on its own machine or kernel,
/// and prints a table per group and `N passed, M failed`; `--junit FILE` writes the results as JUnit XML.
/// A Linux program (the test `rvjit run` uses) passes when it exits 0; a bare-metal image follows the
/// riscv-tests convention (HTIF exit 0).
/// </summary>
internal static class TestCommand
{
    public const double DefaultTimeoutSeconds = 60;

    public static readonly string Help = $"""
        usage: rvjit test [options] DIR

        Runs every RISC-V ELF program under DIR (and its subfolders), in parallel, and prints a table
        per group and a last line `N passed, M failed`; exit status 1 if any test did not pass.

        A Linux program (as `rvjit run` decides: dynamic, position independent, Linux OS ABI, or linked
        below 0x80000000 without `tohost`) runs under rvjit's kernel in its own folder, with the host's
        environment and stdin from /dev/null. It passes when it exits with status 0 and fails on a
        non-zero status or a fatal signal. Its group is its folder relative to DIR.
        A bare-metal image runs in system mode (riscv-tests convention: tohost = 1 passes, an odd value
        (N << 1) | 1 fails test case N). Its group is the first two parts of its name (rv64ui-p-add is
        in rv64ui-p), under its folder. Object files (.o) and shared libraries (.so) are not tests.

        options:
          --engine jit|interp      execution engine (default: jit)
          --jit-threshold N        block executions before the JIT compiles it (default {JitEngine.DefaultHotThreshold})
          --timeout SECONDS        per-test wall-clock limit; a test still running then is stopped and
                                   reported as timed out (default {DefaultTimeoutSeconds})
          --max-instructions N     bare metal: per-test instruction limit (default 500M)
          -L, --sysroot DIR        Linux: the dynamic linker and libraries (default: as for rvjit run:
                                   $RVJIT_SYSROOT, $QEMU_LD_PREFIX, /usr/riscv64-linux-gnu)
          --jobs N                 tests run at once (default: processor count)
          --smp N                  Linux: harts per test, i.e. its threads running at once (default 1: the
                                   tests themselves already run --jobs at a time)
          --filter TEXT            only tests whose path under DIR contains TEXT
          --junit FILE             also write the results as JUnit XML (a testsuite per group) to FILE
          --verbose                print every test, not only those that did not pass
        """;

    public static int Run(string[] args)
    {
        var o = new Options(args, ["--engine", "--jit-threshold", "--timeout", "--max-instructions", "--jobs", "--smp", "--filter", "--junit", "-L", "--sysroot"],
            ["--verbose", "--help", "-h"], stopAtFirstOperand: false);
        if (o.Has("--help") || o.Has("-h")) { Console.Out.Write(Help); return 0; }
        if (o.Operands.Count != 1) throw new UsageException("test: expected one directory (try rvjit test --help)");
        string dir = Path.GetFullPath(o.Operands[0]);
        if (!Directory.Exists(dir)) throw new UsageException($"test: {o.Operands[0]}: no such directory");
        int harts = (int)Math.Clamp(o.GetLong("--smp", 1), 1, 256);
        var engine = EngineChoice.Parse(o.Get("--engine"), (int)o.GetLong("--jit-threshold", JitEngine.DefaultHotThreshold), harts: harts);
        var limits = new TestLimits(
            TimeSpan.FromSeconds(o.GetSeconds("--timeout", DefaultTimeoutSeconds)),
            o.GetLong("--max-instructions", 500_000_000),
            o.Get("--sysroot") ?? o.Get("-L") ?? LinuxRunCommand.SysrootFromEnvironment(),
            harts);
        int jobs = (int)o.GetLong("--jobs", Environment.ProcessorCount);
        string? filter = o.Get("--filter");
        string? junit = o.Get("--junit");
        // Found before the run, not after minutes of tests.
        if (junit is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(junit))))
            throw new UsageException($"--junit {junit}: no such directory");

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(TestDiscovery.IsTestProgram)
            .Where(f => filter is null || Path.GetRelativePath(dir, f).Contains(filter, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            Console.Out.WriteLine($"no RISC-V ELF programs under {o.Operands[0]}");
            if (junit is not null) WriteJUnit(junit, [], TimeSpan.Zero);
            Console.Out.WriteLine("0 passed, 0 failed");
            return 1;
        }

        var results = new ConcurrentBag<TestResult>();
        var clock = Stopwatch.StartNew();
        using (new StraySignalShield())
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, file =>
                results.Add(TestRunner.RunOne(dir, file, engine, limits)));
        clock.Stop();

        var ordered = results.OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        foreach (var r in ordered.Where(r => r.Outcome != TestOutcome.Passed || o.Has("--verbose")))
            Console.Out.WriteLine($"{Label(r.Outcome),-7}  {r.Group}/{r.Name}  {r.Detail}");

        Console.Out.WriteLine();
        int width = Math.Max(16, ordered.Max(r => r.Group.Length));
        Console.Out.WriteLine($"{"group".PadRight(width)} {"passed",7} {"failed",7} {"timeout",7} {"seconds",8}");
        foreach (var g in ordered.GroupBy(r => r.Group))
            Console.Out.WriteLine($"{g.Key.PadRight(width)} {g.Count(r => r.Passed),7} {g.Count(r => r.Outcome is TestOutcome.Failed or TestOutcome.Error),7} " +
                $"{g.Count(r => r.Outcome == TestOutcome.TimedOut),7} {g.Sum(r => r.Time.TotalSeconds),8:F2}");
        if (junit is not null) WriteJUnit(junit, ordered, clock.Elapsed);
        int passed = ordered.Count(r => r.Passed), failed = ordered.Count - passed;
        Console.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static void WriteJUnit(string path, IReadOnlyList<TestResult> results, TimeSpan total)
    {
        try { JUnitReport.Write(path, results, total); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--junit {path}: {e.Message}");
        }
    }

    private static string Label(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "PASS",
        TestOutcome.Failed => "FAIL",
        TestOutcome.TimedOut => "TIMEOUT",
        _ => "ERROR",
    };
}
