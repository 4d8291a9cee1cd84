// Floating-point items (F, D and Zfh): arithmetic with static and dynamic rounding modes, the fused multiply-add
// family, min/max, sign injection, compares, fclass, conversions in every direction, and moves.
namespace RvJit.RiscvTests.Differential;

internal sealed partial class BodyGenerator
{
    private const string Fcsr = "fcsr";

    private static readonly string[] RoundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"];

    private static readonly string[] BinaryRounded = ["fadd", "fsub", "fmul", "fdiv"];

    private static readonly string[] BinaryUnrounded = ["fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"];

    private static readonly string[] FusedOps = ["fmadd", "fmsub", "fnmadd", "fnmsub"];

    private static readonly string[] CompareOps = ["feq", "flt", "fle"];

    private static readonly string[] IntegerFormats = ["w", "wu", "l", "lu"];

    private static string Precision(bool isDouble) => isDouble ? "d" : "s";

    /// <summary>s, d or h (half precision a quarter of the time).</summary>
    private string AnyPrecision() => rng.Below(4) switch { 0 => "h", 1 => "s", _ => "d" };

    /// <summary>", rm" with a static mode or dyn, or nothing (the assembler then encodes dyn).</summary>
    private string RoundingOperand() => rng.Percent(10) ? "" : ", " + rng.Pick(RoundingModes);

    private BodyOp[] FloatArithmetic()
    {
        string p = AnyPrecision();
        int a = SourceF(), b = SourceF(), c = SourceF();
        int fd = DestF();
        string[] writes = [F(fd), Fcsr];
        return rng.Below(10) switch
        {
            < 4 => [Op($"{rng.Pick(BinaryRounded)}.{p} {F(fd)}, {F(a)}, {F(b)}{RoundingOperand()}", writes)],
            4 => [Op($"fsqrt.{p} {F(fd)}, {F(a)}{RoundingOperand()}", writes)],
            < 7 => [Op($"{rng.Pick(FusedOps)}.{p} {F(fd)}, {F(a)}, {F(b)}, {F(c)}{RoundingOperand()}", writes)],
            // min/max raise invalid on signalling NaNs; sign injection touches no flags.
            _ => [Op($"{rng.Pick(BinaryUnrounded)}.{p} {F(fd)}, {F(a)}, {F(b)}", writes)],
        };
    }

    private BodyOp[] FloatConvertMoveCompare()
    {
        string p = AnyPrecision();
        bool isDouble = p == "d";
        switch (rng.Below(8))
        {
            case 0:
            {
                int a = SourceF(), b = SourceF();
                int rd = DestX();
                return [Op($"{rng.Pick(CompareOps)}.{p} {X(rd)}, {F(a)}, {F(b)}", [.. WritesX(rd), Fcsr])];
            }
            case 1:
            {
                int a = SourceF();
                int rd = DestX();
                return [Op($"fclass.{p} {X(rd)}, {F(a)}", WritesX(rd))];
            }
            case 2:
            case 3:
            {
                // Float to integer: rounding mode always matters here.
                int a = SourceF();
                int rd = DestX();
                return [Op($"fcvt.{rng.Pick(IntegerFormats)}.{p} {X(rd)}, {F(a)}{RoundingOperand()}", [.. WritesX(rd), Fcsr])];
            }
            case 4:
            {
                // Integer to float. Int32 to double is exact and takes no rounding-mode operand.
                int rs = SourceX();
                int fd = DestF();
                string format = rng.Pick(IntegerFormats);
                bool exact = isDouble && format is "w" or "wu";
                string rm = exact ? "" : RoundingOperand();
                return [Op($"fcvt.{p}.{format} {F(fd)}, {X(rs)}{rm}", [F(fd), Fcsr])];
            }
            case 5:
            {
                // Between the precisions: widening is exact (no rounding-mode operand); narrowing rounds.
                int a = SourceF();
                int fd = DestF();
                var (to, from) = rng.Pick([("d", "s"), ("s", "d"), ("h", "s"), ("h", "d"), ("s", "h"), ("d", "h")]);
                bool widening = to == "d" || (to == "s" && from == "h");
                string text = $"fcvt.{to}.{from} {F(fd)}, {F(a)}" + (widening ? "" : RoundingOperand());
                return [Op(text, [F(fd), Fcsr])];
            }
            case 6:
            {
                int a = SourceF();
                int rd = DestX();
                return [Op($"fmv.x.{(p == "s" ? "w" : p)} {X(rd)}, {F(a)}", WritesX(rd))];
            }
            default:
            {
                int rs = SourceX();
                int fd = DestF();
                return [Op($"fmv.{(p == "s" ? "w" : p)}.x {F(fd)}, {X(rs)}", [F(fd)])];
            }
        }
    }

    /// <summary>Reads and writes of fflags, frm and fcsr (the only CSRs the body touches). frm is only ever set
    /// to a valid mode (0-4), since a dynamic-rounding instruction under an invalid frm traps.</summary>
    private BodyOp[] FloatCsrOp()
    {
        int rd = DestX();
        string[] writes = [.. WritesX(rd), Fcsr];
        switch (rng.Below(7))
        {
            case 0: return [Op($"frflags {X(rd)}", WritesX(rd))];
            case 1: return [Op($"frrm {X(rd)}", WritesX(rd))];
            case 2: return [Op($"frcsr {X(rd)}", WritesX(rd))];
            case 3: return [Op($"fsflagsi {X(rd)}, {rng.Below(32)}", writes)];
            case 4: return [Op($"fsrmi {X(rd)}, {rng.Below(5)}", writes)];
            case 5:
            {
                // csrrs/csrrc on fflags with a register: the CSR keeps only the five flag bits.
                int rs = SourceX();
                string op = rng.Percent(50) ? "csrrs" : "csrrc";
                return [Op($"{op} {X(rd)}, fflags, {X(rs)}", writes)];
            }
            default:
            {
                // A whole-fcsr write from a register, masked so frm stays 0..3.
                int rs = SourceX();
                int masked = DestXNonZero();
                return
                [
                    Op($"andi {X(masked)}, {X(rs)}, 0x7f", WritesX(masked)),
                    Op($"fscsr {X(rd)}, {X(masked)}", writes),
                ];
            }
        }
    }
}
