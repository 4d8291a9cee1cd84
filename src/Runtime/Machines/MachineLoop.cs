// The run loop of system mode: harts take turns on the calling thread, a slice of instructions each,
// with interrupts, wfi, the machine clock, devices' polling and the run's limits handled between slices
// (with HartThreads.Multi, each hart on a thread of its own: MachineLoop.Threads.cs).
using System.Diagnostics;
using RvJit.Runtime.Interpreter;

namespace RvJit.Runtime.Machines;

/// <summary>
/// Runs harts round-robin. A hart in wfi is skipped until an interrupt is pending for it. When every hart
/// waits: with the virtual clock, time jumps to the nearest timer deadline (mtimecmp or stimecmp); with none (or the
/// wall clock), the loop sleeps until <see cref="Wake"/> is signalled (host input) or a millisecond passes,
/// and the virtual clock then moves on by a millisecond so idle time still passes. The jumps are paced by the
/// host's clock once they have taken the guest <see cref="MachineOptions.IdleLead"/> ahead of it (see
/// <see cref="IdleAllowance"/>).
/// </summary>
public sealed partial class MachineLoop
{
    private readonly Hart.Hart[] harts;
    private readonly IExecutionEngine[] engines;
    private readonly MachineOptions options;
    private ulong skippedTicks, lastTime;
    private readonly Stopwatch runClock = new();
    private long pacedWaits;

    public MachineLoop(IReadOnlyList<Hart.Hart> harts, IReadOnlyList<IExecutionEngine> engines, MachineOptions options)
    {
        this.harts = [.. harts];
        this.engines = [.. engines];
        this.options = options;
    }

    /// <summary>Signalled by host input (a UART byte) to end an idle wait early.</summary>
    public ManualResetEventSlim Wake { get; } = new(false);

    /// <summary>Called between rounds (devices that poll, such as the RTC alarm).</summary>
    public Action? Poll { get; init; }

    /// <summary>True while devices serve requests on host threads: an idle wait then lasts until one completes
    /// (or a millisecond), without moving the virtual clock, so a disk request takes no guest time.</summary>
    public Func<bool>? DevicesBusy { get; init; }

    /// <summary>A gdb stub's control of the harts (system mode's -s/-S), if one is attached.</summary>
    public MachineDebugger? Debugger { get; init; }

    /// <summary>Guest instructions retired by all harts.</summary>
    public long Instructions
    {
        get
        {
            long sum = 0;
            foreach (var h in harts) sum += Math.Max(0, h.Instret);
            return sum;
        }
    }

    /// <summary>Virtual-clock ticks skipped over idle periods.</summary>
    public ulong SkippedTicks => Volatile.Read(ref skippedTicks);

    /// <summary>Host sleeps taken because the skips had reached <see cref="MachineOptions.IdleLead"/>.</summary>
    public long PacedWaits => Volatile.Read(ref pacedWaits);

    /// <summary>The time source for every hart: the wall clock, or the virtual clock of this loop.</summary>
    public Func<ulong> TimeSource() => options.WallClock ? Devices.Clint.WallClockTime() : VirtualTime;

    // One tick per InstructionsPerTick instructions of all harts, plus the time skipped while they waited;
    // monotonic even if software rewrites minstret, and when harts on several threads read it at once.
    private ulong VirtualTime()
    {
        ulong t = (ulong)Instructions / SystemMachine.InstructionsPerTick + Volatile.Read(ref skippedTicks);
        ulong last = Volatile.Read(ref lastTime);
        while (t > last)
        {
            ulong seen = Interlocked.CompareExchange(ref lastTime, t, last);
            if (seen == last) return t;
            last = seen;
        }
        return last;
    }

    /// <summary>Runs until <paramref name="stopped"/> gives a reason (checked after every slice), the
    /// instruction limit or the timeout.</summary>
    public StopReason Run(Func<StopReason?> stopped)
    {
        runClock.Restart();
        if (options.HartThreads == HartThreads.Multi && harts.Length > 1) return RunThreaded(stopped);
        var clock = Stopwatch.StartNew();
        long limit = options.MaxInstructions > 0 ? options.MaxInstructions : long.MaxValue;
        while (true)
        {
            // A device that interrupts from a host thread sets Wake after raising the line: if it is set by the
            // time every hart was found waiting, the interrupt came after they were checked (see Idle).
            Wake.Reset();
            bool anyRan = false;
            for (int i = 0; i < harts.Length; i++)
            {
                var hart = harts[i];
                if (Debugger is { StopPending: true } d && d.Park(i)) return StopReason.DebuggerKill;
                if (hart.WaitingForInterrupt)
                {
                    hart.CheckInterrupts();
                    if (hart.WaitingForInterrupt && !hart.InterruptPending) continue;
                    hart.WaitingForInterrupt = false;
                }
                long budget = Math.Min(options.Slice, limit - Instructions);
                if (budget <= 0) return StopReason.InstructionLimit;
                EngineExit exit = engines[i].Run(hart, budget);
                anyRan = true;
                if (stopped() is { } reason) return reason;
                if (exit == EngineExit.HostTrap)
                {
                    // Only a debugger's breakpoints and watchpoints come here (Hart.DebugTraps).
                    if (Debugger is null) throw new InvalidOperationException("a system-mode hart never hands traps to the host");
                    Debugger.OnDebugTrap(i);
                }
                // A hart that stops for gdb stops where it is: no interrupt is taken before gdb looks at it.
                if (Debugger is { StopPending: true } stopping) { if (stopping.Park(i)) return StopReason.DebuggerKill; }
                else if (exit != EngineExit.WaitForInterrupt) hart.CheckInterrupts();
            }
            if (Instructions >= limit) return StopReason.InstructionLimit;
            if (options.Timeout is { } t && clock.Elapsed > t) return StopReason.Timeout;
            Poll?.Invoke();
            if (stopped() is { } late) return late;
            if (!anyRan) Idle();
        }
    }

    // Every hart waits. The nearest timer deadline (mtimecmp, or stimecmp under Sstc) decides how long.
    private void Idle()
    {
        if (DevicesBusy?.Invoke() == true)
        {
            if (Wake.Wait(1)) Wake.Reset();
            return;
        }
        ulong nearest = ulong.MaxValue; // ticks until it
        foreach (var h in harts)
        {
            ulong deadline = h.NextTimerDeadline, now = h.Mtime;
            if (deadline != ulong.MaxValue && deadline > now) nearest = Math.Min(nearest, deadline - now);
        }
        const ulong TicksPerMs = Devices.Clint.TimebaseFrequency / 1000;
        if (!options.WallClock && nearest != ulong.MaxValue)
        {
            // An interrupt raised since the harts were checked comes first: jumping now would let the timer
            // fire before it (a disk completion would look like a timeout to the guest).
            if (Wake.IsSet) return;
            if (PacedWait(nearest) is not { } pace) { skippedTicks += nearest; return; }
            if (Wake.Wait(pace)) Wake.Reset();
            skippedTicks += Math.Min(nearest, IdleAllowance());
            return;
        }
        if (options.WallClock && nearest < TicksPerMs)
        {
            Thread.Yield(); // a deadline less than a millisecond away is waited for by spinning
            return;
        }
        // Host input (or a device) ends the wait early; the wall clock sleeps until the deadline (at most
        // 50 ms, so limits are still checked), the virtual clock moves on by the millisecond waited.
        int ms = !options.WallClock ? 1 : nearest == ulong.MaxValue ? 10 : (int)Math.Min(nearest / TicksPerMs, 50);
        if (Wake.Wait(ms)) Wake.Reset();
        else if (!options.WallClock) skippedTicks += TicksPerMs;
    }

    // Ticks the clock may still skip: the host time the run has taken plus the lead, less what was skipped.
    private ulong IdleAllowance()
    {
        if (options.IdleLead == TimeSpan.MaxValue) return ulong.MaxValue;
        ulong host = (ulong)(runClock.Elapsed + options.IdleLead).Ticks / (TimeSpan.TicksPerSecond / Devices.Clint.TimebaseFrequency);
        ulong skipped = Volatile.Read(ref skippedTicks);
        return host > skipped ? host - skipped : 0;
    }

    // Null when a jump of the given ticks fits the lead; else the host milliseconds to sleep before skipping what
    // the host's clock then allows (at most 50, so limits and devices are still looked at).
    private int? PacedWait(ulong ticks)
    {
        ulong allowed = IdleAllowance();
        if (ticks <= allowed) return null;
        Interlocked.Increment(ref pacedWaits);
        const ulong TicksPerMs = Devices.Clint.TimebaseFrequency / 1000;
        return (int)Math.Clamp((ticks - allowed + TicksPerMs - 1) / TicksPerMs, 1, 50);
    }
}
