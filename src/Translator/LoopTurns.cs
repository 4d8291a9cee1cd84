namespace RvJit.Translator;

/// <summary>
/// Whether a hot entry's region has a loop that turns per visit, judged by the interpreter's counts of the region's
/// blocks against the entry's. A region's loop is a cycle of its static edges; many never turn in a visit, or turn in
/// a translation of their own: then the region is an island in interpreted code like a loop-free one (JitEngine's
/// DeferIsland). The interpreter counts an entry each time a jump, a taken branch or a page entry reaches it, so a
/// loop's blocks that a branch reaches count once a turn, an exit a branch reaches once a visit.
///
/// Why (first runs, rvjit's plain build instrumented, one run each; pricing an interpreted instruction at 5 ns, a
/// compiled one at 0.3, a trip between them at 250 ns and a compile at 0.5 ms plus 30 us a guest instruction, what each
/// region ran per call from the dispatcher): gofmt compiled 90 regions with loops, 74 of them cost more than they saved,
/// the Go HTTP server 141 and 114. Paired against main's install (published, first runs, farm-bench CPU medians of 9-11
/// pairs): gofmt 0.97, Duktape 0.97, SQLite speedtest1 --size 5 1.01; long runs level (README: "Loops that do not turn").
/// </summary>
internal static class LoopTurns
{
    /// <summary>A block's interpreter count: how many times the interpreter entered it (0: never as the start of a run,
    /// i.e. only by falling through), or below zero when not known (it is marked: translated or queued on its own, or
    /// hot). <see cref="OnCycle"/>: the block lies on a cycle of the region's edges.</summary>
    public readonly record struct BlockCount(bool OnCycle, int Runs);

    /// <summary>
    /// True when the region's loop turns at least once per visit by the counts, or the counts cannot tell (the entry
    /// on a loop with no exit a branch reaches); false for a loop-free region or one whose loops do not turn.
    /// </summary>
    /// <param name="entryInLoop">The entry lies on a cycle (it is the loop's header: it counts every turn).</param>
    /// <param name="entryRuns">The entry's count when it turned hot (the threshold, times the times it was counted on).</param>
    /// <param name="blocks">The region's other blocks.</param>
    public static bool Turns(bool entryInLoop, long entryRuns, ReadOnlySpan<BlockCount> blocks)
    {
        if (entryInLoop)
        {
            // The entry counts visits plus turns; an exit a branch reaches counts visits (at most: there may be others).
            int exits = 0;
            foreach (var b in blocks)
                if (!b.OnCycle && b.Runs > exits) exits = b.Runs;
            return exits == 0 || entryRuns >= 2L * exits;
        }
        // The entry counts visits. A cycle's block whose count is not known (marked: its loop is translated or queued on
        // its own, or hot) turns too: judging such regions islands as well cost SQLite's speedtest1 (--size 5) about 1.02 of
        // the CPU; 15 regions it deferred so were compiled later all the same and ran 300-800 instructions a visit.
        foreach (var b in blocks)
            if (b.OnCycle && (b.Runs < 0 || b.Runs >= entryRuns)) return true;
        return false;
    }
}
