namespace RvJit.Runtime.Isa;

/// <summary>
/// Encodes instructions from the same table the decoder reads: the row's fixed bits plus the operand
/// fields its <see cref="Operands"/> shape names. Used wherever rvjit writes guest code itself (the
/// kernel's signal trampoline, benchmarks, tests) and checked by round-trip tests against the decoder.
/// </summary>
public static class Encoder
{
    /// <summary>Encodes a 32-bit instruction. <paramref name="imm"/> is the byte offset for branches/jumps,
    /// the full value (low 12 bits zero) for lui/auipc, the CSR number for CSR instructions, the shift amount
    /// for shifts, fm:pred:succ for fence. <paramref name="rm"/> is the rounding mode (FP) or aq:rl (atomics).</summary>
    public static uint Encode(Op op, int rd = 0, int rs1 = 0, int rs2 = 0, long imm = 0, int rs3 = 0, int rm = 0)
    {
        var def = InstructionTable.Get(op);
        uint raw = def.Match;
        uint Field(int value, int shift, int bits) => ((uint)value & ((1u << bits) - 1)) << shift;
        uint free = ~def.Mask;
        raw |= Field(rd, 7, 5) & free;
        raw |= Field(rs1, 15, 5) & free;
        raw |= Field(rs2, 20, 5) & free;
        raw |= Field(rs3, 27, 5) & free;
        switch (def.Operands)
        {
            case Operands.Amo: case Operands.Lr:
                raw |= Field(rm, 25, 2) & free;
                break;
            default:
                raw |= Field(rm, 12, 3) & free;
                break;
        }
        uint u = (uint)imm;
        switch (def.Operands)
        {
            case Operands.I: case Operands.Load: case Operands.FLoad: case Operands.Csr: case Operands.CsrImm: case Operands.Fence:
                raw |= (u & 0xFFF) << 20;
                break;
            case Operands.Store: case Operands.FStore:
                raw |= ((u >> 5) & 0x7F) << 25 | (u & 0x1F) << 7;
                break;
            case Operands.Branch:
                raw |= ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3F) << 25 | ((u >> 1) & 0xF) << 8 | ((u >> 11) & 1) << 7;
                break;
            case Operands.Upper:
                raw |= u & 0xFFFFF000;
                break;
            case Operands.Jump:
                raw |= ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3FF) << 21 | ((u >> 11) & 1) << 20 | ((u >> 12) & 0xFF) << 12;
                break;
            case Operands.Shift64:
                raw |= (u & 63) << 20;
                break;
            case Operands.Shift32:
                raw |= (u & 31) << 20;
                break;
        }
        return raw;
    }
}
