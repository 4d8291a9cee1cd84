// A gdb session's view of a system-mode machine (qemu-system's -s/-gdb/-S): its harts as threads, all-stop.
using System.Collections.Concurrent;
using RvJit.Runtime.Debug;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Machines;

/// <summary>
/// Debugs a machine's harts for a gdb stub, as QEMU's system-mode stub does: hart N is thread N + 1, all-stop
/// (the harts take turns on the machine loop's thread, which parks between slices while gdb has the machine
/// stopped). Registers include the CSRs and the privilege level (`priv`); memory is read and written through
/// the selected hart's MMU with its current satp and privilege, without setting A/D bits, and what does not
/// translate is an error, as in QEMU.
/// <para>
/// Breakpoints are `ebreak`/`c.ebreak` written into RAM at the physical address the hart's current translation
/// gives (the code caches of both engines drop the page's code, as for any store into code); a hart with a
/// debugger attached hands breakpoint exceptions to the host (<see cref="Hart.Hart.DebugTraps"/>), and an ebreak
/// that is not gdb's goes back to the guest's trap handler. Reads show the original bytes. Single steps run one
/// instruction in an interpreter of the hart's own (<see cref="Interpreter.Interpreter.Step"/>). Watchpoints keep
/// their pages out of the TLB views, so only accesses to those pages take the slow path that checks them.
/// </para>
/// The machine loop calls <see cref="Park"/> and <see cref="OnDebugTrap"/> on its thread; the stub calls the
/// <see cref="IGdbTarget"/> methods from its own.
/// </summary>
public sealed class MachineDebugger : IGdbTarget
{
    private const int SigInt = 2, SigTrap = 5;
    private const uint Ebreak = 0x0010_0073;
    private const ushort CompressedEbreak = 0x9002;

    private readonly record struct Breakpoint(ulong Pa, byte[] Original);
    private enum Command { None, Continue, Step, Kill }

    private readonly object gate = new();
    private readonly BlockingCollection<StopEvent> stops = new();
    private readonly Dictionary<ulong, Breakpoint> breakpoints = new(); // gdb's address -> where and what it replaced
    private readonly WatchList watches = new();
    private Hart.Hart[] harts = [];
    private Interpreter.Interpreter?[] steppers = [];
    private PhysicalMemory? ram;
    private ManualResetEventSlim? wake;

    private volatile bool stopPending;
    private bool reported;
    private int stopHart = -1, stopSignal = SigTrap, lastStopHart;
    private WatchHit? stopWatch;
    private ulong[] watchStops = [];   // per hart: the pc of the access a watchpoint stopped it before (MaxValue: none)
    private Command command;
    private int stepHart;
    private bool detached, killed;

    /// <param name="startStopped">QEMU's -S: the machine waits for gdb's continue before its first instruction.</param>
    public MachineDebugger(bool startStopped) => stopPending = startStopped;

    /// <summary>True when the machine loop must call <see cref="Park"/> before it runs another slice.</summary>
    public bool StopPending => stopPending;

    /// <summary>A machine's harts (again after a reset, which builds a new machine): breakpoints go into its RAM.</summary>
    public void Attach(IReadOnlyList<Hart.Hart> machineHarts, PhysicalMemory machineRam, ManualResetEventSlim loopWake)
    {
        lock (gate)
        {
            harts = [.. machineHarts];
            steppers = new Interpreter.Interpreter?[harts.Length];
            watchStops = new ulong[harts.Length];
            Array.Fill(watchStops, ulong.MaxValue);
            ram = machineRam;
            wake = loopWake;
            foreach (var h in harts)
            {
                h.DebugTraps = !detached;
                h.Mmu.UseWatches(watches);
            }
            foreach (var (address, bp) in breakpoints.ToArray())
            {
                breakpoints.Remove(address);
                InsertLocked(address, bp.Original.Length);
            }
        }
    }

    // ---- Called by the machine loop, on its thread ----

    /// <summary>
    /// The engine of hart <paramref name="index"/> handed a breakpoint or watchpoint trap to the host: gdb's
    /// breakpoint stops the machine there; a watched access stops it before the access, at the instruction, as
    /// QEMU's RISC-V stub does (gdb knows RISC-V watchpoints as "non-steppable": it steps over the instruction
    /// itself, with the watchpoint out, and then compares values); any other ebreak is the guest's own and is
    /// taken by its trap handler.
    /// </summary>
    public void OnDebugTrap(int index)
    {
        lock (gate)
        {
            var hart = harts[index];
            Trap trap = hart.HostTrap;
            if (trap.Cause == ExceptionCause.DebugWatch)
            {
                watchStops[index] = hart.Pc;
                RequestStop(index, SigTrap, hart.Mmu.LastWatchHit);
            }
            else if (trap.Cause == ExceptionCause.Breakpoint && IsBreakpoint(hart, hart.Pc)) RequestStop(index, SigTrap, null);
            else hart.DeliverException(trap, hart.Pc);
        }
    }

    /// <summary>Holds the loop while gdb has the machine stopped (reporting the stop, running its single steps);
    /// returns true when gdb killed the machine. <paramref name="index"/> is the hart reported by default.</summary>
    public bool Park(int index)
    {
        lock (gate)
        {
            while (stopPending)
            {
                if (command == Command.Kill) return true;
                if (!reported)
                {
                    lastStopHart = stopHart >= 0 ? stopHart : index;
                    stops.Add(new StopEvent(StopKind.Signal, lastStopHart + 1, stopSignal, stopWatch));
                    reported = true;
                    foreach (var h in harts) h.StopRequested = false; // asked for this stop; a device's request was seen before
                }
                while (command == Command.None) Monitor.Wait(gate);
                var c = command;
                command = Command.None;
                switch (c)
                {
                    case Command.Kill:
                        return true;
                    case Command.Continue:
                        stopPending = false;
                        // A hart still at the access that stopped it makes that access (gdb removes its watchpoints
                        // while it steps over it, but another client might not).
                        for (int i = 0; i < harts.Length; i++)
                            if (watchStops[i] == harts[i].Pc) StepOverWatch(i);
                        break;
                    case Command.Step:
                        StepOne(stepHart);
                        watchStops[stepHart] = stopWatch is null ? ulong.MaxValue : harts[stepHart].Pc;
                        reported = false;
                        break;
                }
            }
            reported = false;
            stopHart = -1;
            stopWatch = null;
            Array.Fill(watchStops, ulong.MaxValue);
            return false;
        }
    }

    private void RequestStop(int index, int signal, WatchHit? watch)
    {
        if (stopPending && stopHart >= 0) return;
        stopPending = true;
        stopHart = index;
        stopSignal = signal;
        stopWatch = watch;
    }

    private Interpreter.Interpreter Stepper(int index) => steppers[index] ??= new Interpreter.Interpreter(harts[index]);

    // One instruction of hart `index`, as gdb's `s`: a wfi with nothing pending stays where it is; a trap moves
    // the hart to its handler; gdb's own breakpoint and a watched access stop it as when it runs.
    private void StepOne(int index)
    {
        var hart = harts[index];
        stopHart = index;
        stopSignal = SigTrap;
        stopWatch = null;
        if (hart.WaitingForInterrupt)
        {
            hart.CheckInterrupts();
            if (hart.WaitingForInterrupt && !hart.InterruptPending) return;
            hart.WaitingForInterrupt = false;
        }
        if (watchStops[index] == hart.Pc) { StepOverWatch(index); return; }
        if (Stepper(index).Step(hart) != Interpreter.EngineExit.HostTrap) return;
        Trap trap = hart.HostTrap;
        if (trap.Cause == ExceptionCause.DebugWatch) stopWatch = hart.Mmu.LastWatchHit; // stopped before the access
        else if (trap.Cause != ExceptionCause.Breakpoint || !IsBreakpoint(hart, hart.Pc)) hart.DeliverException(trap, hart.Pc);
    }

    // Runs the instruction whose access hit a watchpoint, with the watchpoints off, so that it completes.
    private void StepOverWatch(int index)
    {
        var hart = harts[index];
        hart.Mmu.SuppressWatches = true;
        try
        {
            if (Stepper(index).Step(hart) == Interpreter.EngineExit.HostTrap) hart.DeliverException(hart.HostTrap, hart.Pc);
        }
        finally { hart.Mmu.SuppressWatches = false; }
    }

    private bool IsBreakpoint(Hart.Hart hart, ulong pc) =>
        breakpoints.TryGetValue(pc, out var bp) && hart.Mmu.TranslateForDebugger(pc, out ulong pa, Access.Fetch) && pa == bp.Pa;

    // ---- IGdbTarget: the stub's thread ----

    private Hart.Hart? HartOf(long thread) => thread >= 1 && thread <= harts.Length ? harts[thread - 1] : null;

    public IReadOnlyList<long> Threads()
    {
        lock (gate) return [.. Enumerable.Range(1, harts.Length).Select(i => (long)i)];
    }

    public string TargetDescription => RiscvRegisters.SystemTargetXml;
    public bool CanStep => true;
    public byte[]? AuxiliaryVector => null;

    public string? ThreadExtraInfo(long thread)
    {
        lock (gate) return HartOf(thread) is { } h ? $"CPU#{h.HartId} [{(h.WaitingForInterrupt ? "halted " : "running")}]" : null;
    }

    public unsafe bool TryReadRegister(long thread, int number, out ulong value)
    {
        value = 0;
        lock (gate)
        {
            if (HartOf(thread) is not { } h) return false;
            if (RiscvRegisters.TryRead(h.State, number, out value)) return true;
            switch (number)
            {
                case RiscvRegisters.Priv: value = (ulong)h.Privilege; return true;
                case >= RiscvRegisters.FirstCsr and <= RiscvRegisters.LastCsr:
                {
                    // As M-mode would read it: the debugger sees every CSR whatever the hart's privilege.
                    var was = h.Privilege;
                    h.Privilege = Privilege.Machine;
                    try { return h.Csrs.TryRead((uint)(number - RiscvRegisters.FirstCsr), out value); }
                    finally { h.Privilege = was; }
                }
                default: return false;
            }
        }
    }

    public unsafe bool TryWriteRegister(long thread, int number, ulong value)
    {
        lock (gate)
        {
            if (HartOf(thread) is not { } h) return false;
            if (RiscvRegisters.TryWrite(h.State, number, value)) return true;
            switch (number)
            {
                case RiscvRegisters.Priv:
                    if (value is not (0 or 1 or 3)) return false;
                    h.Privilege = (Privilege)value;
                    h.Mmu.Flush();
                    return true;
                case >= RiscvRegisters.FirstCsr and <= RiscvRegisters.LastCsr:
                {
                    var was = h.Privilege;
                    h.Privilege = Privilege.Machine;
                    try { return h.Csrs.TryWrite((uint)(number - RiscvRegisters.FirstCsr), value); }
                    finally
                    {
                        h.Privilege = was;
                        h.Mmu.Flush(); // satp, mstatus.MPRV/SUM/MXR may have changed what the views hold
                    }
                }
                default: return false;
            }
        }
    }

    // The hart whose view of memory gdb gets: the one that stopped last (QEMU: the one gdb selected).
    private Hart.Hart? MemoryHart => harts.Length == 0 ? null : harts[Math.Clamp(lastStopHart, 0, harts.Length - 1)];

    public unsafe int ReadMemory(ulong address, Span<byte> destination)
    {
        lock (gate)
        {
            if (MemoryHart is not { } hart || ram is null) return 0;
            int done = 0;
            while (done < destination.Length)
            {
                ulong va = address + (ulong)done;
                int chunk = (int)Math.Min((ulong)(destination.Length - done), PhysicalMemory.PageSize - (va & PhysicalMemory.PageOffsetMask));
                if (!hart.Mmu.TranslateForDebugger(va, out ulong pa, Access.Load) || !Reachable(pa, chunk)) break;
                new ReadOnlySpan<byte>(ram.HostPointer(pa), chunk).CopyTo(destination[done..]);
                // gdb sees the program's instructions, not the breakpoints standing in for them.
                foreach (var bp in breakpoints.Values)
                    for (int i = 0; i < bp.Original.Length; i++)
                    {
                        ulong offset = bp.Pa + (ulong)i - pa;
                        if (offset < (ulong)chunk) destination[done + (int)offset] = bp.Original[i];
                    }
                done += chunk;
            }
            return done;
        }
    }

    public bool WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        byte[] data = source.ToArray();
        lock (gate)
        {
            if (MemoryHart is not { } hart || ram is null) return false;
            for (int i = 0; i < data.Length; i++)
            {
                if (!hart.Mmu.TranslateForDebugger(address + (ulong)i, out ulong pa, Access.Load) || !Reachable(pa, 1)) return false;
                // A byte under a breakpoint changes what the breakpoint gives back.
                if (BreakpointAt(pa) is { } bp) { bp.Bp.Original[bp.Offset] = data[i]; continue; }
                WriteRam(pa, [data[i]]);
            }
            return true;
        }
    }

    private (Breakpoint Bp, int Offset)? BreakpointAt(ulong pa)
    {
        foreach (var bp in breakpoints.Values)
            if (pa - bp.Pa < (ulong)bp.Original.Length) return (bp, (int)(pa - bp.Pa));
        return null;
    }

    // A store into RAM by the debugger: the code caches of both engines forget the page's code first.
    private unsafe void WriteRam(ulong pa, ReadOnlySpan<byte> bytes)
    {
        ram!.NoteStore(pa, (ulong)bytes.Length);
        bytes.CopyTo(new Span<byte>(ram.HostPointer(pa), bytes.Length));
    }

    public bool InsertBreakpoint(ulong address, int length)
    {
        lock (gate) return InsertLocked(address, length);
    }

    /// <summary>RAM, or flash (its array: QEMU's debug accesses read and write a ROM device's backing too), not the
    /// holes and device windows of the RAM block.</summary>
    private bool Reachable(ulong pa, int length) =>
        ram!.Contains(pa, (ulong)length) && ((ram.PageFlags(pa) | ram.PageFlags(pa + (ulong)length - 1)) & PhysicalMemory.FlagNoFetch) == 0;

    private unsafe bool InsertLocked(ulong address, int length)
    {
        if (breakpoints.ContainsKey(address)) return true;
        if (MemoryHart is not { } hart || ram is null || length is not (2 or 4)) return false;
        if (!hart.Mmu.TranslateForDebugger(address, out ulong pa, Access.Fetch) || !Reachable(pa, length)) return false;
        if (BreakpointAt(pa) is not null) return false; // another address of the same instruction: one is enough
        byte[] original = new ReadOnlySpan<byte>(ram.HostPointer(pa), length).ToArray();
        WriteRam(pa, length == 2 ? BitConverter.GetBytes(CompressedEbreak) : BitConverter.GetBytes(Ebreak));
        breakpoints[address] = new Breakpoint(pa, original);
        return true;
    }

    public bool RemoveBreakpoint(ulong address, int length)
    {
        lock (gate)
        {
            if (!breakpoints.Remove(address, out var bp)) return false;
            WriteRam(bp.Pa, bp.Original);
            return true;
        }
    }

    public bool InsertWatchpoint(WatchKind kind, ulong address, ulong length)
    {
        lock (gate)
        {
            if (!watches.Add(kind, address, length)) return false;
            foreach (var h in harts) h.Mmu.UseWatches(watches); // the machine is stopped: its loop thread waits
            return true;
        }
    }

    public bool RemoveWatchpoint(WatchKind kind, ulong address, ulong length)
    {
        lock (gate)
        {
            if (!watches.Remove(kind, address, length)) return false;
            foreach (var h in harts) h.Mmu.UseWatches(watches);
            return true;
        }
    }

    private void Send(Command c)
    {
        command = c;
        Monitor.PulseAll(gate);
    }

    public void Resume(IReadOnlyDictionary<long, int> signals)
    {
        lock (gate)
            if (stopPending && !killed) Send(Command.Continue);
    }

    public void Step(long thread, int signal)
    {
        lock (gate)
        {
            if (!stopPending || killed || HartOf(thread) is null) return;
            stepHart = (int)thread - 1;
            Send(Command.Step);
        }
    }

    public bool WaitForStop(TimeSpan timeout, out StopEvent stop) => stops.TryTake(out stop, timeout);

    /// <summary>Ctrl-C, or a gdb connecting to a running machine (QEMU stops it then): every hart stops at its next check.</summary>
    public void Interrupt()
    {
        lock (gate)
        {
            if (killed || stopPending) return;
            detached = false;
            foreach (var h in harts) h.DebugTraps = true;
            stopPending = true;
            stopHart = -1;
            stopSignal = SigInt;
            foreach (var h in harts) h.StopRequested = true;
            wake?.Set();
        }
    }

    /// <summary>A gdb connected to a machine started without -S: it stops, and gdb is told with SIGTRAP as QEMU does.</summary>
    public void AttachDebugger()
    {
        Interrupt();
        lock (gate) if (stopHart < 0) stopSignal = SigTrap;
    }

    public void Kill()
    {
        lock (gate)
        {
            killed = true;
            stopPending = true;
            foreach (var h in harts) h.StopRequested = true;
            wake?.Set();
            Send(Command.Kill);
        }
    }

    /// <summary>gdb leaves: breakpoints and watchpoints go, and the machine runs on (a later gdb may connect again).</summary>
    public void Detach()
    {
        lock (gate)
        {
            foreach (var bp in breakpoints.Values) WriteRam(bp.Pa, bp.Original);
            breakpoints.Clear();
            watches.Clear();
            detached = true;
            // The (now empty) watch list stays on the MMUs: the views fill as usual from now on.
            foreach (var h in harts) h.DebugTraps = false;
            while (stops.TryTake(out _)) { }
            if (stopPending) Send(Command.Continue);
        }
    }
}
