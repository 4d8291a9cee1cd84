namespace RvJit.Runtime.Machines;

/// <summary>Why a system-mode run ended.</summary>
public enum StopReason
{
    HtifExit, InstructionLimit, Timeout,
    /// <summary>The guest powered the machine off through the test device (ExitCode: its status).</summary>
    PowerOff,
    /// <summary>The guest asked the test device to reset the machine.</summary>
    Reset,
    /// <summary>The user quit from the console (QEMU's Ctrl-A x).</summary>
    Quit,
    /// <summary>gdb killed the machine through the stub.</summary>
    DebuggerKill,
}

/// <summary>The result of running a bare-metal image.</summary>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="ExitCode">For <see cref="StopReason.HtifExit"/>: the value written to tohost shifted right by one
/// (riscv-tests: 0 = pass, otherwise the failing TESTNUM).</param>
/// <param name="Instructions">Guest instructions retired.</param>
public readonly record struct RunOutcome(StopReason Reason, long ExitCode, long Instructions);
