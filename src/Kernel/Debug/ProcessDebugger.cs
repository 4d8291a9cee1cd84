// A gdb session's view of the first guest process: all-stop control of its threads, registers, memory, breakpoints.
using System.Collections.Concurrent;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Debug;

namespace RvJit.Kernel.Debug;

/// <summary>
/// Debugs the kernel's first process for a gdb stub (qemu-user's `-g PORT`), all-stop: when one of its threads
/// stops (a breakpoint's ebreak, a fault, gdb's Ctrl-C), every thread of the process stops before its next time
/// slice, and the stop is reported once none of them runs guest code. The process starts stopped at its first
/// instruction. Breakpoints are `ebreak`/`c.ebreak` written into the process's own copy of the page, so both
/// engines honour them (the write drops the page's translations). A fault stops the thread before its signal
/// is delivered; gdb's continue decides whether the signal is delivered. Other processes (a forked child) run
/// on undebugged, with the breakpoints taken out of their copy of the memory.
/// The stub calls in from its own host thread; every call takes the kernel lock.
/// </summary>
public sealed class ProcessDebugger : IGdbTarget
{
    /// <summary>A fault held back while gdb looks at it: raised if gdb continues the thread with its signal.</summary>
    private readonly record struct HeldFault(Signal Signal, int Code, ulong Address, string What);

    private const uint Ebreak = 0x0010_0073;
    private const ushort CompressedEbreak = 0x9002;

    private readonly LinuxKernel kernel;
    private Process? process;
    private readonly WaitQueue parked = new();
    private readonly BlockingCollection<StopEvent> stops = new();
    private readonly Dictionary<ulong, byte[]> breakpoints = new();   // address -> the instruction bytes it replaced
    private readonly Dictionary<UserThread, HeldFault> heldFaults = new();
    private readonly Dictionary<UserThread, int> resumeSignals = new();
    private bool stopping = true;       // the process starts stopped
    private bool reported;
    private UserThread? stoppedThread;
    private int stopSignal = (int)Signal.SIGTRAP;
    private bool detached, ended;
    private readonly WatchList watches = new();
    private WatchHit? stopWatch;

    internal ProcessDebugger(LinuxKernel kernel) => this.kernel = kernel;

    /// <summary>The process being debugged (the kernel's first).</summary>
    internal void Attach(Process first) => process = first;

    private bool Debugs(UserThread thread) => !detached && !ended && ReferenceEquals(thread.Process, process);

    // ---- Called by the kernel (holding the kernel lock) ----

    /// <summary>True when <paramref name="thread"/> must wait for gdb before its next time slice.</summary>
    internal bool MustPark(UserThread thread) => stopping && Debugs(thread);

    /// <summary>Waits until gdb resumes the process; a fault gdb passes on is returned to be raised.</summary>
    internal async Task<(Signal Signal, int Code, ulong Address, string What)?> Park(UserThread thread)
    {
        while (MustPark(thread))
        {
            stoppedThread ??= thread;
            var waiter = kernel.Executor.CreateWaiter();
            parked.Add(waiter);
            ReportIfAllStopped();
            await waiter;
        }
        if (heldFaults.Remove(thread, out var fault) && resumeSignals.Remove(thread, out int passed) && passed == (int)fault.Signal)
            return (fault.Signal, fault.Code, fault.Address, fault.What);
        return null;
    }

    /// <summary>A synchronous fault (SIGTRAP from ebreak, SIGSEGV...) of a debugged thread: the process stops and
    /// gdb decides. False when the thread is not debugged (the fault takes its course).</summary>
    internal bool StopForFault(UserThread thread, Signal signal, int code, ulong address, string what)
    {
        if (!Debugs(thread)) return false;
        heldFaults[thread] = new HeldFault(signal, code, address, what);
        StopAll(thread, (int)signal);
        return true;
    }

    /// <summary>The watchpoints the harts check while they run <paramref name="p"/>'s threads (null: none, as for a
    /// forked child).</summary>
    internal WatchList? WatchesFor(Process p) => !detached && !ended && ReferenceEquals(p, process) ? watches : null;

    /// <summary>An access of a debugged thread hit a watchpoint: the process stops before the access, as under QEMU's
    /// RISC-V stub (gdb knows RISC-V watchpoints as stopping before the access: it steps over the instruction with
    /// its watchpoints out and then compares the values).</summary>
    internal RvJit.Kernel.Executor.ControlFlow StopForWatch(UserThread thread, WatchHit hit)
    {
        if (!Debugs(thread)) return RvJit.Kernel.Executor.ControlFlow.Continue;
        bool first = !stopping;
        StopAll(thread, (int)Signal.SIGTRAP);
        if (first) stopWatch = hit;
        return RvJit.Kernel.Executor.ControlFlow.Continue;
    }

    /// <summary>fork: the child's copy of the memory gets the original instructions back.</summary>
    internal void Forked(Process parent, Memory.AddressSpace childSpace)
    {
        if (!ReferenceEquals(parent, process) || detached) return;
        foreach (var (address, original) in breakpoints) childSpace.ForceWrite(address, original);
    }

    /// <summary>execve: the old image's breakpoints went with it.</summary>
    internal void Execed(Process p)
    {
        if (ReferenceEquals(p, process)) breakpoints.Clear();
    }

    /// <summary>The debugged process ended with wait status <paramref name="status"/>.</summary>
    internal void Exited(Process p, int status)
    {
        if (!ReferenceEquals(p, process) || ended) return;
        ended = true;
        if (detached) return;
        int signal = status & 0x7f;
        stops.Add(signal != 0
            ? new StopEvent(StopKind.Killed, p.Pid, GdbSignals.ToGdb(signal))
            : new StopEvent(StopKind.Exited, p.Pid, (status >> 8) & 0xff));
    }

    private void StopAll(UserThread? by, int signal)
    {
        if (!stopping)
        {
            stopping = true;
            reported = false;
            stoppedThread = by;
            stopSignal = signal;
        }
        foreach (var t in process!.Threads) t.Interrupt();
    }

    /// <summary>Reports the stop once no thread of the process runs guest code (the others are parked, or blocked
    /// in a system call, where gdb may look at them too).</summary>
    private void ReportIfAllStopped()
    {
        if (reported || !stopping || process is null) return;
        foreach (var t in process.Threads)
            if (t.RunningOn is not null) return;
        var thread = stoppedThread is { ExitRequested: false } s && process.Threads.Contains(s) ? s : process.Threads.FirstOrDefault();
        if (thread is null) return;
        stoppedThread = thread;
        reported = true;
        stops.Add(new StopEvent(StopKind.Signal, thread.Tid, GdbSignals.ToGdb(stopSignal), stopWatch));
        stopWatch = null;
    }

    // ---- IGdbTarget: called from the stub's thread ----

    private T Locked<T>(Func<T> body)
    {
        var gate = kernel.Executor.Lock;
        gate.Enter();
        try { return body(); }
        finally { gate.Exit(); }
    }

    private void Locked(Action body) => Locked(() => { body(); return 0; });

    private UserThread? Thread(long tid) => process?.Threads.FirstOrDefault(t => t.Tid == tid && !t.ExitRequested);

    public IReadOnlyList<long> Threads() => Locked<IReadOnlyList<long>>(() =>
        process is null ? [] : [.. process.Threads.Where(t => !t.ExitRequested).Select(t => (long)t.Tid)]);

    public unsafe bool TryReadRegister(long tid, int number, out ulong value)
    {
        ulong v = 0;
        bool ok = Locked(() => Thread(tid) is { } t && RiscvRegisters.TryRead(t.Context, number, out v));
        value = v;
        return ok;
    }

    public unsafe bool TryWriteRegister(long tid, int number, ulong value) => Locked(() =>
        Thread(tid) is { } t && RiscvRegisters.TryWrite(t.Context, number, value));

    public int ReadMemory(ulong address, Span<byte> destination)
    {
        var buffer = new byte[destination.Length];
        int n = Locked(() =>
        {
            if (process is null) return 0;
            int read = process.Space.Memory.ReadPrefix(address, buffer);
            // gdb sees the program's instructions, not the breakpoints standing in for them.
            foreach (var (at, original) in breakpoints)
                for (int i = 0; i < original.Length; i++)
                {
                    ulong offset = at + (ulong)i - address;
                    if (offset < (ulong)read) buffer[offset] = original[i];
                }
            return read;
        });
        buffer.AsSpan(0, n).CopyTo(destination);
        return n;
    }

    public bool WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        byte[] data = source.ToArray();
        return Locked(() => process is not null && process.Space.ForceWrite(address, data));
    }

    public bool InsertBreakpoint(ulong address, int length) => Locked(() =>
    {
        if (process is null || length is not (2 or 4)) return false;
        if (breakpoints.ContainsKey(address)) return true;
        var original = new byte[length];
        if (process.Space.Memory.ReadPrefix(address, original) != length) return false;
        byte[] trap = length == 2 ? BitConverter.GetBytes(CompressedEbreak) : BitConverter.GetBytes(Ebreak);
        if (!process.Space.ForceWrite(address, trap)) return false;
        breakpoints[address] = original;
        return true;
    });

    public bool RemoveBreakpoint(ulong address, int length) => Locked(() =>
    {
        if (process is null || !breakpoints.Remove(address, out var original)) return false;
        return process.Space.ForceWrite(address, original);
    });

    // Watchpoints: the process is stopped; each hart drops the entries it filled before when it next runs one of
    // its threads (LinuxKernel.Activate).
    public bool InsertWatchpoint(WatchKind kind, ulong address, ulong length) => Locked(() => process is not null && watches.Add(kind, address, length));

    public bool RemoveWatchpoint(WatchKind kind, ulong address, ulong length) => Locked(() => watches.Remove(kind, address, length));

    public void Resume(IReadOnlyDictionary<long, int> signals)
    {
        Locked(() =>
        {
            if (process is null || !stopping) return;
            foreach (var (tid, gdbSignal) in signals)
            {
                if (Thread(tid) is not { } t) continue;
                int linux = GdbSignals.FromGdb(gdbSignal);
                if (heldFaults.TryGetValue(t, out var fault) && (int)fault.Signal == linux) resumeSignals[t] = linux;
                else if (linux != 0) kernel.SendSignal(t, linux);
            }
            // A stop that was not reported yet (gdb resumed at once) is dropped with the others' held faults.
            stopping = false;
            reported = false;
            stoppedThread = null;
            parked.WakeAll();
        });
    }

    public bool WaitForStop(TimeSpan timeout, out StopEvent stop) => stops.TryTake(out stop, timeout);

    public void Interrupt()
    {
        Locked(() =>
        {
            if (process is null || ended || detached || stopping) return;
            // SIGINT for the first thread, as gdb's Ctrl-C stops a Linux process; a process whose threads all
            // wait in system calls is reported at once.
            StopAll(process.Threads.FirstOrDefault(), (int)Signal.SIGINT);
            ReportIfAllStopped();
        });
    }

    public void Kill()
    {
        Locked(() =>
        {
            if (process is null || ended) return;
            detached = true;
            parked.WakeAll();
            kernel.KillProcess(process, WaitStatus.Killed((int)Signal.SIGKILL));
        });
    }

    public void Detach()
    {
        Locked(() =>
        {
            if (process is null) return;
            foreach (var (address, original) in breakpoints) process.Space.ForceWrite(address, original);
            breakpoints.Clear();
            watches.Clear();
            heldFaults.Clear();
            detached = true;
            stopping = false;
            parked.WakeAll();
        });
    }

    public byte[]? AuxiliaryVector => Locked(() =>
    {
        if (process is null) return null;
        var bytes = new byte[(process.AuxVector.Count + 1) * 16];
        for (int i = 0; i < process.AuxVector.Count; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 16), process.AuxVector[i].Key);
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 16 + 8), process.AuxVector[i].Value);
        }
        return bytes;
    });
}
