using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// The two tiers: a hot region is compiled quickly (minopts) first and counts its entries and loop iterations;
/// past the promotion threshold it is compiled optimised, and the optimised region replaces the quick one
/// everywhere (the cache, the links of other regions, the jump cache), so the quick code never runs again.
/// </summary>
public sealed unsafe class TierTests
{
    private const int Ra = 1, A0 = 10, A1 = 11, A2 = 12;
    private const ulong Base = UserModeMachine.CodeBase;

    /// <summary>loop (0x00): a0++; call f (0x40); blt a0, a1, loop; ecall. f: a2 += 2; ret.</summary>
    private static uint[] LoopCallingFunction()
    {
        var code = new List<uint>
        {
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),   // 0x00
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0x40 - 0x04),  // 0x04
            Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: -8), // 0x08
            Encoder.Encode(Op.Ecall),                          // 0x0c
        };
        while (code.Count < 0x40 / 4) code.Add(Encoder.Encode(Op.Addi));
        code.Add(Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 2)); // 0x40
        code.Add(Encoder.Encode(Op.Jalr, rs1: Ra));                 // 0x44
        return [.. code];
    }

    private static (UserModeMachine, JitEngine) Machine(int promoteThreshold, int iterations)
    {
        var m = new UserModeMachine("interp");
        m.WriteCode(Base, LoopCallingFunction());
        m.Hart.SetX(A1, (ulong)iterations);
        // Plain blocks, so the loop and f are separate translations joined by a link.
        return (m, new JitEngine(m.Hart, hotThreshold: 8, backgroundCompile: false, maxRegionBlocks: 1, promoteThreshold: promoteThreshold));
    }

    [Fact]
    public void Warm_regions_are_compiled_quick_and_stay_quick_below_the_threshold()
    {
        var (m, jit) = Machine(promoteThreshold: 1_000_000, iterations: 5000);
        using var _ = m;
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(5000UL, m.Hart.GetX(A0));
        Assert.Equal(10_000UL, m.Hart.GetX(A2));
        Assert.Equal(CodeTier.Quick, jit.Cache.Lookup(Base + 0x40)!.Tier);
        Assert.Equal(0, jit.Promotions);
        Assert.Equal(0, jit.TierCompiles[(int)CodeTier.Optimised]);
        Assert.True(jit.TierCompiles[(int)CodeTier.Quick] >= 2);
    }

    [Fact]
    public void A_region_is_promoted_after_the_threshold_and_the_quick_code_never_runs_again()
    {
        const int threshold = 100;
        var (m, jit) = Machine(threshold, iterations: 5000);
        using var _ = m;
        // Run until f is compiled quick, then keep its quick translation.
        while (jit.Cache.Lookup(Base + 0x40) is null) Assert.Equal(EngineExit.Budget, jit.Run(m.Hart, 10));
        var quick = jit.Cache.Lookup(Base + 0x40)!;
        Assert.Equal(CodeTier.Quick, quick.Tier);

        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(5000UL, m.Hart.GetX(A0));
        Assert.Equal(10_000UL, m.Hart.GetX(A2));

        var optimised = jit.Cache.Lookup(Base + 0x40)!;
        Assert.Equal(CodeTier.Optimised, optimised.Tier);
        Assert.False(quick.Valid);
        // The quick code asked once, at its threshold, and was not entered again: its countdown still holds the
        // out-of-reach value the engine set when it asked (every entry would take one off).
        Assert.Equal(int.MaxValue, quick.Links.Countdown);
        Assert.True(jit.Promotions >= 2, $"{jit.Promotions} promotions"); // f and the loop's blocks
        // The loop's region links to f: to the optimised translation, never the replaced one.
        var loop = jit.Cache.Lookup(Base)!;
        Assert.Equal(CodeTier.Optimised, loop.Tier);
        Assert.DoesNotContain(quick.Function, loop.Links.Next);
    }

    [Fact]
    public void A_promoted_loop_finishes_in_optimised_code()
    {
        // A loop entered once runs all its iterations inside one region: it is promoted by its iterations.
        using var m = new UserModeMachine("interp");
        m.WriteCode(Base,
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: -4),
            Encoder.Encode(Op.Ecall),
        ]);
        m.Hart.SetX(A1, 100_000);
        var jit = new JitEngine(m.Hart, hotThreshold: 8, backgroundCompile: false, promoteThreshold: 500);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(100_000UL, m.Hart.GetX(A0));
        Assert.Equal(1, jit.Promotions);
        Assert.Equal(CodeTier.Optimised, jit.Cache.Lookup(Base)!.Tier);
        Assert.Equal(1, jit.TierCompiles[(int)CodeTier.Quick]);
        Assert.Equal(1, jit.TierCompiles[(int)CodeTier.Optimised]);
    }

    [Fact]
    public void Code_written_after_promotion_drops_both_tiers_and_starts_quick_again()
    {
        var (m, jit) = Machine(promoteThreshold: 50, iterations: 2000);
        using var _ = m;
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        var optimised = jit.Cache.Lookup(Base + 0x40)!;
        Assert.Equal(CodeTier.Optimised, optimised.Tier);
        long quickBefore = jit.TierCompiles[(int)CodeTier.Quick];

        // f now adds 5; the loop runs again from the start.
        m.WriteCode(Base + 0x40, [Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 5)]);
        Assert.False(optimised.Valid);
        Assert.Null(jit.Cache.Lookup(Base + 0x40));
        m.Hart.SetX(A0, 0);
        m.Hart.SetX(A2, 0);
        m.Hart.Pc = Base;
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(10_000UL, m.Hart.GetX(A2));
        Assert.True(jit.TierCompiles[(int)CodeTier.Quick] > quickBefore);
    }

    [Fact]
    public void The_compile_queue_weighs_a_promotion_s_waiting_entries_below_the_interpreter_s_in_either_tier()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(Base, LoopCallingFunction());
        var links = new BlockLinks(Base, 0) { Countdown = int.MaxValue - 1000 }; // its quick code ran 1,000 entries since it asked
        var promotion = new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, Base), 0, CodeTier.Optimised, promoting: links);
        var quickA = new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, Base + 0x40), 0, CodeTier.Quick) { Waited = 100 };
        var quickB = new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, Base + 0x40), 0, CodeTier.Quick) { Waited = 200 };
        var quickC = new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, Base + 0x40), 0, CodeTier.Quick) { Waited = 1000 / BackgroundCompiler.PromotionWeight };
        // A new region compiled optimised at once (the queue was short): its entries wait in the interpreter too.
        var newOptimised = new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, Base + 0x40), 0, CodeTier.Optimised) { Waited = 150 };
        var pending = new List<BackgroundCompiler.Request> { promotion, quickA, quickB, quickC, newOptimised };
        Assert.Equal(1000, promotion.Waiting);
        Assert.Same(quickB, BackgroundCompiler.TakeMostWaited(pending));
        Assert.Same(newOptimised, BackgroundCompiler.TakeMostWaited(pending));
        Assert.Same(quickC, BackgroundCompiler.TakeMostWaited(pending)); // level with the promotion: quick first
        Assert.Same(promotion, BackgroundCompiler.TakeMostWaited(pending));
        Assert.Same(quickA, BackgroundCompiler.TakeMostWaited(pending));
    }

    [Fact]
    public void Background_compiles_with_several_workers_agree_with_the_interpreter()
    {
        var (m, _) = Machine(promoteThreshold: 20, iterations: 200_000);
        using var __ = m;
        var jit = new JitEngine(m.Hart, hotThreshold: 8, backgroundCompile: true, promoteThreshold: 20, compileThreads: new CompileThreads(3));
        EngineExit exit;
        do exit = jit.Run(m.Hart, 5000); while (exit == EngineExit.Budget);
        Assert.Equal(EngineExit.HostTrap, exit);
        Assert.Equal(200_000UL, m.Hart.GetX(A0));
        Assert.Equal(400_000UL, m.Hart.GetX(A2));
    }

    [Fact]
    public void Background_compiles_make_new_regions_optimised_and_the_guest_s_thread_makes_them_quick()
    {
        // The hot threshold makes a region's first compile one that pays for optimising; quick code (a helper call per
        // access, entry count and exit) is left to compiles the guest waits for.
        var (m, _) = Machine(promoteThreshold: 1_000_000, iterations: 20_000_000); // long enough for the compiles to be installed
        using var __ = m;
        var jit = new JitEngine(m.Hart, hotThreshold: 8, backgroundCompile: true, maxRegionBlocks: 1, promoteThreshold: 1_000_000);
        EngineExit exit;
        do exit = jit.Run(m.Hart, 5000); while (exit == EngineExit.Budget);
        Assert.Equal(EngineExit.HostTrap, exit);
        Assert.Equal(20_000_000UL, m.Hart.GetX(A0));
        Assert.True(jit.TierCompiles[(int)CodeTier.Optimised] >= 2, $"{jit.TierCompiles[(int)CodeTier.Optimised]} optimised compiles");
        Assert.Equal(0, jit.TierCompiles[(int)CodeTier.Quick]);

        var (sync, ___) = Machine(promoteThreshold: 1_000_000, iterations: 20_000);
        using var ____ = sync;
        var waited = new JitEngine(sync.Hart, hotThreshold: 8, backgroundCompile: false, maxRegionBlocks: 1, promoteThreshold: 1_000_000);
        do exit = waited.Run(sync.Hart, 5000); while (exit == EngineExit.Budget);
        Assert.Equal(0, waited.TierCompiles[(int)CodeTier.Optimised]);
        Assert.True(waited.TierCompiles[(int)CodeTier.Quick] >= 2);
    }
}
