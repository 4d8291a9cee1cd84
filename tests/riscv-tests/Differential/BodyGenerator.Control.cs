// Control-flow items: forward conditional branches, jal/jalr and their compressed forms, and fences. Every
// target is a label a few whole items ahead, so a program cannot loop and never enters the middle of an item.
namespace RvJit.RiscvTests.Differential;

internal sealed partial class BodyGenerator
{
    private static readonly string[] BranchOps = ["beq", "bne", "blt", "bge", "bltu", "bgeu"];

    /// <summary>How many following items a branch or jump skips when taken (0: it lands on the next item).</summary>
    private int SkipCount() => rng.Percent(10) ? 0 : rng.Between(1, 4);

    private BodyOp[] ConditionalBranch()
    {
        string label = ForwardLabel(SkipCount());
        string op = rng.Pick(BranchOps);
        int rs1 = SourceX();
        int rs2 = rng.Below(6) switch
        {
            0 => rs1,       // always or never taken, whatever the value
            1 => 0,
            _ => SourceX(),
        };
        return [Op($"{op} {X(rs1)}, {X(rs2)}, {label}")];
    }

    private BodyOp[] Jump()
    {
        string label = ForwardLabel(SkipCount());
        int rd = DestX();
        if (rng.Percent(50))
            return [Op($"jal {X(rd)}, {label}", WritesX(rd))];
        // jalr to a computed target; the link value is an absolute address, the same on both sides. The base
        // is sometimes moved off the label and the offset moves it back; base = label + 1 with offset 0 checks
        // that jalr clears bit 0 of the target.
        int t = DestXNonZero();
        int adjust = rng.Pick([0, 0, 1, 8, -8, 100]);
        int offset = adjust == 1 ? 0 : -adjust;
        var ops = new List<BodyOp> { Op($"lla {X(t)}, {label}", WritesX(t)) };
        if (adjust != 0) ops.Add(Op($"addi {X(t)}, {X(t)}, {adjust}", WritesX(t)));
        ops.Add(Op($"jalr {X(rd)}, {offset}({X(t)})", WritesX(rd)));
        return [.. ops];
    }

    private BodyOp[] CompressedControl()
    {
        string label = ForwardLabel(SkipCount());
        switch (rng.Below(4))
        {
            case 0:
            case 1:
            {
                int rs = rng.Between(8, 15);
                return [Op($"{(rng.Percent(50) ? "c.beqz" : "c.bnez")} {X(rs)}, {label}")];
            }
            case 2:
                return [Op($"c.j {label}")];
            default:
            {
                int t = DestXNonZero();
                bool link = rng.Percent(50);
                return
                [
                    Op($"lla {X(t)}, {label}", WritesX(t)),
                    link ? Op($"c.jalr {X(t)}", WritesX(1)) : Op($"c.jr {X(t)}"),
                ];
            }
        }
    }

    private BodyOp[] Fence() => rng.Below(3) switch
    {
        0 => [Op("fence")],
        1 => [Op("fence rw, rw")],
        _ => [Op("fence.i")],
    };
}
