using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// An optimised region is entered only at blocks that keep its loops natural (a loop's header, blocks on no loop),
/// so RyuJIT allocates the loop's registers as a loop's; it keeps in locals only the registers its loops use, and
/// loads the others where a path first reads them (<see cref="Emit.RegionEntries"/>, Emit/EmitRegisterHomes.cs).
/// </summary>
public sealed unsafe class RegionEntriesTests
{
    private const int T0 = 5, T1 = 6, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19;

    [Fact]
    public void An_optimised_region_is_entered_at_its_loops_header_and_the_blocks_on_no_loop()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, GuestCode.LoopWithExits());
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;
        var region = GuestRegion.Read(m.Ram, At(0));
        Assert.Equal([At(0x00), At(0x08), At(0x10), At(0x40), At(0x48)], region.Order.Select(b => b.EntryPa));

        var optimised = Emit.BlockEmitter.Compile(region, tier: CodeTier.Optimised);
        Assert.Equal([At(0x00), At(0x40), At(0x48)], optimised.Entries);
        Assert.Equal(region.Order.Select(b => b.EntryPa), optimised.BlockStarts);
        // Minopts allocates no register across blocks: the quick tier keeps every block an entry.
        var quick = Emit.BlockEmitter.Compile(region, tier: CodeTier.Quick);
        Assert.Equal(region.Order.Select(b => b.EntryPa), quick.Entries);
    }

    /// <summary>A self-loop that an outer loop of the region enters and leaves on every one of its iterations is an inner
    /// loop (<see cref="Emit.RegionEntries.InOuterLoop"/>: its registers are not parked around it); one the region runs
    /// once per entry is not.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_self_loop_inside_a_loop_of_the_region_is_an_inner_loop(bool nested)
    {
        using var m = new UserModeMachine("interp");
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;
        m.WriteCode(UserModeMachine.CodeBase, [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),           // 0x00 outer
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: 1),           // 0x04 inner
            Encoder.Encode(Op.Blt, rs1: A1, rs2: A2, imm: -4),          // 0x08 -> inner
            nested ? Encoder.Encode(Op.Blt, rs1: A0, rs2: A3, imm: -0x0c) // 0x0c -> outer
                   : Encoder.Encode(Op.Addi, rd: A4, rs1: A0, imm: 0),
            Encoder.Encode(Op.Ecall),                                   // 0x10
        ]);
        var region = GuestRegion.Read(m.Ram, At(0));
        var shape = Emit.RegionEntries.Of(region);
        int inner = region.Order.FindIndex(b => b.EntryPa == At(0x04));
        Assert.True(inner > 0);
        Assert.True(shape.OnCycle[inner]);
        Assert.Equal(nested, shape.InOuterLoop[inner]);
        if (!nested) Assert.DoesNotContain(true, shape.InOuterLoop);
    }

    [Fact]
    public void A_loop_with_two_ways_in_by_its_own_branches_keeps_every_block_an_entry()
    {
        using var m = new UserModeMachine("interp");
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;
        m.WriteCode(UserModeMachine.CodeBase, [
            Encoder.Encode(Op.Beq, rs1: A0, rs2: 0, imm: 0x0c),        // 0x00 -> 0x0c, the loop's middle
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: 1),          // 0x04 loop
            Encoder.Encode(Op.Jal, rd: 0, imm: 4),                     // 0x08 -> 0x0c
            Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),          // 0x0c
            Encoder.Encode(Op.Blt, rs1: A2, rs2: A3, imm: 0x04 - 0x10), // 0x10 -> loop
            Encoder.Encode(Op.Ecall),                                  // 0x14
        ]);
        var region = GuestRegion.Read(m.Ram, At(0));
        var optimised = Emit.BlockEmitter.Compile(region, tier: CodeTier.Optimised);
        Assert.Equal(region.Order.Select(b => b.EntryPa).Order(), optimised.Entries.Order());
    }

    /// <summary>
    /// A function-like region: a load, two paths that write different registers, a loop, a load after it,
    /// and a use of a register only one path wrote. Run with small random slices (exits at every point, entries at
    /// every block, a mid-loop pc resumed by the interpreter), the registers and pc match the interpreter's.
    /// </summary>
    private static uint[] PathsAroundALoop() =>
    [
        Encoder.Encode(Op.Ld, rd: A5, rs1: A3, imm: 0),            // 0x00
        Encoder.Encode(Op.Add, rd: A4, rs1: A5, rs2: A6),          // 0x04
        Encoder.Encode(Op.Andi, rd: A4, rs1: A4, imm: 1),          // 0x08
        Encoder.Encode(Op.Beq, rs1: A4, rs2: 0, imm: 0x1c - 0x0c), // 0x0c -> path B
        Encoder.Encode(Op.Addi, rd: A7, rs1: A7, imm: 5),          // 0x10 path A
        Encoder.Encode(Op.Sd, rs1: A3, rs2: A7, imm: 16),          // 0x14
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x20 - 0x18),           // 0x18 -> loop
        Encoder.Encode(Op.Addi, rd: S2, rs1: S2, imm: 1),          // 0x1c path B
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),          // 0x20 loop
        Encoder.Encode(Op.Add, rd: A2, rs1: A2, rs2: A0),          // 0x24
        Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: 0x20 - 0x28), // 0x28 -> loop
        Encoder.Encode(Op.Ld, rd: T1, rs1: A3, imm: 8),            // 0x2c
        Encoder.Encode(Op.Add, rd: S3, rs1: T1, rs2: A7),          // 0x30 a7: written on path A only
        Encoder.Encode(Op.Addi, rd: A6, rs1: A6, imm: 1),          // 0x34
        Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),           // 0x38
        Encoder.Encode(Op.Blt, rs1: A6, rs2: T0, imm: -0x3c),      // 0x3c -> 0x00 while a6 < t0
        Encoder.Encode(Op.Ecall),                                  // 0x40
    ];

    [Theory]
    [InlineData("jit-optimised")]
    [InlineData("jit")]
    [InlineData("jit-promote")]
    public void Registers_outside_loops_match_the_interpreter_at_every_exit(string engine)
    {
        string Run(string name, int seed)
        {
            using var m = new UserModeMachine(name);
            m.WriteCode(UserModeMachine.CodeBase, PathsAroundALoop());
            m.Hart.SetX(A3, UserModeMachine.DataBase);
            m.Hart.SetX(A1, 7);
            m.Hart.SetX(T0, 300);
            var data = m.Ram.Span(UserModeMachine.DataBase, 24);
            BitConverter.GetBytes(0x1234UL).CopyTo(data);
            BitConverter.GetBytes(0x55UL).CopyTo(data[8..]);
            Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap(100_000, new Random(seed))!.Value.Cause);
            return m.DescribeState() + $"data={m.DataChecksum(64):x}";
        }
        for (int seed = 0; seed < 4; seed++)
        {
            string[] expected = Run("interp", seed).Split('\n'), actual = Run(engine, seed).Split('\n');
            var differing = expected.Zip(actual).Where(p => p.First != p.Second).Select(p => $"{p.First} vs {p.Second}");
            Assert.True(expected.SequenceEqual(actual), $"seed {seed}: " + string.Join("; ", differing));
        }
    }

    /// <summary>A recursive function and its caller in one page: a return is not a loop of the region (its registers
    /// outside loops are on demand), yet the recursion's returns land in the region and continue there through the
    /// entry select. Registers, stack and pc match the interpreter's, run in random slices.</summary>
    [Theory]
    [InlineData("jit-optimised")]
    [InlineData("jit-promote")]
    public void Returns_into_the_region_with_registers_on_demand_match_the_interpreter(string engine)
    {
        const int Ra = 1, Sp = 2, S1 = 9;
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: -16),        // 0x00 f(a0)
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: Ra, imm: 8),           // 0x04
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: A0, imm: 0),           // 0x08
            Encoder.Encode(Op.Beq, rs1: A0, rs2: 0, imm: 0x24 - 0x0c), // 0x0c -> base
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: -1),         // 0x10
            Encoder.Encode(Op.Jal, rd: Ra, imm: -0x14),                // 0x14 f(a0 - 1)
            Encoder.Encode(Op.Ld, rd: T0, rs1: Sp, imm: 0),            // 0x18
            Encoder.Encode(Op.Add, rd: A1, rs1: A1, rs2: T0),          // 0x1c
            Encoder.Encode(Op.Jal, rd: 0, imm: 0x28 - 0x20),           // 0x20
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: 100),        // 0x24 base
            Encoder.Encode(Op.Ld, rd: Ra, rs1: Sp, imm: 8),            // 0x28
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: 16),         // 0x2c
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),           // 0x30 return
            Encoder.Encode(Op.Addi, rd: A0, rs1: S2, imm: 0),          // 0x34 caller loop
            Encoder.Encode(Op.Jal, rd: Ra, imm: -0x38),                // 0x38 f(s2)
            Encoder.Encode(Op.Addi, rd: S2, rs1: S2, imm: 1),          // 0x3c
            Encoder.Encode(Op.Andi, rd: S2, rs1: S2, imm: 7),          // 0x40
            Encoder.Encode(Op.Addi, rd: S1, rs1: S1, imm: -1),         // 0x44
            Encoder.Encode(Op.Bne, rs1: S1, rs2: 0, imm: 0x34 - 0x48), // 0x48 -> caller loop
            Encoder.Encode(Op.Ecall),                                  // 0x4c
        ];
        string Run(string name, int seed)
        {
            using var m = new UserModeMachine(name);
            m.WriteCode(UserModeMachine.CodeBase, code);
            m.Hart.Pc = UserModeMachine.CodeBase + 0x34;
            m.Hart.SetX(Sp, UserModeMachine.DataBase + 0x1000);
            m.Hart.SetX(S1, 200);
            var trap = m.RunToTrap(1_000_000, seed < 0 ? null : new Random(seed));
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            return m.DescribeState() + $"data={m.DataChecksum(4096):x}";
        }
        foreach (int seed in new[] { -1, 0, 1, 2 })
            Assert.Equal(Run("interp", seed), Run(engine, seed));
    }
}
