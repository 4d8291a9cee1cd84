using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Machines;

namespace RvJit.RiscvTests.Conformance;

/// <summary>Runs one riscv-tests-style image in-process on a fresh machine and explains a failure in one line.</summary>
internal static class TestImageRunner
{
    /// <summary>Every engine a conformance test runs under. "jit" compiles every block at its first execution,
    /// so the translator (not the interpreter tier) runs nearly all of the test, in the quick tier (a test's
    /// code rarely reaches the promotion threshold); "jit-optimised" compiles every block optimised at once.</summary>
    public static readonly string[] Engines = ["interp", "jit", "jit-optimised"];

    public static Func<RvJit.Runtime.Hart.Hart, IExecutionEngine> EngineFactory(string engine) => engine switch
    {
        "interp" => hart => new Interpreter(hart),
        "jit" => hart => new RvJit.Translator.JitEngine(hart, hotThreshold: 1, backgroundCompile: false),
        "jit-optimised" => hart => new RvJit.Translator.JitEngine(hart, hotThreshold: 1, backgroundCompile: false, promoteThreshold: 0),
        _ => throw new ArgumentException($"unknown engine {engine}"),
    };

    /// <summary>Null when the image passed; otherwise why it did not.</summary>
    public static string? Run(string elfPath, string engine, TimeSpan? timeout = null)
    {
        var options = new MachineOptions
        {
            EngineFactory = EngineFactory(engine),
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
            MaxInstructions = 200_000_000,
        };
        using var machine = SystemMachine.FromElf(elfPath, options);
        RunOutcome outcome = machine.Run();
        string name = Path.GetFileName(elfPath);
        return outcome.Reason switch
        {
            StopReason.HtifExit when outcome.ExitCode == 0 => null,
            StopReason.HtifExit => $"{name} [{engine}]: test case {outcome.ExitCode} failed (pc 0x{machine.Hart.Pc:x})",
            StopReason.Timeout => $"{name} [{engine}]: timed out at pc 0x{machine.Hart.Pc:x} after {outcome.Instructions} instructions",
            _ => $"{name} [{engine}]: instruction limit at pc 0x{machine.Hart.Pc:x}",
        };
    }
}
