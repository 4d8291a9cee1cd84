// What a guest thread's loop decides after handling one trap: keep running, give way, or end.
namespace RvJit.Kernel.Executor;

/// <summary>The three outcomes of one turn of a <see cref="ThreadLoop"/>.</summary>
public enum ControlFlowKind : byte
{
    /// <summary>Re-enter user mode at once.</summary>
    Continue,
    /// <summary>Go to the back of the run queue first (time slice used up, sched_yield).</summary>
    Yield,
    /// <summary>The thread is finished.</summary>
    Exit,
}

/// <summary>The decision taken after a trap: continue, yield, or exit.</summary>
public readonly record struct ControlFlow(ControlFlowKind Kind)
{
    public static ControlFlow Continue => new(ControlFlowKind.Continue);
    public static ControlFlow Yield => new(ControlFlowKind.Yield);
    public static ControlFlow Exit => new(ControlFlowKind.Exit);
}
