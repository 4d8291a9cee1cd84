namespace RvJit.Runtime.Machines;

/// <summary>Why a system-mode run ended.</summary>
public enum StopReason { HtifExit, InstructionLimit, Timeout }

/// <summary>The result of running a bare-metal image.</summary>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="ExitCode">For <see cref="StopReason.HtifExit"/>: the value written to tohost shifted right by one
/// (riscv-tests: 0 = pass, otherwise the failing TESTNUM).</param>
/// <param name="Instructions">Guest instructions retired.</param>
public readonly record struct RunOutcome(StopReason Reason, long ExitCode, long Instructions);
