namespace RvJit.Runtime.Machines;

/// <summary>Which engine executes guest code.</summary>
public enum EngineKind { Interpreter, Jit }

/// <summary>How a machine's harts share host threads (QEMU's -accel tcg,thread=single|multi).</summary>
public enum HartThreads
{
    /// <summary>Every hart takes turns on the machine loop's thread, a slice each (QEMU's round-robin TCG).</summary>
    Single,
    /// <summary>Each hart runs on a host thread of its own (QEMU's MTTCG); the calling thread polls devices,
    /// moves the virtual clock over idle time and holds the harts for a debugger.</summary>
    Multi,
}

/// <summary>Settings for a system-mode (bare-metal) machine.</summary>
public sealed class MachineOptions
{
    /// <summary>Physical address where RAM starts (riscv-tests and QEMU's spike/virt machines use 0x8000_0000).</summary>
    public ulong RamBase { get; init; } = 0x8000_0000;

    /// <summary>RAM size in bytes.</summary>
    public ulong RamSize { get; init; } = 256UL << 20;

    public EngineKind Engine { get; init; } = EngineKind.Interpreter;

    /// <summary>Stop after this many guest instructions (0 = no limit).</summary>
    public long MaxInstructions { get; init; }

    /// <summary>Stop after this wall-clock time (null = no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// CLINT time from the host's wall clock (10 MHz, like QEMU) instead of the default virtual clock, which
    /// advances one tick per <see cref="Machines.SystemMachine.InstructionsPerTick"/> guest instructions and
    /// jumps to the next timer deadline when the hart waits in wfi: runs are then reproducible and timer
    /// tests do not depend on how loaded the host is.
    /// </summary>
    public bool WallClock { get; init; }

    /// <summary>
    /// With the virtual clock: how far the time skipped over idle periods (every hart in wfi) may run ahead of the
    /// host time the run has taken. Within the lead a wait costs no host time (a boot's msleep, a driver's timeout);
    /// past it the loop sleeps on the host and the skips follow the host's clock, so an idle guest (a shell prompt)
    /// uses no CPU, as under QEMU. <see cref="TimeSpan.MaxValue"/>: jump always (the clock then runs as fast as the
    /// guest's timer work allows, a core busy while the guest idles).
    /// </summary>
    public TimeSpan IdleLead { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the HTIF console's characters go.</summary>
    public TextWriter? Console { get; init; }

    /// <summary>Builds the engine for a hart. The Runtime only knows the interpreter; the CLI passes the
    /// translator's factory here (the Runtime never references the Translator).</summary>
    public Func<Hart.Hart, Interpreter.IExecutionEngine>? EngineFactory { get; init; }

    /// <summary>A gdb stub's control of the harts (-s/-S), or null.</summary>
    public MachineDebugger? Debugger { get; init; }

    /// <summary>One host thread per hart, or all harts on one (a single hart always runs on the calling thread).</summary>
    public HartThreads HartThreads { get; init; } = HartThreads.Single;

    /// <summary>Instructions per engine call: interrupts, devices and limits are checked between calls.</summary>
    public long Slice { get; init; } = 20_000;
}
