using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The entry cache: a direct-mapped table from a virtual pc to the decoded run entered there (its page, the page's slot
/// array and the run's slot), so that entering a page (a Run's start, a jalr or branch to another page, the pc compiled
/// code exits to) costs one probe of a small table instead of a chain of dependent loads: the fetch TLB entry, the
/// decode cache's chunk and page, the page's run index, then the slot. Each of those was a likely cache miss; together
/// they were a fifth of the interpreter's time on gofmt (perf, --engine interp and first runs under the JIT). Warm code
/// enters a page about four times per interpreter run (the Go HTTP server: 5.8 M in 1.39 M runs), hence the page's slot
/// array one load from the entry, in <see cref="PageRefs"/>.
///
/// Entries are tagged with a generation and the privilege they were made at, and are valid only in the current
/// generation at that privilege, so a system guest's entries survive its switches between U- and S-mode. The generation
/// moves (an O(1) clear, but for a real one every 16 Ki generations when the 14-bit tags wrap) when a decoded page is dropped (the decode cache's epoch, which any hart's store may move:
/// checked before every lookup), and when fetch translations at the privilege changed since its entries were made (the
/// MMU's fetch epoch for it): checked where a Run starts, after an instruction that re-syncs (CSR writes, sfence.vma,
/// xRET) and after a trap, the only places the privilege or translations change while a Run goes on (the host flushes
/// the MMU between Runs).
/// </summary>
public sealed unsafe partial class Interpreter
{
    // 16 bytes and no object references, in pinned memory aligned to host cache lines: an entry is one line, never two
    // (a 32-byte managed entry straddled two lines wherever the array's alignment put it), and the table is 64 KiB.
    // The page and its slot array come from a small table indexed by Page (PageRefs), which stays in the host's cache.
    private struct EntrySlot
    {
        public ulong Pc;
        public int Slot;     // the run's first slot in the page's slot array
        public ushort Page;  // the page's index in refs
        public ushort Tag;   // (generation & GenerationMask) << 2 | privilege: valid only when equal to entryTag
    }

    private const int EntryBits = 12; // 4 Ki entries, 64 KiB
    private const int GenerationMask = (1 << 14) - 1;
    private readonly byte[] entryMemory = GC.AllocateUninitializedArray<byte>((sizeof(EntrySlot) << EntryBits) + 64, pinned: true);
    private readonly EntrySlot* entries;
    private readonly PageRefs refs;
    private int entryGeneration = 1, entryTag = 1 << 2; // slots start at tag 0: never valid
    private long entriesDecodeEpoch = -1;
    private readonly long[] entriesFetchEpochs = new long[4]; // per privilege: the fetch epoch the generation began at

    /// <summary>Entry-cache misses (for --stats).</summary>
    private long entryMisses;

    /// <summary>The table, line-aligned inside <see cref="entryMemory"/> (pinned: it never moves), emptied.</summary>
    private EntrySlot* AlignedEntries()
    {
        fixed (byte* memory = entryMemory)
        {
            var table = (EntrySlot*)(((nuint)memory + 63) & ~(nuint)63);
            new Span<EntrySlot>(table, 1 << EntryBits).Clear();
            return table;
        }
    }

    /// <summary>Takes the hart's privilege, and moves to a new generation if what a virtual pc fetches at it may have
    /// changed since the entries were made.</summary>
    private void CheckEntryGeneration()
    {
        Privilege privilege = hart.Privilege;
        if (Volatile.Read(ref cache.Epoch) != entriesDecodeEpoch || hart.Mmu.FetchEpochFor(privilege) != entriesFetchEpochs[(int)privilege & 3])
            NewEntryGeneration();
        else entryTag = (entryGeneration & GenerationMask) << 2 | ((int)privilege & 3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NewEntryGeneration()
    {
        entriesDecodeEpoch = Volatile.Read(ref cache.Epoch);
        for (int p = 0; p < entriesFetchEpochs.Length; p++) entriesFetchEpochs[p] = hart.Mmu.FetchEpochFor((Privilege)p);
        if ((++entryGeneration & GenerationMask) == 0)
        {
            // The tags wrap: entries of 16 Ki generations ago would match again.
            new Span<EntrySlot>(entries, 1 << EntryBits).Clear();
            entryGeneration++;
        }
        refs.Reset(entryGeneration);
        entryTag = (entryGeneration & GenerationMask) << 2 | ((int)hart.Privilege & 3);
    }

    /// <summary>Whether the block entry at virtual pc <paramref name="pc"/> is in the entry cache and counting toward the
    /// hot threshold (neither hot nor marked as translated): a translating engine then hands it over without looking for
    /// a translation first (a fetch translation and a table probe, each likely to miss the host's cache), and Run finds
    /// the entry where this look left it.</summary>
    public bool IsCountingEntry(ulong pc)
    {
        CheckEntryGeneration();
        EntrySlot* entry = EntryFor(pc);
        return entry->Pc == pc && entry->Tag == entryTag
            && Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(refs.Items[entry->Page].Slots), entry->Slot).Countdown > 0;
    }

    /// <summary>The slot of <paramref name="pc"/> in the entry cache (Fibonacci hashing, as the translator's jump cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EntrySlot* EntryFor(ulong pc) => entries + (int)((pc * 0x9E3779B97F4A7C15) >> (64 - EntryBits));

    /// <summary>The decoded page of <paramref name="pc"/>, its slot array now (<paramref name="slots"/>) and the slot of the
    /// run entered there (decoded if new); null when the fetch traps (in pendingTrap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedPage? EnterPage(ulong pc, out CachedInstruction[] slots, out int runSlot)
    {
        EntrySlot* entry = EntryFor(pc);
        if (entry->Pc == pc && entry->Tag == entryTag)
        {
            ref PageRef page = ref refs.Items[entry->Page];
            slots = page.Slots;
            runSlot = entry->Slot;
            return page.Page;
        }
        return FillEntry(pc, out slots, out runSlot);
    }

    /// <summary><see cref="EnterPage"/> on an entry-cache miss: the full lookup, remembered in the entry.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedPage? FillEntry(ulong pc, out CachedInstruction[] slots, out int runSlot)
    {
        entryMisses++;
        runSlot = 0;
        slots = scratch;
        DecodedPage? page = FindPage(pc) ?? FindPageSlowPath(pc);
        if (page is null) return null;
        runSlot = page.RunIndex((int)((pc & Mmu.PageOffsetMask) >> 1));
        slots = page.SlotArray; // after RunIndex: decoding the run may have grown it
        int index = refs.IndexOf(page);
        if (index < 0)
        {
            NewEntryGeneration(); // the table of pages is full: start afresh
            index = refs.IndexOf(page);
        }
        EntrySlot* entry = EntryFor(pc);
        entry->Pc = pc;
        entry->Slot = runSlot;
        entry->Page = (ushort)index;
        entry->Tag = (ushort)entryTag;
        return page;
    }
}
