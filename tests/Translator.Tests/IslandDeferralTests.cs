using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A hot entry whose region has no loop, reached from interpreted code, is counted on from the threshold instead of
/// compiled (an island in interpreted code); it compiles once a hot stop comes from the dispatcher, or after
/// <see cref="SharedTranslations.IslandDeferrals"/> stops at the latest.
/// </summary>
public sealed class IslandDeferralTests
{
    private const int Ra = 1, A0 = 10, A1 = 11, A2 = 12;
    private const ulong Function = UserModeMachine.CodeBase + 0x1000; // f: a2++; return (another page)
    private const int Threshold = 50, Iterations = 1024;

    /// <summary>a0 = 0; a1 = 1024; loop: [head]; call f; a0++; bne a0, a1, loop; ecall. With a fence.i as the head the
    /// translator cannot start the loop there, so the interpreter runs it and reaches f in the middle of its runs.</summary>
    private static UserModeMachine Program(bool interpretedHead)
    {
        var m = new UserModeMachine("interp");
        ulong call = UserModeMachine.CodeBase + (interpretedHead ? 0x10UL : 0x0cUL);
        var main = new List<uint>
        {
            Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),
            Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: Iterations >> 4),
            Encoder.Encode(Op.Slli, rd: A1, rs1: A1, imm: 4),
        };
        if (interpretedHead) main.Add(Encoder.Encode(Op.FenceI));
        main.Add(Encoder.Encode(Op.Jal, rd: Ra, imm: (long)(Function - call)));
        main.Add(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1));
        main.Add(Encoder.Encode(Op.Bne, rs1: A0, rs2: A1, imm: interpretedHead ? -12 : -8));
        main.Add(Encoder.Encode(Op.Ecall));
        m.WriteCode(UserModeMachine.CodeBase, main);
        m.WriteCode(Function, [Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1), Encoder.Encode(Op.Jalr, rs1: Ra)]);
        return m;
    }

    private static unsafe ulong X(UserModeMachine m, int r) => m.Hart.State->X[r];

    [Fact]
    public void A_region_knows_whether_it_holds_a_loop()
    {
        using var m = Program(interpretedHead: false);
        Assert.True(GuestRegion.Read(m.Ram, UserModeMachine.CodeBase + 0x10).HasLoop); // a0++; bne -> call -> back here
        Assert.False(GuestRegion.Read(m.Ram, Function).HasLoop);
        Assert.False(GuestRegion.Read(m.Ram, UserModeMachine.CodeBase + 0x18).HasLoop); // ecall: an empty region
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 1)]
    public void A_loop_free_function_waits_until_compiled_code_calls_it(int deferrals, int deferred)
    {
        using var m = Program(interpretedHead: false);
        var jit = new JitEngine(m.Hart, hotThreshold: Threshold, backgroundCompile: false, promoteThreshold: 0, islandDeferrals: deferrals);
        jit.Shared.RegionsSpanPages = false; // f in its own region, not taken into the loop's (RegionsAcrossPagesTests)
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal((ulong)Iterations, X(m, A2));
        // f turns hot first, in the middle of an interpreter run (the loop is not compiled yet): deferred once. Its next
        // hot stop comes from the compiled loop's call, where its region saves a trip through the interpreter.
        Assert.Equal(deferred, jit.Shared.IslandsDeferred);
        Assert.NotNull(jit.Cache.Lookup(Function));
        Assert.Equal(2, jit.BlocksCompiled);
    }

    [Fact]
    public void A_loop_free_function_only_interpreted_code_calls_compiles_after_the_last_deferral()
    {
        using var m = Program(interpretedHead: true);
        var jit = new JitEngine(m.Hart, hotThreshold: Threshold, backgroundCompile: false, promoteThreshold: 0, islandDeferrals: 2);
        jit.Shared.RegionsSpanPages = false;
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal((ulong)Iterations, X(m, A2));
        // f is compiled in the end, though the interpreter reached it in the middle of its runs until then: at most two
        // deferrals for each of the three loop-free entries (the call after the fence.i, f, the code f returns to).
        Assert.NotNull(jit.Cache.Lookup(Function));
        Assert.InRange(jit.Shared.IslandsDeferred, 2, 2 * 3);
    }
}
