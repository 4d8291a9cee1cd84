namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The decoded pages the interpreter's entry cache names in its current generation, by a 16-bit index, each with the
/// page's slot array as it is now. Entries then hold no object references, so they are 16 bytes in pinned,
/// line-aligned memory, and entering a page reads the slot array from this small table, which stays in the host's
/// cache, rather than from the page object, which warm code finds cold (perf on the Go HTTP server, published build:
/// the entry probe and the page object's check were a seventh of the interpreter's samples).
/// A page's slot array is replaced when decoding grows it; the page reports that here.
/// </summary>
internal sealed class PageRefs
{
    public const int Capacity = 1 << 16;

    /// <summary>Index -> page and its slot array (replaced by a larger one when full: read it again after <see cref="Add"/>).</summary>
    public PageRef[] Items = new PageRef[256];
    private int count;
    /// <summary>The entry generation the indices belong to; a new generation starts an empty table.</summary>
    private int generation;

    /// <summary>Starts the table of a new entry generation (every index of the old one is dead with its entries).</summary>
    public void Reset(int newGeneration)
    {
        generation = newGeneration;
        count = 0;
    }

    /// <summary>The index of <paramref name="page"/> in this generation, added if new; -1 when the table is full.</summary>
    public int IndexOf(DecodedPage page)
    {
        if (page.RefGeneration == generation) return page.RefIndex;
        if (count == Capacity) return -1;
        if (count == Items.Length) Array.Resize(ref Items, Items.Length * 2);
        Items[count] = new PageRef { Page = page, Slots = page.SlotArray };
        page.RefGeneration = generation;
        page.RefIndex = count;
        return count++;
    }

    /// <summary>Decoding gave <paramref name="page"/> a larger slot array.</summary>
    public void SlotsReplaced(DecodedPage page)
    {
        if (page.RefGeneration == generation) Items[page.RefIndex].Slots = page.SlotArray;
    }
}

internal struct PageRef
{
    public DecodedPage Page;
    public CachedInstruction[] Slots;
}
