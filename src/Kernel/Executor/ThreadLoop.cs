// The life of one guest thread: enter user mode, run until a trap, handle it, decide Continue/Yield/Exit.
using System.Diagnostics;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;

namespace RvJit.Kernel.Executor;

/// <summary>
/// The seed's thread_loop. Each turn puts the thread's context and page table on the hart, runs one time
/// slice, and maps the engine's exit to a <see cref="ControlFlow"/>: a used-up slice yields; an ecall goes
/// to the system call table (which may await); a page fault is demand paging, stack growth or
/// copy-on-write, else SIGSEGV; other exceptions become signals. Pending signals are delivered on the way
/// back to user mode.
/// </summary>
public static class ThreadLoop
{
    public static async Task Run(LinuxKernel kernel, UserThread thread)
    {
        // Instructions run since this thread last gave way, with a charge per trap: a thread that keeps
        // trapping (a syscall loop that never blocks) must still yield once it has had a slice.
        long sinceYield = 0;
        try
        {
            while (true)
            {
                if (thread.ExitRequested) break;
                kernel.DeliverSignals(thread);
                if (thread.ExitRequested) break;

                ControlFlow flow;
                try
                {
                    long before = kernel.Hart.Instret;
                    EngineExit exit = RunSlice(kernel, thread);
                    sinceYield += kernel.Hart.Instret - before + TrapCharge;
                    flow = exit switch
                    {
                        EngineExit.HostTrap => await HandleTrap(kernel, thread),
                        EngineExit.Budget => ControlFlow.Yield,
                        EngineExit.Stopped => ControlFlow.Yield, // a shutdown request: its kill is queued behind us
                        _ => ControlFlow.Yield,
                    };
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A kernel bug: the guest process dies of it (SIGSYS), rvjit and the other processes go on.
                    flow = kernel.InternalFault(thread, e);
                }
                if (flow.Kind == ControlFlowKind.Exit) break;
                if (flow.Kind == ControlFlowKind.Continue && sinceYield >= kernel.Settings.TimeSlice) flow = ControlFlow.Yield;
                if (flow.Kind == ControlFlowKind.Yield)
                {
                    sinceYield = 0;
                    await kernel.Executor.Yield();
                }
            }
        }
        finally
        {
            kernel.ThreadFinished(thread);
        }
    }

    /// <summary>Instructions a trap (system call, fault) counts for against the time slice.</summary>
    private const long TrapCharge = 1000;

    private static EngineExit RunSlice(LinuxKernel kernel, UserThread thread)
    {
        kernel.Activate(thread);
        // Every return to user mode drops the LR reservation (Linux does an SC on trap return), so an LR in
        // one thread can never pair with an SC in another.
        kernel.Hart.Reservation = ulong.MaxValue;
        long start = Stopwatch.GetTimestamp();
        long instret = kernel.Hart.Instret;
        EngineExit exit = kernel.Engine.Run(kernel.Hart, kernel.Settings.TimeSlice);
        long spent = Stopwatch.GetTimestamp() - start;
        thread.CpuTicks += spent;
        thread.Process.CpuTicks += spent;
        thread.Process.Instructions += kernel.Hart.Instret - instret;
        return exit;
    }

    private static ValueTask<ControlFlow> HandleTrap(LinuxKernel kernel, UserThread thread)
    {
        Trap trap = kernel.Hart.HostTrap;
        switch (trap.Cause)
        {
            case ExceptionCause.EcallFromUser:
                return kernel.Syscalls.Dispatch(thread);
            case ExceptionCause.LoadPageFault:
            case ExceptionCause.StorePageFault:
            case ExceptionCause.InstructionPageFault:
                return new(HandlePageFault(kernel, thread, trap));
            case ExceptionCause.IllegalInstruction:
                return new(kernel.RaiseFault(thread, Signal.SIGILL, SignalCodes.IllegalOpcode, thread.Pc, "illegal instruction"));
            case ExceptionCause.Breakpoint:
                return new(kernel.RaiseFault(thread, Signal.SIGTRAP, SignalCodes.TrapBreakpoint, thread.Pc, "breakpoint"));
            case ExceptionCause.LoadAddressMisaligned:
            case ExceptionCause.StoreAddressMisaligned:
            case ExceptionCause.InstructionAddressMisaligned:
                return new(kernel.RaiseFault(thread, Signal.SIGBUS, SignalCodes.BusAlignment, trap.Tval, "misaligned access"));
            default:
                return new(kernel.RaiseFault(thread, Signal.SIGSEGV, SignalCodes.SegvAccessError, trap.Tval, $"access fault ({trap.Cause})"));
        }
    }

    private static ControlFlow HandlePageFault(LinuxKernel kernel, UserThread thread, Trap trap)
    {
        var access = trap.Cause switch
        {
            ExceptionCause.LoadPageFault => Access.Load,
            ExceptionCause.StorePageFault => Access.Store,
            _ => Access.Fetch,
        };
        switch (thread.Process.Space.HandleFault(trap.Tval, access))
        {
            case FaultResult.Handled:
                return ControlFlow.Continue;
            case FaultResult.OutOfMemory:
                kernel.Warn($"{thread.Process.Name}: out of guest memory (pid {thread.Process.Pid}); killed");
                kernel.KillProcess(thread.Process, WaitStatus.Killed((int)Signal.SIGKILL));
                return ControlFlow.Exit;
            case FaultResult.AccessDenied:
                return kernel.RaiseFault(thread, Signal.SIGSEGV, SignalCodes.SegvAccessError, trap.Tval, $"{AccessName(access)} not permitted");
            default:
                return kernel.RaiseFault(thread, Signal.SIGSEGV, SignalCodes.SegvMapError, trap.Tval, $"{AccessName(access)} of unmapped address");
        }
    }

    private static string AccessName(Access a) => a switch { Access.Load => "read", Access.Store => "write", _ => "execute" };
}
