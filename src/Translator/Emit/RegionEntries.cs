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
    /// <summary>For each block, the blocks its static edges lead to (indices in <see cref="GuestRegion.Order"/>).</summary>
    public List<int>[] Successors { get; }

    private RegionEntries(bool[] entry, bool[] onCycle, List<int>[] successors) => (Entry, OnCycle, Successors) = (entry, onCycle, successors);

    public static RegionEntries Of(GuestRegion region)
    {
        var order = region.Order;
        int n = order.Count;
        var index = new Dictionary<ulong, int>(n);
        for (int i = 0; i < n; i++) index[order[i].EntryPa] = i;
        // The edges the emitted method has between its blocks (an indirect jump goes through the entry select,
        // which every block is below: cycles through it are natural).
        var successors = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            successors[i] = [];
            foreach (long target in order[i].StaticSuccessors())
                if (index.TryGetValue((ulong)((long)order[i].EntryPa + target), out int j)) successors[i].Add(j);
        }
        var reach = Reach(successors);
        var entry = new bool[n];
        var done = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (done[i]) continue;
            if (!reach[i, i]) { entry[i] = true; continue; } // on no cycle
            // i's strongly connected component, and the blocks of it that are entered from outside it.
            var component = new List<int>();
            for (int j = 0; j < n; j++)
                if (j == i || reach[i, j] && reach[j, i]) component.Add(j);
            var waysIn = new List<int>();
            foreach (int j in component)
            {
                done[j] = true;
                bool fromOutside = j == 0;
                for (int k = 0; k < n && !fromOutside; k++)
                    fromOutside = successors[k].Contains(j) && !(reach[k, j] && reach[j, k] || k == j);
                if (fromOutside) waysIn.Add(j);
            }
            if (waysIn.Count > 1) { foreach (int j in component) entry[j] = true; continue; } // not natural anyway
            entry[waysIn.Count == 1 ? waysIn[0] : component[0]] = true; // entered only by an indirect jump: its first block
        }
        // Loops through the entry select count too (an interpreter's dispatch: its indirect jump to the cases, the
        // cases' jumps back): a jalr whose target is in the page goes there, and on to any entry. Not a return: it goes
        // back to the caller, mostly in another function, and counted as a loop it put every register of a function's
        // region in a local, loaded at each entry and stored at each exit (on demand instead, EmitRegisterHomes: SQLite's
        // speedtest1 --size 1 under callgrind, compiled code 968 M -> 917 M host instructions, -5.3%; lzip -0.7%; sort
        // -0.2%, queens and intalu unchanged; speedtest1 --size 10 CPU 0.978, wall 0.966, paired runs).
        // A return into the region (recursion) still continues there through the select, with those registers on demand.
        var throughSelect = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            throughSelect[i] = [.. successors[i]];
            if (order[i].Instructions.Count > 0 && order[i].Instructions[^1].Ins is { Op: Runtime.Isa.Op.Jalr } last && !IsReturn(last))
                for (int j = 0; j < n; j++)
                    if (entry[j]) throughSelect[i].Add(j);
        }
        var loops = Reach(throughSelect);
        var onCycle = new bool[n];
        for (int i = 0; i < n; i++) onCycle[i] = loops[i, i];
        return new RegionEntries(entry, onCycle, successors);
    }

    /// <summary>A return (<c>jalr x0, 0(ra)</c> or through t0, the ABI's link registers): its target is the caller's, mostly
    /// in another function.</summary>
    private static bool IsReturn(in Runtime.Isa.Instruction jalr) => jalr.Rd == 0 && jalr.Imm == 0 && jalr.Rs1 is 1 or 5;

    /// <summary>reach[i, j]: j is reachable from i by one edge or more.</summary>
    private static bool[,] Reach(List<int>[] successors)
    {
        int n = successors.Length;
        var reach = new bool[n, n];
        for (int i = 0; i < n; i++)
        {
            var stack = new Stack<int>(successors[i]);
            while (stack.Count > 0)
            {
                int b = stack.Pop();
                if (reach[i, b]) continue;
                reach[i, b] = true;
                foreach (int s in successors[b]) stack.Push(s);
            }
        }
        return reach;
    }
}
