using System.Collections.Concurrent;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Machines;
using RvJit.Translator;

namespace RvJit.Cli;

/// <summary>
/// `rvjit test DIR`: runs every ELF file under DIR (riscv-tests style: pass = HTIF exit 0) in parallel, each
/// on its own machine, and prints a table per group (rv64ui-p, rv64ui-v, ...) and `N passed, M failed`.
/// </summary>
internal static class TestCommand
{
    public static readonly string Help = $"""
        usage: rvjit test [options] DIR

        Runs every ELF under DIR as a bare-metal test (riscv-tests convention: tohost = 1 passes, an odd
        value (N << 1) | 1 fails test case N). The group of a test is the first two parts of its name
        (rv64ui-p-add and rv64mi-p-ld-misaligned are in rv64ui-p and rv64mi-p). Ends with a line `N passed, M failed`; exit status 1 if any failed.

        options:
          --engine jit|interp      execution engine (default: jit)
          --jit-threshold N        block executions before the JIT compiles it (default {JitEngine.DefaultHotThreshold})
          --timeout SECONDS        per-test wall-clock limit (default 20)
          --max-instructions N     per-test instruction limit (default 500M)
          --jobs N                 tests run at once (default: processor count)
          --filter TEXT            only tests whose name contains TEXT
          --verbose                print every test, not only failures
        """;

    private sealed record Result(string Name, string Group, bool Passed, string Detail);

    public static int Run(string[] args)
    {
        var o = new Options(args, ["--engine", "--jit-threshold", "--timeout", "--max-instructions", "--jobs", "--filter"], ["--verbose", "--help", "-h"], stopAtFirstOperand: false);
        if (o.Has("--help") || o.Has("-h")) { Console.Out.Write(Help); return 0; }
        if (o.Operands.Count != 1) throw new UsageException("test: expected one directory (try rvjit test --help)");
        string dir = o.Operands[0];
        if (!Directory.Exists(dir)) throw new UsageException($"test: {dir}: no such directory");
        var engine = EngineChoice.Parse(o.Get("--engine"), (int)o.GetLong("--jit-threshold", JitEngine.DefaultHotThreshold));
        var timeout = TimeSpan.FromSeconds(o.GetSeconds("--timeout", 20));
        long maxInstructions = o.GetLong("--max-instructions", 500_000_000);
        int jobs = (int)o.GetLong("--jobs", Environment.ProcessorCount);
        string? filter = o.Get("--filter");

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(IsElf)
            .Where(f => filter is null || Path.GetFileName(f).Contains(filter, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            Console.Out.WriteLine($"no ELF files under {dir}");
            Console.Out.WriteLine("0 passed, 0 failed");
            return 1;
        }

        var results = new ConcurrentBag<Result>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, file =>
            results.Add(RunOne(file, engine, timeout, maxInstructions)));

        var ordered = results.OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        foreach (var r in ordered.Where(r => !r.Passed || o.Has("--verbose")))
            Console.Out.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Name}  {r.Detail}");

        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"group",-16} {"passed",7} {"failed",7}");
        foreach (var g in ordered.GroupBy(r => r.Group))
            Console.Out.WriteLine($"{g.Key,-16} {g.Count(r => r.Passed),7} {g.Count(r => !r.Passed),7}");
        int passed = ordered.Count(r => r.Passed), failed = ordered.Count - passed;
        Console.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static Result RunOne(string file, Func<RvJit.Runtime.Hart.Hart, RvJit.Runtime.Interpreter.IExecutionEngine> engine,
        TimeSpan timeout, long maxInstructions)
    {
        string name = Path.GetFileName(file);
        string[] parts = name.Split('-');
        string group = parts.Length >= 3 ? $"{parts[0]}-{parts[1]}" : "other";
        try
        {
            var options = new MachineOptions { EngineFactory = engine, Timeout = timeout, MaxInstructions = maxInstructions };
            using var machine = SystemMachine.FromElf(file, options);
            var outcome = machine.Run();
            return outcome.Reason switch
            {
                StopReason.HtifExit when outcome.ExitCode == 0 => new Result(name, group, true, $"{outcome.Instructions} instructions"),
                StopReason.HtifExit => new Result(name, group, false, $"test case {outcome.ExitCode} failed"),
                StopReason.Timeout => new Result(name, group, false, $"timed out at pc 0x{machine.Hart.Pc:x}"),
                _ => new Result(name, group, false, $"instruction limit reached at pc 0x{machine.Hart.Pc:x}"),
            };
        }
        catch (ElfFormatException e) { return new Result(name, group, false, e.Message); }
        catch (Exception e) { return new Result(name, group, false, $"internal error: {e.GetType().Name}: {e.Message}"); }
    }

    private static bool IsElf(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return s.Read(magic) == 4 && magic[0] == 0x7F && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
