using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Seeded random straight-line programs over the user-level ISA for comparing engines: ALU, M, Zba/Zbb/Zbs,
/// loads and stores (aligned, misaligned, and some through a base register that points outside RAM, so
/// they fault mid-block), atomics, forward branches and jumps, and F/D arithmetic and conversions with
/// static and dynamic rounding modes. x5 holds the data area's address and x6 a bad address; neither is
/// ever a destination; x7 counts the iterations of small counted loops. The program ends with ecall.
/// </summary>
internal static class RandomProgram
{
    public const int DataReg = 5, BadReg = 6, LoopReg = 7;

    private static readonly Op[] IntR =
    [
        Op.Add, Op.Sub, Op.Sll, Op.Slt, Op.Sltu, Op.Xor, Op.Srl, Op.Sra, Op.Or, Op.And, Op.Addw, Op.Subw, Op.Sllw, Op.Srlw, Op.Sraw,
        Op.Mul, Op.Mulh, Op.Mulhsu, Op.Mulhu, Op.Div, Op.Divu, Op.Rem, Op.Remu, Op.Mulw, Op.Divw, Op.Divuw, Op.Remw, Op.Remuw,
        Op.AddUw, Op.Sh1add, Op.Sh2add, Op.Sh3add, Op.Sh1addUw, Op.Sh2addUw, Op.Sh3addUw, Op.Andn, Op.Orn, Op.Xnor,
        Op.Max, Op.Maxu, Op.Min, Op.Minu, Op.Rol, Op.Ror, Op.Rolw, Op.Rorw, Op.Bclr, Op.Bext, Op.Binv, Op.Bset,
    ];
    private static readonly Op[] IntI = [Op.Addi, Op.Slti, Op.Sltiu, Op.Xori, Op.Ori, Op.Andi, Op.Addiw];
    private static readonly Op[] Shift64 = [Op.Slli, Op.Srli, Op.Srai, Op.SlliUw, Op.Rori, Op.Bclri, Op.Bexti, Op.Binvi, Op.Bseti];
    private static readonly Op[] Shift32 = [Op.Slliw, Op.Srliw, Op.Sraiw, Op.Roriw];
    private static readonly Op[] Unary = [Op.Clz, Op.Ctz, Op.Cpop, Op.Clzw, Op.Ctzw, Op.Cpopw, Op.SextB, Op.SextH, Op.ZextH, Op.OrcB, Op.Rev8];
    private static readonly Op[] Loads = [Op.Lb, Op.Lh, Op.Lw, Op.Ld, Op.Lbu, Op.Lhu, Op.Lwu];
    private static readonly Op[] Stores = [Op.Sb, Op.Sh, Op.Sw, Op.Sd];
    private static readonly Op[] Branches = [Op.Beq, Op.Bne, Op.Blt, Op.Bge, Op.Bltu, Op.Bgeu];
    private static readonly Op[] Amos =
    [
        Op.AmoswapW, Op.AmoaddW, Op.AmoxorW, Op.AmoandW, Op.AmoorW, Op.AmominW, Op.AmomaxW, Op.AmominuW, Op.AmomaxuW,
        Op.AmoswapD, Op.AmoaddD, Op.AmoxorD, Op.AmoandD, Op.AmoorD, Op.AmominD, Op.AmomaxD, Op.AmominuD, Op.AmomaxuD,
        Op.LrW, Op.ScW, Op.LrD, Op.ScD,
    ];
    private static readonly Op[] FpBinary =
    [
        Op.FaddS, Op.FsubS, Op.FmulS, Op.FdivS, Op.FaddD, Op.FsubD, Op.FmulD, Op.FdivD,
    ];
    private static readonly Op[] FpNoRm = [Op.FsgnjS, Op.FsgnjnS, Op.FsgnjxS, Op.FminS, Op.FmaxS, Op.FsgnjD, Op.FsgnjnD, Op.FsgnjxD, Op.FminD, Op.FmaxD];
    private static readonly Op[] FpUnary = [Op.FsqrtS, Op.FsqrtD, Op.FcvtSD, Op.FcvtDS];
    private static readonly Op[] Fma = [Op.FmaddS, Op.FmsubS, Op.FnmsubS, Op.FnmaddS, Op.FmaddD, Op.FmsubD, Op.FnmsubD, Op.FnmaddD];
    private static readonly Op[] FpCompare = [Op.FeqS, Op.FltS, Op.FleS, Op.FeqD, Op.FltD, Op.FleD];
    private static readonly Op[] FpToInt = [Op.FcvtWS, Op.FcvtWuS, Op.FcvtLS, Op.FcvtLuS, Op.FcvtWD, Op.FcvtWuD, Op.FcvtLD, Op.FcvtLuD];
    private static readonly Op[] IntToFp = [Op.FcvtSW, Op.FcvtSWu, Op.FcvtSL, Op.FcvtSLu, Op.FcvtDW, Op.FcvtDWu, Op.FcvtDL, Op.FcvtDLu];
    private static readonly Op[] FpMoves = [Op.FmvXW, Op.FmvXD, Op.FclassS, Op.FclassD];
    private static readonly Op[] IntToFpMoves = [Op.FmvWX, Op.FmvDX];

    /// <summary>Generates <paramref name="count"/> instructions (plus the final ecall).</summary>
    public static List<uint> Generate(int seed, int count)
    {
        var rng = new Random(seed);
        var code = new List<uint>(count + 1);
        int Rd() { int r; do r = rng.Next(32); while (r is DataReg or BadReg or LoopReg); return r; }
        int Rs() => rng.Next(32);
        int Rm() => rng.Next(6) switch { 5 => 7, var m => m };
        int F() => rng.Next(32);
        T Pick<T>(T[] a) => a[rng.Next(a.Length)];

        for (int i = 0; i < count; i++)
        {
            int remaining = count - i;
            if (remaining > 12 && rng.Next(25) == 0)
            {
                // A counted loop (x7 counts down, 1-20 iterations) around a few ALU instructions: backward
                // edges inside a compiled region, and budget exits in the middle of a loop.
                code.Add(Encoder.Encode(Op.Addi, rd: LoopReg, imm: rng.Next(1, 21)));
                int body = rng.Next(1, 6);
                for (int b = 0; b < body; b++)
                    code.Add(Encoder.Encode(Pick(IntR), rd: Rd(), rs1: Rs(), rs2: Rs()));
                code.Add(Encoder.Encode(Op.Addi, rd: LoopReg, rs1: LoopReg, imm: -1));
                // Loop while x7 > 0, so a forward branch that lands inside the body still terminates.
                code.Add(Encoder.Encode(Op.Blt, rs1: 0, rs2: LoopReg, imm: -4 * (body + 1)));
                i += body + 2;
                continue;
            }
            if (remaining > 8 && rng.Next(10) == 0)
            {
                i += RotateIdiom(code, rng, Rd, Rs, Pick<Op>) - 1;
                continue;
            }
            switch (rng.Next(20))
            {
                case 0: case 1: case 2: code.Add(Encoder.Encode(Pick(IntR), rd: Rd(), rs1: Rs(), rs2: Rs())); break;
                case 3: case 4: code.Add(Encoder.Encode(Pick(IntI), rd: Rd(), rs1: Rs(), imm: rng.Next(-2048, 2048))); break;
                case 5: code.Add(Encoder.Encode(Pick(Shift64), rd: Rd(), rs1: Rs(), imm: rng.Next(64))); break;
                case 6: code.Add(Encoder.Encode(Pick(Shift32), rd: Rd(), rs1: Rs(), imm: rng.Next(32))); break;
                case 7: code.Add(Encoder.Encode(Pick(Unary), rd: Rd(), rs1: Rs())); break;
                case 8: code.Add(Encoder.Encode(rng.Next(2) == 0 ? Op.Lui : Op.Auipc, rd: Rd(), imm: (long)rng.Next(-0x80000, 0x80000) << 12)); break;
                case 9: case 10:
                {
                    bool bad = rng.Next(40) == 0;
                    int offset = rng.Next(10) == 0 ? rng.Next(0, 2040) : rng.Next(0, 255) * 8;
                    if (rng.Next(2) == 0) code.Add(Encoder.Encode(Pick(Loads), rd: Rd(), rs1: bad ? BadReg : DataReg, imm: offset));
                    else code.Add(Encoder.Encode(Pick(Stores), rs1: bad ? BadReg : DataReg, rs2: Rs(), imm: offset));
                    break;
                }
                case 11:
                    // AMOs use the data base itself (aligned); now and then the bad base, to fault.
                    code.Add(Encoder.Encode(Pick(Amos), rd: Rd(), rs1: rng.Next(30) == 0 ? BadReg : DataReg, rs2: Rs()));
                    break;
                case 12:
                    if (remaining > 4) code.Add(Encoder.Encode(Pick(Branches), rs1: Rs(), rs2: Rs(), imm: 4 * rng.Next(1, 4)));
                    else code.Add(Encoder.Encode(Op.Jal, rd: Rd(), imm: 4));
                    break;
                case 13: code.Add(Encoder.Encode(Pick(FpBinary), rd: F(), rs1: F(), rs2: F(), rm: Rm())); break;
                case 14: code.Add(Encoder.Encode(rng.Next(2) == 0 ? Pick(FpNoRm) : Pick(FpUnary), rd: F(), rs1: F(), rs2: F(), rm: Rm())); break;
                case 15: code.Add(Encoder.Encode(Pick(Fma), rd: F(), rs1: F(), rs2: F(), rs3: F(), rm: Rm())); break;
                case 16: code.Add(Encoder.Encode(rng.Next(2) == 0 ? Pick(FpCompare) : Pick(FpMoves), rd: Rd(), rs1: F(), rs2: F())); break;
                case 17: code.Add(Encoder.Encode(Pick(FpToInt), rd: Rd(), rs1: F(), rm: Rm())); break;
                case 18: code.Add(Encoder.Encode(rng.Next(3) == 0 ? Pick(IntToFpMoves) : Pick(IntToFp), rd: F(), rs1: Rs(), rm: Rm())); break;
                default:
                {
                    int offset = rng.Next(0, 255) * 8;
                    bool single = rng.Next(2) == 0;
                    if (rng.Next(2) == 0) code.Add(Encoder.Encode(single ? Op.Flw : Op.Fld, rd: F(), rs1: DataReg, imm: offset));
                    else code.Add(Encoder.Encode(single ? Op.Fsw : Op.Fsd, rs1: DataReg, rs2: F(), imm: offset));
                    break;
                }
            }
        }
        code.Add(Encoder.Encode(Op.Ecall));
        return code;
    }

    /// <summary>
    /// A rotate written as compilers write it without Zbb (two shifts of one register and an or, xor or add),
    /// and sometimes a sext.w after it: the translator turns these into one host rotate and a move. Mostly the
    /// real idiom; sometimes a near miss (amounts that do not add up to the width, the source overwritten
    /// between the shifts, a destination that is also the source) that must not be taken for one.
    /// Returns how many instructions it added.
    /// </summary>
    private static int RotateIdiom(List<uint> code, Random rng, Func<int> rd, Func<int> rs, Func<Op[], Op> pick)
    {
        int start = code.Count;
        bool word = rng.Next(2) == 0;
        int width = word ? 32 : 64;
        int source = rs(), low = rd(), high = rd();
        if (rng.Next(4) == 0) low = source is DataReg or BadReg or LoopReg or 0 ? low : source;
        int n = rng.Next(1, width);
        int m = rng.Next(5) == 0 ? rng.Next(1, width) : width - n;
        uint left = Encoder.Encode(word ? Op.Slliw : Op.Slli, rd: low, rs1: source, imm: n);
        uint right = Encoder.Encode(word ? Op.Srliw : Op.Srli, rd: high, rs1: source, imm: m);
        code.Add(rng.Next(2) == 0 ? left : right);
        if (rng.Next(5) == 0) code.Add(Encoder.Encode(pick(IntR), rd: rng.Next(3) == 0 && source is not (DataReg or BadReg or LoopReg or 0) ? source : rd(), rs1: rs(), rs2: rs()));
        code.Add(code[start] == left ? right : left);
        int result = rd();
        Op combine = pick([Op.Or, Op.Xor, Op.Add, Op.Addw]);
        code.Add(rng.Next(2) == 0
            ? Encoder.Encode(combine, rd: result, rs1: low, rs2: high)
            : Encoder.Encode(combine, rd: result, rs1: high, rs2: low));
        if (rng.Next(2) == 0)
        {
            int[] candidates = [result, low, high, rs()];
            code.Add(Encoder.Encode(Op.Addiw, rd: rd(), rs1: candidates[rng.Next(candidates.Length)], imm: 0));
        }
        return code.Count - start;
    }

    /// <summary>Random initial registers: x5/x6 point at the data area and outside RAM; the rest mixes
    /// interesting values (0, -1, extremes, small numbers) with random ones; f registers mix boxed singles,
    /// doubles, NaNs, infinities, zeros and subnormals.</summary>
    public static unsafe void Seed(UserModeMachine m, int seed)
    {
        var rng = new Random(seed ^ 0x5eed);
        ulong[] special = [0, 1, ulong.MaxValue, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFFF, 31, 63, 64];
        ulong[] fspecial =
        [
            0, 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0x7FF4_0000_0000_0000,
            1, 0x3FF0_0000_0000_0000, 0xFFFF_FFFF_7F80_0000, 0xFFFF_FFFF_7FC0_0000, 0xFFFF_FFFF_7FA0_0000, 0xFFFF_FFFF_0000_0001,
            0xFFFF_FFFF_3F80_0000, 0x0000_0000_3F80_0000, 0x41E0_0000_0000_0000, 0xC3E0_0000_0000_0000,
        ];
        var s = m.Hart.State;
        for (int r = 1; r < 32; r++)
            s->X[r] = rng.Next(3) == 0 ? special[rng.Next(special.Length)] : (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 33);
        s->X[RandomProgram.DataReg] = UserModeMachine.DataBase;
        s->X[RandomProgram.BadReg] = 0x1000;
        s->X[RandomProgram.LoopReg] = 0;
        for (int r = 0; r < 32; r++)
        {
            ulong v = rng.Next(3) switch
            {
                0 => fspecial[rng.Next(fspecial.Length)],
                1 => 0xFFFF_FFFF_0000_0000UL | (uint)rng.Next(), // a boxed single
                _ => BitConverter.DoubleToUInt64Bits((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-80, 80))),
            };
            s->F[r] = v;
        }
        s->Frm = (uint)rng.Next(5);
        var data = m.Ram.Span(UserModeMachine.DataBase, 4096);
        rng.NextBytes(data);
    }
}
