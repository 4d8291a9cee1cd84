// HartThreads.Multi (QEMU's MTTCG): each hart runs on a host thread of its own; the calling thread coordinates
// (devices' polling, limits, the virtual clock's jumps over idle time, a debugger's all-stop).
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using RvJit.Runtime.Interpreter;

namespace RvJit.Runtime.Machines;

/// <summary>
/// The threaded run. What the harts share is already safe from several threads: devices have a lock each (they
/// are also driven by device threads and host input), mip changes are atomic, a device that raises a line wakes
/// the hart's wfi sleep (<see cref="Hart.Hart.Wake"/>), AMOs and SC are atomic on the host, translations are
/// shared by harts built for it (the engine factory's choice), and each hart's TLB views are its own (a remote
/// sfence.vma is the other hart's own sfence.vma, run when the firmware's IPI reaches it).
/// <para>
/// A hart in wfi sleeps on its wake signal: a device, another hart's IPI or mtimecmp write, host input and the
/// end of the run wake it. With the virtual clock a sleeping hart also looks again every millisecond while another
/// hart runs (its instructions move the clock toward the deadline); when every hart sleeps, the coordinator jumps the
/// clock to the nearest deadline as the single loop does (paced by the host's clock past
/// <see cref="MachineOptions.IdleLead"/>). With the wall clock a hart sleeps until its own deadline.
/// </para>
/// </summary>
public sealed partial class MachineLoop
{
    private const int NotFinished = -1;
    private int finalReason = NotFinished;          // a StopReason once the run ends
    private int[] asleep = [];                      // per hart: 1 while it sleeps in wfi (since the clock's last jump)
    private int[] sleepingLong = [];                // per hart: 1 while it sleeps with a timeout over a millisecond
    private readonly object parkGate = new();        // hart threads held for a debugger
    private int parked;
    private long resumes;
    private ExceptionDispatchInfo? failure;

    private bool Finished => Volatile.Read(ref finalReason) != NotFinished;

    private StopReason RunThreaded(Func<StopReason?> stopped)
    {
        var clock = Stopwatch.StartNew();
        long limit = options.MaxInstructions > 0 ? options.MaxInstructions : long.MaxValue;
        asleep = new int[harts.Length];
        sleepingLong = new int[harts.Length];
        var threads = new Thread[harts.Length];
        for (int i = 0; i < harts.Length; i++)
        {
            int index = i;
            threads[i] = new Thread(() => HartThread(index, stopped, limit)) { IsBackground = true, Name = $"rvjit hart {i}" };
        }
        foreach (var t in threads) t.Start();

        while (!Finished)
        {
            if (Debugger is { StopPending: true } d)
            {
                if (HoldForDebugger(d)) Finish(StopReason.DebuggerKill);
                continue;
            }
            if (Instructions >= limit) Finish(StopReason.InstructionLimit);
            else if (options.Timeout is { } t && clock.Elapsed > t) Finish(StopReason.Timeout);
            Poll?.Invoke();
            if (stopped() is { } reason) Finish(reason);
            if (Finished) break;
            // The last hart to fall asleep sets Wake; so do host input, devices and a debugger's interrupt.
            Wake.Reset();
            if (AllAsleep()) IdleThreaded();
            else if (Wake.Wait(1)) Wake.Reset();
        }
        foreach (var t in threads) t.Join();
        Poll?.Invoke();
        failure?.Throw();
        return (StopReason)finalReason;
    }

    private void HartThread(int index, Func<StopReason?> stopped, long limit)
    {
        var hart = harts[index];
        var engine = engines[index];
        try
        {
            while (!Finished)
            {
                if (Debugger is { StopPending: true }) { ParkForDebugger(); continue; }
                if (hart.WaitingForInterrupt)
                {
                    hart.CheckInterrupts();
                    if (hart.WaitingForInterrupt && !hart.InterruptPending) { Sleep(index); continue; }
                    hart.WaitingForInterrupt = false;
                    Awake(index);
                }
                long budget = Math.Min(options.Slice, limit - Instructions);
                if (budget <= 0) { Finish(StopReason.InstructionLimit); break; }
                EngineExit exit = engine.Run(hart, budget);
                if (stopped() is { } reason) { Finish(reason); break; }
                if (exit == EngineExit.HostTrap)
                {
                    // Only a debugger's breakpoints and watchpoints come here (Hart.DebugTraps).
                    if (Debugger is null) throw new InvalidOperationException("a system-mode hart never hands traps to the host");
                    Debugger.OnDebugTrap(index);
                }
                // A hart that stops for gdb stops where it is: no interrupt is taken before gdb looks at it.
                if (Debugger is { StopPending: true }) continue;
                if (exit != EngineExit.WaitForInterrupt) hart.CheckInterrupts();
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            Finish(StopReason.Quit);
        }
    }

    // wfi with nothing pending: no host CPU until something can end it. A hart stays counted asleep through its
    // looks at the clock until it leaves wfi (or the clock jumps): only the last hart to fall asleep wakes the
    // coordinator, which otherwise woke at each look of each hart (2,000 times a second for two idle harts).
    private void Sleep(int index)
    {
        var hart = harts[index];
        bool falling = Interlocked.Exchange(ref asleep[index], 1) == 0;
        if (!options.WallClock && falling && AllAsleep()) Wake.Set(); // the coordinator decides whether the virtual clock jumps
        if (Finished || Debugger is { StopPending: true }) return;
        TimeSpan timeout = SleepTimeout(hart);
        if (timeout > TimeSpan.FromMilliseconds(1)) Volatile.Write(ref sleepingLong[index], 1);
        hart.SleepUntilWoken(timeout);
        Volatile.Write(ref sleepingLong[index], 0);
    }

    // The hart leaves wfi: harts sleeping long (while every hart slept, nothing but the coordinator moved the
    // clock) look again each millisecond now that this one's instructions move it.
    private void Awake(int index)
    {
        if (Interlocked.Exchange(ref asleep[index], 0) == 0) return;
        for (int i = 0; i < harts.Length; i++)
            if (i != index && Volatile.Read(ref sleepingLong[i]) == 1) harts[i].Wake();
    }

    // The virtual clock moves with the other harts' instructions: look again each millisecond, or every 50 while
    // every hart sleeps (the coordinator wakes them when it jumps the clock to a deadline, and a hart leaving wfi
    // wakes them). The wall clock: until the hart's own deadline (at most 50 ms, so nothing waits long on a missed
    // wake).
    private TimeSpan SleepTimeout(Hart.Hart hart)
    {
        if (!options.WallClock) return TimeSpan.FromMilliseconds(AllAsleep() ? 50 : 1);
        ulong deadline = hart.NextTimerDeadline, now = hart.Mtime;
        // Past (its interrupt is not enabled, or it would be pending) or none: only a wake ends the wait.
        if (deadline == ulong.MaxValue || deadline <= now) return TimeSpan.FromMilliseconds(50);
        ulong ticks = Math.Min(deadline - now, Devices.Clint.TimebaseFrequency / 20);
        return TimeSpan.FromTicks((long)(ticks * (ulong)TimeSpan.TicksPerSecond / Devices.Clint.TimebaseFrequency));
    }

    private bool AllAsleep()
    {
        foreach (ref int a in asleep.AsSpan())
            if (Volatile.Read(ref a) == 0) return false;
        return true;
    }

    // Every hart sleeps in wfi: as the single loop's Idle, on the coordinator's thread.
    private void IdleThreaded()
    {
        if (DevicesBusy?.Invoke() == true)
        {
            if (Wake.Wait(1)) Wake.Reset(); // a device's completion wakes its hart
            return;
        }
        if (options.WallClock)
        {
            // Each hart sleeps until its own deadline; this thread only polls devices and limits, and host input,
            // a device or a debugger ends its wait early.
            if (Wake.Wait(10)) Wake.Reset();
            return;
        }
        ulong nearest = ulong.MaxValue;
        foreach (var h in harts)
        {
            if (h.InterruptPending)
            {
                // Raised since that hart looked (a deadline the clock passed, a device): it may sleep long, so wake it.
                h.Wake();
                if (Wake.Wait(1)) Wake.Reset();
                return;
            }
            ulong deadline = h.NextTimerDeadline, now = h.Mtime;
            if (deadline != ulong.MaxValue && deadline > now) nearest = Math.Min(nearest, deadline - now);
        }
        if (nearest == ulong.MaxValue)
        {
            const ulong TicksPerMs = Devices.Clint.TimebaseFrequency / 1000;
            if (Wake.Wait(1)) Wake.Reset();
            else Interlocked.Add(ref skippedTicks, TicksPerMs);
            return;
        }
        if (!AllAsleep()) return;
        if (PacedWait(nearest) is { } ms)
        {
            // Past the lead: the clock follows the host's; the harts' millisecond looks see it move.
            if (Wake.Wait(ms)) Wake.Reset();
            ulong allowed = Math.Min(nearest, IdleAllowance());
            if (allowed < nearest || !AllAsleep()) { Interlocked.Add(ref skippedTicks, allowed); return; }
        }
        Interlocked.Add(ref skippedTicks, nearest);
        // Each hart looks again before it counts as asleep: no second jump before the first one's timer is seen.
        for (int i = 0; i < harts.Length; i++)
        {
            Volatile.Write(ref asleep[i], 0);
            harts[i].Wake();
        }
    }

    // The run ends (the first reason wins): every hart leaves guest code and its sleep.
    private void Finish(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref finalReason, (int)reason, NotFinished) != NotFinished) return;
        StopAll();
        Wake.Set();
        lock (parkGate) Monitor.PulseAll(parkGate);
    }

    private void StopAll()
    {
        foreach (var h in harts)
        {
            h.StopRequested = true;
            h.Wake();
        }
    }

    // A hart thread that sees a debugger's stop brings the others out of guest code and waits for the resume.
    private void ParkForDebugger()
    {
        StopAll();
        Wake.Set();
        lock (parkGate)
        {
            long resume = resumes;
            parked++;
            Monitor.PulseAll(parkGate);
            while (resume == resumes && !Finished) Monitor.Wait(parkGate);
            parked--;
        }
    }

    // All-stop: once every hart thread is parked, the debugger has the machine (its single steps run here).
    // True when gdb killed it.
    private bool HoldForDebugger(MachineDebugger debugger)
    {
        StopAll();
        lock (parkGate)
        {
            while (parked < harts.Length && !Finished) Monitor.Wait(parkGate, 10);
            if (Finished) return false;
        }
        bool killed = debugger.Park(0);
        // The stop asked every hart to leave guest code; a stop the debugger did not report (a detach raced it)
        // leaves the requests set.
        if (!killed) foreach (var h in harts) h.StopRequested = false;
        lock (parkGate)
        {
            resumes++;
            Monitor.PulseAll(parkGate);
        }
        return killed;
    }
}
