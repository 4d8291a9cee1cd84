namespace RvJit.Runtime.Isa;

/// <summary>
/// How a 32-bit instruction's fields become operands. One value per operand shape; the decoder reads the
/// fields it names and the disassembler prints them in this order. Register classes are part of the shape
/// (x = integer, f = floating point) because the disassembler must print the right register names.
/// </summary>
public enum Operands : byte
{
    /// <summary>No operands (ecall, ebreak, mret, sret, wfi, fence.i).</summary>
    None,
    /// <summary>rd, rs1, rs2 (integer).</summary>
    R,
    /// <summary>rd, rs1 (integer unary, e.g. clz, sext.b).</summary>
    R1,
    /// <summary>rd, rs1, imm[11:0] sign-extended.</summary>
    I,
    /// <summary>rd, rs1, shamt[5:0].</summary>
    Shift64,
    /// <summary>rd, rs1, shamt[4:0] (W forms).</summary>
    Shift32,
    /// <summary>rd, imm(rs1): integer load, and jalr.</summary>
    Load,
    /// <summary>rs2, imm(rs1): integer store (S-type immediate).</summary>
    Store,
    /// <summary>rs1, rs2, pc-relative B-type offset.</summary>
    Branch,
    /// <summary>rd, imm[31:12] (lui, auipc): Imm holds the sign-extended value already shifted left by 12.</summary>
    Upper,
    /// <summary>rd, pc-relative J-type offset.</summary>
    Jump,
    /// <summary>fence: Imm holds fm:pred:succ (bits 31:20).</summary>
    Fence,
    /// <summary>rd, csr, rs1: Imm holds the CSR number.</summary>
    Csr,
    /// <summary>rd, csr, uimm[4:0]: Imm holds the CSR number, Rs1 holds the 5-bit immediate.</summary>
    CsrImm,
    /// <summary>rs1, rs2 (sfence.vma).</summary>
    SfenceVma,
    /// <summary>rd, rs2, (rs1) with aq/rl in Rm (AMOs and sc).</summary>
    Amo,
    /// <summary>rd, (rs1) with aq/rl in Rm (lr).</summary>
    Lr,
    /// <summary>fd, imm(rs1): FP load.</summary>
    FLoad,
    /// <summary>fs2, imm(rs1): FP store (S-type immediate).</summary>
    FStore,
    /// <summary>fd, fs1, fs2, rm.</summary>
    FR,
    /// <summary>fd, fs1, fs2 (no rounding mode: fsgnj, fmin, fmax).</summary>
    FRNoRm,
    /// <summary>fd, fs1, rm (fsqrt, fcvt between FP formats).</summary>
    FR1,
    /// <summary>fd, fs1, fs2, fs3, rm (fused multiply-add family).</summary>
    FR4,
    /// <summary>rd, fs1, fs2 (FP compares).</summary>
    FCmp,
    /// <summary>rd, fs1, rm (FP to integer conversion).</summary>
    FToX,
    /// <summary>rd, fs1 (fmv.x.*, fclass).</summary>
    FToXNoRm,
    /// <summary>fd, rs1, rm (integer to FP conversion).</summary>
    XToF,
    /// <summary>fd, rs1 (fmv.*.x).</summary>
    XToFNoRm,
    /// <summary>(rs1): a cache-block operation on the block holding x[rs1] (cbo.*).</summary>
    Cbo,
}
