using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Interpreter;

/// <summary>Why an engine returned control to its caller.</summary>
public enum EngineExit
{
    /// <summary>The instruction budget ran out; call again.</summary>
    Budget,
    /// <summary>A trap from U-mode was handed to the host kernel (<see cref="Hart.HostTrap"/>).</summary>
    HostTrap,
    /// <summary>wfi with nothing pending: the caller waits for an interrupt.</summary>
    WaitForInterrupt,
    /// <summary>A device or the host asked the hart to stop (<see cref="Hart.StopRequested"/>).</summary>
    Stopped,
    /// <summary>Only from <see cref="Interpreter.Run(Hart.Hart, long, bool)"/> with entry counting on, to the
    /// translating engine that asked for it: hart.Pc is a block entry that has just turned hot or is marked as
    /// translated (<see cref="Interpreter.StoppedHot"/> says which). Never returned to a machine.</summary>
    Entry,
}

/// <summary>
/// Something that executes guest instructions on a hart: the interpreter, or the translator. It runs from
/// hart.Pc for at most <c>budget</c> instructions (it may overshoot by one block) and keeps hart.Instret,
/// hart.Pc and the CSR state exact at every exit.
/// </summary>
public interface IExecutionEngine
{
    string Name { get; }
    EngineExit Run(Hart.Hart hart, long budget);

    /// <summary>Counters for `--stats` (name, value).</summary>
    IEnumerable<(string Name, string Value)> Statistics() => [];
}
