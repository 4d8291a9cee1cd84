// The oracle's emulator: qemu-system-riscv64's spike machine, which provides the HTIF console and exit.
namespace RvJit.RiscvTests.Differential;

/// <summary>Runs an image with `qemu-system-riscv64 -machine spike -nographic -bios none -cpu CPU -kernel IMAGE`,
/// the CPU with the extensions QEMU 7.2 leaves off by default turned on (Zfh, Zbc, Zbk*, Zihintpause).</summary>
/// <param name="timeout">Longest one run may take (default 60 s; a program normally needs well under 1 s).</param>
/// <param name="executable">The QEMU binary (default: $RVJIT_QEMU_SYSTEM, else qemu-system-riscv64 from PATH).</param>
public sealed class QemuRunner(TimeSpan? timeout = null, string? executable = null)
    : ProcessGuestRunner(timeout ?? TimeSpan.FromSeconds(60))
{
    private readonly string executable = executable
        ?? Environment.GetEnvironmentVariable("RVJIT_QEMU_SYSTEM")
        ?? "qemu-system-riscv64";

    public override string Name => "qemu";

    /// <summary>QEMU 7.2's rv64 with every extension the generator uses (its property spellings).</summary>
    public const string Cpu = "rv64,Zfh=true,Zfhmin=true,zbc=true,zbkb=true,zbkc=true,zbkx=true,Zihintpause=true";

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(string elfPath) =>
        (executable, ["-machine", "spike", "-nographic", "-bios", "none", "-cpu", Cpu, "-kernel", elfPath]);
}
