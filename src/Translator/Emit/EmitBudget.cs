namespace RvJit.Translator.Emit;

/// <summary>
/// Optimised regions take retired instructions off the budget once per run of straight-line blocks instead of once
/// per block: a block that is not an entry and has one way in, a forward edge from one block, starts with that block's
/// count still to be taken (<see cref="carried"/>), and its own edges and exits take both: one host subtraction less
/// on that edge. It applies less often than it could: blocks are read from each entry to the next branch and overlap
/// (a block from a loop's preheader runs on through the header's code), so a loop's second block usually has two
/// ways in with different counts (lzip's byte-compare loop still subtracts twice an iteration).
/// </summary>
internal sealed partial class BlockEmitter
{
    /// <summary>Blocks (region offsets) entered with a count still to retire: the one block that leads there, and the count.</summary>
    private readonly Dictionary<long, (long From, int Count)> carriedInto = new();
    private int carried;         // instructions before the current block not yet taken off the budget

    private void PlanCarries()
    {
        if (shape is null) return;
        var order = region.Order;
        int n = order.Count;
        var predecessors = shape.Predecessors;
        var memo = new int?[n];
        int Carried(int b)
        {
            if (memo[b] is { } known) return known;
            memo[b] = 0;
            if (shape.Entry[b] || System.Numerics.BitOperations.PopCount(predecessors[b]) != 1) return 0;
            int p = System.Numerics.BitOperations.TrailingZeroCount(predecessors[b]);
            if (p == b || order[p].RegionOffset >= order[b].RegionOffset) return 0; // a back edge: it checks the budget
            int count = Carried(p) + order[p].Instructions.Count;
            memo[b] = count;
            carriedInto[order[b].RegionOffset] = (order[p].RegionOffset, count);
            return count;
        }
        for (int b = 0; b < n; b++) Carried(b);
    }

    /// <summary>Whether the edge to <paramref name="target"/> from the current block carries its count into it.</summary>
    private bool CarriesInto(int target) => carriedInto.TryGetValue(target, out var c) && c.From == blockBase;
}
