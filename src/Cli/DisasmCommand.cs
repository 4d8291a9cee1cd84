// `rvjit disasm FILE.elf [--section NAME]`: objdump -d style disassembly of a RISC-V ELF file.
using RvJit.Runtime.Elf;
using RvJit.Runtime.Isa;

namespace RvJit.Cli;

/// <summary>The disasm command: loads the file with <see cref="ElfImage"/> and prints <see cref="DisassemblerElf"/>'s listing.</summary>
internal static class DisasmCommand
{
    public const string Usage = """
        usage: rvjit disasm [--section NAME] FILE.elf

        Disassembles the executable sections of a RISC-V ELF file, printing what
        riscv64-linux-gnu-objdump -d (binutils 2.40) prints: symbol labels, addresses,
        instruction bytes and instructions with objdump's aliases.

          --section NAME   disassemble only section NAME (any section with contents)
        """;

    public static int Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.Write(Usage);
            return 0;
        }
        var options = new Options(args, withValue: ["--section"], flags: [], stopAtFirstOperand: false);
        if (options.Operands.Count != 1)
            throw new UsageException(options.Operands.Count == 0
                ? "disasm: no input file (usage: rvjit disasm [--section NAME] FILE.elf)"
                : "disasm: expected one input file");
        string path = options.Operands[0];
        string? section = options.Get("--section");
        using var image = ElfImage.Load(path);
        if (image.SectionProblem is { } problem) Console.Error.WriteLine($"rvjit: warning: {problem}");
        if (section is not null && !image.TryGetSection(section, out _))
            throw new UsageException($"disasm: {path} has no section named '{section}'");

        var output = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 1 << 16) { NewLine = "\n" };
        DisassemblerElf.Write(output, image, path, section);
        output.Flush();
        return 0;
    }
}
