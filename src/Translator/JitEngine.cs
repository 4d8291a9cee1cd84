using System.Diagnostics;
using System.Runtime.CompilerServices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;
using RvJit.Translator.Emit;
using RvJit.Translator.Persist;

namespace RvJit.Translator;

/// <summary>
/// The translating engine. Cold code runs in the interpreter, which runs on from block to block and counts how
/// often each block entry is reached in the decoded page it already holds; it returns here only at an entry that
/// has just turned hot (the hot threshold) or that is marked as having a translation. A hot entry's region is
/// compiled to IL (on a background thread by default) and from then on runs as native code. System
/// instructions, illegal encodings and page-crossing instructions are always left to the interpreter, which is
/// the reference for all of them.
///
/// Why the interpreter counts: handing it one block at a time cost about 340 ns of dispatch per block (a jump
/// cache probe, the fetch translation, a translation lookup and a heat lookup by physical address, the
/// interpreter's own entry), several times what the block itself costs; short programs ran five times slower
/// than under the interpreter alone. Counting in the run slot the interpreter loads anyway costs one decrement
/// per taken branch, and the dispatcher's hash lookups happen once per hot or translated entry reached from cold
/// code. The marks are hints, never trusted: at a marked entry the engine looks the translation up, and a mark
/// whose translation has gone (a budget flush, a region replaced) is reset to count again. A page whose code
/// changes loses its decoded runs, marks included, with its translations. A pc the jump cache does not hold is first
/// looked up in the shared <see cref="EntryTable"/> (by physical address, no lock): a translated entry whose jump-cache
/// slot another pc took, or that a TLB flush emptied, runs without a trip through the interpreter.
///
/// One engine serves one hart, on whatever host thread runs that hart; several harts (guest threads running in
/// parallel) share their translations through one <see cref="SharedTranslations"/>. The engine keeps what is its
/// hart's: the interpreter and its decode cache, the <see cref="JitContext"/> with the jump cache, the pending link
/// and the dispatch statistics. A store that invalidates code reaches the storing hart's engine at once (its
/// generated code must stop running what it just overwrote); the other harts' engines see the cache's epoch move
/// when they next dispatch and clear their jump caches then. RISC-V asks no more: a hart sees another hart's code
/// changes after its own fence.i (which only the interpreter runs, so it reaches this dispatcher before compiled
/// code runs again).
/// </summary>
public sealed unsafe class JitEngine : IExecutionEngine
{
    /// <summary>Default executions of a block entry before its region is compiled. A region costs RyuJIT about
    /// 0.8 ms plus 34 µs per guest instruction (gofmt, 2,600 regions: 2.3 ms on average), what the interpreter
    /// spends on roughly 500,000 guest instructions, and one background thread compiles while the guest runs.
    /// Measured on gofmt over net/http (2G instructions, several thousand warm entries): 32 compiled 2,450
    /// regions and kept the compile queue hundreds deep (6.0-6.4 s); 128 compiles 1,700 and the hot ones sooner
    /// (5.0 s); 256-512 the same within noise; short runs and bench/'s loops do not move (a loop passes 128
    /// in microseconds). 4096 since 2026-12-07: by that cost, an entry of a 20-instruction region pays for its
    /// compile after a few thousand runs (the ski-rental rule), and a large program's warm code queued for the one
    /// compile thread faster than it compiled (the Go HTTP server of bench/parallel: 2,129 regions at 128, 775 k
    /// interpreter runs of code waiting for its compile). Measured (farm-bench, first runs, CPU time, medians of
    /// paired ratios, 5-8 pairs): the Go HTTP server 0.87 at 512 and 0.77 at 1024 against 128, 0.73 at 4096
    /// against 1024 (every pair below 1 in all three); gofmt 0.99 at 512, 0.94 at 1024, 0.82 at 4096; SQLite
    /// speedtest1 --size 5 0.97 at 1024, 0.86 at 4096. A second run from the persistent cache would interpret the warm
    /// code that never reached the threshold again (the Go server: 54 M instructions against 1.7 M at 128): the cache
    /// keeps warm entries' regions too (<see cref="Persist.PersistentCode.DefaultWarmThreshold"/>).
    /// 8192 since 2026-12-07 (session 17): the Go server's warm code is thousands of entries reached about once per
    /// request (its interpreter runs by entry: at 200 requests per client, 2,300 entries each stopped 7,552 times in the
    /// interpreter before their compile, two harts counting 3,776 each), and a compile costs 1.4-1.9 ms of the 2-core
    /// machine's CPU, more than the interpreter spends on such an entry's few thousand runs, so every compile the
    /// threshold adds near the end of a run is lost (at compare.py's 20 requests per client: 375 regions and 0.67 s of
    /// compiles at 4096, 179 and 0.35 s at 8192; 26 M more instructions interpreted, 0.18 M fewer interpreter runs, as
    /// regions in the middle of interpreted code no longer split its runs). Measured (farm-bench, plain build, CPU time,
    /// medians of paired ratios against 4096): the Go server 0.83 at 20 requests per client (7 pairs, every one below
    /// 0.99), 0.88 at 200 (5 pairs), 0.95 at 1,000 (2 pairs); gofmt 1.00, SQLite speedtest1 --size 20 0.99 (5 pairs
    /// each); 16384 was level with 8192 on the Go server at 20 requests.
    /// Without --jit-threshold the interpreter stops at half of it (4096) and the entry compiles there while a host core
    /// is idle (fewer guest threads busy than cores: the compile thread takes the spare one), and counts on to 8192
    /// otherwise (<see cref="SharedTranslations.EarlyWhenIdle"/>). Measured (farm-bench, published build against
    /// main's, --no-cache, medians of 7 paired ratios, 2026-12-07): gofmt wall 0.975 (CPU 1.02), Duktape mandel.js
    /// 0.94 (1.06), SQLite speedtest1 --size 5 0.97 (1.09); the Go server (two busy harts) compiles as many regions as
    /// at 8192 (180), wall 1.02-1.04 and CPU 0.99-1.02 over 7 and 11 pairs, within their 0.95-1.07 spread. A flat
    /// 4096 cost the Go server 1.14 wall / 1.16 CPU; 16384 everywhere cost 1.03-1.15 wall.</summary>
    public const int DefaultHotThreshold = 8192;

    /// <summary>Without --jit-threshold, entries compile at this many times the threshold while the host is contended
    /// (<see cref="HostShare.Contended"/>: other processes leave the compile threads only part of a core), and never early:
    /// a compile then takes CPU the guest needs and arrives late, and a short run's compiles cost more than they save
    /// (host at load ~21, user CPU of 3 runs: gofmt 0.46-0.51 s at 8,192, 0.36-0.38 at 32,768, 0.27-0.29 interpreted only).
    /// Measured (2026-12-08, farm-bench, published builds against main's, --no-cache, medians of 7-9 paired CPU ratios):
    /// 4x at load 12-14: gofmt 0.80 and 0.77, Go strconv test 0.89, Duktape mandel.js 0.97, but SQLite speedtest1 --size 5
    /// 1.04 three times (its warm code keeps running: interpreted instructions 116 M -> 243 M); at load ~4.5, 4x: SQLite
    /// 1.05 (every pair >= 1.00), gofmt 0.86; 2x (load 4-9, two sets): SQLite 0.96 and 1.01, gofmt 0.85 and 0.86, strconv
    /// 1.02, Duktape 0.94; at load ~2 (share 0.53-0.55): gofmt 0.88 and 0.86, Duktape 0.87, SQLite 1.05 and 1.02. On a quiet host the compile threads get 0.92-1.00
    /// of a core and nothing changes (gofmt 0.99, Duktape 0.96, SQLite 1.02).</summary>
    public const int ContendedHotFactor = 2;

    /// <summary>Default entries plus loop iterations of a quick-tier region before it is compiled optimised
    /// (0: no quick tier). Quick code runs about 2.4x slower than optimised (sha256: 0.83 against 0.34 ns per
    /// guest instruction), and an optimised compile costs about 1-1.5 ms of a thread more than the quick one did;
    /// promoting once staying quick has cost about what the compile costs (the ski-rental rule, never more than
    /// twice the best choice in hindsight) means about 2.5 M guest instructions, 60-120 k counts at 20-40
    /// instructions a count. Measured (--jit-sync): gofmt over net/http compiles 922 regions; promoting at 2,000
    /// recompiled 272 of them (2.9 s of compiles in all), at 10,000 114 (2.8 s), at 50,000 25 (1.7 s; optimised
    /// only: 5.1 s), its compiled-code time unchanged within noise; bench/programs (callgrind, size 0.02):
    /// intalu +4.7% host instructions at 2,000, +0.1% at 20,000, sha256 +4% at both (the second compile of
    /// each hot loop, nothing at full size). 20,000 keeps the long-running programs' hot loops optimised within
    /// a millisecond of guest time and spares the many regions of a large program that are only warm.</summary>
    public const int DefaultPromoteThreshold = 20_000;

    /// <summary>A region loaded precompiled from the persistent cache is promoted (compiled again by RyuJIT, optimised)
    /// after this many times <see cref="DefaultPromoteThreshold"/>'s count. Precompiled code is crossgen2's optimised
    /// code, about 1.3x slower than RyuJIT's dynamic method on a hot loop (SQLite speedtest1: 27% more CPU with every
    /// region precompiled), not quick code's 2.4x: by the same ski-rental rule as the quick tier's threshold, a
    /// promotion pays after about five times as much running (the gain per instruction is a fifth). At the quick
    /// count, gofmt's second run promoted 65 loaded regions (2.2 ms of RyuJIT each, 0.14 s of a 0.38 s run's
    /// second core); at 8x it promotes 5-6, and the long runs' hot loops still reach RyuJIT's code.</summary>
    public const int LoadedPromoteFactor = 8;

    /// <summary>A region stored optimised and loaded precompiled is compiled again by RyuJIT (in the background, the
    /// precompiled code running meanwhile) once time slices that ended in it add up to this many guest instructions
    /// (<see cref="SampleSliceEnd"/>). Its crossgen2 code is the same method as RyuJIT's, a few percent slower on a hot
    /// loop (lzip's second run, with its hot loops final in crossgen2's code, took 8% longer than its first), so by the
    /// ski-rental rule a recompile (about 3 ms of a thread, some 3 M guest instructions' time) pays only after about
    /// 3 M / 8% of running: 32 M. Short programs' second runs recompile nothing and keep the cache's whole gain.</summary>
    public const long DefaultRecompileLoadedInstructions = 32_000_000;

    /// <summary>
    /// Default guest instructions a hart runs before its first compile (rvjit run; the library's default is 0). A
    /// program's first region compile costs ~10 ms of a thread (Reflection.Emit and RyuJIT set themselves up) and each
    /// later one 1-3 ms, while the interpreter runs cold code at 100-250 MIPS: a short program never earns that back.
    /// Measured (ReadyToRun install, CPU time, perf samples): a static hello world (24 k instructions) compiled one
    /// region that never ran (14% of its CPU); Lua running sort.lua (1.15 M instructions) spent 25% of its CPU in
    /// 9 compiles and 6% reading regions, and ran 2% of its instructions compiled. 4 M instructions is 15-40 ms of
    /// interpretation: a long program's hot loops start compiled that much later.
    /// </summary>
    public const long DefaultWarmupInstructions = 4_000_000;

    /// <summary>Default of <see cref="SharedTranslations.IslandDeferrals"/> for rvjit run (the library's is 0): a loop-free
    /// entry reached from interpreted code (or one whose loops do not turn, <see cref="Translator.LoopTurns"/>) compiles
    /// at its fourth hot stop at the latest.
    /// Measured (first runs, --stats, one run each): gofmt 146 -> 115 regions compiled, 590 k -> 546 k trips into the
    /// interpreter, 4.4 M more instructions interpreted (of 75 M); the Go HTTP server (gohttp 50 20 4) 398 -> 335 ms of
    /// compiles, 1.35 M -> 1.23 M trips, 6.6 M more interpreted (of 739 M); SQLite speedtest1 --size 5 508 -> 465
    /// regions, 2.03 M -> 2.24 M trips, 11 M more interpreted (of 784 M). Paired against the install before (farm-bench,
    /// published builds, --no-cache, CPU medians, host load 21-31): gofmt 0.94, Go's strconv tests 0.95, speedtest1 0.94,
    /// lzip -6 0.99, the Go server 0.99 (README: "Islands").</summary>
    public const int DefaultIslandDeferrals = 3;

    /// <summary>Times a region may be read again to take exit targets that turned hot after it was compiled.</summary>
    public const int MaxRegrowths = 4;

    private readonly SharedTranslations shared;
    private readonly Hart hart;
    private readonly Interpreter interpreter;
    private readonly JitContext context;
    /// <summary>The jump cache of the hart's privilege (<see cref="jumpCaches"/>[<see cref="jumpPrivilege"/>]): a
    /// trap to the kernel and the return to the process keep both sides' virtual pcs. Each is valid for the MMU's
    /// <see cref="Mmu.FetchEpochFor"/> its privilege it was last emptied at (<see cref="jumpEpochs"/>).</summary>
    private JumpCache jumpCache;
    private readonly JumpCache?[] jumpCaches = new JumpCache?[4];
    private readonly long[] jumpEpochs = [-1, -1, -1, -1];
    private int jumpPrivilege;
    /// <summary>The shared cache's <see cref="TranslationCache.Epoch"/> and replacement count this hart's jump cache
    /// and pending link are up to date with.</summary>
    private long seenEpoch, seenReplacements;
    /// <summary>The entries installed by any hart that this hart's interpreter has been told about (<see cref="SharedTranslations.InstalledCount"/>).</summary>
    private long seenInstalls;
    /// <summary>The managed id of the host thread inside <see cref="Run"/> (0 outside): a store on that thread that
    /// invalidates code is this hart's own, which it must notice at once.</summary>
    private int runningThread;
    /// <summary>This engine has told the shared translations it runs guest code (<see cref="SharedTranslations.StartedRunning"/>).</summary>
    private bool startedRunning;

    /// <summary>The translations this engine shares with the other harts' engines.</summary>
    public SharedTranslations Shared => shared;
    public TranslationCache Cache => shared.Cache;

    /// <summary>Translations kept across runs (null: none), shared. A page's precompiled stored regions are offered when
    /// the interpreter decodes it and installed when first reached (<see cref="OfferStored"/>); IL ones when an entry
    /// of the page turns hot. What the run installed, and what ran warm, is recorded for the next run.</summary>
    public PersistentCode? Persisted { get => shared.Persisted; init => shared.Persisted = value; }
    /// <summary>See <see cref="SharedTranslations.RegionLabels"/>.</summary>
    public Func<Hart, ulong, string>? RegionLabels { get => shared.RegionLabels; init => shared.RegionLabels = value; }
    public string Name => "jit";

    /// <summary>Split the engine's time between compiled code, the interpreter and the dispatcher (--stats), from a
    /// sample of the calls (<see cref="DispatchTiming"/>). Off unless asked for: clock reads are slow in a VM.</summary>
    public bool MeasureTime { get; init; }
    private DispatchTiming compiledTiming, interpretTiming;
    /// <summary>Estimated time in compiled code and in the interpreter (clock reads taken out), in Stopwatch ticks.</summary>
    public long CompiledTicks => compiledTiming.Estimate(ClockCost);
    public long InterpretTicks => interpretTiming.Estimate(ClockCost);
    private long clockCost = -1;
    private long ClockCost => clockCost >= 0 ? clockCost : clockCost = DispatchTiming.ClockCost();
    /// <summary>Calls of <see cref="Run"/> (each timed as a whole with <see cref="MeasureTime"/>).</summary>
    private long slices;

    /// <summary>This hart's statistics for --stats. RunTicks: time in <see cref="Run"/>, with <see cref="MeasureTime"/>.</summary>
    public long CompiledBlockRuns, JumpCacheHits, RunTicks, SlowAccesses;
    /// <summary>Calls into the interpreter, the instructions they retired, and the stops at entries that turned hot or
    /// were marked (each one lookup by physical address here).</summary>
    public long InterpreterRuns, InterpretedInstructions, EntryStops;
    /// <summary>Jump-cache misses served by the shared entry table (no interpreter call, no lock).</summary>
    public long EntryTableHits;
    /// <summary>Of <see cref="EntryTableHits"/> at dispatch after compiled code, those whose jump-cache slot held another pc: two
    /// entries that share a slot and alternate evict each other on every pass (the Go HTTP server's settled second run:
    /// most of its 170 k entry-table hits, against 4.6 k in its first run, where one of each pair was still interpreted).</summary>
    public long EntryTableHitsSlotTaken;
    /// <summary>The shared compile statistics (every hart's compiles).</summary>
    public long BlocksCompiled => shared.BlocksCompiled;
    /// <summary>Guest instructions this engine's hart has retired.</summary>
    internal long Instructions => hart.Instret;
    public long Promotions => shared.Promotions;
    public long DiskInstalls => shared.DiskInstalls;
    public long[] TierCompiles => shared.TierCompiles;
    public TimeSpan CompileTime => shared.CompileTime;

    /// <summary>An engine with translations of its own (one hart).</summary>
    /// <param name="hart">The hart this engine runs.</param>
    /// <param name="hotThreshold">Executions before a block is compiled (1 = compile everything, for testing).</param>
    /// <param name="backgroundCompile">Compile on a worker thread while the interpreter runs on (false: the
    /// guest waits for each compilation, which makes runs reproducible block for block).</param>
    /// <param name="codeBudgetBytes">IL bytes of translations kept before the cache is flushed.</param>
    /// <param name="maxRegionBlocks">Blocks compiled together into one hot region (1 = plain blocks).</param>
    /// <param name="constantTlb">Name the TLB's address as a constant in generated code when the host allows it.</param>
    /// <param name="promoteThreshold">Hot regions are first compiled in the quick tier and recompiled optimised
    /// after this many entries plus loop iterations; 0 compiles them optimised at once.</param>
    /// <param name="compileThreads">The process's count of background compile threads, shared by its engines
    /// (null: this engine counts alone, up to one per host core beyond the guest's).</param>
    /// <param name="warmupInstructions">See <see cref="SharedTranslations.WarmupInstructions"/>.</param>
    /// <param name="earlyWhenIdle">See <see cref="SharedTranslations.EarlyWhenIdle"/>.</param>
    /// <param name="islandDeferrals">See <see cref="SharedTranslations.IslandDeferrals"/>.</param>
    public JitEngine(Hart hart, int hotThreshold = DefaultHotThreshold, bool backgroundCompile = true,
        long codeBudgetBytes = 64L << 20, int maxRegionBlocks = GuestRegion.MaxBlocks, bool constantTlb = true,
        int promoteThreshold = DefaultPromoteThreshold, CompileThreads? compileThreads = null, long warmupInstructions = 0,
        bool earlyWhenIdle = false, int islandDeferrals = 0)
        : this(hart, new SharedTranslations(hart.Bus.Ram, hotThreshold, backgroundCompile, codeBudgetBytes, maxRegionBlocks, constantTlb,
            promoteThreshold, compileThreads) { WarmupInstructions = warmupInstructions, EarlyWhenIdle = earlyWhenIdle, IslandDeferrals = islandDeferrals })
    {
    }

    /// <summary>An engine for <paramref name="hart"/> that shares <paramref name="translations"/> with the engines of
    /// the other harts on the same RAM (each engine is run by one host thread at a time; different engines run at once).</summary>
    public JitEngine(Hart hart, SharedTranslations translations)
    {
        shared = translations;
        this.hart = hart;
        interpreter = new Interpreter(hart, entryThreshold: shared.InterpreterThreshold);
        context = new JitContext(hart, shared.ConstantTlb);
        jumpCache = context.Jumps;
        jumpPrivilege = (int)hart.Privilege;
        jumpCaches[jumpPrivilege] = jumpCache;
        shared.Register(this, context);
        interpreter.PageDecoded = OfferStored;
        seenEpoch = Cache.Epoch;
        seenReplacements = shared.ReplacedCount;
        seenInstalls = shared.InstalledCount;
        Cache.Invalidated += () =>
        {
            // Raised under the lock on the thread that invalidated. Another hart's store is noticed at the next
            // dispatch (SyncWithOtherHarts); this hart's own must stop its generated code now (CodeChanged).
            if (runningThread != Environment.CurrentManagedThreadId) return;
            ClearJumpCaches();
            context.CodeEpoch++;
            context.LinkExit = 0; // its translation may be gone, and another may come at the same entry
            if (seenEpoch == Cache.Epoch - 1) seenEpoch = Cache.Epoch; // up to date: the dispatcher need not clear again
        };
    }

    /// <summary>Times this hart's interpreter got an entry to half the threshold and counted it again (no core idle: once; the
    /// host contended: see <see cref="ContendedHotFactor"/>): per hart, as the interpreter counts, or a second hart would
    /// compile at half the threshold what the first deferred.</summary>
    private readonly Dictionary<ulong, int> deferred = new();
    /// <summary>Times this hart's interpreter counted a loop-free entry on from the threshold (<see cref="DeferIsland"/>).</summary>
    private readonly Dictionary<ulong, int> islandDeferrals = new();
    /// <summary>The interpreter's last stop at an entry was before it ran anything: the dispatcher handed it that pc
    /// (compiled code left to it, or a system call returned there), rather than interpreted code reaching it.</summary>
    private bool stoppedAtRunStart;
    /// <summary>This engine's slot in the process's count of busy guest threads (<see cref="CompileThreads.GuestsBusy"/>; -1: none yet).</summary>
    private int guestSlot = -1;

    public EngineExit Run(Hart h, long budget)
    {
        if (h != hart) throw new ArgumentException("a JIT engine serves the hart it was built for", nameof(h));
        long t0 = MeasureTime ? Stopwatch.GetTimestamp() : 0;
        if (!startedRunning) { shared.StartedRunning(this, context); startedRunning = true; }
        runningThread = Environment.CurrentManagedThreadId;
        var threads = shared.CompileThreads;
        if (guestSlot < 0) guestSlot = threads.RegisterGuest();
        threads.GuestStarted(guestSlot);
        try
        {
            return RunSlice(budget);
        }
        finally
        {
            threads.GuestStopped(guestSlot);
            runningThread = 0;
            if (MeasureTime) { RunTicks += Stopwatch.GetTimestamp() - t0; slices++; }
        }
    }

    /// <summary>Catches up with what other harts (or the kernel, between runs) did to the shared translations: an
    /// invalidation clears the jump cache and the pending link, a replaced translation leaves the jump cache. Two
    /// field reads when nothing happened.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SyncWithOtherHarts()
    {
        if (Cache.Epoch != seenEpoch || shared.ReplacedCount != seenReplacements || shared.InstalledCount != seenInstalls)
        {
            lock (shared.Sync) SyncLocked();
        }
    }

    private void SyncLocked()
    {
        long installs = shared.InstalledCount;
        if (installs != seenInstalls)
        {
            // Another hart's install leaves no mark in this hart's interpreter, which would run the entry on (up to a
            // waiting mark's stride, or the hot threshold) before handing it here.
            shared.MarkInstalledSince(seenInstalls, interpreter);
            seenInstalls = installs;
        }
        if (Cache.Epoch == seenEpoch && shared.ReplacedCount == seenReplacements) return;
        long replacements = shared.ReplacedCount;
        if (Cache.Epoch != seenEpoch)
        {
            ClearJumpCaches();
            context.LinkExit = 0;
            seenEpoch = Cache.Epoch;
        }
        else if (shared.ReplacedSince(seenReplacements, this) is { } forget)
        {
            foreach (var old in forget) ForgetReplaced(old);
        }
        else
        {
            ClearJumpCaches();
            context.LinkExit = 0;
        }
        seenReplacements = replacements;
    }

    /// <summary>Empties every privilege's jump cache (translations went: each clear costs the slots it filled).</summary>
    private void ClearJumpCaches()
    {
        foreach (var cache in jumpCaches) cache?.Clear();
    }

    /// <summary>Uses the jump cache of the hart's privilege, emptied first if fetch translations changed (the MMU's
    /// <see cref="Mmu.FetchEpochFor"/> the privilege moved) since it was last used: virtual pcs may now mean other code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ForgetVirtualPcsIfTranslationChanged()
    {
        // Twice per trip through the interpreter: the unchanged case is two compares here, the rest out of line.
        int privilege = (int)hart.Privilege;
        if (privilege == jumpPrivilege && jumpEpochs[privilege] == hart.Mmu.FetchEpochFor(hart.Privilege)) return;
        UseJumpCacheOfPrivilege();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UseJumpCacheOfPrivilege()
    {
        int privilege = (int)hart.Privilege;
        if (privilege != jumpPrivilege)
        {
            jumpCache = jumpCaches[privilege] ??= new JumpCache();
            context.UseJumps(jumpCache);
            jumpPrivilege = privilege;
            context.Tlb = (nint)hart.Mmu.LoadTlb; // the privilege's views (Mmu.ViewsPerPrivilege)
        }
        long epoch = hart.Mmu.FetchEpochFor(hart.Privilege);
        if (jumpEpochs[privilege] == epoch) return;
        jumpCache.Clear();
        jumpEpochs[privilege] = epoch;
    }

    private EngineExit RunSlice(long budget)
    {
        CpuState* s = hart.State;
        long start = hart.Instret;
        // A link slot left open by the last call belongs to whatever ran then (maybe another guest thread).
        context.LinkExit = 0;
        long executed = 0;
        bool runOn = false; // the interpreter runs pc even if it is a hot or marked entry (decided here already)
        while (executed < budget)
        {
            if (hart.StopRequested) { hart.Instret = start + executed; return EngineExit.Stopped; }
            ForgetVirtualPcsIfTranslationChanged();

            if (Volatile.Read(ref shared.QueuedRegions) != 0 && shared.Background!.HasFinished) InstallFinished();
            SyncWithOtherHarts();

            ulong pc = s->Pc;
            CompiledBlock? block = runOn ? null : jumpCache.Get(pc);
            // An entry the interpreter is counting has no translation it knows of (installs are marked): no lookup.
            if ((block is null || !block.Valid) && !runOn && !interpreter.IsCountingEntry(pc) && (block = KnownTranslation(pc)) is not null)
            {
                // A translated entry the jump cache has lost (a slot shared with another pc, a TLB flush, another hart's install).
                EntryTableHits++;
                if (jumpCache.HoldsOtherPc(pc)) EntryTableHitsSlotTaken++;
                jumpCache.Put(pc, block);
            }
            else if (block is null || !block.Valid)
            {
                // Cold, or not looked up yet: the interpreter runs on until an entry that is hot or translated.
                EngineExit exit = Interpret(!runOn, start, ref executed, ref budget);
                runOn = false;
                if (exit != EngineExit.Entry)
                {
                    if (exit != EngineExit.Budget) return exit;
                    continue;
                }
                // Mostly a translated entry that cold code calls or returns to: the jump cache knows it (up to date
                // with other harts' changes: the interpreter may have run a fence.i).
                SyncWithOtherHarts();
                ForgetVirtualPcsIfTranslationChanged(); // the interpreter may have run an sfence.vma or a satp write
                pc = s->Pc;
                block = jumpCache.Get(pc);
                if (block is null || !block.Valid)
                {
                    block = KnownTranslation(pc);
                    if (block is null)
                    {
                        lock (shared.Sync) block = AtEntry(pc);
                        if (block is null) { runOn = true; continue; }
                    }
                    else EntryTableHits++;
                    jumpCache.Put(pc, block);
                }
                else JumpCacheHits++;
            }
            else JumpCacheHits++;

            // The previous block's exit to this pc had an empty link slot: link it now (same page only).
            if (context.LinkExit != 0)
            {
                if ((JitContext.DecodeLinkExit(context.LinkExit).EntryPa & ~PhysicalMemory.PageOffsetMask) == (block.EntryPa & ~PhysicalMemory.PageOffsetMask))
                    Link(block);
                context.LinkExit = 0;
            }

            context.Remaining = budget - executed;
            bool timed = MeasureTime && compiledTiming.Sample();
            long t0 = timed ? Stopwatch.GetTimestamp() : 0;
            var kind = (BlockExit)block.Function(s, context, pc);
            if (timed) compiledTiming.Add(Stopwatch.GetTimestamp() - t0);
            executed = budget - context.Remaining;
            CompiledBlockRuns++;
            if (executed >= budget && kind == BlockExit.Continue && context.LinkExit != 0 && Persisted is { RegionsLoaded: > 0 }) SampleSliceEnd(budget);
            if (kind == BlockExit.Interpret)
            {
                // An access off the TLB's fast path: the interpreter runs it, and on from there.
                SlowAccesses++;
                runOn = true;
            }
            else if (kind == BlockExit.Trap)
            {
                budget--; // a trap loop still returns to the caller
                context.LinkExit = 0;
                hart.Instret = start + executed;
                if (!hart.RaiseException(context.PendingTrap, s->Pc)) return EngineExit.HostTrap;
            }
            else if (kind == BlockExit.CodeChanged) context.LinkExit = 0;
            else if (kind == BlockExit.Resync)
            {
                // A CSR write in compiled code enabled an interrupt that is pending, or changed translation or FP state:
                // taken here as the interpreter takes it after the instruction (Interpreter's Resync).
                context.LinkExit = 0;
                hart.Instret = start + executed;
                hart.CheckInterrupts();
            }
            else if (kind == BlockExit.Promote) lock (shared.Sync) Promote();
        }
        hart.Instret = start + executed;
        return EngineExit.Budget;
    }

    /// <summary>The interpreter runs from pc, on from block to block, until the budget runs out, something
    /// needs the caller, or (with <paramref name="stopAtFirst"/>, or after its first entry) it reaches an entry
    /// that is hot or translated. A trap that retires nothing still takes one off the budget, so a trap loop
    /// returns to the caller.</summary>
    /// <summary>The valid translation entered at <paramref name="pc"/> that the shared entry table knows, or null (also
    /// when the fetch faults: the interpreter then raises it). A fetch TLB miss walks here, as the interpreter would:
    /// after an sfence.vma the TLB and the jump cache are both empty.</summary>
    private CompiledBlock? KnownTranslation(ulong pc) =>
        hart.Mmu.TranslateFetch(pc, out ulong pa, out _) ? shared.Entries.Get(pa) : null;

    private EngineExit Interpret(bool stopAtFirst, long start, ref long executed, ref long budget)
    {
        // A compiled exit with an empty link slot that lands on an entry the interpreter stops at at once keeps
        // its slot open: the entry may have (or now get) a translation to link.
        long from = context.LinkExit;
        context.LinkExit = 0;
        hart.Instret = start + executed;
        bool timed = MeasureTime && interpretTiming.Sample();
        long t0 = timed ? Stopwatch.GetTimestamp() : 0;
        EngineExit exit = interpreter.Run(hart, budget - executed, stopAtFirst);
        if (timed) interpretTiming.Add(Stopwatch.GetTimestamp() - t0);
        InterpreterRuns++;
        long retired = hart.Instret - start - executed;
        executed += retired;
        InterpretedInstructions += retired;
        if (exit == EngineExit.Entry)
        {
            stoppedAtRunStart = retired == 0;
            EntryStops++;
            if (retired == 0) context.LinkExit = from;
        }
        else if (retired == 0) budget--;
        return exit;
    }

    /// <summary>
    /// The interpreter stopped at <paramref name="pc"/>: an entry that has turned hot or is marked as translated.
    /// Returns its translation (compiling it first when compiling on the guest's thread), or null after telling
    /// the interpreter how to treat the entry from now on (it then runs it). Under the shared lock.
    /// </summary>
    private CompiledBlock? AtEntry(ulong pc)
    {
        if (!hart.Mmu.TranslateFetch(pc, out ulong pa, out _)) return null; // the interpreter takes the fault
        bool hot = interpreter.StoppedHot;
        var block = Cache.Lookup(pa);
        if (block is null && shared.Offers.Remove(pa, out var offer)) block = InstallOffered(offer, pa);
        if (block is not null)
        {
            if (hot) interpreter.MarkEntry(pa, EntryMark.Translated); // it had lost its mark (fence.i dropped its page)
            shared.Entries.Put(pa, block);
            return block;
        }
        if (shared.Queued.TryGetValue(pa, out var request))
        {
            // Reached while waiting for the compiler: the compiler takes the most reached first.
            request.Waited += Interpreter.WaitingStride;
            interpreter.MarkEntry(pa, EntryMark.Waiting);
            return null;
        }
        if (!hot)
        {
            // Marked, but its translation has gone (a budget flush, or a larger region took its place without it).
            interpreter.MarkEntry(pa, EntryMark.Cold);
            return null;
        }

        if (Persisted is not null && LoadFromDisk(pa)) return shared.Background is null ? Cache.Lookup(pa) : null;
        if (hart.Instret < shared.WarmupInstructions)
        {
            // Still warming up: counted again from the threshold, it stops here once more after that many entries.
            // In the warm-up's second half a hot entry primes the compiler: the program has a loop to compile soon.
            if (hart.Instret >= shared.WarmupInstructions / 2) PrimeCompiler(pa);
            interpreter.MarkEntry(pa, EntryMark.Cold);
            return null;
        }
        if (shared.EarlyWhenIdle && deferred.GetValueOrDefault(pa) < EarlyDeferrals)
        {
            // Half-way and no core to compile on while the guest runs on: counted again, it compiles at the full threshold
            // (or at ContendedHotFactor times it while other processes take the host's cores).
            deferred[pa] = deferred.GetValueOrDefault(pa) + 1;
            shared.Deferrals++;
            interpreter.MarkEntry(pa, EntryMark.Cold);
            return null;
        }

        // Watch the page before reading it, so a store between reading and installing is noticed.
        shared.Cache.WatchPage(pa);
        long generation = Cache.GenerationOf(pa);
        // Branch targets join the region only if they have run (the interpreter entered them, or they are compiled).
        ulong nextPagePa = NextPagePa(pc);
        var regrown = RegrownRegion(pc, pa, nextPagePa);
        var guest = regrown ?? GuestRegion.Read(hart.Bus.Ram, pa, shared.MaxRegionBlocks, hasRun: HasRun, ranInPage: interpreter.EntriesRunIn, nextPagePa,
            pageAt: PagesFrom(pc));
        if (guest.InstructionCount == 0) { interpreter.MarkEntry(pa, EntryMark.InterpretOnly); return null; }
        if (regrown is null && !stoppedAtRunStart && !LoopTurns(pa, guest) && DeferIsland(pa))
        {
            if (guest.HasLoop) shared.LoopIslandsDeferred++;
            return null;
        }
        // The region's entry is in pa's page (a regrown region's too), so its virtual pc is pc's page plus its offset.
        if (shared.RegionLabels is { } label) guest.Label = label(hart, pc - (pa - guest.EntryPa));
        if (guest.SecondPagePa != GuestBlock.NoPage)
        {
            // Watched only now that an instruction crossing into it was taken (a data page after the code keeps its
            // fast stores); no guest store ran since the read, so its generation is the one the bytes came from.
            shared.Cache.WatchPage(guest.SecondPagePa);
            guest.SecondPageGeneration = Cache.GenerationOf(guest.SecondPagePa);
        }
        // A region read again keeps its translation's tier; a new one is quick when the guest would wait for it.
        CodeTier tier = Cache.Lookup(guest.EntryPa) is { } owner && owner.EntryPa == guest.EntryPa ? owner.Tier : InitialTier;
        if (shared.Background is { } background)
        {
            // A hot pc that the queued region will serve waits for it instead of queuing a copy.
            var waiting = background.Enqueue(guest, generation, tier, shared.PromoteAfter(tier));
            foreach (var b in guest.Order)
            {
                if (b.PageDelta != 0) continue; // never an entry of the region (its page may run code of its own)
                shared.Queued[b.EntryPa] = waiting;
                interpreter.MarkEntry(b.EntryPa, EntryMark.Waiting);
            }
            Interlocked.Increment(ref shared.QueuedRegions);
            return null;
        }
        CompileNow(guest, generation, tier);
        return Cache.Lookup(pa);
    }

    /// <summary>
    /// A hot entry whose region has no loop (or none that turns, <see cref="LoopTurns"/>), reached from interpreted code:
    /// compiled, it would be an island in interpreted code, each visit a trip from the interpreter into compiled code and back (about 150 ns each way
    /// on warm code, what the interpreter spends on some 50 guest instructions) to run the few instructions of one
    /// pass, and its compile (about 0.5 ms plus 30 us a guest instruction) seldom pays. Counted on from the threshold
    /// instead, up to <see cref="SharedTranslations.IslandDeferrals"/> times; it compiles as soon as one of its stops
    /// comes from the dispatcher (compiled code leaves to it: there its region removes a trip) or a larger region takes
    /// it in. Under the shared lock; true when deferred.
    /// </summary>
    private bool DeferIsland(ulong pa)
    {
        if (shared.IslandDeferrals == 0) return false;
        islandDeferrals.TryGetValue(pa, out int times);
        if (times >= shared.IslandDeferrals) return false;
        islandDeferrals[pa] = times + 1;
        shared.IslandsDeferred++;
        interpreter.MarkEntry(pa, EntryMark.Cold);
        return true;
    }

    /// <summary>
    /// Whether the hot entry <paramref name="pa"/>'s region has a loop that turns in a visit, by the interpreter's counts of
    /// its blocks against the entry's (<see cref="Translator.LoopTurns"/>): a loop that does not is an island like a
    /// loop-free region. An entry that straight-line code ran into (a run cut at its length cap) counts work, not
    /// visits (sha256's unrolled rounds: 8,192 at the entry against 1,053 at the loop's header), so its loop is not judged.
    /// </summary>
    private bool LoopTurns(ulong pa, GuestRegion guest)
    {
        if (!guest.HasLoop) return false;
        if (shared.IslandDeferrals == 0 || interpreter.StoppedAfterStraightLine) return true;
        // Counts since the start: an entry counted on from the threshold (deferred) has that many more.
        long entryRuns = interpreter.EntryThreshold * (1L + TimesCountedOn(pa));
        var counts = new Translator.LoopTurns.BlockCount[guest.Order.Count - 1];
        for (int i = 1; i < guest.Order.Count; i++)
        {
            ulong b = guest.Order[i].EntryPa;
            int runs = shared.Queued.ContainsKey(b) || Cache.Lookup(b) is not null ? -1 : interpreter.CountedRuns(b);
            if (runs >= 0) runs = (int)Math.Min(int.MaxValue, runs + (long)interpreter.EntryThreshold * TimesCountedOn(b));
            counts[i - 1] = new(guest.CycleBlocks.Contains(b), runs);
        }
        return Translator.LoopTurns.Turns(guest.EntryInLoop, entryRuns, counts);
    }

    /// <summary>How many times this hart's interpreter counted the entry at <paramref name="pa"/> on from the threshold after it
    /// turned hot (deferred while no core was idle, or as an island).</summary>
    private int TimesCountedOn(ulong pa) => islandDeferrals.GetValueOrDefault(pa) + deferred.GetValueOrDefault(pa);

    /// <summary>With <see cref="SharedTranslations.EarlyWhenIdle"/>, times an entry stopped at half the threshold counts
    /// again before it compiles: none while a host core is idle for the compile thread, once (to the full threshold) while
    /// the guest's threads take every core or compiles run on the guest's thread, and up to <see cref="ContendedHotFactor"/>
    /// times the threshold while the host gives the compile threads only part of a core (<see cref="HostShare"/>).</summary>
    private int EarlyDeferrals => shared.Background is null ? 1
        : shared.CompileThreads.Share.Contended ? 2 * ContendedHotFactor - 1
        : shared.CompileThreads.CoreIdle ? 0 : 1;

    /// <summary>Once per process, has the background compiler compile the hot entry's block and drop it
    /// (<see cref="BackgroundCompiler.Prime"/>). Programs that end within the warm-up's second half pay it for
    /// nothing. Under the shared lock.</summary>
    private void PrimeCompiler(ulong pa)
    {
        if (shared.Background is not { } background || shared.CompilerPrimed) return;
        shared.CompilerPrimed = true;
        var block = GuestRegion.Read(hart.Bus.Ram, pa, 1, HasRun, interpreter.EntriesRunIn);
        if (block.InstructionCount > 0) background.Prime(block);
    }

    /// <summary>
    /// A new region is compiled quick only when the guest waits for it (compiles on the guest's thread); the background
    /// threads compile every new region optimised, and the quick tier serves promotion of loaded code and --jit-sync.
    /// An entry that reaches the hot threshold (8,192) has run long enough for its optimised compile to pay, while
    /// quick code costs the warm code it serves more than its speed on a hot loop suggests (a helper call per access,
    /// entry count and exit: perf on the Go HTTP server at threshold 256 put 33% of the CPU in quick code and its
    /// helpers against 22% in optimised code). The quick tier used to take new regions while two or more requests
    /// queued; without it (the installed build against the one before, farm-bench, 5 pairs, medians of paired ratios,
    /// first runs, wall): gofmt 0.93, Duktape 0.96, Lua 0.97, SQLite speedtest1 --size 20 0.96 (every pair below 0.98),
    /// stackvm 0.97, queens 0.99, intalu 1.00, the Go HTTP server (compare.py's size) 1.02; second runs level.
    /// </summary>
    private CodeTier InitialTier => shared.PromoteThreshold == 0 || shared.Background is not null ? CodeTier.Optimised : CodeTier.Quick;

    /// <summary>
    /// The first hot entry of a page (at its generation) installs the regions stored for the page's bytes as they
    /// are now: the page is watched first, so a store from then on changes its generation and the installs are
    /// dropped (<see cref="Install"/>). Each region's blocks are read again from the page and must decode as
    /// stored. With a background compiler, a worker makes each region's code ready first (the guest runs on in
    /// the interpreter). True when the entry <paramref name="pa"/> is served by one of them.
    /// </summary>
    private bool LoadFromDisk(ulong pa)
    {
        ulong page = pa & ~PhysicalMemory.PageOffsetMask;
        shared.Cache.WatchPage(page);
        long generation = Cache.GenerationOf(page);
        if (shared.DiskLookups.TryGetValue(page, out long looked) && looked == generation) return false;
        shared.DiskLookups[page] = generation;
        var stored = Persisted!.RegionsOf(shared.PageHash(page, generation));
        bool served = false;
        foreach (var s in stored)
        {
            ulong entryPa = page + s.Stored.EntryOffset;
            // Skipped only when its entry has a region of its own already (a block of another region may start one).
            if ((Cache.Lookup(entryPa) is { } held && held.EntryPa == entryPa)
                || (shared.Queued.TryGetValue(entryPa, out var waiting) && waiting.Region.EntryPa == entryPa)) continue;
            // Offered precompiled: bound when the guest gets there. A warm region stored as IL (the next run started
            // before crossgen2 was done) would cost an optimised compile for code that only ran warm.
            if (shared.Offers.TryGetValue(entryPa, out var offered) && ReferenceEquals(offered.Stored, s) && offered.Generation == generation) continue;
            if (s.Stored.Warm && !s.Bundle.Native) continue;
            var region = GuestRegion.FromBlocks(hart.Bus.Ram, page, s.Stored.BlockOffsets);
            if (region is null || region.InstructionCount != s.Stored.GuestInstructions) continue;
            // Loaded code in the quick shape counts toward promotion: a region that stays hot is compiled optimised by
            // RyuJIT; precompiled code stored optimised is sampled instead (SampleSliceEnd). One stored optimised and
            // not precompiled is RyuJIT's code already, and final.
            bool optimised = s.Stored.Optimised;
            var links = new BlockLinks(entryPa, s.Stored.LinkSlots) { Countdown = LoadedCountdown(s) };
            if (Persisted.Bind(s, links) is not { } function) continue;
            var block = new CompiledBlock(entryPa, StoredEntries(s.Stored, page), region.InstructionCount, function, links, s.Stored.IlBytes,
                [.. region.Order.Select(b => b.EntryPa)])
                { Region = region, Loaded = s, Tier = optimised ? CodeTier.Optimised : CodeTier.Quick, Source = optimised && !s.Bundle.Native ? null : region };
            served |= block.Entries.Contains(pa);
            if (shared.Background is not { } background)
            {
                block.Function(null, context, 0);
                Install(block, generation, 0);
                continue;
            }
            var request = background.Enqueue(region, generation, loaded: block);
            foreach (var b in region.Order)
            {
                shared.Queued.TryAdd(b.EntryPa, request);
                interpreter.MarkEntry(b.EntryPa, EntryMark.Waiting);
            }
            Interlocked.Increment(ref shared.QueuedRegions);
        }
        return served;
    }

    /// <summary>
    /// Told by this hart's interpreter that it decoded the page at <paramref name="page"/>: the precompiled regions
    /// stored for the page's bytes are offered (once per page generation, for every hart), and their blocks are
    /// marked here, so the interpreter stops the first time it reaches one and <see cref="AtEntry"/> installs the
    /// region then. Binding one costs tens of microseconds, so only the regions the run gets to are bound, and from
    /// their first execution on: without offers, a page's stored regions were installed only once one of its entries
    /// had turned hot again (gofmt's second run interpreted 4.9 M instructions of stored code meanwhile). Regions
    /// stored as IL (not precompiled yet) cost an optimised compile each: they still wait for a hot entry
    /// (<see cref="LoadFromDisk"/>) and are compiled on the background threads.
    /// </summary>
    private void OfferStored(ulong page)
    {
        if (Persisted is not { RegionsLoaded: > 0 } persisted) return;
        lock (shared.Sync)
        {
            long generation = Cache.GenerationOf(page);
            if (!shared.OfferedPages.TryGetValue(page, out var offered) || offered.Generation != generation)
            {
                // The interpreter marked the page as code before decoding it: a store from now on moves its generation.
                var entries = new List<ulong>();
                var stored = persisted.RegionsOf(shared.PageHash(page, generation));
                // Each region's entry first, then its other blocks where no other region starts.
                for (int pass = 0; pass < 2; pass++)
                    foreach (var s in stored)
                    {
                        if (!s.Bundle.Native) continue;
                        var offsets = s.Stored.BlockOffsets;
                        for (int b = pass == 0 ? 0 : 1; b < (pass == 0 ? 1 : offsets.Length); b++)
                        {
                            if (!IsStoredEntry(s.Stored, b)) continue; // an optimised region's block inside a loop
                            ulong pa = page + offsets[b];
                            if (shared.Offers.TryGetValue(pa, out var held) && held.Generation == generation) continue;
                            shared.Offers[pa] = new StoredOffer(s, page, generation);
                            entries.Add(pa);
                        }
                    }
                if (entries.Count > 0) persisted.NotePage(shared.PageHash(page, generation), new ReadOnlySpan<byte>(hart.Bus.Ram.HostPointer(page), (int)PhysicalMemory.PageSize));
                shared.OfferedPages[page] = offered = new OfferedPage(generation, entries);
            }
            foreach (ulong pa in offered.Entries)
                if (!shared.Queued.ContainsKey(pa)) interpreter.MarkEntry(pa, EntryMark.Translated);
        }
    }

    /// <summary>Installs the offered region that serves <paramref name="pa"/> (under the shared lock), bound to its
    /// precompiled code on this thread; null when the page changed since, the region's entry has a translation of its
    /// own (that does not serve pa), or the stored region does not decode or bind as stored.</summary>
    private CompiledBlock? InstallOffered(StoredOffer offer, ulong pa)
    {
        if (Cache.GenerationOf(offer.Page) != offer.Generation) return null;
        long t0 = Stopwatch.GetTimestamp();
        var s = offer.Stored;
        ulong entryPa = offer.Page + s.Stored.EntryOffset;
        if (Cache.Lookup(entryPa) is { } held && held.EntryPa == entryPa) return null;
        // Not decoded again: the page's bytes hash as the ones the region was made from (it is read when promoted).
        bool optimised = s.Stored.Optimised;
        var links = new BlockLinks(entryPa, s.Stored.LinkSlots) { Countdown = LoadedCountdown(s) };
        if (Persisted!.Bind(s, links) is not { } function) return null;
        var starts = new ulong[s.Stored.BlockOffsets.Length];
        for (int i = 0; i < starts.Length; i++) starts[i] = offer.Page + s.Stored.BlockOffsets[i];
        var block = new CompiledBlock(entryPa, StoredEntries(s.Stored, offer.Page), s.Stored.GuestInstructions, function, links, s.Stored.IlBytes, starts)
            { Loaded = s, Tier = optimised ? CodeTier.Optimised : CodeTier.Quick, ReadSourceAtPromotion = true };
        block.Function(null, context, 0); // binds the precompiled code now (a null state returns at once)
        Install(block, offer.Generation, 0);
        shared.OfferInstalls++;
        shared.OfferTicks += Stopwatch.GetTimestamp() - t0;
        return Cache.Lookup(pa);
    }

    /// <summary>The promotion count a stored region is installed with: precompiled code in the quick shape is compiled by
    /// RyuJIT once very hot (<see cref="LoadedPromoteFactor"/>), IL in the quick shape (RyuJIT compiles it fully optimised)
    /// counts as the quick tier does; a region stored optimised does not count.</summary>
    private int LoadedCountdown(LoadedRegion s) =>
        s.Stored.Optimised ? int.MaxValue : s.Bundle.Native ? shared.PromoteLoadedAfter : shared.PromoteAfter(CodeTier.Quick);

    /// <summary>
    /// A time slice ended in compiled code that left through a link slot (<see cref="JitContext.LinkExit"/>, set when
    /// the budget ran out): the region that ran last is charged the slice's <paramref name="instructions"/>, a sample of
    /// where the guest spends its time at no cost to generated code (one lock per slice, 200,000 instructions on Linux).
    /// A region loaded precompiled and stored optimised whose samples reach <see cref="SharedTranslations.RecompileLoadedAfter"/>
    /// is promoted: RyuJIT compiles it again in the background while its precompiled code runs on.
    /// </summary>
    private void SampleSliceEnd(long instructions)
    {
        ulong entryPa = JitContext.DecodeLinkExit(context.LinkExit).EntryPa;
        lock (shared.Sync)
        {
            if (Cache.Lookup(entryPa) is not { Loaded: { Stored.Optimised: true, Bundle.Native: true } } owner || owner.EntryPa != entryPa
                || !owner.ReadSourceAtPromotion && owner.Source is null) return;
            owner.SampledInstructions += instructions;
            if (owner.SampledInstructions < shared.RecompileLoadedAfter) return;
            context.PromotingEntry = (long)entryPa + 1;
            Promote();
        }
    }

    /// <summary>Whether block <paramref name="b"/> of a stored region is one of its entries: every block of one stored in
    /// the quick shape, those of its entry mask for one stored optimised (its other blocks are inside loops).</summary>
    private static bool IsStoredEntry(Persist.StoredRegion stored, int b) => !stored.Optimised || (stored.EntryMask >> b & 1) != 0;

    /// <summary>The physical addresses a stored region read from <paramref name="page"/> is entered at (the entry first).</summary>
    private static ulong[] StoredEntries(Persist.StoredRegion stored, ulong page)
    {
        var entries = new List<ulong>(stored.BlockOffsets.Length);
        for (int b = 0; b < stored.BlockOffsets.Length; b++)
            if (IsStoredEntry(stored, b)) entries.Add(page + stored.BlockOffsets[b]);
        return [.. entries];
    }

    /// <summary>
    /// Records (for the persistent cache, at its save) each entry this hart's interpreter ran at least
    /// <paramref name="minRuns"/> times without it turning hot, with the entries of its page that had run, unless a
    /// translation serves it: the after-run step reads a region for each (<see cref="Persist.PendingBundle.Build"/>)
    /// and the next run finds them precompiled. Reading the regions here made the guest's exit wait (gofmt: 0.58 s
    /// for 1,643 regions); this costs a hash and a copy per page. Under the shared lock, after the harts stopped.
    /// </summary>
    internal void RecordWarmEntries(int minRuns, long deadline = long.MaxValue)
    {
        if (Persisted is not { } persisted) return;
        // Regions still waiting for the compiler at exit turned hot in this run: saved as read (a large program ends
        // with hundreds queued; gofmt's first run left a third of its hot regions uncompiled).
        foreach (var request in shared.Queued.Values)
            if (request is { Loaded: null, Promoting: null } && request.Region.SecondPagePa == GuestBlock.NoPage && Cache.Lookup(request.Region.EntryPa) is null)
                RecordWarm(persisted, request.Region.EntryPageOnly(), queued: true); // a request queued for several entries is recorded once
        var warm = interpreter.WarmEntries(minRuns);
        // By address (a page's entries together), the count kept in the low bits.
        for (int i = 0; i < warm.Count; i++)
            warm[i] = Interpreter.WarmEntryAddress(warm[i]) << 16 | Math.Min(warm[i] >> 48, ushort.MaxValue);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(warm).Sort(static (a, b) => a.CompareTo(b)); // as in Interpreter.WarmEntries
        // The pages the hottest first (each its first index into warm), so that the time bound leaves out the coolest.
        var firsts = new List<int>();
        var heat = new List<long>();
        for (int i = 0; i < warm.Count; i++)
        {
            if (i == 0 || (warm[i] >> 16 & ~PhysicalMemory.PageOffsetMask) != (warm[i - 1] >> 16 & ~PhysicalMemory.PageOffsetMask)) { firsts.Add(i); heat.Add(0); }
            heat[^1] -= (long)(warm[i] & ushort.MaxValue);
        }
        // Page numbers sorted by a comparison of their heat: Array.Sort of keys and items makes its sorter by
        // reflection, and it was JIT-compiled at every save.
        var order = new int[firsts.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        order.AsSpan().Sort((a, b) => heat[a] != heat[b] ? heat[a].CompareTo(heat[b]) : a.CompareTo(b));
        Span<byte> ran = stackalloc byte[Persist.PendingBundle.RanBytes];
        var entries = new List<ulong>();
        bool recordedOne = false;
        foreach (int pageNumber in order)
        {
            int first = firsts[pageNumber];
            // The hottest page is recorded whatever the clock says (a loaded host can spend the bound before it starts).
            if (recordedOne && Stopwatch.GetTimestamp() > deadline) break;
            // One page's entries at a time: one hash, one merge of what ran, one lock.
            ulong page = (warm[first] >> 16) & ~PhysicalMemory.PageOffsetMask;
            entries.Clear();
            for (int i = first; i < warm.Count && ((warm[i] >> 16) & ~PhysicalMemory.PageOffsetMask) == page; i++)
            {
                ulong pa = warm[i] >> 16;
                if (Cache.Lookup(pa) is null) entries.Add((pa & PhysicalMemory.PageOffsetMask) << 32 | (warm[i] & ushort.MaxValue));
            }
            if (entries.Count == 0) continue;
            var bytes = new ReadOnlySpan<byte>(hart.Bus.Ram.HostPointer(page), (int)PhysicalMemory.PageSize);
            ran.Clear();
            interpreter.AddEntriesRunIn(page, ran);
            // Code that ran compiled has run too: a block inside an optimised region's loop is not one of its
            // entries, and a warm region that left to it would hand it to the interpreter at every pass.
            foreach (var held in Cache.BlocksOf(page))
                foreach (ulong start in held.BlockStarts)
                    if ((start & ~PhysicalMemory.PageOffsetMask) == page)
                    {
                        int parcel = (int)(start & PhysicalMemory.PageOffsetMask) >> 1;
                        ran[parcel >> 3] |= (byte)(1 << (parcel & 7));
                    }
            persisted.RecordWarmEntries(Persist.BundleIndex.Hash(bytes), bytes, ran, entries);
            recordedOne = true;
        }
    }

    private void RecordWarm(PersistentCode persisted, GuestRegion region, bool queued = false)
    {
        ulong page = region.EntryPa & ~PhysicalMemory.PageOffsetMask;
        var bytes = new ReadOnlySpan<byte>(hart.Bus.Ram.HostPointer(page), (int)PhysicalMemory.PageSize);
        persisted.RecordWarm(BundleIndex.Hash(bytes), bytes, region, queued);
    }

    /// <summary>Compiles on the guest's thread (no background compiler) and installs the result.</summary>
    private void CompileNow(GuestRegion guest, long generation, CodeTier tier)
    {
        long t0 = CompileClock.Now();
        var block = BlockEmitter.Compile(guest, shared.LowTlb, tier, shared.PromoteAfter(tier), shared.Quick);
        block.Function(null, context, 0); // a null state returns at once: forces RyuJIT to compile it now
        Install(block, generation, CompileClock.Now() - t0);
    }

    /// <summary>
    /// A region that counts (the quick tier's, one loaded in the quick shape) left with <see cref="BlockExit.Promote"/>,
    /// or <see cref="SampleSliceEnd"/> found a precompiled optimised one very hot: it has proved hot, so
    /// the same region is compiled optimised by RyuJIT. The quick code runs on until the optimised region replaces it in the cache (<see cref="TranslationCache.Add"/>: its entries,
    /// the links to it and the jump cache pass to the new one), so the guest never waits for the compile. Under the
    /// shared lock.
    /// </summary>
    private void Promote()
    {
        long promoting = context.PromotingEntry;
        context.PromotingEntry = 0;
        if (promoting == 0) return;
        // The translation that asked starts at that entry, unless it was replaced or dropped meanwhile.
        var owner = Cache.Lookup((ulong)(promoting - 1));
        if (owner is null || owner.EntryPa != (ulong)(promoting - 1)) return;
        var links = owner.Links; // out of reach now: quick code set it when it asked, sampled code never counts
        if (owner is { ReadSourceAtPromotion: true, Loaded: { } stored })
        {
            // Installed from the persistent cache without its blocks: read them now (the page is as it was then).
            owner.ReadSourceAtPromotion = false;
            owner.Source = GuestRegion.FromBlocks(hart.Bus.Ram, owner.EntryPa & ~PhysicalMemory.PageOffsetMask, stored.Stored.BlockOffsets) is { } read
                && read.InstructionCount == stored.Stored.GuestInstructions ? read : null;
        }
        if (owner.Source is null) return; // only code that counts keeps its Source
        if (shared.Queued.ContainsKey(links.EntryPa)) { links.Countdown = shared.PromoteThreshold; return; } // a regrowth is queued: ask again later
        shared.Promotions++;
        // The same blocks, not the region read again: one read later takes more of the code around a loop, and
        // RyuJIT allocates registers worse in a larger region (intalu's compiled code ran 20% slower). Paths that
        // turn hot later join by regrowth, as for any region. The quick translation is valid, so its page has
        // not been written since it was read: its generation is the page's now.
        long generation = Cache.GenerationOf(links.EntryPa);
        var guest = owner.Source!;
        owner.Source = null;
        if (shared.Background is not { } background) { CompileNow(guest, generation, CodeTier.Optimised); return; }
        var request = background.Enqueue(guest, generation, CodeTier.Optimised, promoting: links);
        // Entries the quick region serves keep running it; new ones wait for this request.
        foreach (var b in guest.Order)
            if (b.PageDelta == 0) shared.Queued.TryAdd(b.EntryPa, request);
        Interlocked.Increment(ref shared.QueuedRegions);
    }

    /// <summary>
    /// A region is read when its entry turns hot, from the blocks that have run by then; a path that turns hot
    /// later (a loop's rare case that is not rare in this input) leaves the region at every pass. When the hot
    /// pc is such an exit target (the dispatcher came from that region's link slot, in the same page), the
    /// region is read again from its entry: if it now takes the target, it is compiled and replaces the old
    /// one, so the path stays inside one method with registers in locals. At most <see cref="MaxRegrowths"/>
    /// times per entry, which bounds the compile work a region with many late paths can cause.
    /// </summary>
    private GuestRegion? RegrownRegion(ulong pc, ulong pa, ulong nextPagePa)
    {
        if (shared.MaxRegionBlocks == 1 || LinkingExit(out _) is not { } owner || owner.Links.PagePa != (pa & ~PhysicalMemory.PageOffsetMask))
            return null;
        if (owner.Regrowths >= MaxRegrowths || shared.Queued.ContainsKey(owner.EntryPa))
            return null;
        var region = GuestRegion.Read(hart.Bus.Ram, owner.EntryPa, shared.MaxRegionBlocks, hasRun: HasRun, ranInPage: interpreter.EntriesRunIn, nextPagePa,
            pageAt: PagesFrom(pc));
        if (!region.Blocks.ContainsKey(pa)) return null; // the region is full: pa gets its own
        shared.Regrowths++;
        return region;
    }

    /// <summary>
    /// The translation whose exit left <see cref="JitContext.LinkExit"/> (nonzero), and the slot; null when there is
    /// no pending link or no translation starts at its entry now. A translation at that entry is the one that left:
    /// the value is cleared whenever a translation is replaced (<see cref="Install"/>) or dropped (the cache's
    /// Invalidated).
    /// </summary>
    private CompiledBlock? LinkingExit(out int slot)
    {
        slot = 0;
        if (context.LinkExit == 0) return null;
        (ulong entryPa, slot) = JitContext.DecodeLinkExit(context.LinkExit);
        var owner = Cache.Lookup(entryPa);
        return owner is not null && owner.EntryPa == entryPa ? owner : null;
    }

    /// <summary>The RAM page the virtual page after <paramref name="pc"/>'s maps to for fetches now, or
    /// <see cref="GuestBlock.NoPage"/>: a region may then take an instruction that crosses into it.</summary>
    /// <summary>
    /// For a region read at <paramref name="pc"/>: the page the virtual page that many pages from pc's maps to for fetch
    /// now, watched (a store from now on changes its generation, so a region read from it is not installed), or null
    /// when it does not map to RAM. The region's code of that page runs only while the hart's fetch view maps it there.
    /// </summary>
    private Func<long, GuestRegion.OtherPage?>? PagesFrom(ulong pc)
    {
        if (!shared.RegionsSpanPages) return null;
        return delta =>
        {
            ulong va = (pc & ~PhysicalMemory.PageOffsetMask) + (ulong)(delta << PhysicalMemory.PageShift);
            if (!hart.Mmu.TranslateFetch(va, out ulong pa, out _)) return null;
            ulong frame = pa & ~PhysicalMemory.PageOffsetMask;
            if (!hart.Bus.Ram.Contains(frame, PhysicalMemory.PageSize)) return null;
            shared.Cache.WatchPage(frame);
            return new GuestRegion.OtherPage(delta, frame, Cache.GenerationOf(frame));
        };
    }

    private ulong NextPagePa(ulong pc) =>
        hart.Mmu.TranslateFetch((pc & ~PhysicalMemory.PageOffsetMask) + PhysicalMemory.PageSize, out ulong pa, out _)
            ? pa & ~PhysicalMemory.PageOffsetMask : GuestBlock.NoPage;

    /// <summary>Whether the block at <paramref name="pa"/> is known to have run: entered by the interpreter, or
    /// compiled (a loop compiled on its own before the code around it turned hot belongs in the outer region too).</summary>
    private bool HasRun(ulong pa) => interpreter.HasRun(pa) || Cache.Lookup(pa) is not null;

    /// <summary>Installs the regions the background compiler finished (whichever hart dispatches first takes them).</summary>
    private void InstallFinished()
    {
        lock (shared.Sync)
        {
            while (shared.Background!.TryTakeFinished(out var block, out long generation, out long ticks))
            {
                Interlocked.Decrement(ref shared.QueuedRegions);
                // Every block waited, entries or not (Promote and AtEntry queued them all).
                foreach (ulong pa in block.BlockStarts)
                    if (shared.Queued.TryGetValue(pa, out var request) && request.Region.EntryPa == block.EntryPa) shared.Queued.Remove(pa);
                Install(block, generation, ticks);
            }
        }
    }

    /// <summary>Installs a translation for every hart (under the shared lock); a block whose page was written since it
    /// was read is dropped: it would run stale code.</summary>
    private void Install(CompiledBlock block, long generation, long ticks)
    {
        if (!shared.Install(block, generation, ticks, this, out var replaced)) return;
        // This hart's interpreter stops at the new entries and hands them here (an entry held by another translation
        // is marked already); the other harts' interpreters find them when the entries turn hot there, or at
        // their waiting marks' next stop.
        foreach (ulong pa in block.Entries) interpreter.MarkEntry(pa, EntryMark.Translated);
        if (replaced is not null) ForgetReplaced(replaced);
    }

    /// <summary>The jump cache may name a replaced translation, and generated code trusts its entries. Only its slots
    /// go: clearing the whole cache on every regrowth and promotion sent each hot pc back through the interpreter
    /// (SQLite's speedtest1: 1.2 M interpreter calls that ran no instruction).</summary>
    private void ForgetReplaced(CompiledBlock replaced)
    {
        foreach (var cache in jumpCaches) cache?.Forget(replaced);
        // A pending link names its translation by entry, which now leads to the new one (other slots).
        if (context.LinkExit != 0 && JitContext.DecodeLinkExit(context.LinkExit).EntryPa == replaced.EntryPa) context.LinkExit = 0;
    }

    /// <summary>
    /// Fills the link slot <see cref="JitContext.LinkExit"/> names with <paramref name="block"/> (same page), under the
    /// shared lock and only while both translations are still valid: a translation another hart dropped or replaced
    /// meanwhile must not be linked again (its page's links were emptied when it went). The pending link is first
    /// brought up to date with the other harts' changes, which may forget it.
    /// </summary>
    private void Link(CompiledBlock block)
    {
        lock (shared.Sync)
        {
            if (Cache.Epoch != seenEpoch || shared.ReplacedCount != seenReplacements) SyncLocked();
            if (LinkingExit(out int slot) is { } from && from.Valid && block.Valid) from.Links.Set(slot, block.Function);
        }
    }

    /// <summary>The shared compile statistics once, then the dispatch statistics of every hart sharing them, summed
    /// (and per hart when there are several): any one hart's engine reports for all.</summary>
    public IEnumerable<(string Name, string Value)> Statistics()
    {
        var all = shared.Engines;
        long Sum(Func<JitEngine, long> f) => all.Sum(f);
        long runTicks = Sum(e => e.RunTicks), compiledTicks = Sum(e => e.CompiledTicks), interpretTicks = Sum(e => e.InterpretTicks);
        // The clock reads outside the timed calls' estimates: two per timed call, one per slice.
        long clockTicks = Sum(e => e.MeasureTime ? e.ClockCost * (2 * (e.compiledTiming.Timed + e.interpretTiming.Timed) + e.slices) : 0);
        long dispatcherTicks = Math.Max(0, runTicks - compiledTicks - interpretTicks - clockTicks);
        long walks = Sum(e => e.hart.Mmu.Walks), instret = Sum(e => e.hart.Instret);
        var lines = new List<(string, string)>(shared.Statistics())
        {
            ("dispatches", $"{Sum(e => e.CompiledBlockRuns)} to compiled code ({Sum(e => e.JumpCacheHits)} jump-cache hits, {Sum(e => e.EntryTableHits)} entry-table hits, {Sum(e => e.EntryTableHitsSlotTaken)} of them for a pc whose slot another held), {Sum(e => e.InterpreterRuns)} to the interpreter ({Sum(e => e.InterpretedInstructions)} instructions, {Sum(e => e.EntryStops)} stops at hot or translated entries)"),
            ("time in the engine", MeasureTime
                ? $"{Ms(runTicks)} ms: compiled code {Ms(compiledTicks)} ms, interpreter {Ms(interpretTicks)} ms, dispatcher {Ms(dispatcherTicks)} ms, clock reads {Ms(clockTicks)} ms (calls after the first {DispatchTiming.AlwaysTimed} timed one in {DispatchTiming.Stride}; the rest of the run is start-up and the kernel)"
                : "not timed (MeasureTime is off)"),
            ("mmu", $"{walks} page walks (TLB misses with paging on: {walks * 1e6 / Math.Max(1, instret):F1} per million instructions), {Sum(e => e.hart.Mmu.Flushes)} TLB flushes, {Sum(e => e.SlowAccesses)} accesses off the fast path"),
        };
        lines.AddRange(interpreter.Statistics());
        if (all.Count > 1)
            lines.Add(("per hart", string.Join("; ", all.Select((e, i) =>
                $"{i}: {e.hart.Instret} instructions, {e.CompiledBlockRuns} compiled dispatches, {e.InterpreterRuns} interpreter runs, {Ms(e.RunTicks)} ms"))));
        return lines;
    }

    private static string Ms(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("F1");
}
