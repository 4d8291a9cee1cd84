// The ISA tables as data: rows are unique, unambiguous, named consistently and all printable.
using System.Numerics;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class IsaTableTests
{
    [Fact]
    public void Every_op_except_illegal_has_exactly_one_row_in_op_order()
    {
        var ops = Enum.GetValues<Op>().Where(op => op != Op.Illegal).ToList();
        Assert.Equal(ops.Count, InstructionTable.Rows.Count);
        foreach (var op in ops)
            Assert.Single(InstructionTable.Rows, r => r.Op == op);
        for (int i = 0; i < InstructionTable.Rows.Count; i++)
        {
            Assert.Equal((Op)(i + 1), InstructionTable.Rows[i].Op);
            Assert.Same(InstructionTable.Rows[i], InstructionTable.Get((Op)(i + 1)));
        }
    }

    /// <summary>The interpreter's pseudo-ops (CachedInstruction) are numbered past the ISA's operations. Checked here,
    /// not in a static constructor: Enum.GetValues there JIT-compiled reflection code in every run.</summary>
    [Fact]
    public void The_interpreters_pseudo_ops_collide_with_no_op()
    {
        foreach (Op op in Enum.GetValues<Op>())
            Assert.True(op < RvJit.Runtime.Interpreter.CachedInstruction.Continue && op < RvJit.Runtime.Interpreter.CachedInstruction.CrossPage,
                $"Op.{op} collides with the interpreter's pseudo-ops");
    }

    [Fact]
    public void Op_names_are_the_mnemonics_in_pascal_case_without_dots()
    {
        foreach (var row in InstructionTable.Rows)
        {
            string expected = string.Concat(row.Mnemonic.Split('.').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            Assert.Equal(expected, row.Op.ToString());
        }
        Assert.Equal(InstructionTable.Rows.Count, InstructionTable.Rows.Select(r => r.Mnemonic).Distinct().Count());
    }

    /// <summary>Rows A and B share an encoding iff they agree on every bit both fix.</summary>
    private static bool Overlap(uint matchA, uint maskA, uint matchB, uint maskB) => ((matchA ^ matchB) & maskA & maskB) == 0;

    [Fact]
    public void No_two_32_bit_rows_share_an_encoding()
    {
        var rows = InstructionTable.Rows;
        var overlaps = new List<string>();
        for (int a = 0; a < rows.Count; a++)
            for (int b = a + 1; b < rows.Count; b++)
                if (Overlap(rows[a].Match, rows[a].Mask, rows[b].Match, rows[b].Mask)
                    && !DeliberateOverlaps.Contains((rows[a].Op, rows[b].Op)) && !DeliberateOverlaps.Contains((rows[b].Op, rows[a].Op)))
                    overlaps.Add($"{rows[a].Mnemonic} / {rows[b].Mnemonic}");
        Assert.Empty(overlaps);
    }

    /// <summary>Rows whose encodings are a subset of another row's, as the spec defines them: (specific, general).
    /// The decoder takes the specific row; both mean the same operation.</summary>
    internal static readonly HashSet<(Op Specific, Op General)> DeliberateOverlaps =
    [
        (Op.Pause, Op.Fence),   // pause is fence w,0
        (Op.ZextH, Op.Packw),   // zext.h is packw rd,rs1,x0
    ];

    [Fact]
    public void Deliberate_overlaps_are_subsets_and_decode_to_the_specific_row()
    {
        foreach (var (specific, general) in DeliberateOverlaps)
        {
            var s = InstructionTable.Get(specific);
            var g = InstructionTable.Get(general);
            Assert.Equal(g.Mask, s.Mask & g.Mask);
            Assert.True(g.Matches(s.Match));
            Assert.Equal(specific, Decoder.Decode(s.Match).Op);
        }
    }

    [Fact]
    public void Patterns_are_32_bit_encodings_with_the_opcode_fixed()
    {
        foreach (var row in InstructionTable.Rows)
        {
            string bits = row.Pattern.Replace(" ", "");
            Assert.Equal(32, bits.Length);
            for (int i = 0; i < 32; i++)
            {
                uint bit = 1u << (31 - i);
                Assert.Equal(bits[i] != '.', (row.Mask & bit) != 0);
                Assert.Equal(bits[i] == '1', (row.Match & bit) != 0);
            }
            // The decoder buckets rows by bits 6:2, and 32-bit encodings end in 11.
            Assert.Equal(0x7Fu, row.Mask & 0x7F);
            Assert.Equal(3u, row.Match & 3);
            Assert.NotEqual(0x1Fu, row.Match & 0x1F);
        }
    }

    [Fact]
    public void Every_row_has_a_disassembly_form()
    {
        foreach (var row in InstructionTable.Rows)
        {
            string template = PrintForms.DefaultTemplate(row.Operands);
            Assert.NotNull(template);
            var forms = PrintForms.For(row.Op);
            Assert.NotEmpty(forms);
            // The last form takes whatever the others did not: no encoding of a row falls through.
            Assert.Empty(forms[^1].When);
            Assert.All(forms.Where(f => f.Mnemonic is not null), f => Assert.Matches(@"^[a-z][a-z0-9.]*$", f.Mnemonic!));
        }
        Assert.All(Enum.GetValues<Operands>(), o => PrintForms.DefaultTemplate(o));
    }

    [Fact]
    public void Compressed_rows_overlap_only_where_the_earlier_row_is_strictly_more_specific()
    {
        var rows = CompressedTable.Rows;
        int overlaps = 0;
        for (int a = 0; a < rows.Count; a++)
        {
            Assert.NotEqual(3, rows[a].Match & 3);
            Assert.Equal(0xE003, rows[a].Mask & 0xE003); // quadrant and funct3 always fixed
            for (int b = a + 1; b < rows.Count; b++)
            {
                if (!Overlap(rows[a].Match, rows[a].Mask, rows[b].Match, rows[b].Mask)) continue;
                overlaps++;
                // a's encodings are a proper subset of b's: a fixes every bit b fixes, and more.
                Assert.True((rows[a].Mask & rows[b].Mask) == rows[b].Mask
                            && BitOperations.PopCount(rows[a].Mask) > BitOperations.PopCount(rows[b].Mask),
                    $"{rows[a].Mnemonic} overlaps {rows[b].Mnemonic} without being more specific");
            }
        }
        Assert.Equal(5, overlaps); // c.addi16sp/c.lui, c.jr/c.mv, c.ebreak/c.jalr, c.ebreak/c.add, c.jalr/c.add
    }

    [Fact]
    public void Compressed_rows_expand_to_base_rows_of_their_extension()
    {
        Assert.Equal(CompressedTable.Rows.Count, CompressedTable.Rows.Select(r => r.Mnemonic).Distinct().Count());
        foreach (var row in CompressedTable.Rows)
        {
            Assert.StartsWith("c.", row.Mnemonic);
            Assert.NotEqual(Op.Illegal, row.Expansion);
            var base32 = InstructionTable.Get(row.Expansion);
            Assert.True(row.Extension == Extension.C || row.Extension == base32.Extension,
                $"{row.Mnemonic}: extension {row.Extension} but expands to {base32.Mnemonic} ({base32.Extension})");
        }
    }

    [Fact]
    public void Rv64_compressed_map_has_every_standard_form()
    {
        string[] expected =
        [
            "c.addi4spn", "c.fld", "c.lw", "c.ld", "c.fsd", "c.sw", "c.sd",
            "c.addi", "c.addiw", "c.li", "c.addi16sp", "c.lui", "c.srli", "c.srai", "c.andi",
            "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw", "c.j", "c.beqz", "c.bnez",
            "c.slli", "c.fldsp", "c.lwsp", "c.ldsp", "c.jr", "c.mv", "c.ebreak", "c.jalr", "c.add",
            "c.fsdsp", "c.swsp", "c.sdsp",
        ];
        Assert.Equal(expected.Order(), CompressedTable.Rows.Select(r => r.Mnemonic).Order());
    }

    [Fact]
    public void Memory_rows_give_their_access_width_and_no_other_row_has_one()
    {
        // From the spec's instruction listings, not from the encodings the table derives the width from.
        var widths = new Dictionary<Op, int>
        {
            [Op.Lb] = 1, [Op.Lbu] = 1, [Op.Sb] = 1, [Op.Lh] = 2, [Op.Lhu] = 2, [Op.Sh] = 2,
            [Op.Lw] = 4, [Op.Lwu] = 4, [Op.Sw] = 4, [Op.Flw] = 4, [Op.Fsw] = 4,
            [Op.Ld] = 8, [Op.Sd] = 8, [Op.Fld] = 8, [Op.Fsd] = 8,
            [Op.Flh] = 2, [Op.Fsh] = 2,
        };
        foreach (var row in InstructionTable.Rows.Where(r => r.Extension == Extension.A))
            widths[row.Op] = row.Mnemonic.EndsWith(".w") ? 4 : 8;
        Assert.Equal(22, widths.Count(w => InstructionTable.Get(w.Key).Extension == Extension.A)); // lr, sc, 9 AMOs; .w and .d
        foreach (var row in InstructionTable.Rows)
            Assert.True(widths.GetValueOrDefault(row.Op) == row.AccessBytes, $"{row.Mnemonic}: {row.AccessBytes} bytes");
    }
}
