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
/// that stepped to the next slot): the 32 below cover 45% of those steps in Duktape's and 57% in gofmt's.
/// Only the first of a pair is fused; the second is not the start of another pair (its slot keeps its plain op).
/// </summary>
internal static class FusedPairs
{
    public const Op First = (Op)0x110; // past the ISA's ops and the interpreter's pseudo-ops (CachedInstruction.Continue)

    public const Op LdLd = First + 0, LdAddi = First + 1, LdSd = First + 2, LdBltu = First + 3, LdAdd = First + 4,
        LdBeq = First + 5, LdJal = First + 6;
    public const Op SdSd = First + 7, SdAddi = First + 8, SdLd = First + 9, SdJal = First + 10;
    public const Op AddiAddi = First + 11, AddiSd = First + 12, AddiJal = First + 13, AddiJalr = First + 14,
        AddiLd = First + 15, AddiBne = First + 16, AddiBeq = First + 17, AddiAdd = First + 18, AddiBltu = First + 19,
        AddiBgeu = First + 20;
    public const Op AddAdd = First + 21, AddLd = First + 22, AddJal = First + 23, AddLw = First + 24, AddAddi = First + 25;
    public const Op SlliAdd = First + 26, SlliSrli = First + 27;
    public const Op AuipcAddi = First + 28;
    public const Op AndiBeq = First + 29, AndiBne = First + 30;
    public const Op LwAddi = First + 31;

    /// <summary>How many fused ops there are (numbered from <see cref="First"/>).</summary>
    public const int Count = 32;

    /// <summary>The fused op that runs <paramref name="first"/> then <paramref name="second"/>, or <see cref="Op.Illegal"/> when
    /// the pair is not fused.</summary>
    public static Op Of(Op first, Op second) => (first, second) switch
    {
        (Op.Ld, Op.Ld) => LdLd, (Op.Ld, Op.Addi) => LdAddi, (Op.Ld, Op.Sd) => LdSd, (Op.Ld, Op.Bltu) => LdBltu,
        (Op.Ld, Op.Add) => LdAdd, (Op.Ld, Op.Beq) => LdBeq, (Op.Ld, Op.Jal) => LdJal,
        (Op.Sd, Op.Sd) => SdSd, (Op.Sd, Op.Addi) => SdAddi, (Op.Sd, Op.Ld) => SdLd, (Op.Sd, Op.Jal) => SdJal,
        (Op.Addi, Op.Addi) => AddiAddi, (Op.Addi, Op.Sd) => AddiSd, (Op.Addi, Op.Jal) => AddiJal,
        (Op.Addi, Op.Jalr) => AddiJalr, (Op.Addi, Op.Ld) => AddiLd, (Op.Addi, Op.Bne) => AddiBne,
        (Op.Addi, Op.Beq) => AddiBeq, (Op.Addi, Op.Add) => AddiAdd, (Op.Addi, Op.Bltu) => AddiBltu,
        (Op.Addi, Op.Bgeu) => AddiBgeu,
        (Op.Add, Op.Add) => AddAdd, (Op.Add, Op.Ld) => AddLd, (Op.Add, Op.Jal) => AddJal, (Op.Add, Op.Lw) => AddLw,
        (Op.Add, Op.Addi) => AddAddi,
        (Op.Slli, Op.Add) => SlliAdd, (Op.Slli, Op.Srli) => SlliSrli,
        (Op.Auipc, Op.Addi) => AuipcAddi,
        (Op.Andi, Op.Beq) => AndiBeq, (Op.Andi, Op.Bne) => AndiBne,
        (Op.Lw, Op.Addi) => LwAddi,
        _ => Op.Illegal,
    };

    /// <summary>The two ops a fused op runs (for tests and diagnostics).</summary>
    public static (Op First, Op Second) Parts(Op fused)
    {
        foreach (Op a in Enum.GetValues<Op>())
            foreach (Op b in Enum.GetValues<Op>())
                if (Of(a, b) == fused) return (a, b);
        throw new ArgumentException($"{fused} is not a fused op", nameof(fused));
    }

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
