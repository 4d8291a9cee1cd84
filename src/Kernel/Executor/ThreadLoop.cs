// The life of one guest thread: enter user mode, run until a trap, handle it, decide Continue/Yield/Exit.
using System.Diagnostics;
using RvJit.Kernel.Debug;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;

namespace RvJit.Kernel.Executor;

/// <summary>
/// The seed's thread_loop. Each turn puts the thread's context and page table on the hart of the worker running
/// it (a thread may move between harts from one turn to the next), runs one time slice with the kernel lock
/// given up, and maps the engine's exit to a <see cref="ControlFlow"/>: a used-up slice yields; an ecall goes
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
        // System time: the kernel's work for this thread runs from here to the next slice, less every await (a wait, a
        // trip through the run queue), which restarts the count when it resumes.
        var kernelTime = new KernelTime(thread);
        try
        {
            while (true)
            {
                if (thread.ExitRequested) break;
                kernel.DeliverSignals(thread);
                if (thread.ExitRequested) break;
                if (kernel.Debugger?.MustPark(thread) == true)
                {
                    // Stopped for gdb; a fault it held back comes now if gdb continued with its signal.
                    kernelTime.Charge();
                    var parked = await kernel.Debugger.Park(thread);
                    kernelTime.Restart();
                    if (parked is { } fault &&
                        kernel.DeliverFault(thread, fault.Signal, fault.Code, fault.Address, fault.What).Kind == ControlFlowKind.Exit) break;
                    continue;
                }

                ControlFlow flow;
                try
                {
                    var cpu = kernel.CurrentProcessor;
                    kernelTime.Charge();
                    EngineExit exit = RunSlice(kernel, cpu, thread, out long retired);
                    kernelTime.Restart();
                    sinceYield += retired + TrapCharge;
                    // Another thread's exit_group or execve, or a fatal signal, while this one ran: its trap (a
                    // system call on an address space that may be gone) is not served.
                    if (thread.ExitRequested) break;
                    Trap trap = cpu.Hart.HostTrap;
                    if (exit == EngineExit.HostTrap && trap.Cause == ExceptionCause.EcallFromUser && kernel.Debugger?.MustPark(thread) == true)
                    {
                        // gdb stops the process: a system call (which may block, and then would never park) waits at
                        // its entry until gdb resumes, so the stop is reported once every thread is parked or blocked.
                        kernelTime.Charge();
                        await kernel.Debugger.Park(thread);
                        kernelTime.Restart();
                        if (thread.ExitRequested) break;
                    }
                    flow = exit switch
                    {
                        EngineExit.HostTrap => await kernelTime.Charged(HandleTrap(kernel, trap, thread)),
                        // A stop request: a signal for this thread, a page-table change elsewhere, a shutdown. The loop's
                        // top delivers signals; the slice goes on unless it is used up.
                        EngineExit.Stopped => ControlFlow.Continue,
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
                    // With nothing else runnable and no timer due, the thread goes on where it is: a trip through
                    // the queue would only hand it to another worker, whose hart has none of its TLB entries.
                    if (kernel.Executor.HasOtherWork)
                    {
                        kernelTime.Charge();
                        await kernel.Executor.Yield();
                        kernelTime.Restart();
                    }
                }
            }
        }
        finally
        {
            kernel.ThreadFinished(thread);
        }
    }

    /// <summary>
    /// A thread's system time as it accrues: the kernel's work for it runs from the end of one slice to the start of
    /// the next, less every await (a wait, a trip through the run queue), whose end starts the count again.
    /// </summary>
    private sealed class KernelTime(UserThread thread)
    {
        private long since = Stopwatch.GetTimestamp();

        /// <summary>Adds the kernel time since the last charge or restart to the thread's system time.</summary>
        public void Charge()
        {
            long now = Stopwatch.GetTimestamp();
            thread.ChargeSystem(KernelClock.TicksToNanoseconds(now - since));
            since = now;
        }

        public void Restart() => since = Stopwatch.GetTimestamp();

        /// <summary>A trap's handling: what runs before its first wait is charged then, the rest from its resumption on.</summary>
        public ValueTask<ControlFlow> Charged(ValueTask<ControlFlow> handling)
        {
            if (handling.IsCompleted) return handling;
            Charge();
            return Resumed(handling);
        }

        private async ValueTask<ControlFlow> Resumed(ValueTask<ControlFlow> handling)
        {
            var flow = await handling;
            Restart();
            return flow;
        }
    }

    /// <summary>Instructions a trap (system call, fault) counts for against the time slice.</summary>
    private const long TrapCharge = 1000;

    private static EngineExit RunSlice(LinuxKernel kernel, Processor cpu, UserThread thread, out long retired)
    {
        var hart = cpu.Hart;
        kernel.Activate(cpu, thread);
        // Every return to user mode drops the LR reservation (Linux does an SC on trap return), so an LR in
        // one thread can never pair with an SC in another.
        hart.Reservation = ulong.MaxValue;
        // A stop asked for before now was for what the kernel has just done (delivered a signal, a shootdown this
        // hart has flushed for): anything that needs this thread back from now on asks again, holding the lock.
        hart.StopRequested = false;
        thread.RunningOn = cpu;
        // Names for the profiler's samples and the translator's regions: a view of the space's mappings that guest
        // code may read without the lock.
        var symbols = kernel.Symbols?.Enter(hart, thread.Process.Space);
        long instret = hart.Instret;
        cpu.InGuest = true;
        bool released = kernel.Executor.Lock.ReleaseForGuest();
        long start = Stopwatch.GetTimestamp();
        long spent = 0;
        EngineExit exit;
        try
        {
            exit = kernel.Settings.Profiler is { } profiler
                ? RunSampled(cpu, profiler, symbols!, kernel.Settings.TimeSlice)
                : cpu.Engine.Run(hart, kernel.Settings.TimeSlice);
        }
        finally
        {
            // The guest's CPU time ends here: waiting for the kernel lock is not the guest's. (Wall time of the slice:
            // the host thread's own CPU clock costs a system call per read, several µs on a virtual machine.)
            spent = KernelClock.TicksToNanoseconds(Stopwatch.GetTimestamp() - start);
            cpu.InGuest = false;
            if (released) kernel.Executor.Lock.ReacquireAfterGuest();
            thread.RunningOn = null;
        }
        retired = hart.Instret - instret;
        thread.CpuNanoseconds += spent;
        thread.Process.CpuNanoseconds += spent;
        thread.Process.Instructions += retired;
        // ITIMER_VIRTUAL/PROF and CPU-clock timers fire as the time they count is charged (at most a slice late).
        if (thread.Process.CpuTimers.Count > 0) CpuTimer.CheckAll(thread.Process);
        return exit;
    }

    /// <summary>--profile: the slice in steps that end every <see cref="GuestProfiler.Interval"/> instructions of this
    /// hart (the count goes on across slices and traps), each step's end pc one sample.</summary>
    private static EngineExit RunSampled(Processor cpu, GuestProfiler profiler, MappingSnapshot symbols, long slice)
    {
        var hart = cpu.Hart;
        long left = slice;
        while (true)
        {
            if (cpu.UntilSample <= 0) cpu.UntilSample = profiler.Interval;
            long before = hart.Instret;
            EngineExit exit = cpu.Engine.Run(hart, Math.Min(left, cpu.UntilSample));
            long ran = hart.Instret - before;
            cpu.UntilSample -= ran;
            left -= Math.Max(ran, 1);
            if (exit != EngineExit.Budget) return exit;
            if (cpu.UntilSample <= 0) profiler.Add(symbols.Resolve(hart.Pc));
            if (left <= 0) return exit;
        }
    }

    private static ValueTask<ControlFlow> HandleTrap(LinuxKernel kernel, Trap trap, UserThread thread)
    {
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
            case ExceptionCause.DebugWatch:
                return new(kernel.Debugger?.StopForWatch(thread, kernel.CurrentProcessor.Hart.Mmu.LastWatchHit) ?? ControlFlow.Continue);
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
        switch (thread.Process.Space.HandleFault(trap.Tval, access, thread.Tid))
        {
            case FaultResult.Handled:
                // The faulting hart's view of the page is dropped: its TLB may be what was stale.
                kernel.CurrentProcessor.Hart.Mmu.FlushPage(trap.Tval);
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
