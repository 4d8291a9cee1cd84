// Tests of the differential harness itself, against QEMU only: the generator is reproducible, QEMU runs its
// programs to a complete dump, the dump shows real state, traps are reported, and mismatches are explained.
namespace RvJit.RiscvTests.Differential;

public sealed class DifferentialTests
{
    private static readonly QemuOracle Oracle = new();

    [Fact]
    public void Generator_is_deterministic_and_qemu_accepts_it()
    {
        // RVJIT_DIFF_QEMU_SEEDS raises the number of seeds (e.g. to vet a generator change on hundreds).
        int count = DifferentialSettings.QemuCheckSeeds;
        var failures = SeedRunner.Run(1, count, seed =>
        {
            // Every other seed with misaligned accesses too, so that option's programs are vetted as well.
            var options = new GeneratorOptions { MisalignedAccesses = seed % 2 == 0 };
            GeneratedProgram first = new RandomProgramGenerator(options).Generate(seed);
            GeneratedProgram second = new RandomProgramGenerator(options).Generate(seed);
            if (first.Assembly != second.Assembly) return $"seed {seed}: two generations differ";
            string elf = Oracle.BuildElf(first);
            ProcessResult run = Oracle.Runner.Execute(elf);
            StateDump dump = StateDump.Parse(run.Stdout);
            if (run.TimedOut || run.ExitCode != 0 || !dump.IsComplete || dump.OtherLines.Count > 0)
                return $"seed {seed}: qemu status {run.ExitCode}{(run.TimedOut ? " (timed out)" : "")}, " +
                       $"{dump.Entries.Count} entries, trap: {dump.Trap ?? "none"}, other output: " +
                       $"{string.Join(" | ", dump.OtherLines.Take(3))}\n  program: {Oracle.SourcePath(first)}";
            return null;
        });
        Assert.True(failures.Count == 0, SeedRunner.Summarize("generator on qemu", count, failures));
    }

    [Fact]
    public void Different_seeds_give_different_programs()
    {
        var generator = new RandomProgramGenerator();
        var texts = Enumerable.Range(1, 20).Select(s => generator.Generate((ulong)s).Assembly).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public void Generated_bodies_cover_every_instruction_family()
    {
        var generator = new RandomProgramGenerator();
        var mnemonics = Enumerable.Range(1, 40)
            .SelectMany(s => generator.Generate((ulong)s).Body)
            .Select(i => i.Text.Split(' ')[0])
            .ToHashSet();
        string[] required =
        [
            "add", "subw", "sraiw", "lui", "auipc", "mulhsu", "divuw", "remw", "sh2add.uw", "slli.uw", "andn", "clzw",
            "cpop", "rev8", "orc.b", "rori", "bexti", "binv", "lb", "lhu", "lwu", "ld", "sb", "sd", "flw", "fsd",
            "fmadd.s", "fnmsub.d", "fsqrt.d", "fdiv.s", "fmin.d", "fsgnjx.s", "feq.d", "fclass.s", "fcvt.d.s",
            "fcvt.s.d", "fcvt.lu.d", "fcvt.s.wu", "fmv.x.w", "fmv.d.x", "amoadd.w", "amomaxu.d", "lr.d", "sc.w",
            "beq", "bgeu", "jal", "jalr", "c.beqz", "c.j", "c.jr", "c.addi", "c.lui", "c.subw", "c.ldsp", "c.fsd",
            "c.addi4spn", "frflags", "fsrmi", "fscsr", "fence.i",
        ];
        var missing = required.Where(m => !mnemonics.Contains(m) && !mnemonics.Any(x => x.StartsWith(m + ".", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "never generated: " + string.Join(", ", missing));
    }

    [Fact]
    public void Dump_shows_the_state_the_body_leaves()
    {
        // No random body: known values, then the dump must print exactly them.
        var extra = new List<string>
        {
            "li x5, 0x0123456789abcdef", "li x31, -2", "li x30, 0x8000000000000000", "fmv.d.x f7, x5",
            "fmv.w.x f31, x31", "csrwi fflags, 0x15", "csrwi frm, 3",
        };
        for (int i = 0; i < 32; i++) extra.Add($"sd x0, {8 * i}(sp)");      // scratch block 0 = zeros ...
        extra.Add("sd x5, 240(sp)");                                          // ... but one doubleword
        var program = new RandomProgramGenerator(new GeneratorOptions { InstructionCount = 0, ExtraBody = extra }).Generate(7);

        StateDump dump = StateDump.Parse(Oracle.Run(program));

        Assert.True(dump.IsComplete, string.Join("\n", dump.OtherLines));
        Assert.Equal(0x0123456789abcdefUL, dump.ValueOf("x5"));
        Assert.Equal(0xFFFFFFFFFFFFFFFEUL, dump.ValueOf("x31"));
        Assert.Equal(0x8000000000000000UL, dump.ValueOf("x30"));
        Assert.Equal(0x0123456789abcdefUL, dump.ValueOf("f7"));
        Assert.Equal(0xFFFFFFFFFFFFFFFEUL, dump.ValueOf("f31"));              // fmv.w.x NaN-boxes
        Assert.Equal(0x75UL, dump.ValueOf("fcsr"));                            // frm 3, flags 0x15
        // m00 = rotl(rotl(0, 7) ^ v, 7) ^ 0 for v at the block's last-but-one doubleword.
        Assert.Equal(ulong.RotateLeft(0x0123456789abcdefUL, 7), dump.ValueOf("m00"));
        Assert.NotEqual(dump.ValueOf("m00"), dump.ValueOf("m01"));
    }

    [Fact]
    public void Qemu_agrees_with_the_generators_lr_sc_assumptions()
    {
        // The generator relies on: sc right after lr to the same address succeeds (0), and an sc with no
        // reservation (nothing since the last sc) fails (1) without storing.
        var program = new RandomProgramGenerator(new GeneratorOptions
        {
            InstructionCount = 0,
            ExtraBody =
            [
                "addi x9, x8, 64", "li x12, 0x1122334455667788", "sc.d x14, x12, (x9)", "lr.d x10, (x9)",
                "add x15, x10, x10", "sc.d x11, x12, (x9)", "li x12, 77", "sc.d x13, x12, (x9)", "ld x16, 0(x9)",
            ],
        }).Generate(5);

        StateDump dump = StateDump.Parse(Oracle.Run(program));

        Assert.True(dump.IsComplete);
        Assert.Equal(1UL, dump.ValueOf("x14"));
        Assert.Equal(0UL, dump.ValueOf("x11"));
        Assert.Equal(1UL, dump.ValueOf("x13"));
        Assert.Equal(0x1122334455667788UL, dump.ValueOf("x16"));
    }

    [Fact]
    public void A_trap_is_reported_with_exit_code_3()
    {
        var program = new RandomProgramGenerator(new GeneratorOptions { InstructionCount = 20, ExtraBody = ["ebreak"] }).Generate(3);

        ProcessResult run = Oracle.Runner.Execute(Oracle.BuildElf(program));
        StateDump dump = StateDump.Parse(run.Stdout);

        Assert.Equal(ProcessGuestRunner.ExitTrap, run.ExitCode);
        Assert.False(dump.IsComplete);
        Assert.NotNull(dump.Trap);
        Assert.StartsWith("TRAP 0000000000000003 00000000800", dump.Trap);  // breakpoint, mepc in the image
        Assert.Equal("TRAP", StateDump.FirstDifference(StateDump.Parse(Oracle.Run(new RandomProgramGenerator().Generate(3))), dump)?.Name);
    }

    [Fact]
    public void A_mismatch_names_seed_entry_values_file_and_last_writer()
    {
        var generator = new RandomProgramGenerator();
        GeneratedProgram program = generator.Generate(11);
        string victim = DumpLayout.Names.First(n => n.StartsWith('x') && program.LastWriterOf(n) is not null);
        var check = new DifferentialCheck(generator, Oracle, new CorruptingRunner(Oracle.Runner, victim));

        string? message = check.Check(11);

        Assert.NotNull(message);
        BodyInstruction writer = program.LastWriterOf(victim)!;
        Assert.Contains("seed 11:", message);
        Assert.Contains($"{victim} differs: qemu ", message);
        Assert.Contains(Oracle.SourcePath(program), message);
        Assert.Contains($"prog.S:{writer.Line}: {writer.Text}", message);
        Assert.Null(new DifferentialCheck(generator, Oracle, Oracle.Runner).Check(11));
    }

    /// <summary>QEMU, except that one dump entry's value has its low bit flipped.</summary>
    private sealed class CorruptingRunner(IGuestRunner inner, string entry) : IGuestRunner
    {
        public string Name => "corrupted";

        public string Run(string elfPath) => string.Join('\n', inner.Run(elfPath).Split('\n').Select(line =>
        {
            if (!line.StartsWith(entry + " ", StringComparison.Ordinal)) return line;
            char last = line[^1];
            return line[..^1] + (last == '0' ? '1' : '0');
        }));
    }
}
