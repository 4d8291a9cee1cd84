using System.Collections.Concurrent;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// Several harts on one guest RAM, each run by its own host thread at the same time, with one shared translation
/// cache (<see cref="SharedTranslations"/>): the same code run concurrently gives each hart its own right results
/// and is compiled once; code one hart rewrites (store + fence.i) reaches the other after its fence.i; and code
/// invalidated over and over while the other hart runs it never gives a wrong result or an exception.
/// </summary>
public sealed unsafe class SharedTranslationTests
{
    private const int Ra = 1, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, S2 = 18, S3 = 19, S4 = 20;
    private const ulong RamBase = 0x8000_0000;
    private const ulong Main = RamBase, Function = RamBase + 0x1000, Data = RamBase + 0x10_0000, Flag = Data + 0x8000;

    /// <summary>Harts on one RAM with engines from one shared state, as the CLI's factory makes them for --smp N.</summary>
    private sealed class SharedRamHarts : IDisposable
    {
        public readonly PhysicalMemory Ram = new(RamBase, 4UL << 20);
        public readonly Hart[] Harts;
        public readonly JitEngine[] Engines;
        public readonly SharedTranslations Shared;

        public SharedRamHarts(int count, bool background, int hotThreshold = 8, int maxRegionBlocks = GuestRegion.MaxBlocks, int promoteThreshold = 0)
        {
            Shared = new SharedTranslations(Ram, hotThreshold, background, maxRegionBlocks: maxRegionBlocks, promoteThreshold: promoteThreshold);
            Harts = new Hart[count];
            Engines = new JitEngine[count];
            for (int i = 0; i < count; i++)
            {
                Harts[i] = NewHart(Ram, (ulong)i);
                Engines[i] = new JitEngine(Harts[i], Shared);
            }
        }

        public void Write(ulong pa, IReadOnlyList<uint> words)
        {
            for (int i = 0; i < words.Count; i++) BitConverter.GetBytes(words[i]).CopyTo(Ram.Span(pa + (ulong)(4 * i), 4));
            Ram.NoteStore(pa, (ulong)(4 * words.Count));
        }

        public void Dispose()
        {
            foreach (var h in Harts) h.Dispose();
            Ram.Dispose();
        }
    }

    private static Hart NewHart(PhysicalMemory ram, ulong id)
    {
        var hart = new Hart(new Bus(ram), id) { TrapsToHost = true };
        hart.Privilege = Privilege.User;
        hart.Csrs.Mstatus |= 1UL << 13;
        return hart;
    }

    /// <summary>Runs until the next host trap; null when <paramref name="budget"/> instructions pass first.</summary>
    private static Trap? RunToTrap(Hart hart, IExecutionEngine engine, long budget = 50_000_000, long slice = 200_000)
    {
        long start = hart.Instret;
        while (hart.Instret - start < budget)
            if (engine.Run(hart, slice) == EngineExit.HostTrap) return hart.HostTrap;
        return null;
    }

    /// <summary>Runs each action on its own host thread, all started together; rethrows what any threw.</summary>
    private static void OnThreads(params Action[] actions)
    {
        var errors = new ConcurrentQueue<Exception>();
        using var start = new Barrier(actions.Length);
        var threads = actions.Select(a => new Thread(() =>
        {
            try { start.SignalAndWait(); a(); }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromMinutes(5)), "a hart's thread hung");
        if (!errors.IsEmpty) throw new AggregateException(errors);
    }

    /// <summary>sum = Σ f(i) for i &lt; a0, where f (at <see cref="Function"/>, called through a register) is 3i + 1;
    /// the running sum goes through the hart's data word at s1 each iteration. Result in a1.</summary>
    private static List<uint> SumProgram(IEnumerable<uint>? beforeEachCall = null)
    {
        var code = new List<uint>
        {
            Encoder.Encode(Op.Addi, rd: A1),                  // sum = 0
            Encoder.Encode(Op.Addi, rd: T0),                  // i = 0
        };
        code.AddRange(GuestCode.Li32(T1, (uint)Function));   // t1 = f (RAM lies below 4 GiB: sign extension aside, fix below)
        code.Add(Encoder.Encode(Op.Slli, rd: T1, rs1: T1, imm: 32));
        code.Add(Encoder.Encode(Op.Srli, rd: T1, rs1: T1, imm: 32));
        var body = new List<uint> { Encoder.Encode(Op.Addi, rd: A2, rs1: T0) };
        body.AddRange(beforeEachCall ?? []);
        body.AddRange(
        [
            Encoder.Encode(Op.Jalr, rd: Ra, rs1: T1),         // a2 = f(a2)
            Encoder.Encode(Op.Add, rd: A1, rs1: A1, rs2: A2),
            Encoder.Encode(Op.Sd, rs1: S1, rs2: A1),
            Encoder.Encode(Op.Ld, rd: A3, rs1: S1),
            Encoder.Encode(Op.Addi, rd: A1, rs1: A3),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: 1),
        ]);
        int loop = code.Count;
        code.Add(Encoder.Encode(Op.Bge, rs1: T0, rs2: A0, imm: 4 * (body.Count + 2)));
        code.AddRange(body);
        code.Add(Encoder.Encode(Op.Jal, imm: 4 * (loop - code.Count)));
        code.Add(Encoder.Encode(Op.Ecall));
        return code;
    }

    /// <summary>f: a2 = 3 * a2 + 1; the first word is either of two that compute the same (<see cref="DoubleByAdd"/>).</summary>
    private static uint[] TripleProgram(uint first) =>
    [
        first,                                                   // a3 = 2 * a2
        Encoder.Encode(Op.Jal, imm: 8),                          // a direct jump inside the page (a link slot)
        Encoder.Encode(Op.Ebreak),
        Encoder.Encode(Op.Add, rd: A2, rs1: A2, rs2: A3),
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),
        Encoder.Encode(Op.Jalr, rs1: Ra),
    ];

    private static readonly uint DoubleByAdd = Encoder.Encode(Op.Add, rd: A3, rs1: A2, rs2: A2);
    private static readonly uint DoubleByShift = Encoder.Encode(Op.Slli, rd: A3, rs1: A2, imm: 1);

    private static ulong ExpectedSum(ulong n) => 3 * (n * (n - 1) / 2) + n;

    private static void RunSum(Hart hart, IExecutionEngine engine, ulong n, ulong dataWord)
    {
        hart.Pc = Main;
        hart.SetX(A0, n);
        hart.SetX(S1, dataWord);
        Assert.Equal(ExceptionCause.EcallFromUser, RunToTrap(hart, engine)?.Cause);
        Assert.Equal(ExpectedSum(n), hart.GetX(A1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_harts_run_the_same_code_at_once_and_it_is_compiled_once(bool background)
    {
        // What one hart alone compiles (plain blocks, one tier: each compile is one entry, so a second compile of a
        // block would show as a replacement).
        long alone;
        using (var ram = new PhysicalMemory(RamBase, 4UL << 20))
        {
            using var hart = NewHart(ram, 0);
            var jit = new JitEngine(hart, hotThreshold: 8, backgroundCompile: false, maxRegionBlocks: 1, promoteThreshold: 0);
            BitConverterWrite(ram, Main, SumProgram());
            BitConverterWrite(ram, Function, TripleProgram(DoubleByAdd));
            for (int round = 0; round < 20; round++) RunSum(hart, jit, 500, Data);
            alone = jit.BlocksCompiled;
            Assert.True(alone >= 4, $"compiled {alone}");
        }

        using var m = new SharedRamHarts(2, background, maxRegionBlocks: 1);
        m.Write(Main, SumProgram());
        m.Write(Function, TripleProgram(DoubleByAdd));
        Action Hart(int i) => () =>
        {
            for (int round = 0; round < 200; round++)
                RunSum(m.Harts[i], m.Engines[i], (ulong)(300 + 17 * i + round % 5), Data + 0x1000 * (ulong)i);
        };
        OnThreads(Hart(0), Hart(1));
        // A loaded machine's compile thread may still owe some blocks: more rounds (one hart at a time) install them.
        var owed = System.Diagnostics.Stopwatch.StartNew();
        while (background && m.Shared.BlocksCompiled < alone && owed.Elapsed < TimeSpan.FromSeconds(60))
            for (int i = 0; i < 2; i++) RunSum(m.Harts[i], m.Engines[i], 300, Data + 0x1000 * (ulong)i);

        Assert.Equal(alone, m.Shared.BlocksCompiled);
        Assert.Equal(0, m.Shared.Cache.Replacements);
        Assert.Equal(0, m.Shared.StaleCompiles);
        // Both harts ran compiled code out of the one cache.
        Assert.All(m.Engines, e => Assert.True(e.CompiledBlockRuns > 0));
        Assert.Same(m.Engines[0].Cache, m.Engines[1].Cache);
        // Either engine reports the shared compiles once and the dispatches of both harts, summed and per hart.
        var stats = m.Engines[1].Statistics().ToDictionary(s => s.Name, s => s.Value);
        Assert.StartsWith($"{alone} ", stats["blocks compiled"]);
        Assert.Contains("shared by 2 harts", stats["translation cache"]);
        Assert.StartsWith($"{m.Engines[0].CompiledBlockRuns + m.Engines[1].CompiledBlockRuns} to compiled code", stats["dispatches"]);
        Assert.StartsWith($"0: {m.Harts[0].Instret} instructions", stats["per hart"]);
    }

    private static void BitConverterWrite(PhysicalMemory ram, ulong pa, IReadOnlyList<uint> words)
    {
        for (int i = 0; i < words.Count; i++) BitConverter.GetBytes(words[i]).CopyTo(ram.Span(pa + (ulong)(4 * i), 4));
        ram.NoteStore(pa, (ulong)(4 * words.Count));
    }

    /// <summary>a0 = 0; a4 times: call the slot at t1 through the register (the jump cache's path, from the caller's
    /// page into the slot's).</summary>
    private static uint[] CallSlotLoop() =>
    [
        Encoder.Encode(Op.Addi, rd: A0),
        Encoder.Encode(Op.Addi, rd: T0),
        Encoder.Encode(Op.Bge, rs1: T0, rs2: A4, imm: 16),
        Encoder.Encode(Op.Jalr, rd: Ra, rs1: T1),
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: 1),
        Encoder.Encode(Op.Jal, imm: -12),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Code_one_hart_rewrites_runs_new_on_the_other_after_its_fence_i(bool background)
    {
        uint addOne = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1);
        uint addHundred = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100);
        const int Calls = 100_000; // long enough for a background compile of the slot to finish in the first round
        using var m = new SharedRamHarts(2, background, hotThreshold: 1);
        m.Write(Function, [addOne, Encoder.Encode(Op.Jalr, rs1: Ra)]);

        // Hart A: runs the slot, rewrites it, fence.i, runs it again, then raises the flag.
        var a = new List<uint>();
        a.AddRange(CallSlotLoop());
        a.Add(Encoder.Encode(Op.Addi, rd: S3, rs1: A0));                         // s3 = the first round's result
        a.AddRange(GuestCode.Li32(S0, addHundred));
        a.Add(Encoder.Encode(Op.Sw, rs1: T1, rs2: S0));
        a.Add(Encoder.Encode(Op.FenceI));
        a.AddRange(CallSlotLoop());
        a.Add(Encoder.Encode(Op.Addi, rd: T2, imm: 1));
        a.Add(Encoder.Encode(Op.Sd, rs1: S2, rs2: T2));
        a.Add(Encoder.Encode(Op.Ecall));
        // Hart B: runs the slot (its jump cache now names the slot's translation), waits for the flag in compiled
        // code, fence.i, and runs the same compiled loop again: with every entry hot at once, the interpreter stops
        // at the loop's entry right after the fence.i, and the loop's code calls the slot through the jump cache.
        var b = new List<uint>();
        b.AddRange(CallSlotLoop());
        b.Add(Encoder.Encode(Op.Bne, rs1: S3, rs2: 0, imm: 24));                // the second time: done
        b.Add(Encoder.Encode(Op.Addi, rd: S3, rs1: A0));
        b.Add(Encoder.Encode(Op.Ld, rd: T2, rs1: S2));                           // spin: while (!flag)
        b.Add(Encoder.Encode(Op.Beq, rs1: T2, rs2: 0, imm: -4));
        b.Add(Encoder.Encode(Op.FenceI));
        b.Add(Encoder.Encode(Op.Jal, imm: -4 * b.Count));
        b.Add(Encoder.Encode(Op.Ecall));
        const ulong ProgramB = Main + 0x800;
        m.Write(Main, a);
        m.Write(ProgramB, b);

        for (int i = 0; i < 2; i++)
        {
            m.Harts[i].Pc = i == 0 ? Main : ProgramB;
            m.Harts[i].SetX(T1, Function);
            m.Harts[i].SetX(A4, Calls);
            m.Harts[i].SetX(S2, Flag);
        }
        // B first runs its first round alone, so its jump cache holds the old slot before A rewrites it.
        var (ha, hb) = (m.Harts[0], m.Harts[1]);
        hb.Pc = ProgramB;
        Trap? trapB = null;
        using var bReady = new ManualResetEventSlim();
        OnThreads(
            () => { Assert.True(bReady.Wait(TimeSpan.FromMinutes(3)), "hart B never got ready"); Assert.Equal(ExceptionCause.EcallFromUser, RunToTrap(ha, m.Engines[0])?.Cause); },
            () =>
            {
                // Up to the spin loop: the first round, then a few thousand spins; the first round again while the
                // slot's background compile is not installed (a loaded machine can take longer than one round).
                // Bounded, so that a hart that traps or stops making progress fails the test instead of hanging it.
                var warmUp = DateTime.UtcNow.AddMinutes(2);
                while (true)
                {
                    while (hb.GetX(S3) == 0)
                    {
                        Assert.True(DateTime.UtcNow < warmUp, $"hart B did not finish its first round (pc {hb.Pc:x})");
                        Assert.NotEqual(EngineExit.HostTrap, m.Engines[1].Run(hb, 1000));
                    }
                    for (int i = 0; i < 10; i++) m.Engines[1].Run(hb, 1000);
                    if (m.Shared.Cache.Lookup(Function) is not null) break; // A does not run yet: nothing else uses the cache
                    Assert.True(DateTime.UtcNow < warmUp, "the slot was never compiled");
                    hb.Pc = ProgramB;
                    hb.SetX(S3, 0);
                }
                bReady.Set();
                // It spins until A is done, however long A's compiles take on a loaded machine.
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (trapB is null && DateTime.UtcNow < deadline) trapB = RunToTrap(hb, m.Engines[1]);
            });

        Assert.Equal((ulong)Calls, ha.GetX(S3));
        Assert.Equal((ulong)Calls * 100, ha.GetX(A0));
        Assert.Equal(ExceptionCause.EcallFromUser, trapB?.Cause);
        Assert.Equal((ulong)Calls, hb.GetX(S3));
        Assert.Equal((ulong)Calls * 100, hb.GetX(A0));
        Assert.True(m.Shared.Cache.Invalidations > 0);
    }

    [Theory]
    [InlineData(false, GuestRegion.MaxBlocks)]
    [InlineData(true, GuestRegion.MaxBlocks)]
    [InlineData(false, 1)] // plain blocks: f's blocks are linked to each other, and the links dropped with the page
    [InlineData(true, 1)]
    public void Code_rewritten_by_one_hart_while_the_other_runs_it_gives_right_results(bool background, int regionBlocks)
    {
        using var m = new SharedRamHarts(2, background, hotThreshold: 4, maxRegionBlocks: regionBlocks, promoteThreshold: 50);
        // Hart A rewrites f's first word before every 16th call, between two encodings that compute the same, so f's
        // page (and its translations, or the compiles under way) are dropped again and again while hart B calls f.
        uint[] rewrite =
        [
            Encoder.Encode(Op.Andi, rd: T2, rs1: T0, imm: 15),
            Encoder.Encode(Op.Bne, rs1: T2, rs2: 0, imm: 28),
            Encoder.Encode(Op.Andi, rd: T2, rs1: T0, imm: 16),
            Encoder.Encode(Op.Beq, rs1: T2, rs2: 0, imm: 12),
            Encoder.Encode(Op.Sw, rs1: T1, rs2: S3),
            Encoder.Encode(Op.Jal, imm: 8),
            Encoder.Encode(Op.Sw, rs1: T1, rs2: S4),
            Encoder.Encode(Op.FenceI),
        ];
        const ulong Rewriter = Main + 0x800;
        m.Write(Main, SumProgram());
        m.Write(Rewriter, SumProgram(rewrite));
        m.Write(Function, TripleProgram(DoubleByAdd));
        m.Harts[0].SetX(S3, DoubleByAdd);
        m.Harts[0].SetX(S4, DoubleByShift);

        OnThreads(
            () =>
            {
                var hart = m.Harts[0];
                for (int round = 0; round < 40; round++)
                {
                    hart.Pc = Rewriter;
                    hart.SetX(A0, 2000);
                    hart.SetX(S1, Data);
                    Assert.Equal(ExceptionCause.EcallFromUser, RunToTrap(hart, m.Engines[0], slice: 5_000)?.Cause);
                    Assert.Equal(ExpectedSum(2000), hart.GetX(A1));
                }
            },
            () =>
            {
                // At least 1000 rounds, and on until B has run compiled code (a background compile may lose the
                // race with A's rewrites for a while on a loaded machine), within a bound.
                var deadline = DateTime.UtcNow.AddMinutes(1);
                for (int round = 0; round < 1000 || (m.Engines[1].CompiledBlockRuns == 0 && DateTime.UtcNow < deadline); round++)
                    RunSum(m.Harts[1], m.Engines[1], (ulong)(100 + round % 7), Data + 0x1000);
            });

        // Not every rewrite is counted: one racing with B's marking the page code (a page-flag update, a store-view
        // fill against the flush) may still take A's fast path until the Runtime's fill re-checks the code flag.
        // B runs no fence.i, so either version of f is right for it; the results above are what must hold.
        Assert.True(m.Shared.Cache.GenerationOf(Function) > 0, "A's rewrites never invalidated f's page");
        Assert.True(m.Shared.Cache.Invalidations + m.Shared.StaleCompiles > 0, "no translation of f was ever dropped");
        Assert.True(m.Engines[1].CompiledBlockRuns > 0);
    }

    [Fact]
    public void A_page_that_becomes_code_leaves_every_harts_store_view()
    {
        uint addOne = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1);
        uint addHundred = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100);
        const int Calls = 50;
        const ulong StoreData = Main + 0x400, StoreCode = Main + 0x800;
        using var m = new SharedRamHarts(2, background: false, hotThreshold: 1);
        m.Write(Function, [addOne, Encoder.Encode(Op.Jalr, rs1: Ra)]);
        m.Write(Main, [Encoder.Encode(Op.FenceI), .. CallSlotLoop(), Encoder.Encode(Op.Ecall)]);
        m.Write(StoreData, [Encoder.Encode(Op.Sd, rs1: T1, rs2: 0, imm: 0x400), Encoder.Encode(Op.Ecall)]);
        m.Write(StoreCode, [Encoder.Encode(Op.Sw, rs1: T1, rs2: S4), Encoder.Encode(Op.Ecall)]);
        var (a, b) = (m.Harts[0], m.Harts[1]);
        foreach (var h in m.Harts)
        {
            h.SetX(T1, Function);
            h.SetX(A4, Calls);
            h.SetX(S4, addHundred);
        }
        void Run(Hart h, int i, ulong pc)
        {
            h.Pc = pc;
            Assert.Equal(ExceptionCause.EcallFromUser, RunToTrap(h, m.Engines[i])?.Cause);
        }

        Run(b, 1, StoreData);      // B's store view now maps the slot's page (data so far)
        Run(a, 0, Main);           // A compiles the slot: the page is code now
        Assert.Equal((ulong)Calls, a.GetX(A0));
        Assert.NotNull(m.Shared.Cache.Lookup(Function));
        Run(b, 1, StoreCode);      // B rewrites the slot: its store must reach the slow path and drop the translation
        Run(a, 0, Main);           // fence.i, then the compiled loop calls the slot through A's jump cache
        Assert.Equal((ulong)Calls * 100, a.GetX(A0));
    }

    [Fact]
    public void A_factory_shares_translations_per_guest_RAM()
    {
        var sharedFor = SharedTranslations.PerRam(ram => new SharedTranslations(ram, backgroundCompile: false));
        using var ram1 = new PhysicalMemory(RamBase, 1UL << 20);
        using var ram2 = new PhysicalMemory(RamBase, 1UL << 20);
        using var h0 = NewHart(ram1, 0);
        using var h1 = NewHart(ram1, 1);
        using var other = NewHart(ram2, 0);
        var (e0, e1, e2) = (new JitEngine(h0, sharedFor(h0)), new JitEngine(h1, sharedFor(h1)), new JitEngine(other, sharedFor(other)));
        Assert.Same(e0.Shared, e1.Shared);
        Assert.NotSame(e0.Shared, e2.Shared);
        Assert.Equal(2, e0.Shared.Engines.Count);
        Assert.False(e0.Shared.ConstantTlb);
    }

    /// <summary>Sv39 tables at <paramref name="root"/> (three pages) mapping each (virtual page below 2 MiB, frame) pair,
    /// made the hart's address space.</summary>
    private static void MapPages(PhysicalMemory ram, Hart hart, ulong root, params (ulong Va, ulong Pa)[] pages)
    {
        void Pte(ulong at, ulong pte) => BitConverter.GetBytes(pte).CopyTo(ram.Span(at, 8));
        Pte(root, ((root + 0x1000) >> 12 << 10) | 1);
        Pte(root + 0x1000, ((root + 0x2000) >> 12 << 10) | 1);
        foreach (var (va, pa) in pages) Pte(root + 0x2000 + (va >> 12) * 8, (pa >> 12 << 10) | 0xDF); // user, rwx, accessed, dirty
        hart.Csrs.Satp = (8UL << 60) | (root >> 12);
        hart.Mmu.Flush();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Code_compiled_naming_the_first_harts_TLB_is_not_run_by_a_second_hart(bool background)
    {
        // One code page at the same virtual address for both harts; the data page at one virtual address maps to a
        // frame of each hart's own. Code that named hart 0's TLB as a constant would, run by hart 1, hit hart 0's
        // TLB entry and add into hart 0's frame.
        const ulong CodeVa = 0x1000, DataVa = 0x5000;
        const ulong CodePa = RamBase + 0x1000, Frame0 = RamBase + 0x40000, Frame1 = RamBase + 0x41000;
        using var ram = new PhysicalMemory(RamBase, 4UL << 20);
        using var h0 = NewHart(ram, 0);
        using var h1 = NewHart(ram, 1);
        MapPages(ram, h0, RamBase + 0x20000, (CodeVa, CodePa), (DataVa, Frame0));
        MapPages(ram, h1, RamBase + 0x30000, (CodeVa, CodePa), (DataVa, Frame1));
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: T0),                         // i = 0
            Encoder.Encode(Op.Ld, rd: A1, rs1: S1),                  // loop: a1 = *s1 + i
            Encoder.Encode(Op.Add, rd: A1, rs1: A1, rs2: T0),
            Encoder.Encode(Op.Sd, rs1: S1, rs2: A1),                 // *s1 = a1
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: 1),
            Encoder.Encode(Op.Blt, rs1: T0, rs2: A0, imm: -16),      // while ++i < a0
            Encoder.Encode(Op.Ecall),
        ];
        for (int i = 0; i < code.Length; i++) BitConverter.GetBytes(code[i]).CopyTo(ram.Span(CodePa + (ulong)(4 * i), 4));
        ram.NoteStore(CodePa, (ulong)(4 * code.Length));
        // Both engines are made first, as the kernel makes a hart's with its worker: only running guest code counts.
        var shared = new SharedTranslations(ram, hotThreshold: 4, backgroundCompile: background, constantTlb: true, promoteThreshold: 0);
        var (e0, e1) = (new JitEngine(h0, shared), new JitEngine(h1, shared));

        ulong Run(Hart hart, IExecutionEngine engine, ulong n)
        {
            hart.Pc = CodeVa;
            hart.SetX(A0, n);
            hart.SetX(S1, DataVa);
            Assert.Equal(ExceptionCause.EcallFromUser, RunToTrap(hart, engine)?.Cause);
            return hart.GetX(A1);
        }
        // Hart 0 alone: its loop runs compiled, naming its TLB when the host puts the TLB in low memory.
        for (int round = 0; round < 50 && e0.CompiledBlockRuns == 0; round++) Run(h0, e0, 10_000);
        Assert.True(e0.CompiledBlockRuns > 0);
        Assert.Equal(h0.Mmu.TlbInLowMemory, shared.LowTlb != 0);
        ulong frame0 = BitConverter.ToUInt64(ram.Span(Frame0, 8));

        // What the interpreter computes for hart 1 (on a hart of its own with hart 1's address space and frame).
        using var reference = NewHart(ram, 2);
        MapPages(ram, reference, RamBase + 0x30000, (CodeVa, CodePa), (DataVa, Frame1));
        ulong expected = Run(reference, new Interpreter(reference), 10_000);
        BitConverter.GetBytes(0UL).CopyTo(ram.Span(Frame1, 8));

        // Hart 1 starts: the translations naming hart 0's TLB go, and it computes into its own frame.
        for (int round = 0; round < 50 && e1.CompiledBlockRuns == 0; round++)
        {
            BitConverter.GetBytes(0UL).CopyTo(ram.Span(Frame1, 8));
            Assert.Equal(expected, Run(h1, e1, 10_000));
            Assert.Equal(frame0, BitConverter.ToUInt64(ram.Span(Frame0, 8)));
        }
        Assert.True(e1.CompiledBlockRuns > 0);
        Assert.Equal(0, shared.LowTlb);
        Assert.Equal(expected, BitConverter.ToUInt64(ram.Span(Frame1, 8)));

        // Hart 0 again, with code that reads the TLB from its context: its frame goes on from where it was.
        ulong more = Run(h0, e0, 10_000);
        Assert.Equal(frame0 + expected, more);
        Assert.Equal(more, BitConverter.ToUInt64(ram.Span(Frame0, 8)));
    }
}
