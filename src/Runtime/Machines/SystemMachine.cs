namespace RvJit.Runtime.Machines;

/// <summary>
/// A bare-metal RISC-V machine (one hart, RAM, HTIF, CLINT) running an ELF image in M-mode from its
/// entry point, the way `qemu-system-riscv64 -machine spike -bios none -kernel IMAGE` does.
/// </summary>
public sealed class SystemMachine : IDisposable
{
    private SystemMachine() { }

    /// <summary>Loads an ELF image; throws <see cref="Elf.ElfFormatException"/> (one-line message) on bad input.</summary>
    public static SystemMachine FromElf(string path, MachineOptions options) => throw new NotImplementedException();

    /// <summary>Runs until HTIF exit, the instruction limit or the timeout.</summary>
    public RunOutcome Run() => throw new NotImplementedException();

    public void Dispose() { }
}
