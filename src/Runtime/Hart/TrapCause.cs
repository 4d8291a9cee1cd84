namespace RvJit.Runtime.Hart;

/// <summary>Synchronous exception causes (mcause/scause values with the interrupt bit clear).</summary>
public enum ExceptionCause : byte
{
    InstructionAddressMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadAddressMisaligned = 4,
    LoadAccessFault = 5,
    StoreAddressMisaligned = 6,
    StoreAccessFault = 7,
    EcallFromUser = 8,
    EcallFromSupervisor = 9,
    EcallFromMachine = 11,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
    /// <summary>Not an architectural cause: an access to a range a debugger watches (<see cref="Mmu.Watches"/>),
    /// raised before the access and only ever handed to the host (<see cref="Hart.DebugTraps"/>); tval is the
    /// address accessed.</summary>
    DebugWatch = 0xF0,
}

/// <summary>Interrupt causes (mcause/scause values with the interrupt bit set), also the mip/mie bit numbers.</summary>
public enum InterruptCause : byte
{
    SupervisorSoftware = 1,
    MachineSoftware = 3,
    SupervisorTimer = 5,
    MachineTimer = 7,
    SupervisorExternal = 9,
    MachineExternal = 11,
}

/// <summary>A synchronous exception as a value: traps travel as return values, never as .NET exceptions.</summary>
public readonly record struct Trap(ExceptionCause Cause, ulong Tval);
