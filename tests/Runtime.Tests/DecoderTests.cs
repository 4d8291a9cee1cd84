// The decoder: every row's fields, every compressed parcel's expansion, and the encodings that must be illegal.
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class DecoderTests
{
    private static long ExpectedImm(Operands shape, uint raw)
    {
        IsaImmediatesTests.Layout Layout(string name) => IsaImmediatesTests.Layouts.Single(l => l.Name == name);
        long Spec(string name)
        {
            var layout = Layout(name);
            long value = 0;
            foreach (var (imm, bit) in layout.Bits)
                if ((raw >> bit & 1) != 0) value |= 1L << imm;
            int top = layout.Bits.Max(b => b.Imm);
            return (value >> top & 1) != 0 ? value - (1L << (top + 1)) : value;
        }
        return shape switch
        {
            Operands.I or Operands.Load or Operands.FLoad => Spec("I"),
            Operands.Store or Operands.FStore => Spec("S"),
            Operands.Branch => Spec("B"),
            Operands.Upper => Spec("U"),
            Operands.Jump => Spec("J"),
            Operands.Shift64 => (raw >> 20) & 63,
            Operands.Shift32 => (raw >> 20) & 31,
            Operands.Csr or Operands.CsrImm or Operands.Fence => raw >> 20,
            _ => 0,
        };
    }

    /// <summary>For every row, 64 encodings with distinct register fields and random operand bits decode to
    /// that row with the fields the spec places there.</summary>
    [Fact]
    public void Every_row_decodes_its_encodings_with_their_fields()
    {
        var random = new Random(11);
        foreach (var row in InstructionTable.Rows)
        {
            for (int i = 0; i < 64; i++)
            {
                uint raw = i == 0
                    ? row.Match | (~row.Mask & (5u << 7 | 6u << 15 | 7u << 20 | 9u << 27)) // rd 5, rs1 6, rs2 7, rs3 9
                    : DisassemblerObjdumpTests.RandomFilling(row, random);
                var ins = Decoder.Decode(raw);
                if (IsaTableTests.DeliberateOverlaps.Contains((ins.Op, row.Op))) continue; // the specific row wins
                Assert.True(row.Op == ins.Op, $"{raw:x8} decodes to {ins.Op}, expected {row.Op}");
                Assert.Same(row, Decoder.Find32(raw));
                Assert.Equal(4, ins.Length);
                Assert.Equal(raw, ins.Raw);
                Assert.Equal((byte)((raw >> 7) & 31), ins.Rd);
                Assert.Equal((byte)((raw >> 15) & 31), ins.Rs1);
                Assert.Equal((byte)((raw >> 20) & 31), ins.Rs2);
                Assert.Equal((byte)(raw >> 27), ins.Rs3);
                byte rm = row.Operands is Operands.Amo or Operands.Lr ? (byte)((raw >> 25) & 3) : (byte)((raw >> 12) & 7);
                Assert.Equal(rm, ins.Rm);
                Assert.Equal(ExpectedImm(row.Operands, raw), ins.Imm);
                if (i == 0)
                {
                    // The distinct register numbers come back in the fields the shape uses.
                    var use = OperandUse.Of(row.Operands);
                    if ((use & (RegisterUse.IntRd | RegisterUse.FpRd)) != 0) Assert.Equal(5, ins.Rd);
                    if ((use & (RegisterUse.IntRs1 | RegisterUse.FpRs1)) != 0 && row.Operands != Operands.CsrImm) Assert.Equal(6, ins.Rs1);
                    if ((use & (RegisterUse.IntRs2 | RegisterUse.FpRs2)) != 0) Assert.Equal(7, ins.Rs2);
                    if ((use & RegisterUse.FpRs3) != 0) Assert.Equal(9, ins.Rs3);
                }
            }
        }
    }

    /// <summary>A legal compressed parcel decodes to exactly what its 32-bit expansion decodes to.</summary>
    [Fact]
    public void Every_legal_compressed_parcel_equals_its_32_bit_expansion()
    {
        int legal = 0;
        for (uint parcel = 0; parcel < 65536; parcel++)
        {
            if ((parcel & 3) == 3) continue;
            var ins = Decoder.Decode(parcel | 0xABCD0000); // the upper half is not part of a compressed instruction
            Assert.Equal(2, ins.Length);
            Assert.Equal(parcel, ins.Raw);
            if (ins.IsIllegal) continue;
            legal++;
            var row = Decoder.FindCompressed(parcel)!;
            Assert.Equal(row.Expansion, ins.Op);
            uint word = Encoder.Encode(ins.Op, ins.Rd, ins.Rs1, ins.Rs2, ins.Imm, ins.Rs3, ins.Rm);
            var expanded = Decoder.Decode32(word);
            // Register fields a shape does not use hold other bits in a 32-bit encoding; compare the used ones.
            var use = OperandUse.Of(ins.Op);
            bool Same(RegisterUse roles, byte a, byte b) => (use & roles) == 0 || a == b;
            Assert.True(expanded.Op == ins.Op && expanded.Imm == ins.Imm
                        && Same(RegisterUse.IntRd | RegisterUse.FpRd, expanded.Rd, ins.Rd)
                        && Same(RegisterUse.IntRs1 | RegisterUse.FpRs1, expanded.Rs1, ins.Rs1)
                        && Same(RegisterUse.IntRs2 | RegisterUse.FpRs2, expanded.Rs2, ins.Rs2),
                $"{parcel:x4} ({row.Mnemonic}) -> {ins} but its expansion {word:x8} decodes to {expanded}");
        }
        Assert.Equal(49152 - 2409, legal);
    }

    /// <summary>Compressed parcels are expanded one at a time on first use: threads that decode the same parcels
    /// at once, each in its own order, all see the expansion the table gives (an expansion is published by its flag
    /// only once written).</summary>
    [Fact]
    public void Compressed_parcels_decoded_by_racing_threads_equal_their_table_expansion()
    {
        static Instruction Reference(uint parcel) => Decoder.FindCompressed(parcel) is { } row
            ? Decoder.Expand(row, parcel) : Instruction.IllegalOf(parcel, 2);
        const int threads = 4;
        var mismatches = new int[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            // Thread t walks the parcels with stride 2t+1 (odd, so it visits each parcel once) from its own start.
            uint stride = (uint)(2 * t + 1), parcel = (uint)(t * 12345);
            for (int n = 0; n < 65536; n++, parcel = (parcel + stride) & 0xFFFF)
            {
                if ((parcel & 3) == 3) continue;
                var got = Decoder.Decode(parcel);
                var want = Reference(parcel);
                if (got.Op != want.Op || got.Rd != want.Rd || got.Rs1 != want.Rs1 || got.Rs2 != want.Rs2
                    || got.Imm != want.Imm || got.Raw != want.Raw || got.Length != want.Length)
                    mismatches[t]++;
            }
        });
        Assert.Equal(new int[threads], mismatches);
    }

    /// <summary>The reserved RV64C encodings, by rule: each is illegal and nothing else in the compressed space is.</summary>
    [Fact]
    public void Reserved_compressed_encodings_are_exactly_the_illegal_parcels()
    {
        static bool Reserved(uint c)
        {
            uint quadrant = c & 3, funct3 = c >> 13, rd = (c >> 7) & 31, rs2 = (c >> 2) & 31;
            bool bit12 = (c & 0x1000) != 0;
            return (quadrant, funct3) switch
            {
                (0, 0) => ((c >> 5) & 0xFF) == 0,                         // c.addi4spn, nzuimm = 0 (includes 0x0000)
                (0, 4) => true,                                           // reserved funct3
                (1, 1) => rd == 0,                                        // c.addiw rd = 0
                (1, 3) => !bit12 && rs2 == 0,                             // c.addi16sp / c.lui with a zero immediate
                (1, 4) => bit12 && ((c >> 10) & 3) == 3 && ((c >> 5) & 3) >= 2, // reserved c.subw/c.addw slots
                (2, 2) or (2, 3) => rd == 0,                              // c.lwsp / c.ldsp rd = 0
                (2, 4) => !bit12 && rd == 0 && rs2 == 0,                  // c.jr rs1 = 0
                _ => false,
            };
        }
        var mismatched = new List<string>();
        int reserved = 0;
        for (uint c = 0; c < 65536; c++)
        {
            if ((c & 3) == 3) continue;
            bool expected = Reserved(c);
            if (expected) reserved++;
            if (expected != Decoder.Decode(c).IsIllegal) mismatched.Add($"{c:x4}");
        }
        Assert.Empty(mismatched);
        Assert.Equal(2409, reserved);
    }

    [Theory]
    [InlineData(0x00000000u, 2)] // all zeros: c.addi4spn with a zero immediate (defined illegal)
    [InlineData(0xFFFFFFFFu, 4)] // all ones: no 32-bit row
    [InlineData(0x0004u, 2)]     // c.addi4spn s1,sp,0
    [InlineData(0x4002u, 2)]     // c.lwsp x0
    [InlineData(0x6002u, 2)]     // c.ldsp x0
    [InlineData(0x8002u, 2)]     // c.jr x0
    [InlineData(0x6281u, 2)]     // c.lui t0,0
    [InlineData(0x6101u, 2)]     // c.addi16sp sp,0
    [InlineData(0x2001u, 2)]     // c.addiw x0,0
    [InlineData(0x2005u, 2)]     // c.addiw x0,1
    [InlineData(0x9C41u, 2)]     // quadrant 1, funct6 100111, funct2 10: reserved
    [InlineData(0x8000u, 2)]     // quadrant 0, funct3 100: reserved
    [InlineData(0x0000001Fu, 4)] // 48-bit instruction prefix
    [InlineData(0x0000003Fu, 4)] // 64-bit instruction prefix
    [InlineData(0xFE000033u, 4)] // OP with funct7 1111111
    [InlineData(0xFC001013u, 4)] // OP-IMM shift with funct6 111111
    [InlineData(0x0000000Bu, 4)] // custom-0
    [InlineData(0x06000053u, 4)] // fadd.q: fmt 11 (no Q extension)
    [InlineData(0x0030200Fu, 4)] // MISC-MEM funct3 010 with a funct12 that is no cbo.*
    [InlineData(0x0040208Fu, 4)] // cbo.zero with rd != 0
    [InlineData(0x00008073u, 4)] // ecall with rs1 != 0
    [InlineData(0x30500073u, 4)] // SYSTEM funct12 0x305 (not a defined xRET)
    [InlineData(0x00007003u, 4)] // LOAD funct3 111
    [InlineData(0x00004023u, 4)] // STORE funct3 100
    [InlineData(0x00002063u, 4)] // BRANCH funct3 010
    [InlineData(0x00001067u, 4)] // JALR funct3 001
    [InlineData(0x2800202Fu, 4)] // AMO funct5 00101
    [InlineData(0x1010202Fu, 4)] // lr.w with rs2 != 0
    [InlineData(0xE0002053u, 4)] // funct7 1110000 with funct3 010 (fmv.x.w is 000, fclass.s 001)
    [InlineData(0xE0100053u, 4)] // fmv.x.w with rs2 != 0
    [InlineData(0x5810F053u, 4)] // fsqrt.s with rs2 != 0
    public void Illegal_encodings_decode_as_illegal(uint raw, int length)
    {
        var ins = Decoder.Decode(raw);
        Assert.True(ins.IsIllegal, $"{raw:x8} decoded as {ins}");
        Assert.Equal(length, ins.Length);
        Assert.Equal(length == 2 ? raw & 0xFFFF : raw, ins.Raw);
        if (length == 4) Assert.Null(Decoder.Find32(raw));
    }

    [Fact]
    public void Length_is_read_from_the_low_two_bits()
    {
        Assert.Equal(2, Decoder.LengthOf(0x0000));
        Assert.Equal(2, Decoder.LengthOf(0x0001));
        Assert.Equal(2, Decoder.LengthOf(0x0002));
        Assert.Equal(4, Decoder.LengthOf(0x0003));
        Assert.Equal(4, Decoder.LengthOf(0xFFFF));
    }

    /// <summary>The values that hide in fixed-looking fields: fence's fm:pred:succ, the CSR number, aq/rl.</summary>
    [Fact]
    public void Special_fields_are_extracted()
    {
        var fenceTso = Decoder.Decode(0x8330000F);
        Assert.Equal(Op.Fence, fenceTso.Op);
        Assert.Equal(0x833, fenceTso.Imm);

        var csrr = Decoder.Decode(0xF1402573); // csrr a0,mhartid
        Assert.Equal(Op.Csrrs, csrr.Op);
        Assert.Equal(0xF14, csrr.Imm);
        Assert.Equal(10, csrr.Rd);

        var amo = Decoder.Decode(0x1CE426AF); // sc.w.aq a3,a4,(s0)
        Assert.Equal(Op.ScW, amo.Op);
        Assert.Equal(2, amo.Rm);
        Assert.Equal((13, 8, 14), (amo.Rd, amo.Rs1, amo.Rs2));

        var fma = Decoder.Decode(0x022501C3); // fmadd.d ft3,fa0,ft2,ft0,rne
        Assert.Equal(Op.FmaddD, fma.Op);
        Assert.Equal((3, 10, 2, 0, 0), (fma.Rd, fma.Rs1, fma.Rs2, fma.Rs3, fma.Rm));

        var lui = Decoder.Decode(0x0006E717); // auipc a4,0x6e
        Assert.Equal(Op.Auipc, lui.Op);
        Assert.Equal(0x6E000, lui.Imm);
    }
}
