// rvjit's objdump -d listing of real files against objdump's: a static glibc program, its object file, and
// hand-made corner cases (data in code, reads that cross a symbol, zero runs).
using RvJit.Runtime.Elf;
using RvJit.Runtime.Isa;
using Xunit.Abstractions;

namespace RvJit.Runtime.Tests;

public class DisassemblerListingTests
{
    private readonly ITestOutputHelper log;

    public DisassemblerListingTests(ITestOutputHelper log) => this.log = log;

    /// <summary>Compares two listings line by line: every line must match, and every objdump instruction
    /// line is counted (address, bytes, text). Reports the first 20 differences.</summary>
    private int CompareListings(string what, string expected, string actual)
    {
        string[] want = expected.Split('\n'), got = actual.Split('\n');
        var mismatches = new List<string>();
        int instructions = 0;
        for (int i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            string w = i < want.Length ? want[i] : "<missing>", g = i < got.Length ? got[i] : "<missing>";
            var parsed = DisassemblerOracle.ParseLines(w);
            if (parsed.Count == 1) instructions++;
            if (w != g)
            {
                string where = parsed.Count == 1 ? $"{parsed[0].Address:x} [{parsed[0].Bytes.Trim()}]" : $"line {i + 1}";
                mismatches.Add($"{where}: expected \"{w}\", actual \"{g}\"");
            }
        }
        log.WriteLine($"{what}: {instructions} instructions in {want.Length} lines compared, {mismatches.Count} mismatches");
        DisassemblerOracle.AssertNoMismatches(what, instructions, mismatches);
        return instructions;
    }

    private static string Objdump(string path) => DisassemblerOracle.Run(DisassemblerOracle.Objdump, "-d", path);

    /// <summary>The whole static glibc program built from Data/disasm/sample.c: every line of the listing of
    /// every executable section (.text, __libc_freeres_fn, ...) is identical to objdump -d's.</summary>
    [Fact]
    public void Static_glibc_program_lists_exactly_like_objdump()
    {
        string dir = DisassemblerOracle.TempDirectory();
        try
        {
            string exe = Path.Combine(dir, "sample");
            DisassemblerOracle.Run(DisassemblerOracle.Compiler, "-static", "-O2", "-march=rv64gc", "-mabi=lp64d",
                "-o", exe, Path.Combine(DisassemblerOracle.DataDirectory(), "sample.c"), "-lm");
            var image = ElfImage.Load(exe);
            Assert.True(DisassemblerElf.SectionsToList(image).Count() >= 2);
            int compared = CompareListings("static glibc program", Objdump(exe), DisassemblerElf.ToText(image, exe));
            Assert.True(compared > 50_000, $"only {compared} instructions: is the program really static?");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A dynamically linked program (PLT entries as name@plt, GOT slots named through dynamic
    /// relocations with versioned names) and the cross glibc itself (a stripped shared object: versioned
    /// dynamic symbols, two versions of one function at one address).</summary>
    [Fact]
    public void Dynamic_program_and_shared_glibc_list_exactly_like_objdump()
    {
        string dir = DisassemblerOracle.TempDirectory();
        try
        {
            string exe = Path.Combine(dir, "sample-dynamic");
            DisassemblerOracle.Run(DisassemblerOracle.Compiler, "-O2", "-march=rv64gc", "-mabi=lp64d",
                "-o", exe, Path.Combine(DisassemblerOracle.DataDirectory(), "sample.c"), "-lm");
            CompareListings("dynamic program", Objdump(exe), DisassemblerElf.ToText(ElfImage.Load(exe), exe));
        }
        finally { Directory.Delete(dir, true); }

        string libc = DisassemblerOracle.Run(DisassemblerOracle.Compiler, "-print-file-name=libc.so.6").Trim();
        Assert.True(File.Exists(libc), $"the cross glibc ({libc}) is missing: run scripts/install-deps.sh");
        int compared = CompareListings("shared glibc", Objdump(libc), DisassemblerElf.ToText(ElfImage.Load(libc), libc));
        Assert.True(compared > 100_000);
    }

    /// <summary>A relocatable object: symbols of the listed section win, local labels print with ^B.</summary>
    [Fact]
    public void Object_file_lists_exactly_like_objdump()
    {
        string dir = DisassemblerOracle.TempDirectory();
        try
        {
            string obj = Path.Combine(dir, "sample.o");
            DisassemblerOracle.Run(DisassemblerOracle.Compiler, "-c", "-O2", "-march=rv64gc_zba_zbb_zbs", "-mabi=lp64d",
                "-o", obj, Path.Combine(DisassemblerOracle.DataDirectory(), "sample.c"));
            CompareListings("object file", Objdump(obj), DisassemblerElf.ToText(ElfImage.Load(obj), obj));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Hand-written corner cases: data ($d) inside code, an instruction cut by the next symbol (objdump
    /// reports a read error), 8+ zero bytes inside code and a few at the end, longer-than-32-bit encodings,
    /// an object symbol in code (dumped as bytes), a second code section and lui/auipc address comments.</summary>
    [Fact]
    public void Corner_cases_list_exactly_like_objdump()
    {
        string dir = DisassemblerOracle.TempDirectory();
        try
        {
            string source = Path.Combine(dir, "corners.s"), obj = Path.Combine(dir, "corners.o"), exe = Path.Combine(dir, "corners");
            File.WriteAllText(source, """
                .text
                .globl _start
                _start:
                    lui a0, 0x12345
                    auipc a1, 0
                    c.nop
                    .byte 0x13
                cut:
                    .byte 0x13, 0, 0
                    .insn 4, 0x00000013
                    .word 0, 0, 0
                    addi a0, a0, 0x678
                    ld a2, 16(a1)
                data:
                    .word 0x12345678
                    .half 0x1234
                    .byte 1
                    .insn 2, 0x4501
                    .insn 6, 0x1f
                    .insn 2, 0x0001
                    .insn 8, 0x3f
                    .insn 2, 0x0001
                    .insn 10, 0x7f
                    .insn 2, 0
                    .insn 2, 0
                    .insn 2, 0
                    .insn 2, 0
                    .insn 2, 0x0001
                    .insn 2, 0
                .section .text.other, "ax"
                other:
                    jal _start
                    .insn 4, 0x0000100f
                    .type table, @object
                table:
                    .word 0x11223344, 0x55667788
                    .ascii "Hello, world!\n\0\1"
                    .byte 0x41
                    .type after, @function
                after:
                    ret
                    .zero 1

                """);
            DisassemblerOracle.Run(DisassemblerOracle.Assembler, "-march=rv64gc", source, "-o", obj);
            CompareListings("corner cases (object)", Objdump(obj), DisassemblerElf.ToText(ElfImage.Load(obj), obj));
            DisassemblerOracle.Run("riscv64-linux-gnu-ld", "-o", exe, obj);
            CompareListings("corner cases (linked)", Objdump(exe), DisassemblerElf.ToText(ElfImage.Load(exe), exe));
        }
        finally { Directory.Delete(dir, true); }
    }
}
