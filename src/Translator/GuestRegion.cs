using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Translator;

/// <summary>
/// A hot region: the entry block plus blocks reachable from it through static edges (branch targets,
/// fall-throughs, direct jumps, call return points, a switch's cases) inside the same physical page, compiled
/// together into one method so that a loop runs with guest registers in IL locals across iterations. A loop of the
/// region may also take code of other virtual pages that has run (a callee called in it, up to its return: see
/// <see cref="OtherPages"/>), so the call and the return stay in the method instead of passing through the jump cache.
///
/// The region is read in two steps. Discovery walks the edges breadth first, over more blocks than a region
/// may hold. Selection then keeps the entry, the blocks on a cycle through it (when the entry is a loop
/// header: the loop, inner loops included, and the blocks its exits lead to directly), or, when the entry is
/// not in a loop, the blocks that lead into some cycle (a function's way into its loops) and then the blocks
/// that only leave (an epilogue). So a loop with a long body is not crowded out by its exits, and a hot
/// loop does not carry the registers of the code after it.
/// </summary>
internal sealed class GuestRegion
{
    /// <summary>A page of the region other than the entry's: its virtual page's distance from the entry's (in pages), the
    /// frame it mapped to when read, and that frame's invalidation generation then (installed only while unchanged).</summary>
    public readonly record struct OtherPage(long Delta, ulong Frame, long Generation);

    /// <summary>Limits measured on bench/ (callgrind, host instructions in generated code): 24 blocks take a loop
    /// with a long body (a tokenizer's word-end path, an interpreter's cases) whole; more blocks or instructions
    /// made RyuJIT's register allocation worse in code with several loops (intalu +14% at 32 blocks/512).</summary>
    public const int MaxBlocks = 24;
    public const int MaxInstructions = 256;
    /// <summary>Discovery looks this many times further than a region may hold.</summary>
    private const int DiscoveryFactor = 2;

    public ulong EntryPa { get; }
    /// <summary>Blocks by physical entry address; <see cref="Order"/> lists them entry first.</summary>
    public Dictionary<ulong, GuestBlock> Blocks { get; } = new();
    public List<GuestBlock> Order { get; } = [];
    public int InstructionCount { get; private set; }
    /// <summary>Whether a cycle of the region's own edges runs through some of its blocks (read by <see cref="Read"/>;
    /// false for a region made from stored blocks).</summary>
    public bool HasLoop { get; private set; }
    /// <summary>Whether the entry itself lies on a cycle of the region's edges (it is a loop header).</summary>
    public bool EntryInLoop { get; private set; }
    /// <summary>The region's blocks other than the entry that lie on a cycle of its edges (loop headers and bodies).</summary>
    public List<ulong> CycleBlocks { get; } = [];
    /// <summary>The next physical page, when a block's last instruction crosses into it (<see cref="GuestBlock.SecondPagePa"/>);
    /// <see cref="GuestBlock.NoPage"/> otherwise.</summary>
    public ulong SecondPagePa { get; private set; } = GuestBlock.NoPage;
    /// <summary>The second page's invalidation generation when its bytes were read (set by whoever read the region).</summary>
    public long SecondPageGeneration { get; set; }
    /// <summary>Pages other than the entry's that the region takes blocks from (calls into small functions in other pages,
    /// their code up to the return, jumps across pages), each with the frame its virtual page mapped to when the region
    /// was read. Generated code enters a block of one only while the hart's fetch view still maps that virtual page
    /// (entry page plus <see cref="OtherPage.Delta"/>) to that frame, and a store to any of them drops the region.</summary>
    public List<OtherPage> OtherPages { get; } = [];
    /// <summary>At most this many instructions of other pages a region.</summary>
    public const int MaxOtherPageInstructions = 64;
    /// <summary>At most this many other pages a region.</summary>
    public const int MaxOtherPages = 3;
    /// <summary>The name of the region's method (--perf-map: the guest function at its entry), or null for the default.</summary>
    public string? Label { get; set; }

    private GuestRegion(ulong entryPa) => EntryPa = entryPa;

    /// <param name="ram">Guest RAM.</param>
    /// <param name="pa">The entry.</param>
    /// <param name="maxBlocks">Most blocks to take.</param>
    /// <param name="hasRun">Whether a block at a physical address is known to have run: branch and jump targets
    /// that have not are left out (error paths and other cold code would only cost compile time; if they run
    /// after all, they leave the region and are compiled on their own). Fall-throughs and call return points
    /// are always taken. Null takes everything reachable.</param>
    /// <param name="ranInPage">Entries in a physical page known to have run: the candidate targets of an indirect
    /// jump that is not a return (a switch's jump table), nearest first, so that an interpreter's dispatch loop
    /// and its cases make one region. Null takes none.</param>
    /// <param name="nextPagePa">The RAM page the virtual page after the entry's maps to now (<see cref="GuestBlock.NoPage"/>
    /// if none): an instruction that crosses into it can then be compiled.</param>
    /// <param name="servedElsewhere">Blocks (other than the entry) the region leaves to instead of taking, even as a
    /// fall-through: entries another translation serves. Null: none.</param>
    /// <param name="pageAt">The page a virtual page maps to now, by its distance from the entry's page in pages (null
    /// when it maps to no RAM page it may take code from): the region then follows direct edges into other pages
    /// (<see cref="OtherPages"/>). Null: the region stays in the entry's page.</param>
    public static GuestRegion Read(PhysicalMemory ram, ulong pa, int maxBlocks = MaxBlocks, Func<ulong, bool>? hasRun = null,
        Func<ulong, IEnumerable<ulong>>? ranInPage = null, ulong nextPagePa = GuestBlock.NoPage, Func<ulong, bool>? servedElsewhere = null,
        Func<long, OtherPage?>? pageAt = null)
    {
        var (found, edges, returns, pages, targets) = Discover(ram, pa, maxBlocks * DiscoveryFactor, MaxInstructions * DiscoveryFactor, hasRun, ranInPage, nextPagePa, servedElsewhere, pageAt);
        var region = new GuestRegion(pa);
        region.Add(found[0]); // the entry is always the region's first block, even when empty
        if (found[0].Instructions.Count == 0) return region;
        // Ranked with each return as an edge back to its call's return point: a loop that calls a function then has
        // the callee on its cycle, so the callee's blocks join the loop (as rank 0) instead of being its exits. Whether
        // the region loops is read without those edges (a function called twice would look like a loop).
        var rankEdges = edges;
        if (returns.Count > 0)
        {
            rankEdges = new List<List<int>>(edges.Count);
            foreach (var list in edges) rankEdges.Add([.. list]);
            foreach (var (from, to) in returns) rankEdges[from].Add(to);
        }
        var (rank, rankReach) = Ranks(rankEdges);
        var reach = returns.Count > 0 ? Ranks(edges).Reach : rankReach;
        // A loop header's region is its loop and the blocks its exits lead to directly. The code after those
        // (later loops, long fall-through chains that have not run yet) gets its own regions when it turns
        // hot: here it would only add registers held across the hot loop.
        bool entryInLoop = rank[0] == 0;
        // Plain loops here and below: this runs on the guest's thread at every hot entry, and LINQ's generic
        // iterators were JIT-compiled at start-up (ReadyToRun cannot precompile them) and slow after.
        var exitStubs = new HashSet<int>();
        for (int i = 0; i < found.Count; i++)
            if (rank[i] == 0) exitStubs.UnionWith(rankEdges[i]);
        var taken = new bool[found.Count];
        taken[0] = true;
        int count = 1, instructions = found[0].Instructions.Count, otherPageInstructions = 0;
        for (int r = 0; r < 3; r++)
            for (int i = 1; i < found.Count && count < maxBlocks; i++)
            {
                if (rank[i] != r || instructions + found[i].Instructions.Count > MaxInstructions) continue;
                if (entryInLoop && r > 0 && !exitStubs.Contains(i)) continue;
                if (found[i].PageDelta != 0)
                {
                    // Code of another page only on a loop of the region (a callee called in it, with its return): there it
                    // saves two trips through the jump cache an iteration. Elsewhere it runs once a visit and cost more
                    // compile time than it saved: taking every block of other pages that had run, SQLite's speedtest1
                    // --size 5 compiled 41 k guest instructions instead of 26 k, 1.10 s of compiles instead of 0.82, and
                    // took 1.17 of the CPU (first runs, paired).
                    if (!rankReach[i][i] || otherPageInstructions + found[i].Instructions.Count > MaxOtherPageInstructions) continue;
                    otherPageInstructions += found[i].Instructions.Count;
                }
                taken[i] = true;
                count++;
                instructions += found[i].Instructions.Count;
            }
        // Code of another page is kept only where every way on from it that has run stays in the region or goes back to
        // the entry's page: a callee taken in part left the region for the rest of it and came back through the jump
        // cache, two trips a call as before, with a larger method (wordfreq's loop took the first 64 instructions of
        // memcmp: 1.06-1.09 of the CPU, paired). A callee with calls of its own is kept only with its callees.
        long entryOffset = (long)(pa & PhysicalMemory.PageOffsetMask);
        for (bool dropped = true; dropped;)
        {
            dropped = false;
            for (int i = 1; i < found.Count; i++)
            {
                if (!taken[i] || found[i].PageDelta == 0) continue;
                foreach (long t in targets[i])
                {
                    if ((entryOffset + t) >> PhysicalMemory.PageShift == 0) continue;
                    if (index(t) is int j && taken[j]) continue;
                    taken[i] = false;
                    dropped = true;
                    break;
                }
            }
        }
        int? index(long offset)
        {
            for (int j = 0; j < found.Count; j++) if (found[j].RegionOffset == offset) return j;
            return null;
        }
        // A block of another page is reached only by the region's own edges (it is never an entry): one whose way in was
        // left out is dropped.
        var reached = new bool[found.Count];
        var stack = new Stack<int>();
        for (int i = 0; i < found.Count; i++)
            if (taken[i] && found[i].PageDelta == 0) { reached[i] = true; stack.Push(i); }
        while (stack.Count > 0)
            foreach (int s in edges[stack.Pop()])
                if (taken[s] && !reached[s]) { reached[s] = true; stack.Push(s); }
        for (int r = 0; r < 3; r++) // the selection's order, which is the methods' block order
            for (int i = 1; i < found.Count; i++)
            {
                if (rank[i] != r || !taken[i] || !reached[i]) continue;
                region.Add(found[i]);
                region.HasLoop |= reach[i][i];
                if (reach[i][i]) region.CycleBlocks.Add(found[i].EntryPa);
            }
        region.HasLoop |= entryInLoop && reach[0][0];
        region.EntryInLoop = entryInLoop && reach[0][0];
        foreach (var page in pages)
            foreach (var block in region.Order)
                if (block.PageDelta == page.Delta) { region.OtherPages.Add(page); break; }
        // A region that took no code of other pages is read again as if it could not: blocks of other pages found and left
        // out still took discovery's budget from the entry's page and added their returns to the ranking (wordfreq took
        // 1.05 of the CPU with its regions read so, 1.00 with them read in one page; publishes, paired).
        if (pageAt is not null && region.OtherPages.Count == 0)
            return Read(ram, pa, maxBlocks, hasRun, ranInPage, nextPagePa, servedElsewhere);
        return region;
    }

    /// <summary>The region whose blocks start at <paramref name="offsets"/> in the page at <paramref name="pagePa"/>
    /// (the entry first), read from guest memory as it is now: a persisted region read again in a later run. Null
    /// when the offsets repeat or a block is empty (the bytes there are not the code the region was made from).</summary>
    public static GuestRegion? FromBlocks(PhysicalMemory ram, ulong pagePa, ReadOnlySpan<ushort> offsets)
    {
        var region = new GuestRegion(pagePa + offsets[0]);
        foreach (ushort offset in offsets)
        {
            ulong pa = pagePa + offset;
            var block = GuestBlock.Read(ram, pa);
            if (block.Instructions.Count == 0 || !region.Blocks.TryAdd(pa, block)) return null;
            block.RegionOffset = (long)offset - offsets[0];
            region.Order.Add(block);
            region.InstructionCount += block.Instructions.Count;
        }
        return region;
    }

    /// <summary>Breadth-first walk from <paramref name="pa"/>: the blocks found (entry first); for each, the indices of its
    /// successors among them; the returns found (a block ending in a return, and the return point of a call that reaches it
    /// through the callee's own blocks); and the other pages the blocks found lie in. Blocks are placed by their virtual
    /// offset from the entry (<see cref="GuestBlock.RegionOffset"/>), so a page is named by its distance from the
    /// entry's, as a direct jump names its target.</summary>
    private static (List<GuestBlock> Found, List<List<int>> Edges, List<(int From, int To)> Returns, List<OtherPage> Pages, List<List<long>> Targets) Discover(
        PhysicalMemory ram, ulong pa, int maxBlocks, int maxInstructions, Func<ulong, bool>? hasRun, Func<ulong, IEnumerable<ulong>>? ranInPage,
        ulong nextPagePa, Func<ulong, bool>? servedElsewhere, Func<long, OtherPage?>? pageAt)
    {
        var found = new List<GuestBlock>();
        var index = new Dictionary<long, int>();
        var targets = new List<List<long>>();
        var calls = new List<(int Call, long Callee, long Return)>();
        var queue = new Queue<long>();
        queue.Enqueue(0);
        ulong page = pa & ~PhysicalMemory.PageOffsetMask;
        long entryPageOffset = (long)(pa & PhysicalMemory.PageOffsetMask);
        var pages = new List<OtherPage>();
        var looked = new Dictionary<long, OtherPage?>();
        long DeltaOf(long offset) => (entryPageOffset + offset) >> PhysicalMemory.PageShift;
        // The physical address of a region offset, or NoPage when its page is not one the region may take code from.
        ulong PaOf(long offset)
        {
            long delta = DeltaOf(offset);
            ulong inPage = (ulong)((entryPageOffset + offset) & (long)PhysicalMemory.PageOffsetMask);
            if (delta == 0) return page + inPage;
            if (!looked.TryGetValue(delta, out var other))
            {
                other = pageAt is null || pages.Count >= MaxOtherPages ? null : pageAt(delta);
                // Another virtual page mapping the entry's frame or one already taken (an alias) is left out: blocks and
                // the translation cache's lists are by physical address.
                if (other is { } o && (o.Frame == page || pages.Exists(p => p.Frame == o.Frame) || !ram.Contains(o.Frame, PhysicalMemory.PageSize)))
                    other = null;
                if (other is { } taken) pages.Add(taken);
                looked[delta] = other;
            }
            return other is { } known ? known.Frame + inPage : GuestBlock.NoPage;
        }
        int instructions = 0;
        while (queue.Count > 0 && found.Count < maxBlocks)
        {
            long off = queue.Dequeue();
            if (index.ContainsKey(off)) continue;
            long delta = DeltaOf(off);
            ulong at = PaOf(off);
            var block = GuestBlock.Read(ram, at, delta == 0 ? nextPagePa : GuestBlock.NoPage);
            if (found.Count > 0 && (block.Instructions.Count == 0 || instructions + block.Instructions.Count > maxInstructions)) continue;
            block.RegionOffset = off;
            block.PageDelta = delta;
            index[off] = found.Count;
            found.Add(block);
            instructions += block.Instructions.Count;
            var next = new List<long>();
            targets.Add(next);
            if (block.Instructions.Count == 0) break; // an entry the translator cannot start
            if (delta == 0 && ranInPage is not null && block.EndsInComputedJump(out int jumpOffset))
            {
                ulong jump = at + (ulong)jumpOffset;
                var inPage = new List<ulong>();
                AddNearestFirst(inPage, ranInPage(page), at, jump);
                foreach (ulong t in inPage) next.Add((long)(t - pa));
            }
            foreach (long target in block.RegionSuccessors())
            {
                long toff = off + target;
                long tdelta = DeltaOf(toff);
                // Another page: followed only to code that has run there (calls into small functions, their returns'
                // way back, tail jumps), and only through the fetch translation the hart has now.
                if (tdelta != delta && pageAt is null) continue;
                ulong t = PaOf(toff);
                if (t == GuestBlock.NoPage) continue;
                if (hasRun is not null && (target != block.EndOffset || tdelta != delta) && !hasRun(t)) continue;
                if (servedElsewhere is not null && toff != 0 && servedElsewhere(t)) continue;
                next.Add(toff);
            }
            var (last, lastOffset) = block.Instructions[^1];
            if (last.Op == Op.Jal && last.Rd is 1 or 5) calls.Add((found.Count - 1, off + lastOffset + last.Imm, off + block.EndOffset));
            foreach (long t in next)
                if (!index.ContainsKey(t)) queue.Enqueue(t);
        }
        var edges = new List<List<int>>(targets.Count);
        foreach (var list in targets)
        {
            var successors = new List<int>(list.Count);
            foreach (long t in list)
                if (index.TryGetValue(t, out int i)) successors.Add(i);
            edges.Add(successors);
        }
        return (found, edges, Returns(found, edges, calls, index), pages, targets);
    }

    /// <summary>For each call into another page whose callee and return point were found, the blocks reached from the callee through its own
    /// edges (a call inside it is followed to its return point, not into its callee) that end in a return, each with the
    /// call's return point.</summary>
    private static List<(int From, int To)> Returns(List<GuestBlock> found, List<List<int>> edges, List<(int Call, long Callee, long Return)> calls,
        Dictionary<long, int> index)
    {
        var returns = new List<(int, int)>();
        var calleeOf = new Dictionary<int, int>();
        foreach (var (call, callee, _) in calls)
            if (index.TryGetValue(callee, out int c)) calleeOf[call] = c;
        foreach (var (call, callee, back) in calls)
        {
            if (!index.TryGetValue(callee, out int c) || !index.TryGetValue(back, out int r)) continue;
            // Calls into another page only: a callee in the caller's page is ranked as before (its blocks are exits of a
            // loop that calls it), so regions without code of other pages are read as they were.
            if (found[c].PageDelta == found[call].PageDelta) continue;
            var seen = new HashSet<int> { c };
            var stack = new Stack<int>();
            stack.Push(c);
            while (stack.Count > 0)
            {
                int b = stack.Pop();
                var block = found[b];
                if (block.Instructions.Count > 0 && block.Instructions[^1].Ins is { Op: Op.Jalr, Rd: 0, Imm: 0, Rs1: 1 or 5 }) returns.Add((b, r));
                foreach (int s in edges[b])
                    if ((!calleeOf.TryGetValue(b, out int inner) || s != inner) && seen.Add(s)) stack.Push(s);
            }
        }
        return returns;
    }

    /// <summary>Appends the <paramref name="candidates"/> other than <paramref name="exclude"/>, nearest to
    /// <paramref name="jump"/> first (equal distances in the order given). A plain sort of distance and position
    /// keys: the LINQ it replaces was JIT-compiled at start-up (generic iterators ReadyToRun cannot precompile) and
    /// cost short programs such as a Lua script about a tenth of their guest thread's time at every region read.</summary>
    internal static void AddNearestFirst(List<ulong> into, IEnumerable<ulong> candidates, ulong exclude, ulong jump)
    {
        int start = into.Count;
        foreach (ulong t in candidates)
            if (t != exclude) into.Add(t);
        int n = into.Count - start;
        if (n < 2) return;
        // Same page: a distance is below 2^12, a position below 2^11 (2-byte parcels).
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ulong t = into[start + i];
            keys[i] = ((t > jump ? t - jump : jump - t) << 32) | (uint)i;
        }
        Array.Sort(keys);
        var sorted = new ulong[n];
        for (int i = 0; i < n; i++) sorted[i] = into[start + (int)(uint)keys[i]];
        for (int i = 0; i < n; i++) into[start + i] = sorted[i];
    }

    /// <summary>
    /// Each block's rank in the selection: 0 when it lies on a cycle through the entry (the entry is a loop
    /// header and the block is in that loop, inner loops included), 1 when some path from it reaches a cycle
    /// (a function's way into its loops, or a loop after the entry's), 2 otherwise (code that only leaves).
    /// </summary>
    private static (int[] Rank, bool[][] Reach) Ranks(List<List<int>> edges)
    {
        int n = edges.Count;
        var reach = new bool[n][]; // reach[i][j]: j is reachable from i by one edge or more
        for (int i = 0; i < n; i++)
        {
            reach[i] = new bool[n];
            var stack = new Stack<int>(edges[i]);
            while (stack.Count > 0)
            {
                int b = stack.Pop();
                if (reach[i][b]) continue;
                reach[i][b] = true;
                foreach (int s in edges[b]) stack.Push(s);
            }
        }
        var rank = new int[n];
        for (int i = 0; i < n; i++)
            rank[i] = reach[i][0] ? 0 : ReachesCycle(reach, i) ? 1 : 2;
        return (rank, reach);
    }

    private static bool ReachesCycle(bool[][] reach, int i)
    {
        for (int j = 0; j < reach.Length; j++)
            if (reach[i][j] && reach[j][j]) return true;
        return false;
    }

    /// <summary>The region without its blocks of other pages (itself when it has none): what the persistent cache keeps.
    /// A stored region is keyed by its entry page's bytes alone, and a later run's mapping of the other pages is not
    /// known when it is loaded; the next run then runs the entry page's part from the cache, as before regions took other
    /// pages, and the parts of other pages turn hot in it like any code.</summary>
    public GuestRegion EntryPageOnly()
    {
        if (OtherPages.Count == 0) return this;
        var region = new GuestRegion(EntryPa) { Label = Label, HasLoop = HasLoop, SecondPageGeneration = SecondPageGeneration };
        foreach (var block in Order)
            if (block.PageDelta == 0) region.Add(block);
        return region;
    }

    private void Add(GuestBlock block)
    {
        Blocks[block.EntryPa] = block;
        Order.Add(block);
        InstructionCount += block.Instructions.Count;
        if (block.SecondPagePa != GuestBlock.NoPage) SecondPagePa = block.SecondPagePa;
    }
}
