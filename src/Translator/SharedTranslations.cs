using System.Diagnostics;
using System.Runtime.CompilerServices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;
using RvJit.Translator.Emit;
using RvJit.Translator.Persist;

namespace RvJit.Translator;

/// <summary>
/// The translation state that the JIT engines of harts running on one guest RAM share, each hart on its own host
/// thread: the translation cache, the background compiler and the regions queued for it, the quick tier's
/// assemblies, the persistent cache and its page lookups, and the compile statistics. A region compiled for one
/// hart serves them all (translations are keyed by physical address, and once a second hart has run guest code,
/// generated code reads the TLB's address from its context instead of naming one hart's as a constant).
///
/// One lock, <see cref="TranslationCache.Sync"/>, guards all of it; the engines take it on their slow paths only (a
/// lookup after a jump-cache miss, a hot or translated entry, installing, promoting, linking a slot), never on a
/// jump-cache hit or in generated code. A store to a code page invalidates under it on the storing thread.
///
/// Lock order: the kernel's lock (held while kernel code runs, which may store to guest memory and so invalidate
/// here) before this lock, before the background compiler's queue lock. Nothing done under this lock calls the
/// kernel or waits for another hart.
/// </summary>
public sealed class SharedTranslations
{
    public PhysicalMemory Ram { get; }
    public TranslationCache Cache { get; }
    internal object Sync => Cache.Sync;

    /// <summary>Executions of a block entry before its region is compiled (each hart's interpreter counts its own).</summary>
    public int HotThreshold { get; }
    /// <summary>Entries count to half <see cref="HotThreshold"/> and compile there while a host core is idle (fewer guest
    /// threads run than the host has cores, so the compile thread takes the spare one); an entry that gets there while
    /// every core runs guest code counts once more, to the full threshold, and while other processes leave the compile
    /// threads only part of a core on to <see cref="JitEngine.ContendedHotFactor"/> times it (<see cref="HostShare"/>).
    /// See <see cref="JitEngine.DefaultHotThreshold"/>.</summary>
    public bool EarlyWhenIdle { get; init; }
    /// <summary>What each hart's interpreter counts an entry to before it stops there.</summary>
    internal int InterpreterThreshold => EarlyWhenIdle ? Math.Max(1, HotThreshold / 2) : HotThreshold;
    /// <summary>Statistics: entries counted again because every core ran guest code.</summary>
    public long Deferrals;
    /// <summary>Times a hart's interpreter counts a loop-free entry reached from interpreted code on from the threshold
    /// before its region is compiled (0: never; see <see cref="JitEngine"/>'s DeferIsland).</summary>
    public int IslandDeferrals { get; init; }
    /// <summary>Statistics: hot loop-free entries counted on (<see cref="IslandDeferrals"/>).</summary>
    public long IslandsDeferred;
    /// <summary>Statistics: of <see cref="IslandsDeferred"/>, the times the region had a loop that does not turn (<see cref="LoopTurns"/>).</summary>
    public long LoopIslandsDeferred;
    /// <summary>Quick-tier count before promotion; 0: regions are compiled optimised at once.</summary>
    public int PromoteThreshold { get; }
    public int MaxRegionBlocks { get; }
    /// <summary>Statistics: regions installed that took code of other pages, and their blocks there.</summary>
    public long SpanningRegions, OtherPageBlocks;
    /// <summary>Regions take code of other pages (<see cref="GuestRegion.OtherPages"/>); false keeps each in its entry's page.</summary>
    public bool RegionsSpanPages { get; set; } = true;
    /// <summary>Guest instructions a hart runs before its first compile (0: none); until then hot entries stay in the
    /// interpreter (stored translations are still installed). See <see cref="JitEngine.DefaultWarmupInstructions"/>.</summary>
    public long WarmupInstructions { get; init; }
    /// <summary>A hot entry in the warm-up has had the background compiler prime itself (<see cref="JitEngine"/>'s PrimeCompiler).
    /// Under <see cref="Sync"/>.</summary>
    internal bool CompilerPrimed;
    /// <summary>Generated code may name the TLB's address as a constant while only one hart has run guest code.</summary>
    public bool ConstantTlb { get; }
    /// <summary>The address generated code names: the TLB of the one hart that has run guest code, when it lies in the
    /// low 2 GiB and <see cref="ConstantTlb"/>; else 0 (code reads the running hart's from its context). Read without
    /// the lock by compiles; a translation compiled for another value is refused at <see cref="Install"/>.</summary>
    internal nint LowTlb => Volatile.Read(ref lowTlb);
    private nint lowTlb;
    /// <summary>The engine that has run guest code while no other has (null: none yet, or several have).</summary>
    private JitEngine? onlyRunner;
    private bool severalRan;
    /// <summary>Statistics: translations dropped because a second hart started running guest code (0 or 1).</summary>
    public long TlbFlushes { get; private set; }

    private readonly bool backgroundCompile;
    /// <summary>The process's count of background compile threads and of guest threads busy now.</summary>
    public CompileThreads CompileThreads { get; }
    /// <summary>Made when the first engine registers (it needs <see cref="LowTlb"/>); null: compiles on the guest's thread.</summary>
    internal BackgroundCompiler? Background { get; private set; }
    internal readonly QuickAssemblies Quick = new();
    /// <summary>--perf-map: names a region by the hart that found it hot and its entry's virtual pc (called under this
    /// lock, so it must not take the kernel's: the kernel's symbol view is read without a lock). Null: regions are
    /// named by physical address.</summary>
    public Func<Hart, ulong, string>? RegionLabels { get; set; }
    /// <summary>Queued regions by the physical address of each of their blocks: a hot entry that a queued region
    /// will serve waits for it instead of queuing a copy, and the waits count toward the compiler's priority.</summary>
    internal readonly Dictionary<ulong, BackgroundCompiler.Request> Queued = new();
    /// <summary>Regions handed to the background compiler and not installed yet (read without the lock by dispatchers).</summary>
    internal int QueuedRegions;

    /// <summary>Translations kept across runs (null: none). At its save, the entries that were warm in this run join
    /// the regions it records (<see cref="RecordWarmEntries"/>).</summary>
    public PersistentCode? Persisted
    {
        get => persisted;
        set
        {
            if (value == persisted) return;
            persisted = value;
            if (value is not null) value.Saving += RecordWarmEntries;
        }
    }
    private PersistentCode? persisted;
    /// <summary>Pages whose stored regions were looked up, by page generation (once each).</summary>
    /// <remarks>By page, the generation looked up last (generations only grow): a set of (page, generation) tuples made
    /// the default comparer of a value tuple by reflection, JIT-compiled in every run that loaded a bundle.</remarks>
    internal readonly Dictionary<ulong, long> DiskLookups = new();
    /// <summary>Precompiled stored regions offered for a page's bytes when a page was decoded, by the physical
    /// address of each of their blocks: bound and installed when the guest first gets there (<see cref="JitEngine"/>).</summary>
    internal readonly Dictionary<ulong, StoredOffer> Offers = new();
    /// <summary>The pages offered, by generation, with the addresses their offers serve (each hart's interpreter
    /// marks them when it decodes the page).</summary>
    internal readonly Dictionary<ulong, OfferedPage> OfferedPages = new();
    /// <summary>Statistics: stored regions bound and installed when first reached, and the time that took.</summary>
    public long OfferInstalls, OfferTicks;

    /// <summary>The hash of each code page's bytes at a generation (what the persistent cache is keyed by).</summary>
    private readonly Dictionary<ulong, (long Generation, Hash128 Hash)> pageHashes = new();

    private readonly List<JitEngine> engines = [];

    /// <summary>The last translations replaced by larger regions (<see cref="TranslationCache.Add"/>), with the engine
    /// that installed the replacement: the other harts forget them in their jump caches when they next dispatch.</summary>
    private readonly (CompiledBlock Block, JitEngine By)[] replaced = new (CompiledBlock, JitEngine)[ReplacedKept];
    private long replacedCount;
    private const int ReplacedKept = 64;

    /// <summary>Statistics for --stats (the compiles every hart's engine asked for).</summary>
    public long BlocksCompiled, CompileTicks, StaleCompiles, Regrowths, Promotions, DiskInstalls;
    /// <summary>Per <see cref="CodeTier"/>: regions compiled, their guest instructions and compile time.</summary>
    public readonly long[] TierCompiles = new long[2], TierInstructions = new long[2], TierTicks = new long[2];

    /// <param name="ram">The guest RAM the harts share.</param>
    /// <param name="hotThreshold">Executions before a block is compiled (1 = compile everything, for testing).</param>
    /// <param name="backgroundCompile">Compile on worker threads while the interpreter runs on (false: the guest waits
    /// for each compilation, which makes runs reproducible block for block).</param>
    /// <param name="codeBudgetBytes">IL bytes of translations kept before the cache is flushed.</param>
    /// <param name="maxRegionBlocks">Blocks compiled together into one hot region (1 = plain blocks).</param>
    /// <param name="constantTlb">Name the TLB's address of the hart that runs guest code as a constant in generated code
    /// when the host allows it, until a second hart runs guest code (<see cref="StartedRunning"/>).</param>
    /// <param name="promoteThreshold">See <see cref="PromoteThreshold"/>.</param>
    /// <param name="compileThreads">The process's count of background compile threads (null: counted alone).</param>
    public SharedTranslations(PhysicalMemory ram, int hotThreshold = JitEngine.DefaultHotThreshold, bool backgroundCompile = true,
        long codeBudgetBytes = 64L << 20, int maxRegionBlocks = GuestRegion.MaxBlocks, bool constantTlb = false,
        int promoteThreshold = JitEngine.DefaultPromoteThreshold, CompileThreads? compileThreads = null)
    {
        Ram = ram;
        HotThreshold = Math.Max(1, hotThreshold);
        PromoteThreshold = Math.Max(0, promoteThreshold);
        MaxRegionBlocks = Math.Clamp(maxRegionBlocks, 1, GuestRegion.MaxBlocks);
        ConstantTlb = constantTlb;
        this.backgroundCompile = backgroundCompile;
        CompileThreads = compileThreads ?? new CompileThreads();
        Cache = new TranslationCache(ram) { CodeBudget = codeBudgetBytes };
    }

    /// <summary>The shared state for each hart's engine: one per guest RAM, made by <paramref name="make"/> for the
    /// RAM's first hart (a factory may serve several machines, one after another or at once).</summary>
    public static Func<Hart, SharedTranslations> PerRam(Func<PhysicalMemory, SharedTranslations> make)
    {
        var byRam = new ConditionalWeakTable<PhysicalMemory, SharedTranslations>();
        return hart => byRam.GetValue(hart.Bus.Ram, ram => make(ram));
    }

    /// <summary>The engines (one per hart) that use these translations.</summary>
    public IReadOnlyList<JitEngine> Engines { get { lock (Sync) return [.. engines]; } }

    internal void Register(JitEngine engine, JitContext context)
    {
        lock (Sync)
        {
            if (context.Hart.Bus.Ram != Ram) throw new ArgumentException("a hart on another guest RAM", nameof(engine));
            if (engines.Count == 0 && backgroundCompile) Background = new BackgroundCompiler(() => LowTlb, Quick, CompileThreads);
            engines.Add(engine);
        }
    }

    /// <summary>
    /// Called by each engine before it first runs guest code (engines are made for harts that may never run any:
    /// the kernel starts a hart's worker when two items wait, a guest thread and an I/O completion say). While one
    /// hart runs, generated code names its TLB as a constant (<see cref="LowTlb"/>): RyuJIT folds it into each probe's
    /// displacement and no host register holds it; reading it from the context cost measurably (--smp 1 against
    /// --smp 2, CPU time: sort 0.963, queens 0.985), and most programs run one guest thread.
    /// When a second hart starts, every translation goes (<see cref="TranslationCache.Clear"/>, under the lock, before
    /// that hart runs anything), later compiles read the TLB from the context, and a compile that began before is
    /// refused at <see cref="Install"/>. The first hart may finish the code it is inside: it names its own TLB.
    /// </summary>
    internal void StartedRunning(JitEngine engine, JitContext context)
    {
        lock (Sync)
        {
            if (severalRan || onlyRunner == engine) return;
            if (onlyRunner is null)
            {
                onlyRunner = engine;
                Volatile.Write(ref lowTlb, ConstantTlb ? context.LowTlb : 0);
                return;
            }
            severalRan = true;
            onlyRunner = null;
            if (lowTlb == 0) return;
            Volatile.Write(ref lowTlb, 0);
            TlbFlushes++;
            Cache.Clear();
        }
    }

    /// <summary>The hash of the page's bytes, computed once per page generation (a page is only hashed while
    /// watched, so its bytes cannot change within a generation).</summary>
    internal unsafe Hash128 PageHash(ulong page, long generation)
    {
        if (pageHashes.TryGetValue(page, out var known) && known.Generation == generation) return known.Hash;
        var bytes = new ReadOnlySpan<byte>(Ram.HostPointer(page), (int)PhysicalMemory.PageSize);
        Hash128 hash = BundleIndex.Hash(bytes);
        pageHashes[page] = (generation, hash);
        return hash;
    }

    /// <summary>
    /// Adds a finished translation (under the lock) unless its page was written since it was read (it would run
    /// stale code): false then. <paramref name="replacedBlock"/> is the translation it replaced or took its entry from, which every
    /// other engine forgets at its next dispatch (<see cref="ReplacedSince"/>).
    /// </summary>
    internal unsafe bool Install(CompiledBlock block, long generation, long ticks, JitEngine by, out CompiledBlock? replacedBlock)
    {
        replacedBlock = null;
        if (block.Loaded is null)
        {
            CompileTicks += ticks;
            BlocksCompiled++;
            TierCompiles[(int)block.Tier]++;
            TierInstructions[(int)block.Tier] += block.GuestInstructions;
            TierTicks[(int)block.Tier] += ticks;
        }
        // A translation naming a TLB that is no longer the only one in use (a second hart started meanwhile: StartedRunning).
        if (block.NamedTlb != 0 && block.NamedTlb != LowTlb) { StaleCompiles++; return false; }
        if (Cache.GenerationOf(block.EntryPa) != generation || !OtherFramesCurrent(block)) { StaleCompiles++; return false; }
        Cache.WatchPage(block.EntryPa);
        if (block.Loaded is not null) DiskInstalls++;
        if (block.Region is { OtherPages.Count: > 0 } spanning)
        {
            SpanningRegions++;
            foreach (var b in spanning.Order) if (b.PageDelta != 0) OtherPageBlocks++;
        }
        // The page is unchanged since the region was read (same generation): its hash keys the region. A region
        // that crosses into the next page depends on that page too (and names its frame): it is not kept. One that took
        // blocks of other pages is kept as its entry page's blocks (GuestRegion.EntryPageOnly).
        if (Persisted is not null && block.SecondPagePa == GuestBlock.NoPage)
        {
            ulong page = block.EntryPa & ~PhysicalMemory.PageOffsetMask;
            var starts = new List<ulong>(block.BlockStarts.Length);
            foreach (ulong start in block.BlockStarts)
                if ((start & ~PhysicalMemory.PageOffsetMask) == page) starts.Add(start);
            var offsets = new ushort[starts.Count];
            for (int i = 0; i < offsets.Length; i++) offsets[i] = (ushort)(starts[i] & PhysicalMemory.PageOffsetMask);
            // Hashed again: a store beside the page's code (kernel data sharing a page with text) leaves its generation
            // as it was, so the hash remembered for the generation may name bytes the page no longer holds.
            var bytes = new ReadOnlySpan<byte>(Ram.HostPointer(page), (int)PhysicalMemory.PageSize);
            Hash128 hash = BundleIndex.Hash(bytes);
            pageHashes[page] = (generation, hash);
            Persisted.Record(hash, bytes, offsets, block.Loaded,
                block.Tier == CodeTier.Optimised);
        }
        replacedBlock = Cache.Add(block);
        foreach (ulong pa in block.Entries)
            if (ReferenceEquals(Cache.Lookup(pa), block)) Entries.Put(pa, block);
        if (engines.Count > 1)
        {
            // The other harts' interpreters mark these entries at their next dispatch (InstalledSince).
            foreach (ulong pa in block.Entries) installed[installedCount++ % InstalledKept] = pa;
            Volatile.Write(ref installedPublished, installedCount);
        }
        if (replacedBlock is not null)
        {
            replaced[replacedCount % ReplacedKept] = (replacedBlock, by);
            Volatile.Write(ref replacedCount, replacedCount + 1);
        }
        return true;
    }

    /// <summary>The translations by entry address, read by every dispatcher without the lock.</summary>
    internal readonly EntryTable Entries = new();

    /// <summary>The entries installed while several harts ran, the last <see cref="InstalledKept"/> of them, and how
    /// many there were: each engine marks those installed by others in its own interpreter (marks are per hart).</summary>
    private readonly ulong[] installed = new ulong[InstalledKept];
    private long installedCount, installedPublished;
    private const int InstalledKept = 4096;

    /// <summary>How many entries have been installed while several harts ran (read without the lock).</summary>
    internal long InstalledCount => Volatile.Read(ref installedPublished);

    /// <summary>Under the lock: marks each entry installed after the first <paramref name="seen"/> that is still kept as
    /// translated in <paramref name="interpreter"/> (an engine that fell further behind skips the rest: marks are
    /// hints, and an unmarked entry finds its translation when it turns hot).</summary>
    internal void MarkInstalledSince(long seen, Runtime.Interpreter.Interpreter interpreter)
    {
        for (long i = Math.Max(seen, installedCount - InstalledKept); i < installedCount; i++)
            interpreter.MarkEntry(installed[i % InstalledKept], Runtime.Interpreter.EntryMark.Translated);
    }

    /// <summary>How many translations have been replaced so far (read without the lock).</summary>
    internal long ReplacedCount => Volatile.Read(ref replacedCount);

    /// <summary>Under the lock: the translations replaced after the first <paramref name="seen"/> by engines other than
    /// <paramref name="self"/>; null when more were replaced than are kept (the caller then forgets everything).</summary>
    internal List<CompiledBlock>? ReplacedSince(long seen, JitEngine self)
    {
        if (replacedCount - seen > ReplacedKept) return null;
        var list = new List<CompiledBlock>();
        for (long i = seen; i < replacedCount; i++)
            if (replaced[i % ReplacedKept] is var (block, by) && by != self) list.Add(block);
        return list;
    }

    internal int PromoteAfter(CodeTier tier) => tier == CodeTier.Quick ? PromoteThreshold : int.MaxValue;

    /// <summary>The promotion count of a region loaded from the persistent cache (see <see cref="JitEngine.LoadedPromoteFactor"/>).</summary>
    internal int PromoteLoadedAfter => PromoteThreshold == 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)PromoteThreshold * JitEngine.LoadedPromoteFactor);

    /// <summary>Guest instructions of time slices ending in a precompiled optimised region after which RyuJIT compiles
    /// it again (<see cref="JitEngine.DefaultRecompileLoadedInstructions"/>; long.MaxValue: never).</summary>
    public long RecompileLoadedAfter { get; init; } = JitEngine.DefaultRecompileLoadedInstructions;

    /// <summary>Bounds the time the guest's exit spends recording warm entries (the hottest pages first): a few thousand
    /// entries take tens of milliseconds; past the bound the rest are left for the next run to record.</summary>
    public const int MaxWarmRecordMilliseconds = 50;

    /// <summary>Run when the persistent cache saves: every engine records regions for its warm entries.</summary>
    private unsafe void RecordWarmEntries()
    {
        if (Ram.Host == null || persisted is not { WarmThreshold: > 0 } p) return; // the machine is gone, or nothing warm is kept
        if (EndedInWarmup(p)) return;
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * MaxWarmRecordMilliseconds / 1000;
        lock (Sync)
            foreach (var engine in engines) engine.RecordWarmEntries(p.WarmThreshold, deadline);
    }

    /// <summary>
    /// The run compiled nothing, installed nothing stored and every hart ended inside the warm-up: its next run ends
    /// there too, and a bundle of its warm code would cost that run a load and a bind per region (Lua's sort.lua with
    /// 299 stored regions ran 1.27x slower than with none). Its warm entries are not recorded: the exit's hashes, page
    /// copies and keys were a third of what the cache cost such a run (sort.lua, ReadyToRun install, 20 paired runs, CPU:
    /// --cache 1.06x --no-cache, of which recording its 61 warm entries 1.02x, for a save that wrote nothing; the scan of
    /// every decoded page's entry counts was the hottest code the cache added). Skipped: sort.lua 0.94 CPU and wall
    /// against recording them; gofmt's and Duktape's second runs level (0.99, 1.02 CPU, 15 pairs).
    /// </summary>
    private bool EndedInWarmup(PersistentCode p)
    {
        if (BlocksCompiled > 0 || DiskInstalls > 0 || p.RegionsLoaded > 0 || Queued.Count > 0) return false;
        foreach (var engine in engines)
            if (engine.Instructions >= WarmupInstructions) return false;
        return true;
    }

    /// <summary>The compile statistics, shown once for all the harts.</summary>
    internal IEnumerable<(string Name, string Value)> Statistics()
    {
        lock (Sync)
        {
            return
            [
                ("blocks compiled", $"{BlocksCompiled} ({Regrowths} regions read again to take exits that turned hot, {Deferrals} times an entry was counted on from half the threshold (no core idle, or the host contended), {IslandsDeferred} times an entry reached from interpreted code whose region has no loop that turns was, {LoopIslandsDeferred} of them with loops)"),
                ("compile time", $"{CompileTime.TotalMilliseconds:F1} ms ({(BlocksCompiled == 0 ? 0 : CompileTime.TotalMicroseconds / BlocksCompiled):F0} us/block), "
                    + $"recent compile threads' share of a core {CompileThreads.Share.Share:F2}{(CompileThreads.Share.Contended ? " (host contended)" : "")}"),
                ("tiers", $"quick {TierStats(CodeTier.Quick)}; optimised {TierStats(CodeTier.Optimised)}; {Promotions} promotions"),
                ("translation cache", $"{Cache.Count} blocks, {Cache.CodeBytes / 1024} KiB IL, {Cache.Invalidations} invalidated, {Cache.Replacements} replaced by larger regions, {Cache.TakenEntries} entries taken by their own regions, {Cache.BudgetFlushes} budget flushes, {StaleCompiles} stale compiles dropped, {SpanningRegions} regions with {OtherPageBlocks} blocks of other pages"
                    + (engines.Count > 1 ? $", shared by {engines.Count} harts" : "") + (TlbFlushes > 0 ? ", flushed when a second hart ran (constant TLB dropped)" : "")),
                ("persistent cache", Persisted is null ? "off"
                    : $"{Persisted.RegionsLoaded} regions in {Persisted.BundlesLoaded} bundles loaded, {DiskInstalls} installed by this engine ({OfferInstalls} when first reached, in {OfferTicks * 1000.0 / Stopwatch.Frequency:F1} ms)"),
            ];
        }
    }

    private string TierStats(CodeTier tier)
    {
        long n = TierCompiles[(int)tier], instructions = TierInstructions[(int)tier];
        double us = TierTicks[(int)tier] * 1e6 / Stopwatch.Frequency;
        return $"{n} regions, {instructions} instructions, {us / 1000:F1} ms ({(n == 0 ? 0 : us / n):F0} us/region, {(instructions == 0 ? 0 : us / instructions):F1} us/instruction)";
    }

    public TimeSpan CompileTime => TimeSpan.FromSeconds(CompileTicks / (double)Stopwatch.Frequency);

    /// <summary>Whether every frame besides the entry's that <paramref name="block"/> was compiled from is at the generation
    /// it was read at (no store has dropped code from it since).</summary>
    private bool OtherFramesCurrent(CompiledBlock block)
    {
        foreach (var (frame, generation) in block.OtherFrames())
            if (Cache.GenerationOf(frame) != generation) return false;
        return true;
    }
}

/// <summary>A page whose stored regions were offered at <paramref name="Generation"/>, and the addresses they serve.</summary>
internal sealed record OfferedPage(long Generation, List<ulong> Entries);

/// <summary>A precompiled stored region offered for the page at <paramref name="Page"/> (its bytes hashed as stored at
/// <paramref name="Generation"/>).</summary>
internal sealed record StoredOffer(LoadedRegion Stored, ulong Page, long Generation);
