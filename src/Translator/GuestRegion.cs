using RvJit.Runtime.Memory;

namespace RvJit.Translator;

/// <summary>
/// A hot region: the entry block plus blocks reachable from it through static edges (branch targets,
/// fall-throughs, direct jumps, call return points, a switch's cases) inside the same physical page, compiled
/// together into one method so that a loop runs with guest registers in IL locals across iterations.
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
    public static GuestRegion Read(PhysicalMemory ram, ulong pa, int maxBlocks = MaxBlocks, Func<ulong, bool>? hasRun = null,
        Func<ulong, IEnumerable<ulong>>? ranInPage = null, ulong nextPagePa = GuestBlock.NoPage, Func<ulong, bool>? servedElsewhere = null)
    {
        var (found, edges) = Discover(ram, pa, maxBlocks * DiscoveryFactor, MaxInstructions * DiscoveryFactor, hasRun, ranInPage, nextPagePa, servedElsewhere);
        var region = new GuestRegion(pa);
        region.Add(found[0]); // the entry is always the region's first block, even when empty
        if (found[0].Instructions.Count == 0) return region;
        var (rank, reach) = Ranks(edges);
        // A loop header's region is its loop and the blocks its exits lead to directly. The code after those
        // (later loops, long fall-through chains that have not run yet) gets its own regions when it turns
        // hot: here it would only add registers held across the hot loop.
        bool entryInLoop = rank[0] == 0;
        // Plain loops here and below: this runs on the guest's thread at every hot entry, and LINQ's generic
        // iterators were JIT-compiled at start-up (ReadyToRun cannot precompile them) and slow after.
        var exitStubs = new HashSet<int>();
        for (int i = 0; i < found.Count; i++)
            if (rank[i] == 0) exitStubs.UnionWith(edges[i]);
        for (int r = 0; r < 3; r++)
            for (int i = 1; i < found.Count && region.Order.Count < maxBlocks; i++)
            {
                if (rank[i] != r || region.InstructionCount + found[i].Instructions.Count > MaxInstructions) continue;
                if (entryInLoop && r > 0 && !exitStubs.Contains(i)) continue;
                region.Add(found[i]);
                region.HasLoop |= reach[i][i];
                if (reach[i][i]) region.CycleBlocks.Add(found[i].EntryPa);
            }
        region.HasLoop |= entryInLoop;
        region.EntryInLoop = entryInLoop;
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
            region.Order.Add(block);
            region.InstructionCount += block.Instructions.Count;
        }
        return region;
    }

    /// <summary>Breadth-first walk from <paramref name="pa"/>: the blocks found (entry first) and, for each, the
    /// indices of its successors among them.</summary>
    private static (List<GuestBlock> Found, List<List<int>> Edges) Discover(PhysicalMemory ram, ulong pa, int maxBlocks,
        int maxInstructions, Func<ulong, bool>? hasRun, Func<ulong, IEnumerable<ulong>>? ranInPage, ulong nextPagePa,
        Func<ulong, bool>? servedElsewhere = null)
    {
        var found = new List<GuestBlock>();
        var index = new Dictionary<ulong, int>();
        var targets = new List<List<ulong>>();
        var queue = new Queue<ulong>();
        queue.Enqueue(pa);
        ulong page = pa & ~PhysicalMemory.PageOffsetMask;
        int instructions = 0;
        while (queue.Count > 0 && found.Count < maxBlocks)
        {
            ulong at = queue.Dequeue();
            if (index.ContainsKey(at)) continue;
            var block = GuestBlock.Read(ram, at, nextPagePa);
            if (found.Count > 0 && (block.Instructions.Count == 0 || instructions + block.Instructions.Count > maxInstructions)) continue;
            index[at] = found.Count;
            found.Add(block);
            instructions += block.Instructions.Count;
            var next = new List<ulong>();
            targets.Add(next);
            if (block.Instructions.Count == 0) break; // an entry the translator cannot start
            if (ranInPage is not null && block.EndsInComputedJump(out int jumpOffset))
            {
                ulong jump = at + (ulong)jumpOffset;
                AddNearestFirst(next, ranInPage(page), at, jump);
            }
            foreach (long target in block.RegionSuccessors())
            {
                ulong t = (ulong)((long)at + target);
                if ((t & ~PhysicalMemory.PageOffsetMask) != page) continue;
                if (hasRun is not null && target != block.EndOffset && !hasRun(t)) continue;
                if (servedElsewhere is not null && t != pa && servedElsewhere(t)) continue;
                next.Add(t);
            }
            foreach (ulong t in next)
                if (!index.ContainsKey(t)) queue.Enqueue(t);
        }
        var edges = new List<List<int>>(targets.Count);
        foreach (var list in targets)
        {
            var successors = new List<int>(list.Count);
            foreach (ulong t in list)
                if (index.TryGetValue(t, out int i)) successors.Add(i);
            edges.Add(successors);
        }
        return (found, edges);
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

    private void Add(GuestBlock block)
    {
        Blocks[block.EntryPa] = block;
        Order.Add(block);
        InstructionCount += block.Instructions.Count;
        if (block.SecondPagePa != GuestBlock.NoPage) SecondPagePa = block.SecondPagePa;
    }
}
