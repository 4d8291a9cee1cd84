using System.Runtime.InteropServices;

namespace RvJit.Runtime.Isa;

/// <summary>
/// A decoded instruction: the operation and its fields, with the immediate already extracted and
/// sign-extended. Compressed instructions arrive here expanded (Length = 2), so nothing downstream of the
/// decoder sees RVC. 24 bytes, no references: arrays of these are the interpreter's per-page decode cache.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Instruction
{
    /// <summary>The immediate: I/S/B/U/J value, shift amount, CSR number, or fence bits, per <see cref="Operands"/>.</summary>
    public readonly long Imm;
    /// <summary>The encoding as fetched (16 bits for compressed instructions).</summary>
    public readonly uint Raw;
    public readonly Op Op;
    public readonly byte Rd;
    public readonly byte Rs1;
    public readonly byte Rs2;
    public readonly byte Rs3;
    /// <summary>Rounding mode field (FP), or aq:rl (atomics).</summary>
    public readonly byte Rm;
    /// <summary>2 or 4 bytes.</summary>
    public readonly byte Length;

    public Instruction(Op op, byte rd, byte rs1, byte rs2, byte rs3, byte rm, long imm, uint raw, byte length)
    {
        Op = op; Rd = rd; Rs1 = rs1; Rs2 = rs2; Rs3 = rs3; Rm = rm; Imm = imm; Raw = raw; Length = length;
    }

    public bool IsIllegal => Op == Op.Illegal;
    public bool IsCompressed => Length == 2;

    /// <summary>The illegal instruction for an encoding nothing matches (keeps the raw bits for mtval).</summary>
    public static Instruction IllegalOf(uint raw, byte length) => new(Op.Illegal, 0, 0, 0, 0, 0, 0, raw, length);

    public override string ToString() =>
        Op == Op.Illegal ? $"illegal 0x{Raw:x}" : $"{InstructionTable.Get(Op).Mnemonic} rd={Rd} rs1={Rs1} rs2={Rs2} imm={Imm}";
}
