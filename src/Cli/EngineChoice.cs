using RvJit.Runtime.Interpreter;
using RvJit.Translator;

namespace RvJit.Cli;

/// <summary>Maps `--engine NAME` to an engine factory; this is where the CLI composes Runtime and Translator.</summary>
internal static class EngineChoice
{
    public const string Names = "jit, interp";

    /// <param name="name">--engine value (default jit).</param>
    /// <param name="hotThreshold">--jit-threshold value: block executions before compiling.</param>
    /// <param name="backgroundCompile">false with --jit-sync: compile on the guest's thread (deterministic).</param>
    /// <param name="measureTime">With --stats: the JIT splits its time between compiled code, the interpreter and
    /// the dispatcher.</param>
    /// <param name="promoteThreshold">--jit-promote value: quick-tier entries and loop iterations before the
    /// optimised compile (0: no quick tier).</param>
    /// <param name="persisted">The translations kept across runs (--cache), shared by the process's engines.</param>
    /// <param name="warmupInstructions">--jit-warmup value: guest instructions a hart runs before its first compile.</param>
    /// <param name="harts">Harts that run at once (--smp). 1: each engine made has translations of its own, and its
    /// generated code names its hart's TLB as a constant. More: the engines of harts on one guest RAM share one
    /// translation cache and compiler; generated code names the TLB as a constant while one hart runs guest code and
    /// reads the running hart's from its context once a second one does (<see cref="SharedTranslations.StartedRunning"/>).</param>
    /// <param name="earlyWhenIdle">No --jit-threshold: compile at half the threshold while a host core is idle
    /// (<see cref="SharedTranslations.EarlyWhenIdle"/>).</param>
    /// <param name="islandDeferrals">No --jit-threshold: loop-free entries reached from interpreted code count on from
    /// the threshold up to this many times (<see cref="SharedTranslations.IslandDeferrals"/>).</param>
    /// <param name="regionLabels">--perf-map: names each compiled region by its guest entry (null: by physical address).</param>
    public static Func<RvJit.Runtime.Hart.Hart, IExecutionEngine> Parse(string? name, int hotThreshold = JitEngine.DefaultHotThreshold,
        bool backgroundCompile = true, bool measureTime = false, int promoteThreshold = JitEngine.DefaultPromoteThreshold,
        RvJit.Translator.Persist.PersistentCode? persisted = null, int harts = 1, Func<RvJit.Runtime.Hart.Hart, ulong, string>? regionLabels = null,
        long warmupInstructions = 0, bool earlyWhenIdle = false, int islandDeferrals = 0)
    {
        switch (name)
        {
            case null or "jit":
                var threads = new CompileThreads(); // one count of compile threads for every guest thread's engine
                if (harts <= 1)
                    return hart => new JitEngine(hart, hotThreshold, backgroundCompile, promoteThreshold: promoteThreshold, compileThreads: threads,
                        warmupInstructions: warmupInstructions, earlyWhenIdle: earlyWhenIdle, islandDeferrals: islandDeferrals) { MeasureTime = measureTime, Persisted = persisted, RegionLabels = regionLabels };
                var sharedFor = SharedTranslations.PerRam(ram => new SharedTranslations(ram, hotThreshold, backgroundCompile,
                    constantTlb: true, promoteThreshold: promoteThreshold, compileThreads: threads)
                    { Persisted = persisted, RegionLabels = regionLabels, WarmupInstructions = warmupInstructions, EarlyWhenIdle = earlyWhenIdle,
                      IslandDeferrals = islandDeferrals });
                return hart => new JitEngine(hart, sharedFor(hart)) { MeasureTime = measureTime };
            case "interp":
                return hart => new Interpreter(hart);
            default:
                throw new UsageException($"unknown engine '{name}' (expected: {Names})");
        }
    }
}
