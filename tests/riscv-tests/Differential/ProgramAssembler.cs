// Turning a generated program into an ELF image with the bare-metal cross toolchain.
namespace RvJit.RiscvTests.Differential;

/// <summary>Assembles and links a differential program with riscv64-unknown-elf-gcc and Differential/link.ld.</summary>
public static class ProgramAssembler
{
    /// <summary>The compiler driver: $RVJIT_RISCV_GCC, else riscv64-unknown-elf-gcc from PATH.</summary>
    public static string Compiler { get; } =
        Environment.GetEnvironmentVariable("RVJIT_RISCV_GCC") is { Length: > 0 } gcc ? gcc : "riscv64-unknown-elf-gcc";

    /// <summary>The linker script every program is linked with.</summary>
    public static string LinkScript => Path.Combine(Conformance.RepoPaths.RiscvTests, "Differential", "link.ld");

    /// <summary>Options passed before the source file (everything but -T and the file names).</summary>
    public static IReadOnlyList<string> Flags { get; } =
    [
        "-march=rv64gc_zicsr_zifencei_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx_zfh_zihintpause", "-mabi=lp64d", "-mcmodel=medany",
        "-nostdlib", "-nostartfiles", "-static", "-Wl,--no-warn-rwx-segments",
    ];

    /// <summary>Assembles <paramref name="sourcePath"/> into <paramref name="elfPath"/>; throws with the compiler's
    /// messages on failure.</summary>
    public static void Assemble(string sourcePath, string elfPath)
    {
        var arguments = new List<string>(Flags) { "-T", LinkScript, sourcePath, "-o", elfPath };
        ProcessResult r = ExternalProcess.Run(Compiler, arguments, TimeSpan.FromSeconds(120));
        if (r.TimedOut || r.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Compiler} failed on {sourcePath} ({(r.TimedOut ? "timed out" : $"status {r.ExitCode}")}):\n{r.Stderr}{r.Stdout}");
    }
}
