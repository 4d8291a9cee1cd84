// Immediate extractors against the spec's bit layouts, written here independently, and real encodings.
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class IsaImmediatesTests
{
    /// <summary>An immediate format as the spec draws it: which instruction bit holds each immediate bit.</summary>
    /// <param name="Bits">(immediate bit, instruction bit) pairs.</param>
    /// <param name="Signed">Whether the highest immediate bit is a sign bit.</param>
    public sealed record Layout(string Name, Func<uint, long> Extract, (int Imm, int Inst)[] Bits, bool Signed)
    {
        public override string ToString() => Name;
    }

    /// <summary>"imm[hi:lo] = inst[hi:lo]" in a compact form: imm bits hi..lo come from inst bits hi..lo.</summary>
    private static IEnumerable<(int, int)> Range(int immHi, int immLo, int instHi) =>
        Enumerable.Range(0, immHi - immLo + 1).Select(i => (immHi - i, instHi - i));

    private static (int, int)[] Bits(params IEnumerable<(int, int)>[] parts) => parts.SelectMany(p => p).ToArray();
    private static IEnumerable<(int, int)> One(int imm, int inst) => [(imm, inst)];

    public static readonly Layout[] Layouts =
    [
        // Base ISA, "Immediate Encoding Variants".
        new("I", r => Immediates.I(r), Bits(Range(11, 0, 31)), true),
        new("S", r => Immediates.S(r), Bits(Range(11, 5, 31), Range(4, 0, 11)), true),
        new("B", r => Immediates.B(r), Bits(One(12, 31), Range(10, 5, 30), Range(4, 1, 11), One(11, 7)), true),
        new("U", r => Immediates.U(r), Bits(Range(31, 12, 31)), true),
        new("J", r => Immediates.J(r), Bits(One(20, 31), Range(10, 1, 30), One(11, 20), Range(19, 12, 19)), true),
        // RVC, from the instruction listings of the C chapter.
        new("CI", c => Immediates.CI(c), Bits(One(5, 12), Range(4, 0, 6)), true),
        new("CShamt", c => Immediates.CShamt(c), Bits(One(5, 12), Range(4, 0, 6)), false),
        new("CLui", c => Immediates.CLui(c), Bits(One(17, 12), Range(16, 12, 6)), true),
        new("CAddi16Sp", c => Immediates.CAddi16Sp(c), Bits(One(9, 12), One(4, 6), One(6, 5), Range(8, 7, 4), One(5, 2)), true),
        new("CAddi4Spn", c => Immediates.CAddi4Spn(c), Bits(Range(5, 4, 12), Range(9, 6, 10), One(2, 6), One(3, 5)), false),
        new("CLoadStoreW", c => Immediates.CLoadStoreW(c), Bits(Range(5, 3, 12), One(2, 6), One(6, 5)), false),
        new("CLoadStoreD", c => Immediates.CLoadStoreD(c), Bits(Range(5, 3, 12), Range(7, 6, 6)), false),
        new("CLwsp", c => Immediates.CLwsp(c), Bits(One(5, 12), Range(4, 2, 6), Range(7, 6, 3)), false),
        new("CLdsp", c => Immediates.CLdsp(c), Bits(One(5, 12), Range(4, 3, 6), Range(8, 6, 4)), false),
        new("CSwsp", c => Immediates.CSwsp(c), Bits(Range(5, 2, 12), Range(7, 6, 8)), false),
        new("CSdsp", c => Immediates.CSdsp(c), Bits(Range(5, 3, 12), Range(8, 6, 9)), false),
        new("CJ", c => Immediates.CJ(c), Bits(One(11, 12), One(4, 11), Range(9, 8, 10), One(10, 8), One(6, 7), One(7, 6),
            Range(3, 1, 5), One(5, 2)), true),
        new("CB", c => Immediates.CB(c), Bits(One(8, 12), Range(4, 3, 11), Range(7, 6, 6), Range(2, 1, 4), One(5, 2)), true),
    ];

    public static TheoryData<Layout> AllLayouts => new(Layouts);

    /// <summary>The value the layout gives for instruction bits <paramref name="inst"/>, computed bit by bit.</summary>
    private static long Expected(Layout layout, uint inst)
    {
        long value = 0;
        foreach (var (imm, bit) in layout.Bits)
            if ((inst >> bit & 1) != 0) value |= 1L << imm;
        int top = layout.Bits.Max(b => b.Imm);
        if (layout.Signed && (value >> top & 1) != 0) value -= 1L << (top + 1);
        return value;
    }

    [Theory]
    [MemberData(nameof(AllLayouts))]
    public void Each_instruction_bit_lands_on_its_immediate_bit(Layout layout)
    {
        int top = layout.Bits.Max(b => b.Imm);
        foreach (var (imm, bit) in layout.Bits)
        {
            long expected = layout.Signed && imm == top ? -(1L << imm) : 1L << imm;
            Assert.Equal(expected, layout.Extract(1u << bit));
        }
    }

    [Theory]
    [MemberData(nameof(AllLayouts))]
    public void Bits_outside_the_field_are_ignored_and_fields_combine(Layout layout)
    {
        uint field = layout.Bits.Aggregate(0u, (m, b) => m | 1u << b.Inst);
        Assert.Equal(0, layout.Extract(~field));
        Assert.Equal(Expected(layout, field), layout.Extract(0xFFFFFFFF));
        var random = new Random(layout.Name.Length * 7919);
        for (int i = 0; i < 2000; i++)
        {
            uint inst = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(Expected(layout, inst), layout.Extract(inst));
        }
    }

    /// <summary>Encodings produced by GNU as for the instruction in the comment (extremes of each format).</summary>
    [Theory]
    [InlineData("I", 0x80058513u, -2048)]   // addi a0,a1,-2048
    [InlineData("I", 0x7ff58513u, 2047)]    // addi a0,a1,2047
    [InlineData("S", 0xfe113c23u, -8)]      // sd ra,-8(sp)
    [InlineData("S", 0x7ef52fa3u, 2047)]    // sw a5,2047(a0)
    [InlineData("B", 0x80b50063u, -4096)]   // beq a0,a1,.-4096
    [InlineData("B", 0x7eb50de3u, 4090)]    // beq a0,a1,.+4090
    [InlineData("U", 0x80000537u, -0x80000000L)] // lui a0,0x80000
    [InlineData("U", 0xfffff537u, -0x1000L)]     // lui a0,0xfffff
    [InlineData("U", 0x12345297u, 0x12345000L)]  // auipc t0,0x12345
    [InlineData("J", 0x800000efu, -0x100000L)]   // jal ra,.-0x100000
    [InlineData("J", 0x7fbff06fu, 0xffffaL)]     // jal zero,.+0xffffa
    [InlineData("CI", 0x1501u, -32)]             // c.addi a0,-32
    [InlineData("CI", 0x47fdu, 31)]              // c.li a5,31
    [InlineData("CI", 0x987du, -1)]              // c.andi s0,-1
    [InlineData("CShamt", 0x157eu, 63)]          // c.slli a0,63
    [InlineData("CShamt", 0x9481u, 32)]          // c.srai s1,32
    [InlineData("CLui", 0x7501u, -0x20000L)]     // c.lui a0,0xfffe0
    [InlineData("CLui", 0x62fdu, 0x1f000L)]      // c.lui t0,0x1f
    [InlineData("CAddi16Sp", 0x7101u, -512)]     // c.addi16sp sp,-512
    [InlineData("CAddi16Sp", 0x617du, 496)]      // c.addi16sp sp,496
    [InlineData("CAddi4Spn", 0x1fe8u, 1020)]     // c.addi4spn a0,sp,1020
    [InlineData("CAddi4Spn", 0x0040u, 4)]        // c.addi4spn s0,sp,4
    [InlineData("CLoadStoreW", 0x5de8u, 124)]    // c.lw a0,124(a1)
    [InlineData("CLoadStoreW", 0xc1e8u, 68)]     // c.sw a0,68(a1)
    [InlineData("CLoadStoreD", 0x7de8u, 248)]    // c.ld a0,248(a1)
    [InlineData("CLoadStoreD", 0xa5c8u, 136)]    // c.fsd fa0,136(a1)
    [InlineData("CLwsp", 0x557eu, 252)]          // c.lwsp a0,252(sp)
    [InlineData("CLdsp", 0x70feu, 504)]          // c.ldsp ra,504(sp)
    [InlineData("CLdsp", 0x2532u, 264)]          // c.fldsp fa0,264(sp)
    [InlineData("CSwsp", 0xdfaau, 252)]          // c.swsp a0,252(sp)
    [InlineData("CSdsp", 0xff86u, 504)]          // c.sdsp ra,504(sp)
    [InlineData("CJ", 0xb001u, -2048)]           // c.j .-2048
    [InlineData("CJ", 0xaff5u, 2044)]            // c.j .+2044
    [InlineData("CB", 0xd101u, -256)]            // c.beqz a0,.-256
    [InlineData("CB", 0xecf5u, 252)]             // c.bnez s1,.+252
    public void Assembler_encodings_give_their_immediates(string format, uint encoding, long expected)
    {
        var layout = Layouts.Single(l => l.Name == format);
        Assert.Equal(expected, layout.Extract(encoding));
        Assert.Equal(expected, Expected(layout, encoding));
    }
}
