using RvJit.Runtime.Memory;

namespace RvJit.Translator;

/// <summary>
/// Compiled blocks by guest physical entry address, indexed per physical page. Compiling a block marks its
/// page as code in <see cref="PhysicalMemory"/>; the first store to that page (self-modifying code, a
/// program being loaded over old code) reaches <see cref="Invalidate"/>, which drops exactly that page's
/// blocks. Dropped blocks are marked invalid (a jump cache may still hold them) and become collectable.
///
/// Several harts may share one cache (<see cref="SharedTranslations"/>), each on its own host thread, and a store on
/// any of them invalidates: every member is used under <see cref="Sync"/>, which <see cref="Invalidate"/> and
/// <see cref="Clear"/> take themselves (a store to a code page reaches them on the storing thread).
/// </summary>
public sealed class TranslationCache
{
    private readonly PhysicalMemory ram;
    private readonly Dictionary<ulong, CompiledBlock> blocks = new();
    private readonly Dictionary<ulong, List<CompiledBlock>> byPage = new();
    private readonly Dictionary<ulong, long> pageGenerations = new();
    private long epoch;

    /// <summary>The lock of the cache and of everything the harts sharing it share (<see cref="SharedTranslations"/>).</summary>
    public readonly object Sync = new();

    /// <summary>Bumped on every invalidation; each engine compares it (read without the lock) to notice.</summary>
    public long Epoch => Volatile.Read(ref epoch);
    public long Invalidations { get; private set; }
    /// <summary>Translations superseded by a larger region from the same entry.</summary>
    public long Replacements { get; private set; }
    public int Count => byPage.Values.Sum(list => list.Count);

    /// <summary>IL bytes of the blocks held (a proxy for native code size, about proportional to it).</summary>
    public long CodeBytes { get; private set; }

    /// <summary>When adding a block would pass this many IL bytes, the whole cache is flushed first (like QEMU's
    /// tb_flush): dropped blocks become collectable and hot code is simply compiled again.</summary>
    public long CodeBudget { get; init; } = 64L << 20;
    public long BudgetFlushes { get; private set; }

    /// <summary>Called after a page's blocks were dropped (the engine clears its jump cache), under <see cref="Sync"/>, on
    /// the thread that invalidated (the storing hart's, or the kernel's).</summary>
    public event Action? Invalidated;

    public TranslationCache(PhysicalMemory ram)
    {
        this.ram = ram;
        ram.CodePageWritten += Invalidate;
    }

    public CompiledBlock? Lookup(ulong pa) => blocks.GetValueOrDefault(pa);

    /// <summary>How many times the page of <paramref name="pa"/> has been invalidated: a block read from the page
    /// at one generation may only be installed while the generation is unchanged.</summary>
    public long GenerationOf(ulong pa) => pageGenerations.GetValueOrDefault(pa & ~PhysicalMemory.PageOffsetMask);

    /// <summary>Marks the page as code before its bytes are read for compilation, so a later store is noticed (marking
    /// empties every hart's store view of the page: <see cref="PhysicalMemory.PageBecameCode"/>).</summary>
    public void WatchPage(ulong pa)
    {
        if (!ram.IsCode(pa)) ram.WatchCode(pa); // GuestBlock.Read claims the bytes it reads
    }

    /// <summary>Adds <paramref name="block"/>; returns the translation the jump caches must forget, or null: the one it
    /// replaced (a region read again from the same entry), whose entries and links pass to it, or the one that served
    /// its entry until now as an inner block (<see cref="TakeEntry"/>).</summary>
    public CompiledBlock? Add(CompiledBlock block)
    {
        if (CodeBytes + block.IlBytes > CodeBudget)
        {
            BudgetFlushes++;
            ClearLocked();
        }
        CodeBytes += block.IlBytes;
        ulong page = block.EntryPa & ~(PhysicalMemory.PageSize - 1);
        var list = PageList(page);
        CompiledBlock? replaced = null;
        if (blocks.TryGetValue(block.EntryPa, out var old))
        {
            if (old.EntryPa == block.EntryPa) Replace(replaced = old, block, list);
            else TakeEntry(replaced = old, list);
        }
        // Every block of the region becomes an entry, unless another translation already starts there.
        foreach (ulong pa in block.Entries)
            if (pa == block.EntryPa || !blocks.ContainsKey(pa)) blocks[pa] = block;
        list.Add(block);
        ram.WatchCode(block.EntryPa);
        foreach (var (frame, _) in block.OtherFrames())
        {
            // A write to the page holding the upper half of its last instruction, or to another page it took code from,
            // invalidates it too.
            PageList(frame).Add(block);
            ram.WatchCode(frame);
        }
        return replaced;
    }

    /// <summary>The translations holding code of the page at <paramref name="page"/> (under <see cref="Sync"/>).</summary>
    public IReadOnlyList<CompiledBlock> BlocksOf(ulong page) => byPage.TryGetValue(page, out var list) ? list : [];

    private List<CompiledBlock> PageList(ulong page)
    {
        if (!byPage.TryGetValue(page, out var list)) byPage[page] = list = [];
        return list;
    }

    /// <summary>A region read again from the same entry (it now takes exit targets that turned hot) supersedes
    /// the old translation: the old one's entries pass to it, and links to the old one are emptied so the
    /// dispatcher links the new one. The old code is still correct, so a run already inside it just finishes.</summary>
    private void Replace(CompiledBlock old, CompiledBlock block, List<CompiledBlock> pageBlocks)
    {
        old.Valid = false;
        block.Regrowths = old.Regrowths + 1;
        foreach (ulong pa in old.Entries)
            if (blocks.TryGetValue(pa, out var held) && held == old) blocks.Remove(pa);
        pageBlocks.Remove(old);
        foreach (var (frame, _) in old.OtherFrames())
            if (byPage.TryGetValue(frame, out var other)) other.Remove(old);
        CodeBytes -= old.IlBytes;
        foreach (var other in pageBlocks) other.Links.Unlink(old.Function);
        Replacements++;
    }

    /// <summary>
    /// A region whose entry another translation served as one of its blocks (that one was compiled first) takes the
    /// entry, and the links to the other one are emptied so exits to the entry are linked again, to the new region. They
    /// kept leading into the older translation, where a loop whose header that was only ran one pass at a time: chacha20's
    /// 202-instruction round loop, whose interpreter runs were cut at 64 instructions, made regions at those cuts, one
    /// of which was installed before the loop's own and served its header; the loop then crossed two regions every
    /// iteration (their prologues, register loads and stores, and link code were a third of the run's samples).
    /// </summary>
    private void TakeEntry(CompiledBlock held, List<CompiledBlock> pageBlocks)
    {
        TakenEntries++;
        foreach (var other in pageBlocks) other.Links.Unlink(held.Function);
    }

    /// <summary>Entries that a region's own translation took from another translation serving them (<see cref="TakeEntry"/>).</summary>
    public long TakenEntries { get; private set; }

    public void Invalidate(ulong pagePa)
    {
        lock (Sync) InvalidateLocked(pagePa);
    }

    private void InvalidateLocked(ulong pagePa)
    {
        pageGenerations[pagePa] = pageGenerations.GetValueOrDefault(pagePa) + 1;
        Volatile.Write(ref epoch, epoch + 1);
        if (!byPage.Remove(pagePa, out var list)) return;
        foreach (var b in list)
        {
            if (!b.Valid) continue; // a page-crossing translation already dropped with its other page
            b.Valid = false;
            Invalidations++;
            foreach (ulong pa in b.Entries)
                if (blocks.TryGetValue(pa, out var held) && held == b) blocks.Remove(pa);
            CodeBytes -= b.IlBytes;
            // Dropped for a page other than its entry's: the translations of its entry page that stay may link to it
            // (links join translations of one page, which are otherwise dropped together).
            if (b.Links.PagePa != pagePa && byPage.TryGetValue(b.Links.PagePa, out var entryPage))
                foreach (var other in entryPage) other.Links.Unlink(b.Function);
        }
        Invalidated?.Invoke();
    }

    /// <summary>fence.i and code-budget eviction: drop everything.</summary>
    public void Clear()
    {
        lock (Sync) ClearLocked();
    }

    private void ClearLocked()
    {
        foreach (var b in blocks.Values) b.Valid = false;
        foreach (ulong page in byPage.Keys) pageGenerations[page] = pageGenerations.GetValueOrDefault(page) + 1;
        blocks.Clear();
        byPage.Clear();
        CodeBytes = 0;
        Volatile.Write(ref epoch, epoch + 1);
        Invalidated?.Invoke();
    }
}
