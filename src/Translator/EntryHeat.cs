using RvJit.Runtime.Memory;

namespace RvJit.Translator;

/// <summary>
/// What the dispatcher knows of block entries by physical address: how often each was reached while it had no
/// translation (its heat), whether a region holding it waits for the compiler, or whether the translator cannot
/// start there. Every cold block the interpreter runs is counted here, so the count is an array slot per page
/// (indexed by halfword offset) found through a one-page cache, not a hash lookup per block. A nonzero slot
/// also means "has run": region reading takes only branch targets that have run, and a computed jump takes
/// its page's entries that have run. A page's slots are forgotten when the page is written (new code).
/// </summary>
internal sealed class EntryHeat
{
    /// <summary>Slot values besides a count: from <see cref="Queued"/> up, a region holding the entry waits for the
    /// compiler (the entry that made it hot counts on from there: how often it was reached while waiting, the
    /// compiler's priority); the translator cannot start at the entry (its first instruction is left to the
    /// interpreter).</summary>
    public const int Queued = 1 << 30, InterpretOnly = int.MinValue;

    public static bool IsQueued(int slot) => slot >= Queued;

    private const int SlotsPerPage = (int)PhysicalMemory.PageSize / 2;
    private readonly Dictionary<ulong, int[]> pages = new();
    private ulong lastPage = ulong.MaxValue;
    private int[] lastSlots = [];

    /// <summary>The slot of the entry at <paramref name="pa"/> (created, as 0, on first use).</summary>
    public ref int At(ulong pa)
    {
        ulong page = pa & ~PhysicalMemory.PageOffsetMask;
        if (page != lastPage)
        {
            if (!pages.TryGetValue(page, out var slots)) pages[page] = slots = new int[SlotsPerPage];
            lastPage = page;
            lastSlots = slots;
        }
        return ref lastSlots[(pa & PhysicalMemory.PageOffsetMask) >> 1];
    }

    /// <summary>The array and index of the entry's slot, for a reader on another thread (the compiler reads the
    /// waiting count of the entries it has queued; a racy read of an int only misorders the queue).</summary>
    public (int[] Slots, int Index) Locate(ulong pa)
    {
        At(pa);
        return (lastSlots, (int)((pa & PhysicalMemory.PageOffsetMask) >> 1));
    }

    /// <summary>Whether the entry at <paramref name="pa"/> has been reached (counted, queued or interpret-only).</summary>
    public bool HasRun(ulong pa) =>
        pages.TryGetValue(pa & ~PhysicalMemory.PageOffsetMask, out var slots) && slots[(pa & PhysicalMemory.PageOffsetMask) >> 1] != 0;

    /// <summary>The entries of physical page <paramref name="page"/> that have been reached.</summary>
    public IEnumerable<ulong> RanIn(ulong page)
    {
        if (!pages.TryGetValue(page, out var slots)) yield break;
        for (int i = 0; i < slots.Length; i++)
            if (slots[i] != 0) yield return page + (ulong)(2 * i);
    }

    /// <summary>Drops what is known of a page (its code changed).</summary>
    public void Forget(ulong page)
    {
        pages.Remove(page);
        if (page == lastPage)
        {
            lastPage = ulong.MaxValue;
            lastSlots = [];
        }
    }
}
