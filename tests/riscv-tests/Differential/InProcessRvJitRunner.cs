// rvjit as a guest runner inside the test process: the same machine `rvjit run` builds, without starting a
// process per image, so thousands of seeds take minutes instead of hours.
using RvJit.Runtime.Machines;

namespace RvJit.RiscvTests.Differential;

/// <summary>Runs an image on a <see cref="SystemMachine"/> with the interpreter or the JIT (compiling every block
/// at once, as `rvjit run --engine jit --jit-threshold 1` does), capturing the HTIF console.</summary>
/// <param name="engine">"interp" or "jit".</param>
/// <param name="timeout">Longest one run may take (default 120 s).</param>
public sealed class InProcessRvJitRunner(string engine = "interp", TimeSpan? timeout = null) : IGuestRunner
{
    public string Engine { get; } = engine is "interp" or "jit"
        ? engine
        : throw new ArgumentException($"unknown rvjit engine '{engine}' (expected interp or jit)", nameof(engine));

    public string Name => $"rvjit[{Engine}, in process]";

    public string Run(string elfPath)
    {
        var console = new StringWriter();
        var options = new MachineOptions
        {
            Console = console,
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
            EngineFactory = Conformance.TestImageRunner.EngineFactory(Engine),
        };
        using var machine = SystemMachine.FromElf(elfPath, options);
        RunOutcome outcome = machine.Run();
        bool exited = outcome.Reason == StopReason.HtifExit;
        int code = exited ? (int)outcome.ExitCode : -1;
        if (!exited || code is not (ProcessGuestRunner.ExitOk or ProcessGuestRunner.ExitTrap))
            throw new GuestRunException(Name, elfPath, new ProcessResult(code, console.ToString(), $"stopped: {outcome.Reason}", outcome.Reason == StopReason.Timeout));
        return console.ToString();
    }
}
