// What a GDB session needs from what it debugs: a Linux process (user mode) or a machine's harts (system mode).
namespace RvJit.Runtime.Debug;

/// <summary>Why the target stopped, in GDB's terms.</summary>
public enum StopKind : byte
{
    /// <summary>A thread stopped with a signal (SIGTRAP for a breakpoint, SIGINT for an interrupt).</summary>
    Signal,
    /// <summary>The program exited with <see cref="StopEvent.Code"/> as its status.</summary>
    Exited,
    /// <summary>The program was killed by signal <see cref="StopEvent.Code"/>.</summary>
    Killed,
}

/// <summary>A stop: the thread that stopped and GDB's signal number, or how the program ended.</summary>
/// <param name="Code">GDB's signal number (Signal, Killed) or the exit status (Exited).</param>
/// <param name="Watch">For a stop at a watchpoint (SIGTRAP): which one.</param>
public readonly record struct StopEvent(StopKind Kind, long Thread, int Code, WatchHit? Watch = null);

/// <summary>
/// The debugged program, all-stop: every thread stops when one does. Thread ids are positive. Register
/// numbers are GDB's for RISC-V (<see cref="RiscvRegisters"/>); signal numbers are GDB's own.
/// All methods except <see cref="Interrupt"/> and <see cref="WaitForStop"/> are called only while it is stopped.
/// </summary>
public interface IGdbTarget
{
    /// <summary>The live threads, the first being the one to select by default.</summary>
    IReadOnlyList<long> Threads();

    bool TryReadRegister(long thread, int number, out ulong value);
    bool TryWriteRegister(long thread, int number, ulong value);

    /// <summary>Reads guest memory at a virtual address of the program; returns how many bytes were readable.</summary>
    int ReadMemory(ulong address, Span<byte> destination);
    /// <summary>Writes guest memory, read-only code included (as ptrace does): false if some byte is not mapped.</summary>
    bool WriteMemory(ulong address, ReadOnlySpan<byte> source);

    /// <summary>A breakpoint of <paramref name="length"/> bytes (2: compressed, 4) at <paramref name="address"/>.</summary>
    bool InsertBreakpoint(ulong address, int length);
    bool RemoveBreakpoint(ulong address, int length);

    /// <summary>Resumes every thread; a thread in <paramref name="signals"/> gets that GDB signal delivered (0: the
    /// signal it stopped with is dropped).</summary>
    void Resume(IReadOnlyDictionary<long, int> signals);

    /// <summary>Waits up to <paramref name="timeout"/> for the next stop.</summary>
    bool WaitForStop(TimeSpan timeout, out StopEvent stop);

    /// <summary>Asks a running target to stop (any thread may call); it then reports SIGINT.</summary>
    void Interrupt();

    /// <summary>Ends the program (GDB's kill).</summary>
    void Kill();

    /// <summary>Removes every breakpoint and lets the program run on without the debugger.</summary>
    void Detach();

    /// <summary>The program's auxiliary vector as the kernel gave it (GDB finds the dynamic linker with it), if any.</summary>
    byte[]? AuxiliaryVector { get; }

    /// <summary>The target description (qXfer:features:read:target.xml): which registers exist and their numbers.</summary>
    string TargetDescription => RiscvRegisters.TargetXml;

    /// <summary>Whether the target single-steps itself (`s`, `vCont;s`): gdb steps a bare-metal RISC-V target this
    /// way, and a Linux one with breakpoints of its own.</summary>
    bool CanStep => false;

    /// <summary>Runs one instruction of <paramref name="thread"/> (the others stay stopped), then reports a stop
    /// (SIGTRAP) as a resume does; <paramref name="signal"/> is what <see cref="Resume"/> takes for that thread.</summary>
    void Step(long thread, int signal) => throw new NotSupportedException();

    /// <summary>A hardware breakpoint (Z1); by default the same as a software one.</summary>
    bool InsertHardwareBreakpoint(ulong address, int length) => InsertBreakpoint(address, length);
    bool RemoveHardwareBreakpoint(ulong address, int length) => RemoveBreakpoint(address, length);

    /// <summary>A watchpoint over <paramref name="length"/> bytes at <paramref name="address"/> (Z2-Z4); false when
    /// the target has none (gdb then watches by stepping).</summary>
    bool InsertWatchpoint(WatchKind kind, ulong address, ulong length) => false;
    bool RemoveWatchpoint(WatchKind kind, ulong address, ulong length) => false;

    /// <summary>What `info threads` shows after a thread's name (qThreadExtraInfo), if anything.</summary>
    string? ThreadExtraInfo(long thread) => null;
}
