using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// What <see cref="BlockIdioms"/> may and may not take for a rotate or a redundant sign extension. The
/// differential tests check that the code emitted for them computes the interpreter's values; these check
/// that the scan finds the idioms compilers write and refuses the near misses.
/// </summary>
public sealed class BlockIdiomsTests
{
    private const int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14;

    private static BlockIdioms Scan(params uint[] words) =>
        BlockIdioms.Scan(words.Select(w => Decoder.Decode(w)).ToList());

    [Fact]
    public void Finds_a_32_bit_rotate_written_as_two_shifts_and_an_or()
    {
        // gcc's rotl32(x, 7) on rv64gc: the shifts interleaved with another rotate's, the source overwritten after.
        var idioms = Scan(
            Encoder.Encode(Op.Slliw, rd: A1, rs1: A0, imm: 7),
            Encoder.Encode(Op.Slliw, rd: A3, rs1: A2, imm: 12),
            Encoder.Encode(Op.Srliw, rd: A0, rs1: A0, imm: 25),
            Encoder.Encode(Op.Srliw, rd: A2, rs1: A2, imm: 20),
            Encoder.Encode(Op.Or, rd: A4, rs1: A1, rs2: A0),
            Encoder.Encode(Op.Or, rd: A2, rs1: A2, rs2: A3));
        Assert.Equal(new BlockIdioms.Rotate(0, A0, 7, Word: true), idioms.RotateAt(4));
        Assert.Equal(new BlockIdioms.Rotate(1, A2, 12, Word: true), idioms.RotateAt(5));
        Assert.Equal([idioms.RotateAt(4)!], idioms.CapturesAt(0));
    }

    [Fact]
    public void Finds_a_64_bit_rotate_combined_by_xor_or_add()
    {
        foreach (Op combine in new[] { Op.Xor, Op.Add })
        {
            var idioms = Scan(
                Encoder.Encode(Op.Srli, rd: A1, rs1: A0, imm: 13),
                Encoder.Encode(Op.Slli, rd: A2, rs1: A0, imm: 51),
                Encoder.Encode(combine, rd: A3, rs1: A1, rs2: A2));
            Assert.Equal(new BlockIdioms.Rotate(0, A0, 51, Word: false), idioms.RotateAt(2));
        }
    }

    [Fact]
    public void Refuses_near_misses()
    {
        // Amounts that do not add up to the width.
        Assert.Null(Scan(
            Encoder.Encode(Op.Slliw, rd: A1, rs1: A0, imm: 7),
            Encoder.Encode(Op.Srliw, rd: A2, rs1: A0, imm: 24),
            Encoder.Encode(Op.Or, rd: A3, rs1: A1, rs2: A2)).RotateAt(2));
        // The source changes between the shifts (here the first shift writes it).
        Assert.Null(Scan(
            Encoder.Encode(Op.Slliw, rd: A0, rs1: A0, imm: 7),
            Encoder.Encode(Op.Srliw, rd: A2, rs1: A0, imm: 25),
            Encoder.Encode(Op.Or, rd: A3, rs1: A0, rs2: A2)).RotateAt(2));
        // A shifted part overwritten before the or.
        Assert.Null(Scan(
            Encoder.Encode(Op.Slliw, rd: A1, rs1: A0, imm: 7),
            Encoder.Encode(Op.Srliw, rd: A2, rs1: A0, imm: 25),
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: 1),
            Encoder.Encode(Op.Or, rd: A3, rs1: A1, rs2: A2)).RotateAt(3));
        // An arithmetic right shift, and addw over 64-bit shifts (it would keep only the low word).
        Assert.Null(Scan(
            Encoder.Encode(Op.Slliw, rd: A1, rs1: A0, imm: 7),
            Encoder.Encode(Op.Sraiw, rd: A2, rs1: A0, imm: 25),
            Encoder.Encode(Op.Or, rd: A3, rs1: A1, rs2: A2)).RotateAt(2));
        Assert.Null(Scan(
            Encoder.Encode(Op.Slli, rd: A1, rs1: A0, imm: 7),
            Encoder.Encode(Op.Srli, rd: A2, rs1: A0, imm: 57),
            Encoder.Encode(Op.Addw, rd: A3, rs1: A1, rs2: A2)).RotateAt(2));
    }

    [Fact]
    public void A_sext_w_is_redundant_only_after_a_value_known_to_be_sign_extended()
    {
        var idioms = Scan(
            Encoder.Encode(Op.Addw, rd: A0, rs1: A1, rs2: A2),   // 0: sign-extended
            Encoder.Encode(Op.Addiw, rd: A3, rs1: A0, imm: 0),   // 1: redundant
            Encoder.Encode(Op.Add, rd: A0, rs1: A0, rs2: A1),    // 2: a 64-bit sum: not known
            Encoder.Encode(Op.Addiw, rd: A3, rs1: A0, imm: 0),   // 3: needed
            Encoder.Encode(Op.Lw, rd: A1, rs1: A2, imm: 0),      // 4: sign-extended
            Encoder.Encode(Op.Lwu, rd: A2, rs1: A2, imm: 0),     // 5: zero-extended: not known
            Encoder.Encode(Op.Xor, rd: A4, rs1: A1, rs2: A3),    // 6: both known: known
            Encoder.Encode(Op.Addiw, rd: A0, rs1: A4, imm: 0),   // 7: redundant
            Encoder.Encode(Op.Or, rd: A4, rs1: A1, rs2: A2),     // 8: one unknown: not known
            Encoder.Encode(Op.Addiw, rd: A0, rs1: A4, imm: 0),   // 9: needed
            Encoder.Encode(Op.Addiw, rd: A0, rs1: A1, imm: 1));  // 10: not a sext.w
        Assert.Equal([1, 7], Enumerable.Range(0, 11).Where(idioms.IsRedundantSext));
    }

    [Fact]
    public void Nothing_is_known_at_the_block_entry()
    {
        // Registers come from other blocks (or the dispatcher): a sext.w of one is always emitted.
        Assert.False(Scan(Encoder.Encode(Op.Addiw, rd: A0, rs1: A1, imm: 0)).IsRedundantSext(0));
    }

    [Fact]
    public void Accesses_through_one_base_share_a_probe_of_the_store_view_when_one_stores()
    {
        const int Sp = 2;
        var idioms = Scan(
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: A0, imm: 24),   // 0: stores and loads through sp: one group
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: A1, imm: 16),   // 1
            Encoder.Encode(Op.Ld, rd: A2, rs1: Sp, imm: 8),     // 2
            Encoder.Encode(Op.Sw, rs1: Sp, rs2: A2, imm: 4),    // 3
            Encoder.Encode(Op.Ld, rd: A3, rs1: Sp, imm: 0),     // 4
            Encoder.Encode(Op.Lbu, rd: A4, rs1: Sp, imm: 33),   // 5
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: -32), // 6: sp moves by a constant: the group goes on
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: A0, imm: 0),    // 7: offset -32 from sp at the group's start
            Encoder.Encode(Op.Ld, rd: A0, rs1: A0, imm: 0),     // 8: a0's group: this load ends it
            Encoder.Encode(Op.Ld, rd: A1, rs1: A0, imm: 8),     // 9: alone (a0 is new)
            Encoder.Encode(Op.Ld, rd: A2, rs1: A0, imm: 16));   // 10: and only a pair of loads with 9
        var group = idioms.ProbeGroupAt(0);
        Assert.Equal(new BlockIdioms.ProbeGroup(0, Sp, Store: true, Low: -32, Span: 66), group);
        foreach (int k in new[] { 1, 2, 3, 4, 5, 7 }) Assert.Same(group, idioms.ProbeGroupAt(k));
        Assert.Null(idioms.ProbeGroupAt(8));
        Assert.Null(idioms.ProbeGroupAt(9));
        Assert.Null(idioms.ProbeGroupAt(10));
    }

    [Fact]
    public void A_load_and_a_store_of_one_element_share_a_probe_across_the_base_advancing()
    {
        // bench/parallel/pcompute's loop: ld s5, 0(s4); ...; addi s4, s4, 8; sd a4, -8(s4): the same doubleword.
        const int S4 = 20, S5 = 21;
        var idioms = Scan(
            Encoder.Encode(Op.Ld, rd: S5, rs1: S4, imm: 0),
            Encoder.Encode(Op.Xor, rd: A4, rs1: S5, rs2: A0),
            Encoder.Encode(Op.Addi, rd: S4, rs1: S4, imm: 8),
            Encoder.Encode(Op.Sd, rs1: S4, rs2: A4, imm: -8),
            Encoder.Encode(Op.Ld, rd: A1, rs1: A2, imm: 0),     // a pair of loads through a2: no group
            Encoder.Encode(Op.Ld, rd: A3, rs1: A2, imm: 8),
            Encoder.Encode(Op.Lw, rd: A0, rs1: A4, imm: 0),     // a load and a store through a4 that a write between
            Encoder.Encode(Op.Add, rd: A4, rs1: A4, rs2: A0),   // them changes by a register: no group
            Encoder.Encode(Op.Sw, rs1: A4, rs2: A0, imm: 0));
        var pair = idioms.ProbeGroupAt(0);
        Assert.Equal(new BlockIdioms.ProbeGroup(0, S4, Store: true, Low: 0, Span: 8), pair);
        Assert.Same(pair, idioms.ProbeGroupAt(3));
        foreach (int k in new[] { 4, 5, 6, 8 }) Assert.Null(idioms.ProbeGroupAt(k));
    }

    [Fact]
    public void A_remainder_takes_the_quotient_only_while_its_operands_and_the_quotient_are_unchanged()
    {
        var idioms = Scan(
            Encoder.Encode(Op.Div, rd: A2, rs1: A0, rs2: A1),   // 0
            Encoder.Encode(Op.Rem, rd: A3, rs1: A0, rs2: A1),   // 1: takes a2
            Encoder.Encode(Op.Remu, rd: A3, rs1: A0, rs2: A1),  // 2: another kind: no division of its own
            Encoder.Encode(Op.Divu, rd: A4, rs1: A0, rs2: A1),  // 3
            Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: 1),   // 4: the quotient changes
            Encoder.Encode(Op.Remu, rd: A3, rs1: A0, rs2: A1),  // 5: no
            Encoder.Encode(Op.Divw, rd: A0, rs1: A0, rs2: A1),  // 6: the quotient replaces an operand
            Encoder.Encode(Op.Remw, rd: A3, rs1: A0, rs2: A1),  // 7: no
            Encoder.Encode(Op.Divuw, rd: A2, rs1: A3, rs2: A4), // 8
            Encoder.Encode(Op.Addi, rd: A4, rs1: A1, imm: 0),   // 9: an operand changes
            Encoder.Encode(Op.Remuw, rd: A1, rs1: A3, rs2: A4), // 10: no
            Encoder.Encode(Op.Rem, rd: A1, rs1: A1, rs2: A3));  // 11: rem's first: nothing to take
        Assert.Equal(A2, idioms.QuotientFor(1));
        foreach (int k in new[] { 0, 2, 3, 5, 7, 10, 11 }) Assert.Null(idioms.QuotientFor(k));
    }

    [Fact]
    public void A_group_never_spans_more_than_its_window()
    {
        var idioms = Scan(
            Encoder.Encode(Op.Ld, rd: A1, rs1: A0, imm: 0),
            Encoder.Encode(Op.Ld, rd: A2, rs1: A0, imm: 8),
            Encoder.Encode(Op.Ld, rd: A3, rs1: A0, imm: 16),
            Encoder.Encode(Op.Ld, rd: A4, rs1: A0, imm: BlockIdioms.MaxProbeWindow), // too far: starts a new group
            Encoder.Encode(Op.Ld, rd: A1, rs1: A0, imm: BlockIdioms.MaxProbeWindow + 8),
            Encoder.Encode(Op.Ld, rd: A2, rs1: A0, imm: BlockIdioms.MaxProbeWindow + 16));
        Assert.Equal(24, idioms.ProbeGroupAt(0)!.Span);
        Assert.Equal(3, idioms.ProbeGroupAt(4)!.First);
    }
}
