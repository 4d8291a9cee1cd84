using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// The cold path: the interpreter counts block entries in its decoded pages and stops only at entries that turn
/// hot or are marked as translated; the JIT engine is visited once per such stop, not once per block.
/// </summary>
public sealed class EntryCountingTests
{
    private const int A0 = 10, A1 = 11;
    private const ulong Loop = UserModeMachine.CodeBase + 12;

    /// <summary>a0 = 0; a1 = <paramref name="iterations"/> (k &lt;&lt; shift, k below 2048); loop: a0++; bne a0, a1, loop; ecall.</summary>
    private static uint[] CountingLoop(int iterations)
    {
        int shift = 0;
        while (iterations >> shift >= 2048) shift++;
        Assert.Equal(iterations, (iterations >> shift) << shift);
        return
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),
            Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: iterations >> shift),
            Encoder.Encode(Op.Slli, rd: A1, rs1: A1, imm: shift),
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Bne, rs1: A0, rs2: A1, imm: -4),
            Encoder.Encode(Op.Ecall),
        ];
    }

    private static unsafe (UserModeMachine Machine, Interpreter Interpreter) InterpreterWith(int threshold, int iterations = 1000)
    {
        var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(iterations));
        return (m, new Interpreter(m.Hart, entryThreshold: threshold));
    }

    private static unsafe ulong X(UserModeMachine m, int r) => m.Hart.State->X[r];

    [Fact]
    public void The_interpreter_stops_before_an_entry_that_turns_hot()
    {
        var (m, interp) = InterpreterWith(threshold: 5);
        using var _ = m;
        // Entries: where Run begins, then the loop head at each taken branch; the fifth reach of the head stops.
        var exit = interp.Run(m.Hart, 1_000_000);
        Assert.Equal(EngineExit.Entry, exit);
        Assert.True(interp.StoppedHot);
        Assert.Equal(Loop, m.Hart.Pc);
        Assert.Equal(5UL, X(m, A0));
        Assert.Equal(3 + 2 * 5L, m.Hart.Instret); // exact at the stop: the taken branch retired, the head did not run
    }

    [Fact]
    public void An_entry_the_interpreter_holds_counts_until_it_is_marked()
    {
        // What lets the engine skip its translation lookup: an entry in the interpreter's entry cache (where a Run
        // began) whose count is running, and nothing else.
        var (m, interp) = InterpreterWith(threshold: 100);
        using var _ = m;
        Assert.False(interp.IsCountingEntry(UserModeMachine.CodeBase)); // not entered yet
        Assert.Equal(EngineExit.Budget, interp.Run(m.Hart, 20));
        Assert.True(interp.IsCountingEntry(UserModeMachine.CodeBase));
        Assert.False(interp.IsCountingEntry(UserModeMachine.CodeBase + 4)); // never a Run's start

        interp.MarkEntry(UserModeMachine.CodeBase, EntryMark.Translated); // bare translation: pa = va
        Assert.False(interp.IsCountingEntry(UserModeMachine.CodeBase));
    }

    [Fact]
    public void A_fence_i_keeps_the_counts_of_the_entries()
    {
        // loop: a0++; fence.i; bne a0, a1, loop. Stores to code drop what they reach already, so a fence.i drops
        // nothing: when it emptied the decode cache, every entry counted from the threshold again after each of
        // Linux's remote fence.i's at boot, and code between them never turned hot.
        var m = new UserModeMachine("interp");
        using var _ = m;
        m.WriteCode(UserModeMachine.CodeBase,
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),
            Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: 1000),
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.FenceI),
            Encoder.Encode(Op.Bne, rs1: A0, rs2: A1, imm: -8),
            Encoder.Encode(Op.Ecall),
        ]);
        var interp = new Interpreter(m.Hart, entryThreshold: 5);
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000));
        Assert.True(interp.StoppedHot);
        Assert.True(X(m, A0) <= 5, $"stopped after {X(m, A0)} passes");
    }

    [Fact]
    public void Long_straight_line_code_turns_hot_by_the_work_done()
    {
        // loop: 200 x (a0++); a1--; bne a1, 0, loop. The loop head is entered once a pass, but each pass runs 200
        // instructions through runs cut at the length cap: their continuations count for the work, so one of them
        // turns hot long before the head would (the kernel's unrolled blake2s ran 4,096 calls interpreted).
        var m = new UserModeMachine("interp");
        using var _ = m;
        var code = new List<uint> { Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: 1000) };
        for (int i = 0; i < 200; i++) code.Add(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -4 * 201));
        code.Add(Encoder.Encode(Op.Ecall));
        m.WriteCode(UserModeMachine.CodeBase, code);
        var interp = new Interpreter(m.Hart, entryThreshold: 80);
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000));
        Assert.True(interp.StoppedHot);
        Assert.NotEqual(UserModeMachine.CodeBase + 4, m.Hart.Pc);
        Assert.True(X(m, A0) < 200 * 30, $"stopped after {X(m, A0)} instructions of the stretch");
    }

    [Fact]
    public void The_interpreter_stops_at_a_marked_entry_every_time_and_runs_it_when_told_to()
    {
        var (m, interp) = InterpreterWith(threshold: 100);
        using var _ = m;
        interp.Run(m.Hart, 4); // decodes the page; runs up to the first taken branch
        interp.MarkEntry(Loop, EntryMark.Translated);
        ulong before = X(m, A0);
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000));
        Assert.False(interp.StoppedHot);
        Assert.Equal(before, X(m, A0)); // stopped before running anything
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000, stopAtFirstEntry: false));
        Assert.Equal(before + 1, X(m, A0)); // one pass, then the mark again
        Assert.Equal(Loop, m.Hart.Pc);
    }

    [Fact]
    public void A_mark_on_an_entry_not_decoded_yet_waits_for_its_run()
    {
        // Engines mark every block of the regions they queue or install, most of which the interpreter never enters:
        // the mark decodes nothing, and the run takes it when the interpreter first gets there.
        var (m, interp) = InterpreterWith(threshold: 100);
        using var _ = m;
        interp.Run(m.Hart, 4); // decodes the page; runs from CodeBase and Loop only
        string decodedBefore = DecodedRuns(interp);
        interp.MarkEntry(Loop + 4, EntryMark.Translated); // the bne: inside the loop's run, never an entry so far
        Assert.Equal(decodedBefore, DecodedRuns(interp));
        Assert.True(interp.HasRun(Loop + 4)); // marked counts as entered, as for a decoded run
        m.Hart.Pc = Loop + 4;
        long instret = m.Hart.Instret;
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000));
        Assert.False(interp.StoppedHot); // the mark, not a count
        Assert.Equal(Loop + 4, m.Hart.Pc);
        Assert.Equal(instret, m.Hart.Instret);
    }

    private static string DecodedRuns(Interpreter interp) =>
        System.Text.RegularExpressions.Regex.Match(interp.Statistics().Single(s => s.Name == "decode cache").Value, @"\d+ runs").Value;

    [Fact]
    public void A_waiting_entry_runs_on_and_stops_once_per_stride()
    {
        var (m, interp) = InterpreterWith(threshold: 100, iterations: 10_240);
        using var _ = m;
        interp.Run(m.Hart, 4);
        interp.MarkEntry(Loop, EntryMark.Waiting);
        ulong before = X(m, A0);
        Assert.Equal(EngineExit.Entry, interp.Run(m.Hart, 1_000_000, stopAtFirstEntry: false));
        Assert.True(interp.StoppedHot);
        Assert.Equal(before + (ulong)Interpreter.WaitingStride - 1, X(m, A0)); // the first entry counts too
    }

    [Fact]
    public void Writing_a_page_clears_its_marks()
    {
        var (m, interp) = InterpreterWith(threshold: 5000);
        using var _ = m;
        interp.Run(m.Hart, 4);
        interp.MarkEntry(Loop, EntryMark.Translated);
        Assert.True(interp.HasRun(Loop));
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(1000)); // the same code, written again: a code-page store
        Assert.False(interp.HasRun(Loop));
        m.Hart.Pc = Loop;
        Assert.Equal(EngineExit.HostTrap, interp.Run(m.Hart, 1_000_000)); // runs to the ecall: the mark is gone
        Assert.Equal(1000UL, X(m, A0));
    }

    [Fact]
    public void The_interpreter_alone_never_stops_at_entries()
    {
        var (m, interp) = InterpreterWith(threshold: 0, iterations: 131_072); // more entries than a countdown holds
        using var _ = m;
        Assert.Equal(EngineExit.HostTrap, interp.Run(m.Hart, 10_000_000));
        Assert.Equal(131_072UL, X(m, A0));
    }

    [Fact]
    public void Entries_that_have_run_are_the_ones_entered()
    {
        var (m, interp) = InterpreterWith(threshold: 100);
        using var _ = m;
        Assert.False(interp.HasRun(UserModeMachine.CodeBase));
        interp.Run(m.Hart, 1_000_000);
        Assert.True(interp.HasRun(UserModeMachine.CodeBase)); // where Run began
        Assert.True(interp.HasRun(Loop));                      // a taken branch's target
        Assert.False(interp.HasRun(Loop + 4));                 // never a block entry
        Assert.Equal([UserModeMachine.CodeBase, Loop], interp.EntriesRunIn(UserModeMachine.CodeBase));
    }

    [Fact]
    public void Cold_blocks_do_not_visit_the_dispatcher()
    {
        // 1000 iterations of a cold loop (the threshold is far above): one call into the interpreter, no stops.
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(1000));
        var jit = new JitEngine(m.Hart, hotThreshold: 5000, backgroundCompile: false);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal(1000UL, X(m, A0));
        Assert.Equal(1, jit.InterpreterRuns);
        Assert.Equal(0, jit.EntryStops);
        Assert.Equal(0, jit.BlocksCompiled);
    }

    [Theory]
    [InlineData(6_000, false)] // past the old threshold (4,096): warm code the Go server reaches about once per request
    [InlineData(9_000, true)]
    public void By_default_an_entry_is_compiled_after_8192_runs(int iterations, bool compiled)
    {
        // A compile costs 1.4-1.9 ms of a 2-core machine's CPU, more than the interpreter spends on a few thousand runs of
        // a warm entry: the Go server at compare.py's size used 0.83 of the CPU at 8,192 against 4,096 (JitEngine.DefaultHotThreshold).
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(iterations));
        var jit = new JitEngine(m.Hart, backgroundCompile: false, promoteThreshold: 0);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal((ulong)iterations, X(m, A0));
        Assert.Equal(compiled ? 1 : 0, jit.BlocksCompiled);
    }

    [Theory]
    [InlineData(2, 0)] // one guest thread on two cores: the compile thread takes the idle one at 4,096
    [InlineData(1, 1)] // every core runs guest code: counted again, to 8,192
    public void Early_when_idle_compiles_at_half_the_threshold_only_while_a_core_is_idle(int hostCores, int deferrals)
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(6_000));
        var jit = new JitEngine(m.Hart, promoteThreshold: 0, compileThreads: new CompileThreads(hostCores: hostCores), earlyWhenIdle: true);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal(6_000UL, X(m, A0));
        Assert.Equal(deferrals, jit.Shared.Deferrals);
    }

    [Theory]
    [InlineData(0.95, 20_000, 0)] // the compile thread had its core: compiled at 4,096 as the core is idle
    [InlineData(0.3, 10_000, 2)]  // other processes took most of it: counted on past 4,096 and 8,192
    [InlineData(0.3, 30_000, 3)]  // and past 12,288, then compiled at 16,384 (ContendedHotFactor times the threshold)
    public void A_contended_host_compiles_at_twice_the_threshold(double share, int iterations, int deferrals)
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(iterations));
        var threads = new CompileThreads(hostCores: 2);
        for (int i = 0; i < 8; i++) threads.Share.Record((long)(share * 1000), 1000);
        var jit = new JitEngine(m.Hart, promoteThreshold: 0, compileThreads: threads, earlyWhenIdle: true);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal((ulong)iterations, X(m, A0));
        Assert.Equal(deferrals, jit.Shared.Deferrals);
    }

    [Theory]
    [InlineData(6_000, false)]
    [InlineData(9_000, true)]
    public void Early_when_idle_compiling_on_the_guests_thread_waits_for_the_full_threshold(int iterations, bool compiled)
    {
        // No compile thread to take an idle core: an early compile would only stop the guest sooner.
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(iterations));
        var jit = new JitEngine(m.Hart, backgroundCompile: false, promoteThreshold: 0, earlyWhenIdle: true);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal((ulong)iterations, X(m, A0));
        Assert.Equal(compiled ? 1 : 0, jit.BlocksCompiled);
        Assert.Equal(1, jit.Shared.Deferrals);
    }

    [Fact]
    public void A_hot_loop_is_compiled_at_its_threshold_and_stops_the_interpreter_once()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(131_072));
        var jit = new JitEngine(m.Hart, hotThreshold: 50, backgroundCompile: false, promoteThreshold: 0);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(131_072UL, X(m, A0));
        Assert.Equal(1, jit.BlocksCompiled);
        Assert.Equal(1, jit.EntryStops);
        Assert.True(jit.InterpretedInstructions < 2 * 50 + 10, $"{jit.InterpretedInstructions} instructions interpreted");
    }

    [Fact]
    public void A_mark_whose_translation_has_gone_counts_again()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(131_072));
        var jit = new JitEngine(m.Hart, hotThreshold: 50, backgroundCompile: false, promoteThreshold: 0);
        Assert.Equal(EngineExit.Budget, jit.Run(m.Hart, 1000)); // hot and compiled by now
        Assert.Equal(1, jit.BlocksCompiled);
        jit.Cache.Clear(); // what a code-budget flush does: the interpreter's mark stays, the translation is gone
        m.Hart.Pc = Loop;
        ulong before = X(m, A0);
        // The stale mark stops the interpreter once; the engine finds nothing and has it count again from 50.
        Assert.Equal(EngineExit.Budget, jit.Run(m.Hart, 2 * 30));
        Assert.Equal(before + 30, X(m, A0));
        Assert.Equal(1, jit.BlocksCompiled);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal(131_072UL, X(m, A0));
        Assert.Equal(2, jit.BlocksCompiled);
    }

    [Fact]
    public void A_hot_loop_is_not_compiled_before_the_warmup_and_is_compiled_after_it()
    {
        // 8192 iterations (16,387 instructions) end before a 20,000-instruction warm-up: interpreted throughout,
        // with a stop every 50 entries of the head (it counts again from the threshold after each).
        using var short_ = new UserModeMachine("interp");
        short_.WriteCode(UserModeMachine.CodeBase, CountingLoop(8192));
        var cold = new JitEngine(short_.Hart, hotThreshold: 50, backgroundCompile: false, promoteThreshold: 0, warmupInstructions: 20_000);
        Assert.Equal(EngineExit.HostTrap, cold.Run(short_.Hart, 10_000_000));
        Assert.Equal(8192UL, X(short_, A0));
        Assert.Equal(0, cold.BlocksCompiled);
        Assert.InRange(cold.EntryStops, 8192 / 50 - 2, 8192 / 48 + 2);

        // The same loop run longer is compiled once the hart has run past the warm-up, and runs on compiled.
        using var long_ = new UserModeMachine("interp");
        long_.WriteCode(UserModeMachine.CodeBase, CountingLoop(131_072));
        var warm = new JitEngine(long_.Hart, hotThreshold: 50, backgroundCompile: false, promoteThreshold: 0, warmupInstructions: 20_000);
        Assert.Equal(EngineExit.HostTrap, warm.Run(long_.Hart, 10_000_000));
        Assert.Equal(131_072UL, X(long_, A0));
        Assert.Equal(1, warm.BlocksCompiled);
        Assert.InRange(warm.InterpretedInstructions, 20_000, 20_000 + 2 * 50 + 10);
    }

    [Theory]
    [InlineData(4096, false)] // 8,195 instructions: ends in the warm-up's first half
    [InlineData(8192, true)]  // 16,387: its head still turns hot in the second half
    public void A_hot_entry_in_the_second_half_of_the_warmup_primes_the_compiler_and_installs_nothing(int iterations, bool primes)
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, CountingLoop(iterations));
        var jit = new JitEngine(m.Hart, hotThreshold: 50, backgroundCompile: true, promoteThreshold: 0, warmupInstructions: 20_000);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 10_000_000));
        Assert.Equal((ulong)iterations, X(m, A0));
        Assert.Equal(primes, jit.Shared.CompilerPrimed);
        Assert.Equal(0, jit.BlocksCompiled);
        Assert.Equal(0, jit.Shared.QueuedRegions);
    }
}

/// <summary>The compiler's queue order: the region whose entry the guest kept reaching while it waited goes first.</summary>
public sealed class CompileQueueOrderTests
{
    [Fact]
    public void The_most_waited_for_request_is_compiled_first_and_equals_keep_their_order()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, [.. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 10, rs1: 10, imm: 1), 0x400)]);
        ulong[] entries = [.. new[] { 0x0, 0x40, 0x800, 0x900 }.Select(o => UserModeMachine.CodeBase + (ulong)o)];
        var pending = entries.Select(pa => new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, pa), 0)).ToList();
        var requests = pending.ToArray();
        // While they wait, the guest keeps reaching the third entry, and the second a little.
        requests[2].Waited += 50;
        requests[1].Waited += 5;

        var order = new List<int>();
        while (pending.Count > 0) order.Add(Array.IndexOf(requests, BackgroundCompiler.TakeMostWaited(pending)));
        Assert.Equal([2, 1, 0, 3], order);
    }
}
