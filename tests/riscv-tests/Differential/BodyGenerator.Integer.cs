// Integer computation items: RV64I ALU (register, immediate, W forms), M, Zba, Zbb, Zbs, Zbc, Zbkb, Zbkx,
// lui/auipc. No Zicond: QEMU 7.2 does not implement it (rvjit's own suite tests czero.eqz/czero.nez).
namespace RvJit.RiscvTests.Differential;

internal sealed partial class BodyGenerator
{
    private static readonly string[] RegisterOps =
    [
        "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
        "addw", "subw", "sllw", "srlw", "sraw",
        "mul", "mulh", "mulhsu", "mulhu", "mulw",
        "add.uw", "sh1add", "sh2add", "sh3add", "sh1add.uw", "sh2add.uw", "sh3add.uw",
        "andn", "orn", "xnor", "max", "maxu", "min", "minu", "rol", "rolw", "ror", "rorw",
        "bclr", "bext", "binv", "bset",
        "clmul", "clmulh", "clmulr", "pack", "packh", "packw", "xperm4", "xperm8",
    ];

    private static readonly string[] DivisionOps = ["div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw"];

    private static readonly string[] Immediate12Ops = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"];

    private static readonly string[] Shift6Ops = ["slli", "srli", "srai", "rori", "bclri", "bexti", "binvi", "bseti", "slli.uw"];

    private static readonly string[] Shift5Ops = ["slliw", "srliw", "sraiw", "roriw"];

    private static readonly string[] UnaryOps =
        // No ctzw: QEMU 7.2 counts its trailing zeros over all 64 bits (ctzw of 0x8000000000000000 gives 63,
        // not 32), so it is no oracle for it; rvjit's own suite tests ctzw against the spec.
        ["clz", "clzw", "ctz", "cpop", "cpopw", "sext.b", "sext.h", "zext.h", "orc.b", "rev8", "sext.w", "zext.w", "brev8"];

    private BodyOp[] IntegerRegisterOp()
    {
        if (rng.Percent(20))
        {
            // Division: divide by x0 and by registers holding 0 or -1 comes up often enough on purpose.
            string div = rng.Pick(DivisionOps);
            int divisor = rng.Percent(15) ? 0 : SourceX();
            int dividend = SourceX();
            int rdDiv = DestX();
            return [Op($"{div} {X(rdDiv)}, {X(dividend)}, {X(divisor)}", WritesX(rdDiv))];
        }
        string op = rng.Pick(RegisterOps);
        int rs1 = SourceX(), rs2 = SourceX();
        int rd = DestX();
        if (rng.Percent(20) && rd != 0) rs1 = rd;   // two-operand shape: compressible (c.add, c.and, ...) when small
        return [Op($"{op} {X(rd)}, {X(rs1)}, {X(rs2)}", WritesX(rd))];
    }

    private BodyOp[] IntegerImmediateOp()
    {
        int rs1 = SourceX();
        int rd = DestX();
        if (rng.Percent(20) && rd != 0) rs1 = rd;   // c.addi, c.slli, c.andi, ... shapes
        return rng.Below(3) switch
        {
            0 => [Op($"{rng.Pick(Shift6Ops)} {X(rd)}, {X(rs1)}, {ShiftAmount(64)}", WritesX(rd))],
            1 => [Op($"{rng.Pick(Shift5Ops)} {X(rd)}, {X(rs1)}, {ShiftAmount(32)}", WritesX(rd))],
            _ => [Op($"{rng.Pick(Immediate12Ops)} {X(rd)}, {X(rs1)}, {Imm12()}", WritesX(rd))],
        };
    }

    private int ShiftAmount(int width) => rng.Below(4) switch
    {
        0 => rng.Pick([0, 1, width - 1, width / 2]),
        _ => rng.Below(width),
    };

    private BodyOp[] IntegerUnaryOp()
    {
        int rs1 = SourceX();
        int rd = DestX();
        return [Op($"{rng.Pick(UnaryOps)} {X(rd)}, {X(rs1)}", WritesX(rd))];
    }

    private BodyOp[] UpperImmediateOp()
    {
        int rd = DestX();
        int imm = rng.Percent(30) ? rng.Pick([0, 1, 0x7FFFF, 0x80000, 0xFFFFF]) : rng.Below(1 << 20);
        string op = rng.Percent(60) ? "lui" : "auipc";   // auipc's result depends only on the fixed link address
        return [Op($"{op} {X(rd)}, 0x{imm:x}", WritesX(rd))];
    }
}
