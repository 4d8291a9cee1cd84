namespace RvJit.Runtime.Isa;

using static Extension;
using O = Operands;

/// <summary>
/// The ISA, written once as data: one row per 32-bit instruction of RV64GC, Zicsr, Zifencei, Zba, Zbb, Zbs,
/// Zbc, Zbkb, Zbkx, Zicond, Zihintpause, Zfh/Zfhmin, Zicbom, Zicboz and the privileged instructions. Patterns read
/// like the spec's encoding tables (msb first, '.' marks an
/// operand bit). Compressed instructions are in <see cref="CompressedTable"/> and expand to these rows.
/// </summary>
public static class InstructionTable
{
    /// <summary>All rows in <see cref="Op"/> order (row i has Op == (Op)(i + 1); Op.Illegal has no row).</summary>
    public static IReadOnlyList<InstructionDef> Rows => rows;

    /// <summary>The row of an operation; Op.Illegal has none.</summary>
    public static InstructionDef Get(Op op) => rows[(int)op - 1];

    private static readonly InstructionDef[] rows = Build();

    private static InstructionDef[] Build()
    {
        var list = new List<InstructionDef>();
        void Add(Op op, string mnemonic, string pattern, Operands operands, Extension ext, Extension? alsoIn = null) =>
            list.Add(new InstructionDef(op, mnemonic, pattern, operands, ext, alsoIn));

        // ---- RV64I: base integer -------------------------------------------------------------------------
        //                          imm / funct7   rs2   rs1   f3  rd    opcode
        Add(Op.Lui,    "lui",    "................... . ..... 0110111", O.Upper, I);
        Add(Op.Auipc,  "auipc",  "................... . ..... 0010111", O.Upper, I);
        Add(Op.Jal,    "jal",    "................... . ..... 1101111", O.Jump, I);
        Add(Op.Jalr,   "jalr",   "............ ..... 000 ..... 1100111", O.Load, I);
        Add(Op.Beq,    "beq",    "....... ..... ..... 000 ..... 1100011", O.Branch, I);
        Add(Op.Bne,    "bne",    "....... ..... ..... 001 ..... 1100011", O.Branch, I);
        Add(Op.Blt,    "blt",    "....... ..... ..... 100 ..... 1100011", O.Branch, I);
        Add(Op.Bge,    "bge",    "....... ..... ..... 101 ..... 1100011", O.Branch, I);
        Add(Op.Bltu,   "bltu",   "....... ..... ..... 110 ..... 1100011", O.Branch, I);
        Add(Op.Bgeu,   "bgeu",   "....... ..... ..... 111 ..... 1100011", O.Branch, I);
        Add(Op.Lb,     "lb",     "............ ..... 000 ..... 0000011", O.Load, I);
        Add(Op.Lh,     "lh",     "............ ..... 001 ..... 0000011", O.Load, I);
        Add(Op.Lw,     "lw",     "............ ..... 010 ..... 0000011", O.Load, I);
        Add(Op.Ld,     "ld",     "............ ..... 011 ..... 0000011", O.Load, I);
        Add(Op.Lbu,    "lbu",    "............ ..... 100 ..... 0000011", O.Load, I);
        Add(Op.Lhu,    "lhu",    "............ ..... 101 ..... 0000011", O.Load, I);
        Add(Op.Lwu,    "lwu",    "............ ..... 110 ..... 0000011", O.Load, I);
        Add(Op.Sb,     "sb",     "....... ..... ..... 000 ..... 0100011", O.Store, I);
        Add(Op.Sh,     "sh",     "....... ..... ..... 001 ..... 0100011", O.Store, I);
        Add(Op.Sw,     "sw",     "....... ..... ..... 010 ..... 0100011", O.Store, I);
        Add(Op.Sd,     "sd",     "....... ..... ..... 011 ..... 0100011", O.Store, I);
        Add(Op.Addi,   "addi",   "............ ..... 000 ..... 0010011", O.I, I);
        Add(Op.Slti,   "slti",   "............ ..... 010 ..... 0010011", O.I, I);
        Add(Op.Sltiu,  "sltiu",  "............ ..... 011 ..... 0010011", O.I, I);
        Add(Op.Xori,   "xori",   "............ ..... 100 ..... 0010011", O.I, I);
        Add(Op.Ori,    "ori",    "............ ..... 110 ..... 0010011", O.I, I);
        Add(Op.Andi,   "andi",   "............ ..... 111 ..... 0010011", O.I, I);
        Add(Op.Slli,   "slli",   "000000 ...... ..... 001 ..... 0010011", O.Shift64, I);
        Add(Op.Srli,   "srli",   "000000 ...... ..... 101 ..... 0010011", O.Shift64, I);
        Add(Op.Srai,   "srai",   "010000 ...... ..... 101 ..... 0010011", O.Shift64, I);
        Add(Op.Add,    "add",    "0000000 ..... ..... 000 ..... 0110011", O.R, I);
        Add(Op.Sub,    "sub",    "0100000 ..... ..... 000 ..... 0110011", O.R, I);
        Add(Op.Sll,    "sll",    "0000000 ..... ..... 001 ..... 0110011", O.R, I);
        Add(Op.Slt,    "slt",    "0000000 ..... ..... 010 ..... 0110011", O.R, I);
        Add(Op.Sltu,   "sltu",   "0000000 ..... ..... 011 ..... 0110011", O.R, I);
        Add(Op.Xor,    "xor",    "0000000 ..... ..... 100 ..... 0110011", O.R, I);
        Add(Op.Srl,    "srl",    "0000000 ..... ..... 101 ..... 0110011", O.R, I);
        Add(Op.Sra,    "sra",    "0100000 ..... ..... 101 ..... 0110011", O.R, I);
        Add(Op.Or,     "or",     "0000000 ..... ..... 110 ..... 0110011", O.R, I);
        Add(Op.And,    "and",    "0000000 ..... ..... 111 ..... 0110011", O.R, I);
        Add(Op.Addiw,  "addiw",  "............ ..... 000 ..... 0011011", O.I, I);
        Add(Op.Slliw,  "slliw",  "0000000 ..... ..... 001 ..... 0011011", O.Shift32, I);
        Add(Op.Srliw,  "srliw",  "0000000 ..... ..... 101 ..... 0011011", O.Shift32, I);
        Add(Op.Sraiw,  "sraiw",  "0100000 ..... ..... 101 ..... 0011011", O.Shift32, I);
        Add(Op.Addw,   "addw",   "0000000 ..... ..... 000 ..... 0111011", O.R, I);
        Add(Op.Subw,   "subw",   "0100000 ..... ..... 000 ..... 0111011", O.R, I);
        Add(Op.Sllw,   "sllw",   "0000000 ..... ..... 001 ..... 0111011", O.R, I);
        Add(Op.Srlw,   "srlw",   "0000000 ..... ..... 101 ..... 0111011", O.R, I);
        Add(Op.Sraw,   "sraw",   "0100000 ..... ..... 101 ..... 0111011", O.R, I);
        // fence: fm, pred, succ in bits 31:20; rs1/rd are reserved and ignored (pause and fence.tso are fences).
        Add(Op.Fence,  "fence",  "............ ..... 000 ..... 0001111", O.Fence, I);
        Add(Op.Ecall,  "ecall",  "000000000000 00000 000 00000 1110011", O.None, I);
        Add(Op.Ebreak, "ebreak", "000000000001 00000 000 00000 1110011", O.None, I);

        // ---- Zifencei ------------------------------------------------------------------------------------
        Add(Op.FenceI, "fence.i", "............ ..... 001 ..... 0001111", O.None, Zifencei);

        // ---- Zicsr ---------------------------------------------------------------------------------------
        Add(Op.Csrrw,  "csrrw",  "............ ..... 001 ..... 1110011", O.Csr, Zicsr);
        Add(Op.Csrrs,  "csrrs",  "............ ..... 010 ..... 1110011", O.Csr, Zicsr);
        Add(Op.Csrrc,  "csrrc",  "............ ..... 011 ..... 1110011", O.Csr, Zicsr);
        Add(Op.Csrrwi, "csrrwi", "............ ..... 101 ..... 1110011", O.CsrImm, Zicsr);
        Add(Op.Csrrsi, "csrrsi", "............ ..... 110 ..... 1110011", O.CsrImm, Zicsr);
        Add(Op.Csrrci, "csrrci", "............ ..... 111 ..... 1110011", O.CsrImm, Zicsr);

        // ---- Privileged ----------------------------------------------------------------------------------
        Add(Op.Sret,      "sret",       "0001000 00010 00000 000 00000 1110011", O.None, Priv);
        Add(Op.Mret,      "mret",       "0011000 00010 00000 000 00000 1110011", O.None, Priv);
        Add(Op.Wfi,       "wfi",        "0001000 00101 00000 000 00000 1110011", O.None, Priv);
        Add(Op.SfenceVma, "sfence.vma", "0001001 ..... ..... 000 00000 1110011", O.SfenceVma, Priv);

        // ---- M: multiply and divide ----------------------------------------------------------------------
        Add(Op.Mul,    "mul",    "0000001 ..... ..... 000 ..... 0110011", O.R, M);
        Add(Op.Mulh,   "mulh",   "0000001 ..... ..... 001 ..... 0110011", O.R, M);
        Add(Op.Mulhsu, "mulhsu", "0000001 ..... ..... 010 ..... 0110011", O.R, M);
        Add(Op.Mulhu,  "mulhu",  "0000001 ..... ..... 011 ..... 0110011", O.R, M);
        Add(Op.Div,    "div",    "0000001 ..... ..... 100 ..... 0110011", O.R, M);
        Add(Op.Divu,   "divu",   "0000001 ..... ..... 101 ..... 0110011", O.R, M);
        Add(Op.Rem,    "rem",    "0000001 ..... ..... 110 ..... 0110011", O.R, M);
        Add(Op.Remu,   "remu",   "0000001 ..... ..... 111 ..... 0110011", O.R, M);
        Add(Op.Mulw,   "mulw",   "0000001 ..... ..... 000 ..... 0111011", O.R, M);
        Add(Op.Divw,   "divw",   "0000001 ..... ..... 100 ..... 0111011", O.R, M);
        Add(Op.Divuw,  "divuw",  "0000001 ..... ..... 101 ..... 0111011", O.R, M);
        Add(Op.Remw,   "remw",   "0000001 ..... ..... 110 ..... 0111011", O.R, M);
        Add(Op.Remuw,  "remuw",  "0000001 ..... ..... 111 ..... 0111011", O.R, M);

        // ---- A: atomics (funct5, aq, rl) -----------------------------------------------------------------
        Add(Op.LrW,      "lr.w",      "00010 . . 00000 ..... 010 ..... 0101111", O.Lr, A);
        Add(Op.ScW,      "sc.w",      "00011 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmoswapW, "amoswap.w", "00001 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmoaddW,  "amoadd.w",  "00000 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmoxorW,  "amoxor.w",  "00100 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmoandW,  "amoand.w",  "01100 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmoorW,   "amoor.w",   "01000 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmominW,  "amomin.w",  "10000 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmomaxW,  "amomax.w",  "10100 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmominuW, "amominu.w", "11000 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.AmomaxuW, "amomaxu.w", "11100 . . ..... ..... 010 ..... 0101111", O.Amo, A);
        Add(Op.LrD,      "lr.d",      "00010 . . 00000 ..... 011 ..... 0101111", O.Lr, A);
        Add(Op.ScD,      "sc.d",      "00011 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmoswapD, "amoswap.d", "00001 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmoaddD,  "amoadd.d",  "00000 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmoxorD,  "amoxor.d",  "00100 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmoandD,  "amoand.d",  "01100 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmoorD,   "amoor.d",   "01000 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmominD,  "amomin.d",  "10000 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmomaxD,  "amomax.d",  "10100 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmominuD, "amominu.d", "11000 . . ..... ..... 011 ..... 0101111", O.Amo, A);
        Add(Op.AmomaxuD, "amomaxu.d", "11100 . . ..... ..... 011 ..... 0101111", O.Amo, A);

        // ---- F: single precision (fmt = 00) --------------------------------------------------------------
        Add(Op.Flw,      "flw",       "............ ..... 010 ..... 0000111", O.FLoad, F);
        Add(Op.Fsw,      "fsw",       "....... ..... ..... 010 ..... 0100111", O.FStore, F);
        Add(Op.FmaddS,   "fmadd.s",   "..... 00 ..... ..... ... ..... 1000011", O.FR4, F);
        Add(Op.FmsubS,   "fmsub.s",   "..... 00 ..... ..... ... ..... 1000111", O.FR4, F);
        Add(Op.FnmsubS,  "fnmsub.s",  "..... 00 ..... ..... ... ..... 1001011", O.FR4, F);
        Add(Op.FnmaddS,  "fnmadd.s",  "..... 00 ..... ..... ... ..... 1001111", O.FR4, F);
        Add(Op.FaddS,    "fadd.s",    "0000000 ..... ..... ... ..... 1010011", O.FR, F);
        Add(Op.FsubS,    "fsub.s",    "0000100 ..... ..... ... ..... 1010011", O.FR, F);
        Add(Op.FmulS,    "fmul.s",    "0001000 ..... ..... ... ..... 1010011", O.FR, F);
        Add(Op.FdivS,    "fdiv.s",    "0001100 ..... ..... ... ..... 1010011", O.FR, F);
        Add(Op.FsqrtS,   "fsqrt.s",   "0101100 00000 ..... ... ..... 1010011", O.FR1, F);
        Add(Op.FsgnjS,   "fsgnj.s",   "0010000 ..... ..... 000 ..... 1010011", O.FRNoRm, F);
        Add(Op.FsgnjnS,  "fsgnjn.s",  "0010000 ..... ..... 001 ..... 1010011", O.FRNoRm, F);
        Add(Op.FsgnjxS,  "fsgnjx.s",  "0010000 ..... ..... 010 ..... 1010011", O.FRNoRm, F);
        Add(Op.FminS,    "fmin.s",    "0010100 ..... ..... 000 ..... 1010011", O.FRNoRm, F);
        Add(Op.FmaxS,    "fmax.s",    "0010100 ..... ..... 001 ..... 1010011", O.FRNoRm, F);
        Add(Op.FcvtWS,   "fcvt.w.s",  "1100000 00000 ..... ... ..... 1010011", O.FToX, F);
        Add(Op.FcvtWuS,  "fcvt.wu.s", "1100000 00001 ..... ... ..... 1010011", O.FToX, F);
        Add(Op.FcvtLS,   "fcvt.l.s",  "1100000 00010 ..... ... ..... 1010011", O.FToX, F);
        Add(Op.FcvtLuS,  "fcvt.lu.s", "1100000 00011 ..... ... ..... 1010011", O.FToX, F);
        Add(Op.FmvXW,    "fmv.x.w",   "1110000 00000 ..... 000 ..... 1010011", O.FToXNoRm, F);
        Add(Op.FclassS,  "fclass.s",  "1110000 00000 ..... 001 ..... 1010011", O.FToXNoRm, F);
        Add(Op.FeqS,     "feq.s",     "1010000 ..... ..... 010 ..... 1010011", O.FCmp, F);
        Add(Op.FltS,     "flt.s",     "1010000 ..... ..... 001 ..... 1010011", O.FCmp, F);
        Add(Op.FleS,     "fle.s",     "1010000 ..... ..... 000 ..... 1010011", O.FCmp, F);
        Add(Op.FcvtSW,   "fcvt.s.w",  "1101000 00000 ..... ... ..... 1010011", O.XToF, F);
        Add(Op.FcvtSWu,  "fcvt.s.wu", "1101000 00001 ..... ... ..... 1010011", O.XToF, F);
        Add(Op.FcvtSL,   "fcvt.s.l",  "1101000 00010 ..... ... ..... 1010011", O.XToF, F);
        Add(Op.FcvtSLu,  "fcvt.s.lu", "1101000 00011 ..... ... ..... 1010011", O.XToF, F);
        Add(Op.FmvWX,    "fmv.w.x",   "1111000 00000 ..... 000 ..... 1010011", O.XToFNoRm, F);

        // ---- D: double precision (fmt = 01) --------------------------------------------------------------
        Add(Op.Fld,      "fld",       "............ ..... 011 ..... 0000111", O.FLoad, D);
        Add(Op.Fsd,      "fsd",       "....... ..... ..... 011 ..... 0100111", O.FStore, D);
        Add(Op.FmaddD,   "fmadd.d",   "..... 01 ..... ..... ... ..... 1000011", O.FR4, D);
        Add(Op.FmsubD,   "fmsub.d",   "..... 01 ..... ..... ... ..... 1000111", O.FR4, D);
        Add(Op.FnmsubD,  "fnmsub.d",  "..... 01 ..... ..... ... ..... 1001011", O.FR4, D);
        Add(Op.FnmaddD,  "fnmadd.d",  "..... 01 ..... ..... ... ..... 1001111", O.FR4, D);
        Add(Op.FaddD,    "fadd.d",    "0000001 ..... ..... ... ..... 1010011", O.FR, D);
        Add(Op.FsubD,    "fsub.d",    "0000101 ..... ..... ... ..... 1010011", O.FR, D);
        Add(Op.FmulD,    "fmul.d",    "0001001 ..... ..... ... ..... 1010011", O.FR, D);
        Add(Op.FdivD,    "fdiv.d",    "0001101 ..... ..... ... ..... 1010011", O.FR, D);
        Add(Op.FsqrtD,   "fsqrt.d",   "0101101 00000 ..... ... ..... 1010011", O.FR1, D);
        Add(Op.FsgnjD,   "fsgnj.d",   "0010001 ..... ..... 000 ..... 1010011", O.FRNoRm, D);
        Add(Op.FsgnjnD,  "fsgnjn.d",  "0010001 ..... ..... 001 ..... 1010011", O.FRNoRm, D);
        Add(Op.FsgnjxD,  "fsgnjx.d",  "0010001 ..... ..... 010 ..... 1010011", O.FRNoRm, D);
        Add(Op.FminD,    "fmin.d",    "0010101 ..... ..... 000 ..... 1010011", O.FRNoRm, D);
        Add(Op.FmaxD,    "fmax.d",    "0010101 ..... ..... 001 ..... 1010011", O.FRNoRm, D);
        Add(Op.FcvtSD,   "fcvt.s.d",  "0100000 00001 ..... ... ..... 1010011", O.FR1, D);
        Add(Op.FcvtDS,   "fcvt.d.s",  "0100001 00000 ..... ... ..... 1010011", O.FR1, D);
        Add(Op.FeqD,     "feq.d",     "1010001 ..... ..... 010 ..... 1010011", O.FCmp, D);
        Add(Op.FltD,     "flt.d",     "1010001 ..... ..... 001 ..... 1010011", O.FCmp, D);
        Add(Op.FleD,     "fle.d",     "1010001 ..... ..... 000 ..... 1010011", O.FCmp, D);
        Add(Op.FclassD,  "fclass.d",  "1110001 00000 ..... 001 ..... 1010011", O.FToXNoRm, D);
        Add(Op.FcvtWD,   "fcvt.w.d",  "1100001 00000 ..... ... ..... 1010011", O.FToX, D);
        Add(Op.FcvtWuD,  "fcvt.wu.d", "1100001 00001 ..... ... ..... 1010011", O.FToX, D);
        Add(Op.FcvtLD,   "fcvt.l.d",  "1100001 00010 ..... ... ..... 1010011", O.FToX, D);
        Add(Op.FcvtLuD,  "fcvt.lu.d", "1100001 00011 ..... ... ..... 1010011", O.FToX, D);
        Add(Op.FcvtDW,   "fcvt.d.w",  "1101001 00000 ..... ... ..... 1010011", O.XToF, D);
        Add(Op.FcvtDWu,  "fcvt.d.wu", "1101001 00001 ..... ... ..... 1010011", O.XToF, D);
        Add(Op.FcvtDL,   "fcvt.d.l",  "1101001 00010 ..... ... ..... 1010011", O.XToF, D);
        Add(Op.FcvtDLu,  "fcvt.d.lu", "1101001 00011 ..... ... ..... 1010011", O.XToF, D);
        Add(Op.FmvXD,    "fmv.x.d",   "1110001 00000 ..... 000 ..... 1010011", O.FToXNoRm, D);
        Add(Op.FmvDX,    "fmv.d.x",   "1111001 00000 ..... 000 ..... 1010011", O.XToFNoRm, D);

        // ---- Zba: address generation ---------------------------------------------------------------------
        Add(Op.AddUw,    "add.uw",    "0000100 ..... ..... 000 ..... 0111011", O.R, Zba);
        Add(Op.Sh1add,   "sh1add",    "0010000 ..... ..... 010 ..... 0110011", O.R, Zba);
        Add(Op.Sh2add,   "sh2add",    "0010000 ..... ..... 100 ..... 0110011", O.R, Zba);
        Add(Op.Sh3add,   "sh3add",    "0010000 ..... ..... 110 ..... 0110011", O.R, Zba);
        Add(Op.Sh1addUw, "sh1add.uw", "0010000 ..... ..... 010 ..... 0111011", O.R, Zba);
        Add(Op.Sh2addUw, "sh2add.uw", "0010000 ..... ..... 100 ..... 0111011", O.R, Zba);
        Add(Op.Sh3addUw, "sh3add.uw", "0010000 ..... ..... 110 ..... 0111011", O.R, Zba);
        Add(Op.SlliUw,   "slli.uw",   "000010 ...... ..... 001 ..... 0011011", O.Shift64, Zba);

        // ---- Zbb: basic bit manipulation -----------------------------------------------------------------
        Add(Op.Andn,   "andn",   "0100000 ..... ..... 111 ..... 0110011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Orn,    "orn",    "0100000 ..... ..... 110 ..... 0110011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Xnor,   "xnor",   "0100000 ..... ..... 100 ..... 0110011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Clz,    "clz",    "0110000 00000 ..... 001 ..... 0010011", O.R1, Zbb);
        Add(Op.Ctz,    "ctz",    "0110000 00001 ..... 001 ..... 0010011", O.R1, Zbb);
        Add(Op.Cpop,   "cpop",   "0110000 00010 ..... 001 ..... 0010011", O.R1, Zbb);
        Add(Op.Clzw,   "clzw",   "0110000 00000 ..... 001 ..... 0011011", O.R1, Zbb);
        Add(Op.Ctzw,   "ctzw",   "0110000 00001 ..... 001 ..... 0011011", O.R1, Zbb);
        Add(Op.Cpopw,  "cpopw",  "0110000 00010 ..... 001 ..... 0011011", O.R1, Zbb);
        Add(Op.Max,    "max",    "0000101 ..... ..... 110 ..... 0110011", O.R, Zbb);
        Add(Op.Maxu,   "maxu",   "0000101 ..... ..... 111 ..... 0110011", O.R, Zbb);
        Add(Op.Min,    "min",    "0000101 ..... ..... 100 ..... 0110011", O.R, Zbb);
        Add(Op.Minu,   "minu",   "0000101 ..... ..... 101 ..... 0110011", O.R, Zbb);
        Add(Op.SextB,  "sext.b", "0110000 00100 ..... 001 ..... 0010011", O.R1, Zbb);
        Add(Op.SextH,  "sext.h", "0110000 00101 ..... 001 ..... 0010011", O.R1, Zbb);
        Add(Op.ZextH,  "zext.h", "0000100 00000 ..... 100 ..... 0111011", O.R1, Zbb);
        Add(Op.Rol,    "rol",    "0110000 ..... ..... 001 ..... 0110011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Ror,    "ror",    "0110000 ..... ..... 101 ..... 0110011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Rolw,   "rolw",   "0110000 ..... ..... 001 ..... 0111011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Rorw,   "rorw",   "0110000 ..... ..... 101 ..... 0111011", O.R, Zbb, alsoIn: Zbkb);
        Add(Op.Rori,   "rori",   "011000 ...... ..... 101 ..... 0010011", O.Shift64, Zbb, alsoIn: Zbkb);
        Add(Op.Roriw,  "roriw",  "0110000 ..... ..... 101 ..... 0011011", O.Shift32, Zbb, alsoIn: Zbkb);
        Add(Op.OrcB,   "orc.b",  "0010100 00111 ..... 101 ..... 0010011", O.R1, Zbb);
        Add(Op.Rev8,   "rev8",   "0110101 11000 ..... 101 ..... 0010011", O.R1, Zbb, alsoIn: Zbkb);

        // ---- Zbs: single-bit instructions ----------------------------------------------------------------
        Add(Op.Bclr,   "bclr",   "0100100 ..... ..... 001 ..... 0110011", O.R, Zbs);
        Add(Op.Bclri,  "bclri",  "010010 ...... ..... 001 ..... 0010011", O.Shift64, Zbs);
        Add(Op.Bext,   "bext",   "0100100 ..... ..... 101 ..... 0110011", O.R, Zbs);
        Add(Op.Bexti,  "bexti",  "010010 ...... ..... 101 ..... 0010011", O.Shift64, Zbs);
        Add(Op.Binv,   "binv",   "0110100 ..... ..... 001 ..... 0110011", O.R, Zbs);
        Add(Op.Binvi,  "binvi",  "011010 ...... ..... 001 ..... 0010011", O.Shift64, Zbs);
        Add(Op.Bset,   "bset",   "0010100 ..... ..... 001 ..... 0110011", O.R, Zbs);
        Add(Op.Bseti,  "bseti",  "001010 ...... ..... 001 ..... 0010011", O.Shift64, Zbs);

        // ---- Zbc (and Zbkc): carry-less multiplication ----------------------------------------------------
        Add(Op.Clmul,  "clmul",  "0000101 ..... ..... 001 ..... 0110011", O.R, Zbc, alsoIn: Zbkc);
        Add(Op.Clmulh, "clmulh", "0000101 ..... ..... 011 ..... 0110011", O.R, Zbc, alsoIn: Zbkc);
        Add(Op.Clmulr, "clmulr", "0000101 ..... ..... 010 ..... 0110011", O.R, Zbc);

        // ---- Zbkb: bit manipulation for cryptography (RV64; zip and unzip are RV32 only) ------------------
        // packw with rs2 = x0 is zext.h, which the Zbb row (more specific) decodes; both compute the same.
        Add(Op.Pack,   "pack",   "0000100 ..... ..... 100 ..... 0110011", O.R, Zbkb);
        Add(Op.Packh,  "packh",  "0000100 ..... ..... 111 ..... 0110011", O.R, Zbkb);
        Add(Op.Packw,  "packw",  "0000100 ..... ..... 100 ..... 0111011", O.R, Zbkb);
        Add(Op.Brev8,  "brev8",  "0110100 00111 ..... 101 ..... 0010011", O.R1, Zbkb);

        // ---- Zbkx: crossbar permutations -----------------------------------------------------------------
        Add(Op.Xperm4, "xperm4", "0010100 ..... ..... 010 ..... 0110011", O.R, Zbkx);
        Add(Op.Xperm8, "xperm8", "0010100 ..... ..... 100 ..... 0110011", O.R, Zbkx);

        // ---- Zicond: conditional zero --------------------------------------------------------------------
        Add(Op.CzeroEqz, "czero.eqz", "0000111 ..... ..... 101 ..... 0110011", O.R, Zicond);
        Add(Op.CzeroNez, "czero.nez", "0000111 ..... ..... 111 ..... 0110011", O.R, Zicond);

        // ---- Zihintpause: a fence with pred = w, succ = 0 (more specific than the fence row) ---------------
        Add(Op.Pause,  "pause",  "0000 0001 0000 00000 000 00000 0001111", O.None, Zihintpause);

        // ---- Zfh and Zfhmin: half precision (fmt = 10) ---------------------------------------------------
        Add(Op.Flh,      "flh",       "............ ..... 001 ..... 0000111", O.FLoad, Zfhmin, alsoIn: Zfh);
        Add(Op.Fsh,      "fsh",       "....... ..... ..... 001 ..... 0100111", O.FStore, Zfhmin, alsoIn: Zfh);
        Add(Op.FmaddH,   "fmadd.h",   "..... 10 ..... ..... ... ..... 1000011", O.FR4, Zfh);
        Add(Op.FmsubH,   "fmsub.h",   "..... 10 ..... ..... ... ..... 1000111", O.FR4, Zfh);
        Add(Op.FnmsubH,  "fnmsub.h",  "..... 10 ..... ..... ... ..... 1001011", O.FR4, Zfh);
        Add(Op.FnmaddH,  "fnmadd.h",  "..... 10 ..... ..... ... ..... 1001111", O.FR4, Zfh);
        Add(Op.FaddH,    "fadd.h",    "0000010 ..... ..... ... ..... 1010011", O.FR, Zfh);
        Add(Op.FsubH,    "fsub.h",    "0000110 ..... ..... ... ..... 1010011", O.FR, Zfh);
        Add(Op.FmulH,    "fmul.h",    "0001010 ..... ..... ... ..... 1010011", O.FR, Zfh);
        Add(Op.FdivH,    "fdiv.h",    "0001110 ..... ..... ... ..... 1010011", O.FR, Zfh);
        Add(Op.FsqrtH,   "fsqrt.h",   "0101110 00000 ..... ... ..... 1010011", O.FR1, Zfh);
        Add(Op.FsgnjH,   "fsgnj.h",   "0010010 ..... ..... 000 ..... 1010011", O.FRNoRm, Zfh);
        Add(Op.FsgnjnH,  "fsgnjn.h",  "0010010 ..... ..... 001 ..... 1010011", O.FRNoRm, Zfh);
        Add(Op.FsgnjxH,  "fsgnjx.h",  "0010010 ..... ..... 010 ..... 1010011", O.FRNoRm, Zfh);
        Add(Op.FminH,    "fmin.h",    "0010110 ..... ..... 000 ..... 1010011", O.FRNoRm, Zfh);
        Add(Op.FmaxH,    "fmax.h",    "0010110 ..... ..... 001 ..... 1010011", O.FRNoRm, Zfh);
        Add(Op.FcvtSH,   "fcvt.s.h",  "0100000 00010 ..... ... ..... 1010011", O.FR1, Zfhmin, alsoIn: Zfh);
        Add(Op.FcvtHS,   "fcvt.h.s",  "0100010 00000 ..... ... ..... 1010011", O.FR1, Zfhmin, alsoIn: Zfh);
        Add(Op.FcvtDH,   "fcvt.d.h",  "0100001 00010 ..... ... ..... 1010011", O.FR1, Zfhmin, alsoIn: Zfh);
        Add(Op.FcvtHD,   "fcvt.h.d",  "0100010 00001 ..... ... ..... 1010011", O.FR1, Zfhmin, alsoIn: Zfh);
        Add(Op.FeqH,     "feq.h",     "1010010 ..... ..... 010 ..... 1010011", O.FCmp, Zfh);
        Add(Op.FltH,     "flt.h",     "1010010 ..... ..... 001 ..... 1010011", O.FCmp, Zfh);
        Add(Op.FleH,     "fle.h",     "1010010 ..... ..... 000 ..... 1010011", O.FCmp, Zfh);
        Add(Op.FclassH,  "fclass.h",  "1110010 00000 ..... 001 ..... 1010011", O.FToXNoRm, Zfh);
        Add(Op.FcvtWH,   "fcvt.w.h",  "1100010 00000 ..... ... ..... 1010011", O.FToX, Zfh);
        Add(Op.FcvtWuH,  "fcvt.wu.h", "1100010 00001 ..... ... ..... 1010011", O.FToX, Zfh);
        Add(Op.FcvtLH,   "fcvt.l.h",  "1100010 00010 ..... ... ..... 1010011", O.FToX, Zfh);
        Add(Op.FcvtLuH,  "fcvt.lu.h", "1100010 00011 ..... ... ..... 1010011", O.FToX, Zfh);
        Add(Op.FcvtHW,   "fcvt.h.w",  "1101010 00000 ..... ... ..... 1010011", O.XToF, Zfh);
        Add(Op.FcvtHWu,  "fcvt.h.wu", "1101010 00001 ..... ... ..... 1010011", O.XToF, Zfh);
        Add(Op.FcvtHL,   "fcvt.h.l",  "1101010 00010 ..... ... ..... 1010011", O.XToF, Zfh);
        Add(Op.FcvtHLu,  "fcvt.h.lu", "1101010 00011 ..... ... ..... 1010011", O.XToF, Zfh);
        Add(Op.FmvXH,    "fmv.x.h",   "1110010 00000 ..... 000 ..... 1010011", O.FToXNoRm, Zfhmin, alsoIn: Zfh);
        Add(Op.FmvHX,    "fmv.h.x",   "1111010 00000 ..... 000 ..... 1010011", O.XToFNoRm, Zfhmin, alsoIn: Zfh);

        // ---- Zicbom / Zicboz: cache-block management and zero (block size 64, as QEMU) -------------------
        Add(Op.CboInval, "cbo.inval", "000000000000 ..... 010 00000 0001111", O.Cbo, Zicbom);
        Add(Op.CboClean, "cbo.clean", "000000000001 ..... 010 00000 0001111", O.Cbo, Zicbom);
        Add(Op.CboFlush, "cbo.flush", "000000000010 ..... 010 00000 0001111", O.Cbo, Zicbom);
        Add(Op.CboZero,  "cbo.zero",  "000000000100 ..... 010 00000 0001111", O.Cbo, Zicboz);
        // Zicbop's prefetch.i/r/w are hints inside ori's encoding (rd = x0): they decode and run as ori (a
        // no-op) and have no rows; the disassembler names them (DisassemblerSession.PrefetchHint).

        // The rows are written in Op order: checked, not sorted. Sorting with Op.CompareTo boxed both sides of every
        // comparison and cost 0.19 ms of every run's start-up (the table's build 0.71 ms before, 0.37 ms after).
        for (int i = 0; i < list.Count; i++)
            if ((int)list[i].Op != i + 1)
                throw OutOfOrder(list[i]);
        return list.ToArray();
    }

    /// <summary>In a method of its own: ReadyToRun code loads the types of what a method creates as the method starts.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static InvalidOperationException OutOfOrder(InstructionDef row) =>
        new($"ISA table: row {row.Mnemonic} is out of Op order");
}
