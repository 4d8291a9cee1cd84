// The oracle's emulator: qemu-system-riscv64's spike machine, which provides the HTIF console and exit.
namespace RvJit.RiscvTests.Differential;

/// <summary>Runs an image with `qemu-system-riscv64 -machine spike -nographic -bios none -kernel IMAGE`.</summary>
/// <param name="timeout">Longest one run may take (default 60 s; a program normally needs well under 1 s).</param>
/// <param name="executable">The QEMU binary (default: $RVJIT_QEMU_SYSTEM, else qemu-system-riscv64 from PATH).</param>
public sealed class QemuRunner(TimeSpan? timeout = null, string? executable = null)
    : ProcessGuestRunner(timeout ?? TimeSpan.FromSeconds(60))
{
    private readonly string executable = executable
        ?? Environment.GetEnvironmentVariable("RVJIT_QEMU_SYSTEM")
        ?? "qemu-system-riscv64";

    public override string Name => "qemu";

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(string elfPath) =>
        (executable, ["-machine", "spike", "-nographic", "-bios", "none", "-kernel", elfPath]);
}
