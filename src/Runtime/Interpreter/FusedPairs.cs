using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// Pairs of consecutive instructions that the interpreter runs with one dispatch: decoding a run
/// (<see cref="DecodedPage"/>) gives the first slot of such a pair the pair's own op, whose case in
/// <see cref="Interpreter.Run(Hart.Hart, long, bool)"/> is the first instruction's case followed by a direct jump
/// (<c>goto case</c>) to the second's, with the second slot left as it was decoded. So a fused pair is exactly the two
/// instructions: each keeps its own slot (operands, pc offset, retired count), a trap in either is taken at that
/// instruction, and nothing outside the interpreter sees a fused op (a single step decodes one instruction afresh; the
/// translator reads guest code, not these slots). A test runs every pair fused and stepped and compares.
///
/// Why: warm code (reached a few hundred to a few thousand times, interpreted between compiled regions) waits on the
/// switch's indirect jump, mispredicted on code the predictor has not learnt. These are the most frequent pairs of
/// consecutive instructions that warm code runs (Duktape mandel.js and gofmt's first runs, counted per instruction
/// that stepped to the next slot): the 64 below cover 60% of those steps in Duktape's and 67% in gofmt's.
/// Only the first of a pair is fused; the second is not the start of another pair (its slot keeps its plain op).
/// </summary>
internal static class FusedPairs
{
    public const Op First = (Op)0x110; // past the ISA's ops and the interpreter's pseudo-ops (CachedInstruction.Continue)

    public const Op LdLd = First + 0, LdAddi = First + 1, LdSd = First + 2, LdBltu = First + 3, LdAdd = First + 4,
        LdBeq = First + 5, LdJal = First + 6, LdBne = First + 7, LdLw = First + 8, LdBgeu = First + 9,
        LdLui = First + 10, LdSw = First + 11;
    public const Op LwAddi = First + 12, LwAdd = First + 13, LwLd = First + 14;
    public const Op LbuAddi = First + 15, LbuBeq = First + 16;
    public const Op SdSd = First + 17, SdAddi = First + 18, SdLd = First + 19, SdJal = First + 20,
        SdAdd = First + 21, SdAuipc = First + 22, SdSb = First + 23;
    public const Op SwAddi = First + 24;
    public const Op SbAddi = First + 25;
    public const Op AddiAddi = First + 26, AddiSd = First + 27, AddiJal = First + 28, AddiJalr = First + 29,
        AddiLd = First + 30, AddiBne = First + 31, AddiBeq = First + 32, AddiAdd = First + 33, AddiBltu = First + 34,
        AddiBgeu = First + 35, AddiSrli = First + 36, AddiBlt = First + 37, AddiBge = First + 38;
    public const Op AddiwSw = First + 39, AddiwAddi = First + 40;
    public const Op AddAdd = First + 41, AddLd = First + 42, AddJal = First + 43, AddLw = First + 44,
        AddAddi = First + 45, AddSd = First + 46, AddLbu = First + 47, AddJalr = First + 48, AddBeq = First + 49,
        AddAndi = First + 50, AddSlli = First + 51;
    public const Op AndAdd = First + 52;
    public const Op AndiBeq = First + 53, AndiBne = First + 54;
    public const Op SlliAdd = First + 55, SlliSrli = First + 56;
    public const Op SrliAdd = First + 57, SrliAnd = First + 58, SrliAddi = First + 59, SrliAndi = First + 60;
    public const Op LuiAddi = First + 61;
    public const Op AuipcAddi = First + 62, AuipcLd = First + 63;

    /// <summary>How many fused ops there are (numbered from <see cref="First"/>).</summary>
    public const int Count = 64;

    /// <summary>The fused op that runs <paramref name="first"/> then <paramref name="second"/>, or <see cref="Op.Illegal"/> when
    /// the pair is not fused.</summary>
    public static Op Of(Op first, Op second) => (first, second) switch
    {
        (Op.Ld, Op.Ld) => LdLd, (Op.Ld, Op.Addi) => LdAddi, (Op.Ld, Op.Sd) => LdSd, (Op.Ld, Op.Bltu) => LdBltu,
        (Op.Ld, Op.Add) => LdAdd, (Op.Ld, Op.Beq) => LdBeq, (Op.Ld, Op.Jal) => LdJal, (Op.Ld, Op.Bne) => LdBne,
        (Op.Ld, Op.Lw) => LdLw, (Op.Ld, Op.Bgeu) => LdBgeu, (Op.Ld, Op.Lui) => LdLui, (Op.Ld, Op.Sw) => LdSw,
        (Op.Lw, Op.Addi) => LwAddi, (Op.Lw, Op.Add) => LwAdd, (Op.Lw, Op.Ld) => LwLd,
        (Op.Lbu, Op.Addi) => LbuAddi, (Op.Lbu, Op.Beq) => LbuBeq,
        (Op.Sd, Op.Sd) => SdSd, (Op.Sd, Op.Addi) => SdAddi, (Op.Sd, Op.Ld) => SdLd, (Op.Sd, Op.Jal) => SdJal,
        (Op.Sd, Op.Add) => SdAdd, (Op.Sd, Op.Auipc) => SdAuipc, (Op.Sd, Op.Sb) => SdSb,
        (Op.Sw, Op.Addi) => SwAddi,
        (Op.Sb, Op.Addi) => SbAddi,
        (Op.Addi, Op.Addi) => AddiAddi, (Op.Addi, Op.Sd) => AddiSd, (Op.Addi, Op.Jal) => AddiJal,
        (Op.Addi, Op.Jalr) => AddiJalr, (Op.Addi, Op.Ld) => AddiLd, (Op.Addi, Op.Bne) => AddiBne,
        (Op.Addi, Op.Beq) => AddiBeq, (Op.Addi, Op.Add) => AddiAdd, (Op.Addi, Op.Bltu) => AddiBltu,
        (Op.Addi, Op.Bgeu) => AddiBgeu, (Op.Addi, Op.Srli) => AddiSrli, (Op.Addi, Op.Blt) => AddiBlt,
        (Op.Addi, Op.Bge) => AddiBge,
        (Op.Addiw, Op.Sw) => AddiwSw, (Op.Addiw, Op.Addi) => AddiwAddi,
        (Op.Add, Op.Add) => AddAdd, (Op.Add, Op.Ld) => AddLd, (Op.Add, Op.Jal) => AddJal, (Op.Add, Op.Lw) => AddLw,
        (Op.Add, Op.Addi) => AddAddi, (Op.Add, Op.Sd) => AddSd, (Op.Add, Op.Lbu) => AddLbu,
        (Op.Add, Op.Jalr) => AddJalr, (Op.Add, Op.Beq) => AddBeq, (Op.Add, Op.Andi) => AddAndi,
        (Op.Add, Op.Slli) => AddSlli,
        (Op.And, Op.Add) => AndAdd,
        (Op.Andi, Op.Beq) => AndiBeq, (Op.Andi, Op.Bne) => AndiBne,
        (Op.Slli, Op.Add) => SlliAdd, (Op.Slli, Op.Srli) => SlliSrli,
        (Op.Srli, Op.Add) => SrliAdd, (Op.Srli, Op.And) => SrliAnd, (Op.Srli, Op.Addi) => SrliAddi,
        (Op.Srli, Op.Andi) => SrliAndi,
        (Op.Lui, Op.Addi) => LuiAddi,
        (Op.Auipc, Op.Addi) => AuipcAddi, (Op.Auipc, Op.Ld) => AuipcLd,
        _ => Op.Illegal,
    };

    /// <summary>Gives the first slot of each fusable pair in <paramref name="run"/> (one decoded run: real instructions, then
    /// its end) its fused op. Pairs do not overlap: the second of a pair stays plain.</summary>
    public static void Fuse(Span<CachedInstruction> run)
    {
        for (int i = 0; i + 1 < run.Length; i++)
        {
            Op fused = Of(run[i].Op, run[i + 1].Op);
            if (fused == Op.Illegal) continue;
            run[i].Op = fused;
            i++;
        }
    }
}
