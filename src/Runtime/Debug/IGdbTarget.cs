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
public readonly record struct StopEvent(StopKind Kind, long Thread, int Code);

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
}
