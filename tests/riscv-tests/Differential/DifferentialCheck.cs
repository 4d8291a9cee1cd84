// One differential comparison: a seed's program on QEMU versus on the runner under test, with a failure
// message that says where to look.
using System.Globalization;

namespace RvJit.RiscvTests.Differential;

/// <summary>Compares the state dump of a runner under test against QEMU's for one seed.</summary>
/// <param name="generator">Generates the seed's program.</param>
/// <param name="oracle">Builds it and runs it on QEMU.</param>
/// <param name="subject">The runner under test (rvjit).</param>
public sealed class DifferentialCheck(RandomProgramGenerator generator, QemuOracle oracle, IGuestRunner subject)
{
    /// <summary>Null when both runs print the same dump; otherwise a message naming the seed, the first
    /// differing entry with both values, the assembly file, and the last body instruction writing that entry.</summary>
    public string? Check(ulong seed)
    {
        GeneratedProgram program = generator.Generate(seed);
        string elf = oracle.BuildElf(program);
        string source = oracle.SourcePath(program);
        StateDump expected = StateDump.Parse(oracle.Runner.Run(elf));
        if (!expected.IsComplete)
            return $"seed {seed}: QEMU gave no complete dump, so the generator emitted something wrong: " +
                   $"{expected.Trap ?? $"{expected.Entries.Count} entries"}\n  program: {source}";

        string output;
        try
        {
            output = subject.Run(elf);
        }
        catch (GuestRunException e)
        {
            return $"seed {seed}: {e.Message}\n  program: {source}";
        }
        StateDump actual = StateDump.Parse(output);
        DumpDifference? difference = StateDump.FirstDifference(expected, actual);
        return difference is null ? null : Describe(program, source, difference, actual);
    }

    private string Describe(GeneratedProgram program, string source, DumpDifference d, StateDump actual)
    {
        var lines = new List<string>
        {
            $"seed {program.Seed}: {d.Name} differs: {oracle.Runner.Name} {d.Expected}, {subject.Name} {d.Actual}",
            $"  program: {source}",
        };
        if (d.Name == "TRAP")
        {
            lines.Add("  (TRAP mcause mepc mtval; find mepc with riscv64-unknown-elf-objdump -d prog.elf)");
        }
        else
        {
            string region = d.Name.StartsWith('m') ? $" (scratch bytes {ScratchRange(d.Name)})" : "";
            BodyInstruction? writer = program.LastWriterOf(d.Name);
            lines.Add(writer is null
                ? $"  no body instruction writes {d.Name}{region}: its value comes from the prologue"
                : $"  last body instruction writing {d.Name}{region}: prog.S:{writer.Line}: {writer.Text}");
        }
        foreach (string other in actual.OtherLines.Take(5))
            lines.Add($"  {subject.Name} also printed: {other}");
        return string.Join('\n', lines);
    }

    private static string ScratchRange(string checksumName)
    {
        int block = int.Parse(checksumName[1..], CultureInfo.InvariantCulture);
        int start = block * DumpLayout.ChecksumBlockBytes;
        return $"0x{start:x3}-0x{start + DumpLayout.ChecksumBlockBytes - 1:x3}";
    }
}
