using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// What a region's exits cost in IL, which RyuJIT's compile time grows with. Every load and store has a cold exit (its
/// miss leaves for the interpreter): in the optimised tier it stores one packed constant and branches to the region's
/// one unpacking path; in the quick tier the access helper takes the packed exit as an argument and its miss branches
/// to that path directly. Whether those exits still leave with the interpreter's pc, instret and registers is
/// TlbMissTests' and the differential tests' part.
/// </summary>
public sealed class ExitShapeTests
{
    private const int T0 = 5, A0 = 10;

    /// <summary>A straight block of <paramref name="accesses"/> loads, each from a base register it then moves by the loaded
    /// value (so no two accesses share a probe, as they would across a move by a constant), and an ecall (which ends the
    /// block: the interpreter runs it).</summary>
    private static uint[] Loads(int accesses)
    {
        var code = new List<uint>();
        for (int i = 0; i < accesses; i++)
        {
            code.Add(Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 8));
            code.Add(Encoder.Encode(Op.Add, rd: A0, rs1: A0, rs2: T0));
        }
        code.Add(Encoder.Encode(Op.Ecall));
        return [.. code];
    }

    private static int IlBytes(int accesses, CodeTier tier)
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, Loads(accesses));
        var region = GuestRegion.Read(m.Ram, UserModeMachine.CodeBase);
        Assert.True(region.InstructionCount == 2 * accesses, $"{region.InstructionCount} instructions in {region.Order.Count} blocks");
        return Emit.BlockEmitter.Compile(region, tier: tier).IlBytes;
    }

    // Before (2026-12-07): 145 bytes an access and its add in the optimised tier (a cold exit set the pc, the kind, the
    // link slot and the budget: four statements), 61 in the quick tier (a stub of its own per exit); after, 114 and 54.
    [Theory]
    [InlineData(CodeTier.Optimised, 120)]
    [InlineData(CodeTier.Quick, 56)]
    public void An_access_and_its_cold_exit_cost_a_bounded_number_of_IL_bytes(CodeTier tier, int most)
    {
        int perAccess = (IlBytes(24, tier) - IlBytes(8, tier)) / 16;
        Assert.True(perAccess <= most, $"{tier}: {perAccess} IL bytes an access (and its add)");
    }
}
