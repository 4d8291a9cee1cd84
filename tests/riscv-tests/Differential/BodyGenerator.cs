// The random body of a differential program: picks what kind of item comes next, chooses registers, and
// places forward-branch targets. The instruction families live in the BodyGenerator.*.cs files.
namespace RvJit.RiscvTests.Differential;

/// <summary>One instruction of a body item and the dump entries it may change.</summary>
internal sealed record BodyOp(string Text, string[] Writes);

/// <summary>
/// Generates the random body: a straight-line sequence of items (one instruction, or a short sequence that
/// must stay together, such as an address computation and the AMO using it). Control flow only goes forward,
/// and only past whole items, so every program terminates and never runs half of a sequence.
/// </summary>
/// <remarks>
/// Register conventions: x2 (sp) points at the start of the 4 KiB scratch area and x8 (s0) at its middle;
/// neither is ever written by the body, so every memory access is `base + constant` inside the scratch area.
/// </remarks>
internal sealed partial class BodyGenerator
{
    /// <summary>Register holding the scratch area's start (compressed sp-relative forms use it).</summary>
    public const int ScratchStartRegister = 2;

    /// <summary>Register holding scratch + 2048, so a 12-bit offset reaches the whole area.</summary>
    public const int ScratchMiddleRegister = 8;

    private readonly SplitMix64 rng;
    private readonly GeneratorOptions options;
    private readonly Dictionary<int, List<string>> labelsBefore = [];
    private readonly List<int> recentX = [];
    private readonly List<int> recentF = [];
    private int itemIndex;
    private int labelCount;

    public BodyGenerator(SplitMix64 rng, GeneratorOptions options)
    {
        this.rng = rng;
        this.options = options;
    }

    /// <summary>Writes <see cref="GeneratorOptions.InstructionCount"/> random items, then the extra lines.</summary>
    public void Write(AssemblyWriter writer)
    {
        int count = options.InstructionCount;
        for (itemIndex = 0; itemIndex < count; itemIndex++)
        {
            BodyOp[] item = NextItem();
            PlaceLabels(writer, itemIndex);
            foreach (BodyOp op in item)
                writer.BodyInstruction(op.Text, op.Writes);
        }
        PlaceLabels(writer, count);
        foreach (string line in options.ExtraBody)
            writer.BodyInstruction(line.Trim(), []);
    }

    private void PlaceLabels(AssemblyWriter writer, int index)
    {
        if (!labelsBefore.TryGetValue(index, out var labels)) return;
        foreach (string label in labels)
            writer.Line(label + ":");
        labelsBefore.Remove(index);
    }

    private BodyOp[] NextItem() => rng.Below(100) switch
    {
        < 16 => IntegerRegisterOp(),
        < 26 => IntegerImmediateOp(),
        < 31 => IntegerUnaryOp(),
        < 33 => UpperImmediateOp(),
        < 40 => Load(),
        < 47 => Store(),
        < 58 => FloatArithmetic(),
        < 67 => FloatConvertMoveCompare(),
        < 71 => FloatLoadStore(),
        < 74 => AtomicMemoryOp(),
        < 76 => LoadReservedStoreConditional(),
        < 77 => LoneStoreConditional(),
        < 83 => ConditionalBranch(),
        < 85 => Jump(),
        < 94 => CompressedOp(),
        < 97 => FloatCsrOp(),
        < 98 => Fence(),
        _ => CompressedControl(),
    };

    // ---- building blocks shared by the families ----

    private static BodyOp Op(string text, params string[] writes) => new(text, writes);

    private static string X(int r) => $"x{r}";

    private static string F(int r) => $"f{r}";

    /// <summary>Dump names an x-register write changes (nothing for x0).</summary>
    private static string[] WritesX(int r) => r == 0 ? [] : [X(r)];

    /// <summary>A destination the body may write: never sp or s0, and x0 now and then (writes are discarded).</summary>
    private int DestX()
    {
        if (rng.Percent(3)) return 0;
        int r;
        do r = rng.Below(32); while (r is 0 or ScratchStartRegister or ScratchMiddleRegister);
        Remember(recentX, r);
        return r;
    }

    /// <summary>A writable register other than x0 (for addresses and compressed forms that forbid x0).</summary>
    private int DestXNonZero()
    {
        int r;
        do r = DestX(); while (r == 0);
        return r;
    }

    /// <summary>A writable register among x8..x15 (the compressed "rd'" set), i.e. x9..x15.</summary>
    private int DestXCompressed()
    {
        int r = rng.Between(9, 15);
        Remember(recentX, r);
        return r;
    }

    /// <summary>Any source register; often a recently written one, so results feed into later instructions.</summary>
    private int SourceX()
    {
        if (recentX.Count > 0 && rng.Percent(40)) return rng.Pick(recentX);
        return rng.Below(32);
    }

    private int DestF()
    {
        int r = rng.Below(32);
        Remember(recentF, r);
        return r;
    }

    private int SourceF()
    {
        if (recentF.Count > 0 && rng.Percent(40)) return rng.Pick(recentF);
        return rng.Below(32);
    }

    private static void Remember(List<int> recent, int r)
    {
        recent.Add(r);
        if (recent.Count > 6) recent.RemoveAt(0);
    }

    /// <summary>A new label that will be placed before the item <paramref name="skip"/> items after this one.</summary>
    private string ForwardLabel(int skip)
    {
        string label = $".Lfwd{labelCount++}";
        int target = Math.Min(itemIndex + 1 + skip, options.InstructionCount);   // at most the end of the body
        if (!labelsBefore.TryGetValue(target, out var list)) labelsBefore[target] = list = [];
        list.Add(label);
        return label;
    }

    /// <summary>A signed 12-bit immediate, biased towards the edges of its range.</summary>
    private int Imm12() => rng.Below(6) switch
    {
        0 => rng.Pick(Imm12Edges),
        1 => rng.Between(-16, 16),
        _ => rng.Between(-2048, 2047),
    };

    private static readonly int[] Imm12Edges = [-2048, 2047, -1, 0, 1, 0x7FF, -0x800, 0x100, -0x100];
}
