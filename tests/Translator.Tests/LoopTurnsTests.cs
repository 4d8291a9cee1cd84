using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using static RvJit.Translator.LoopTurns;

namespace RvJit.Translator.Tests;

/// <summary>
/// A hot entry's region whose loop does not turn per visit by the interpreter's counts (<see cref="LoopTurns"/>) is
/// deferred like a loop-free island; one whose loop turns compiles at its first hot stop.
/// </summary>
public sealed class LoopTurnsTests
{
    [Fact]
    public void A_loop_through_the_entry_turns_when_the_entry_counts_at_least_twice_its_exit()
    {
        // The header counts every turn, the exit a branch reaches once a visit.
        Assert.True(Turns(entryInLoop: true, 4096, [new(true, 0), new(false, 512)]));
        Assert.True(Turns(entryInLoop: true, 4096, [new(true, 0), new(false, 2048)]));
        Assert.False(Turns(entryInLoop: true, 4096, [new(true, 0), new(false, 4095)]));
        Assert.False(Turns(entryInLoop: true, 4096, [new(true, 0), new(false, 3000), new(false, 100)]));
        // No exit a branch reaches (the loop falls out of its last block): the counts cannot tell, so it compiles.
        Assert.True(Turns(entryInLoop: true, 4096, [new(true, 0), new(false, 0)]));
    }

    [Fact]
    public void A_loop_after_the_entry_turns_when_one_of_its_blocks_counts_as_often_as_the_entry()
    {
        Assert.True(Turns(entryInLoop: false, 4096, [new(false, 0), new(true, 5000), new(true, 0)]));
        Assert.True(Turns(entryInLoop: false, 8192, [new(false, 0), new(true, 8192)]));
        Assert.False(Turns(entryInLoop: false, 8192, [new(false, 0), new(true, 4096)]));
        // A block off the loop counting more says nothing of the loop.
        Assert.False(Turns(entryInLoop: false, 4096, [new(false, 9000), new(true, 10)]));
        // Its loop's count is not known (marked: translated or queued on its own): it may turn.
        Assert.True(Turns(entryInLoop: false, 4096, [new(false, 0), new(true, -1), new(true, 10)]));
        // No loop at all.
        Assert.False(Turns(entryInLoop: false, 4096, [new(false, 4000)]));
        Assert.False(Turns(entryInLoop: false, 4096, []));
    }

    private const int Ra = 1, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15;
    private const ulong Function = UserModeMachine.CodeBase + 0x1000; // in another page than its caller
    private const int Threshold = 50, Iterations = 1024;

    /// <summary>a0 = 0; a1 = 1024; loop: fence.i; call f; a0++; bne a0, a1, loop; ecall. The fence.i keeps the caller
    /// interpreted (the translator cannot start a region there), so f's hot stops come from interpreted code.
    /// f: a2++; a3++; a4 = a3 &amp; mask; beq a4, a5, out; j f; out: ret. With mask 7 its loop turns 8 times a call (a5 = 0
    /// every eighth turn); with mask 0 it never turns (a4 == 0 == a5 at once).</summary>
    private static UserModeMachine Program(int mask)
    {
        var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase,
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),
            Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: Iterations >> 4),
            Encoder.Encode(Op.Slli, rd: A1, rs1: A1, imm: 4),
            Encoder.Encode(Op.FenceI),
            Encoder.Encode(Op.Jal, rd: Ra, imm: (long)(Function - (UserModeMachine.CodeBase + 0x10))),
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Bne, rs1: A0, rs2: A1, imm: -12),
            Encoder.Encode(Op.Ecall),
        ]);
        m.WriteCode(Function,
        [
            Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),
            Encoder.Encode(Op.Addi, rd: A3, rs1: A3, imm: 1),
            Encoder.Encode(Op.Andi, rd: A4, rs1: A3, imm: mask),
            Encoder.Encode(Op.Beq, rs1: A4, rs2: A5, imm: 8),
            Encoder.Encode(Op.Jal, rd: 0, imm: -16),
            Encoder.Encode(Op.Jalr, rs1: Ra),
        ]);
        return m;
    }

    private static unsafe ulong X(UserModeMachine m, int r) => m.Hart.State->X[r];

    [Theory]
    [InlineData(7, 8, false)]
    [InlineData(0, 1, true)]
    public void A_function_whose_loop_does_not_turn_waits_like_a_loop_free_one(int mask, int turns, bool deferred)
    {
        using var m = Program(mask);
        Assert.True(GuestRegion.Read(m.Ram, Function).HasLoop);
        var jit = new JitEngine(m.Hart, hotThreshold: Threshold, backgroundCompile: false, promoteThreshold: 0, islandDeferrals: 3);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal((ulong)(Iterations * turns), X(m, A2));
        Assert.Equal(deferred ? 3 : 0, jit.Shared.LoopIslandsDeferred);
        Assert.NotNull(jit.Cache.Lookup(Function)); // compiled in the end either way (after the last deferral)
    }
}
