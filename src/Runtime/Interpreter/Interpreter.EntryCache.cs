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
/// enters a page about four times per interpreter run (the Go HTTP server: 5.8 M in 1.39 M runs), hence the slot array
/// in the entry (see <see cref="EntrySlot.Slots"/>).
///
/// Entries are tagged with a generation and the privilege they were made at, and are valid only in the current
/// generation at that privilege, so a system guest's entries survive its switches between U- and S-mode. The generation
/// moves (an O(1) clear) when a decoded page is dropped (the decode cache's epoch, which any hart's store may move:
/// checked before every lookup), and when fetch translations at the privilege changed since its entries were made (the
/// MMU's fetch epoch for it): checked where a Run starts, after an instruction that re-syncs (CSR writes, sfence.vma,
/// xRET) and after a trap, the only places the privilege or translations change while a Run goes on (the host flushes
/// the MMU between Runs).
/// </summary>
public sealed partial class Interpreter
{
    private struct EntrySlot
    {
        public ulong Pc;
        public DecodedPage? Page;
        // Page's slot array when the entry was made (a page's array is replaced when it grows): the run's slot is then
        // one load from here rather than three in a row (the entry, the page, its array), each a likely host cache miss
        // for warm code. Whether it is still the page's array is checked too, but the check is off that chain.
        public CachedInstruction[]? Slots;
        public int Slot; // the run's first slot in Page
        public int Tag;  // generation << 2 | privilege: valid only when equal to entryTag
    }

    private const int EntryBits = 12; // 4 Ki entries, 128 KiB
    private readonly EntrySlot[] entries = new EntrySlot[1 << EntryBits];
    private int entryGeneration = 1, entryTag = 1 << 2; // slots start at tag 0: never valid
    private long entriesDecodeEpoch = -1;
    private readonly long[] entriesFetchEpochs = new long[4]; // per privilege: the fetch epoch the generation began at

    /// <summary>Entry-cache misses (for --stats).</summary>
    private long entryMisses;

    /// <summary>Takes the hart's privilege, and moves to a new generation if what a virtual pc fetches at it may have
    /// changed since the entries were made.</summary>
    private void CheckEntryGeneration()
    {
        Privilege privilege = hart.Privilege;
        if (Volatile.Read(ref cache.Epoch) != entriesDecodeEpoch || hart.Mmu.FetchEpochFor(privilege) != entriesFetchEpochs[(int)privilege & 3])
            NewEntryGeneration();
        else entryTag = entryGeneration << 2 | ((int)privilege & 3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NewEntryGeneration()
    {
        entriesDecodeEpoch = Volatile.Read(ref cache.Epoch);
        for (int p = 0; p < entriesFetchEpochs.Length; p++) entriesFetchEpochs[p] = hart.Mmu.FetchEpochFor((Privilege)p);
        if (++entryGeneration == 1 << 29)
        {
            Array.Clear(entries);
            entryGeneration = 1;
        }
        entryTag = entryGeneration << 2 | ((int)hart.Privilege & 3);
    }

    /// <summary>Whether the block entry at virtual pc <paramref name="pc"/> is in the entry cache and counting toward the
    /// hot threshold (neither hot nor marked as translated): a translating engine then hands it over without looking for
    /// a translation first (a fetch translation and a table probe, each likely to miss the host's cache), and Run finds
    /// the entry where this look left it.</summary>
    public bool IsCountingEntry(ulong pc)
    {
        CheckEntryGeneration();
        ref EntrySlot entry = ref EntryFor(pc);
        return Holds(in entry, pc, entry.Slots) && Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entry.Slots!), entry.Slot).Countdown > 0;
    }

    /// <summary>The slot of <paramref name="pc"/> in the entry cache (Fibonacci hashing, as the translator's jump cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref EntrySlot EntryFor(ulong pc) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), (int)((pc * 0x9E3779B97F4A7C15) >> (64 - EntryBits)));

    /// <summary>The decoded page of <paramref name="pc"/>, its slot array now (<paramref name="slots"/>) and the slot of the
    /// run entered there (decoded if new); null when the fetch traps (in pendingTrap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedPage? EnterPage(ulong pc, out CachedInstruction[] slots, out int runSlot)
    {
        ref EntrySlot entry = ref EntryFor(pc);
        runSlot = entry.Slot;
        slots = entry.Slots!;
        return Holds(in entry, pc, slots) ? entry.Page : FillEntry(pc, out slots, out runSlot);
    }

    /// <summary>Whether <paramref name="entry"/> is <paramref name="pc"/>'s in this generation at this privilege, with its
    /// page's slot array as it is now (<paramref name="slots"/>, the entry's, read by the caller off the check's chain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Holds(in EntrySlot entry, ulong pc, CachedInstruction[]? slots) =>
        entry.Pc == pc && entry.Tag == entryTag && entry.Page!.SlotArray == slots;

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
        ref EntrySlot entry = ref EntryFor(pc);
        entry.Pc = pc;
        entry.Page = page;
        entry.Slots = slots;
        entry.Slot = runSlot;
        entry.Tag = entryTag;
        return page;
    }
}
