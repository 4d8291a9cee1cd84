// The reference side of the differential test: build a generated program (cached per seed) and run it on QEMU.
using System.Security.Cryptography;
using System.Text;

namespace RvJit.RiscvTests.Differential;

/// <summary>
/// Builds generated programs into ELF images and runs them on QEMU. Images are cached in a directory per
/// seed and content (prog.S next to prog.elf), so reruns reuse them and a changed generator rebuilds.
/// </summary>
public sealed class QemuOracle
{
    /// <param name="cacheDirectory">Where images are kept (default: $TMPDIR/rvjit-diff).</param>
    /// <param name="runner">The QEMU runner (default settings when null).</param>
    public QemuOracle(string? cacheDirectory = null, QemuRunner? runner = null)
    {
        CacheDirectory = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "rvjit-diff");
        Runner = runner ?? new QemuRunner();
    }

    /// <summary>Root of the image cache.</summary>
    public string CacheDirectory { get; }

    /// <summary>The QEMU runner used by <see cref="Run"/>.</summary>
    public QemuRunner Runner { get; }

    /// <summary>The directory holding this program's prog.S and prog.elf.</summary>
    public string DirectoryFor(GeneratedProgram program)
    {
        // The key covers everything the image depends on: the text, the link script and the build flags.
        string key = program.Assembly + "\0" + File.ReadAllText(ProgramAssembler.LinkScript) + "\0" + string.Join(" ", ProgramAssembler.Flags);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        return Path.Combine(CacheDirectory, $"seed-{program.Seed}-{hash}");
    }

    /// <summary>Path of the program's assembly file (written by <see cref="BuildElf"/>).</summary>
    public string SourcePath(GeneratedProgram program) => Path.Combine(DirectoryFor(program), "prog.S");

    /// <summary>Writes prog.S and assembles prog.elf unless the cache already has them; returns the ELF path.</summary>
    public string BuildElf(GeneratedProgram program)
    {
        string directory = DirectoryFor(program);
        string source = Path.Combine(directory, "prog.S");
        string elf = Path.Combine(directory, "prog.elf");
        if (File.Exists(elf) && File.Exists(source)) return elf;
        Directory.CreateDirectory(directory);
        // Build under unique names and rename, so concurrent test runs never see half-written files.
        string unique = Guid.NewGuid().ToString("N")[..8];
        string tmpSource = Path.Combine(directory, $"prog.{unique}.S");
        string tmpElf = Path.Combine(directory, $"prog.{unique}.elf");
        File.WriteAllText(tmpSource, program.Assembly);
        try
        {
            ProgramAssembler.Assemble(tmpSource, tmpElf);
            File.Move(tmpSource, source, overwrite: true);
            File.Move(tmpElf, elf, overwrite: true);
        }
        finally
        {
            File.Delete(tmpSource);
            File.Delete(tmpElf);
        }
        return elf;
    }

    /// <summary>Builds the program and returns QEMU's console output for it (the state dump).</summary>
    public string Run(GeneratedProgram program) => Runner.Run(BuildElf(program));
}
