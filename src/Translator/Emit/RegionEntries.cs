namespace RvJit.Translator.Emit;

/// <summary>
/// Which blocks of an optimised region its entry select dispatches to. Every block could be an entry, but an entry
/// into the middle of a loop gives the loop a second way in, and RyuJIT only treats natural loops (one header that
/// every way in passes through) as loops: for any other cycle it weighs the blocks as if they ran once, and its
/// register allocator then spills the loop's guest registers around the loop body as readily as around the exits
/// (lzip's byte-compare loop: a reload or spill every other instruction, 42 host instructions for 9 guest ones).
/// So a block on a cycle is an entry only when it is the cycle's one way in; the other blocks of the cycle are reached
/// from it. A pc that is not an entry finds no translation: the interpreter runs it and on to the next entry (a trap
/// or a TLB miss inside the loop costs at most the rest of one iteration there), or, if it turns hot itself, it gets a
/// region of its own. A cycle that has several ways in by its static edges alone is not natural anyway: all its blocks
/// stay entries.
/// </summary>
internal sealed class RegionEntries
{
    /// <summary>For each block (in <see cref="GuestRegion.Order"/>), whether the region is entered there. The region's
    /// own entry always is.</summary>
    public bool[] Entry { get; }
    /// <summary>For each block, whether it lies on a cycle of the region (a loop): of its static edges, or through the entry
    /// select, which an indirect jump inside the page goes to.</summary>
    public bool[] OnCycle { get; }
    /// <summary>For each block, the blocks its static edges lead to, as a set (bit j: block j in <see cref="GuestRegion.Order"/>;
    /// a region has at most <see cref="GuestRegion.MaxBlocks"/>). Sets of blocks are bit masks here and in the analyses
    /// that use them: with lists, a dictionary and a matrix of reachability this was about a tenth of emitting a region.</summary>
    public uint[] Successors { get; }
    /// <summary>For each block, the blocks with a static edge to it.</summary>
    public uint[] Predecessors { get; }
    /// <summary>For each block, whether it lies on a cycle of the region's static edges other than its own edge to itself:
    /// a self-loop inside a loop of the region (an inner loop), entered and left once per iteration of the outer one.</summary>
    public bool[] InOuterLoop { get; }
    /// <summary>The entries that follow a call (<c>jal ra</c> or <c>jal t0</c>) to a block of the region: where a return
    /// inside the region mostly goes (a recursive function's own call site).</summary>
    public uint ReturnPoints { get; }

    private RegionEntries(bool[] entry, bool[] onCycle, uint[] successors, uint[] predecessors, bool[] inOuterLoop, uint returnPoints) =>
        (Entry, OnCycle, Successors, Predecessors, InOuterLoop, ReturnPoints) = (entry, onCycle, successors, predecessors, inOuterLoop, returnPoints);

    public static RegionEntries Of(GuestRegion region)
    {
        var order = region.Order;
        int n = order.Count;
        if (n > 32) throw new ArgumentException($"translator: a region of {n} blocks (at most 32)");
        // The edges the emitted method has between its blocks (an indirect jump goes through the entry select,
        // which every block is below: cycles through it are natural).
        var successors = new uint[n];
        var predecessors = new uint[n];
        for (int i = 0; i < n; i++)
        {
            var block = order[i];
            if (block.Instructions.Count == 0) continue;
            var (last, offset) = block.Instructions[^1];
            switch (last.Op) // GuestBlock.StaticSuccessors
            {
                case Runtime.Isa.Op.Jalr: break;
                case Runtime.Isa.Op.Jal: AddEdge(i, offset + last.Imm); break;
                case Runtime.Isa.Op.Beq or Runtime.Isa.Op.Bne or Runtime.Isa.Op.Blt or Runtime.Isa.Op.Bge or Runtime.Isa.Op.Bltu or Runtime.Isa.Op.Bgeu:
                    AddEdge(i, offset + last.Imm);
                    AddEdge(i, block.EndOffset);
                    break;
                default: AddEdge(i, block.EndOffset); break;
            }
        }
        void AddEdge(int from, long target)
        {
            long at = order[from].RegionOffset + target;
            for (int j = 0; j < n; j++)
                if (order[j].RegionOffset == at) { successors[from] |= 1u << j; predecessors[j] |= 1u << from; return; }
        }
        var reach = Reach(successors);
        var entry = new bool[n];
        uint done = 0;
        for (int i = 0; i < n; i++)
        {
            if ((done & (1u << i)) != 0) continue;
            if ((reach[i] & (1u << i)) == 0) { entry[i] = true; continue; } // on no cycle
            // i's strongly connected component, and the blocks of it that are entered from outside it.
            uint component = 1u << i;
            for (int j = 0; j < n; j++)
                if ((reach[i] & (1u << j)) != 0 && (reach[j] & (1u << i)) != 0) component |= 1u << j;
            done |= component;
            uint waysIn = component & 1u; // the region's entry is entered from outside
            for (int j = 0; j < n; j++)
                if ((component & (1u << j)) != 0 && (predecessors[j] & ~component) != 0) waysIn |= 1u << j;
            if (System.Numerics.BitOperations.PopCount(waysIn) > 1) // not natural anyway
            {
                for (int j = 0; j < n; j++) if ((component & (1u << j)) != 0) entry[j] = true;
                continue;
            }
            // its one way in, or entered only by an indirect jump: its first block
            entry[System.Numerics.BitOperations.TrailingZeroCount(waysIn != 0 ? waysIn : component)] = true;
        }
        // Loops through the entry select count too (an interpreter's dispatch: its indirect jump to the cases, the
        // cases' jumps back): a jalr whose target is in the page goes there, and on to any entry. Not a return: it goes
        // back to the caller, mostly in another function, and counted as a loop it put every register of a function's
        // region in a local, loaded at each entry and stored at each exit (on demand instead, EmitRegisterHomes: SQLite's
        // speedtest1 --size 1 under callgrind, compiled code 968 M -> 917 M host instructions, -5.3%; lzip -0.7%; sort
        // -0.2%, queens and intalu unchanged; speedtest1 --size 10 CPU 0.978, wall 0.966, paired runs).
        // A return into the region (recursion) still continues there through the select, with those registers on demand.
        // A block of another page is reached only through the region's edges (BlockEmitter.IsEntry).
        for (int j = 0; j < n; j++) if (order[j].PageDelta != 0) entry[j] = false;
        uint entries = 0;
        for (int j = 0; j < n; j++) if (entry[j]) entries |= 1u << j;
        // A return does come back into the region at the return point of a call the region makes to its own code (a
        // recursive function, a callee taken across pages): that return point, when it is an entry, is an edge of the
        // return, so a function that calls itself has its epilogue and return point on the recursion's cycle (queens'
        // solve: the epilogue's 11 loads through sp then share one probe group instead of probe runs of 4, about 80 host
        // instructions for the 11 before; CPU 0.94, published builds, farm-bench, 7 pairs; the rest of bench/programs level).
        uint returnPoints = 0;
        for (int i = 0; i < n; i++)
            if (order[i].Instructions.Count > 0 && order[i].Instructions[^1].Ins is { Op: Runtime.Isa.Op.Jal, Rd: 1 or 5 } && successors[i] != 0)
                returnPoints |= BlockAt(order[i].RegionOffset + order[i].EndOffset);
        returnPoints &= entries;
        var throughSelect = new uint[n];
        for (int i = 0; i < n; i++)
        {
            throughSelect[i] = successors[i];
            if (order[i].Instructions.Count > 0 && order[i].Instructions[^1].Ins is { Op: Runtime.Isa.Op.Jalr } last)
                throughSelect[i] |= IsReturn(last) ? returnPoints : entries;
        }
        uint BlockAt(long at)
        {
            for (int j = 0; j < n; j++) if (order[j].RegionOffset == at) return 1u << j;
            return 0;
        }
        var loops = Reach(throughSelect);
        var onCycle = new bool[n];
        for (int i = 0; i < n; i++) onCycle[i] = (loops[i] & (1u << i)) != 0;
        var inOuterLoop = new bool[n];
        for (int i = 0; i < n; i++)
            for (uint rest = successors[i] & ~(1u << i); rest != 0; rest &= rest - 1)
                if ((reach[System.Numerics.BitOperations.TrailingZeroCount(rest)] & (1u << i)) != 0) { inOuterLoop[i] = true; break; }
        return new RegionEntries(entry, onCycle, successors, predecessors, inOuterLoop, returnPoints);
    }

    /// <summary>A return (<c>jalr x0, 0(ra)</c> or through t0, the ABI's link registers): its target is the caller's, mostly
    /// in another function.</summary>
    internal static bool IsReturn(in Runtime.Isa.Instruction jalr) => jalr.Rd == 0 && jalr.Imm == 0 && jalr.Rs1 is 1 or 5;

    /// <summary>reach[i]: the blocks reachable from i by one edge or more.</summary>
    private static uint[] Reach(uint[] successors)
    {
        int n = successors.Length;
        var reach = new uint[n];
        successors.CopyTo(reach, 0);
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 0; i < n; i++)
            {
                uint r = reach[i];
                for (uint rest = r; rest != 0; rest &= rest - 1) r |= reach[System.Numerics.BitOperations.TrailingZeroCount(rest)];
                if (r != reach[i]) { reach[i] = r; changed = true; }
            }
        }
        return reach;
    }
}
