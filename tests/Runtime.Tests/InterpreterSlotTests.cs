// The interpreter's 16-byte decoded slots keep only what runs read: an illegal-instruction trap's mtval is read
// again from the page (or from the scratch run of a single step), and the FP-only rs3/rm share bytes with the
// resolved jump target. These check that nothing dropped from the slot is lost.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public unsafe class InterpreterSlotTests
{
    private const ulong Code = HartHarness.RamBase, Handler = HartHarness.RamBase + 0x2000;
    private const int A0 = 10, T0 = 5;

    [Fact]
    public void An_illegal_instruction_traps_with_its_32_bit_encoding()
    {
        using var h = HartWithFpOff();
        uint faddD = Encoder.Encode(Op.FaddD, rd: 1, rs1: 2, rs2: 3, rm: 7); // decodes, but FS is off: illegal
        WriteWords(h, Code, Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1), faddD);

        new Interpreter.Interpreter(h.Hart).Run(h.Hart, 10);

        AssertIllegalAt(h, Code + 4, faddD);
        Assert.Equal(1UL, h.Hart.GetX(A0));
    }

    [Fact]
    public void A_compressed_illegal_instruction_traps_with_its_16_bit_parcel()
    {
        using var h = HartWithFpOff();
        const ushort cFld = 0x2004; // c.fld f9, 0(s0): FS is off
        WriteWords(h, Code, Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1));
        BitConverter.GetBytes(cFld).CopyTo(h.Ram.Span(Code + 4, 2));
        h.Ram.NoteStore(Code + 4, 2);

        new Interpreter.Interpreter(h.Hart).Run(h.Hart, 10);

        AssertIllegalAt(h, Code + 4, cFld);
    }

    [Fact]
    public void A_single_step_onto_an_illegal_instruction_traps_with_its_encoding()
    {
        using var h = HartWithFpOff();
        uint fmulS = Encoder.Encode(Op.FmulS, rd: 4, rs1: 5, rs2: 6, rm: 0);
        WriteWords(h, Code, fmulS);
        var interpreter = new Interpreter.Interpreter(h.Hart);

        interpreter.Step(h.Hart);

        AssertIllegalAt(h, Code, fmulS);
    }

    [Fact]
    public void A_fused_multiply_add_at_a_loop_head_keeps_rs3_and_its_rounding_mode()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Mstatus, 1UL << 13); // FS = initial
        h.Hart.State->F[1] = BitConverter.DoubleToUInt64Bits(2.0);
        h.Hart.State->F[2] = BitConverter.DoubleToUInt64Bits(3.0);
        h.Hart.State->F[3] = BitConverter.DoubleToUInt64Bits(1.0);
        h.Hart.SetX(T0, 3);
        WriteWords(h, Code,
            Encoder.Encode(Op.FmaddD, rd: 3, rs1: 1, rs2: 2, rs3: 3, rm: 0),  // f3 = f1 * f2 + f3, round to nearest
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, imm: -8),                         // back to the fmadd: a run head, resolved once
            Encoder.Encode(Op.Jal, imm: 0));
        h.Hart.Pc = Code;

        new Interpreter.Interpreter(h.Hart).Run(h.Hart, 100);

        Assert.Equal(19.0, BitConverter.UInt64BitsToDouble(h.Hart.State->F[3]));
        Assert.Equal(Code + 12, h.Hart.Pc);
    }

    private static HartHarness HartWithFpOff()
    {
        var h = new HartHarness();
        h.Write(CsrNumber.Mtvec, Handler);
        h.Write(CsrNumber.Mstatus, 0); // FS = off
        WriteWords(h, Handler, Encoder.Encode(Op.Jal, imm: 0));
        h.Hart.Pc = Code;
        return h;
    }

    private static void AssertIllegalAt(HartHarness h, ulong pc, uint encoding)
    {
        Assert.Equal((ulong)ExceptionCause.IllegalInstruction, h.Read(CsrNumber.Mcause));
        Assert.Equal(pc, h.Read(CsrNumber.Mepc));
        Assert.Equal(encoding, h.Read(CsrNumber.Mtval));
    }

    private static void WriteWords(HartHarness h, ulong pa, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++) BitConverter.GetBytes(words[i]).CopyTo(h.Ram.Span(pa + (ulong)(4 * i), 4));
        h.Ram.NoteStore(pa, (ulong)(4 * words.Length));
    }
}
