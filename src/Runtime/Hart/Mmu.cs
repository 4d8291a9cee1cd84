using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Debug;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Hart;

/// <summary>What an access is for: selects the TLB view, the permission checked and the fault cause.</summary>
public enum Access : byte { Load, Store, Fetch }

/// <summary>
/// One software TLB entry. A hit is one compare and one add: <see cref="Tag"/> is the virtual page
/// address (low 12 bits zero; ulong.MaxValue when empty) and <see cref="Addend"/> is host address minus
/// virtual address. Lookups compare against the page of the access's last byte (<see cref="Mmu.TagOf"/>), so
/// an access that crosses into the next page falls to the slow path. Generated code takes the field offsets
/// from this struct.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct TlbEntry
{
    public ulong Tag;
    public long Addend;
}

/// <summary>
/// The hart's memory management unit: Sv39/Sv48 translation (<see cref="Sv39Walker"/>), and three TLB views
/// (load, store, fetch) that cache only RAM pages. A store view entry exists only for pages that are
/// writable, already dirty, and hold no cached code, so every store that needs attention (setting D,
/// invalidating code, reaching a device) takes the slow path. The views hold translations for the current
/// effective privilege and mstatus.SUM/MXR: whoever changes those (CSR writes, traps, xRET) calls <see cref="Flush"/>.
/// </summary>
public sealed unsafe partial class Mmu : IDisposable
{
    /// <summary>Entries per view: 2^16 (1 MiB a view, 256 MiB of pages, the default guest RAM). Programs whose data
    /// spans tens of megabytes missed constantly with 2^12: lzip -6 (a 32 MiB match tree) walked the page tables
    /// 28 M times in 4 G instructions, 29 k times with 2^16, and used a third less CPU. A flush costs what was
    /// filled since the last one (<see cref="Flush"/>), not the views' size.</summary>
    public const int TlbBits = 16;
    public const int TlbEntries = 1 << TlbBits;
    public const ulong TlbIndexMask = TlbEntries - 1;
    public const ulong PageOffsetMask = 0xFFF;
    public const ulong EmptyTag = ulong.MaxValue;
    /// <summary>Bytes from the load view to the store view: generated code keeps one base for both.</summary>
    public const int StoreViewOffset = TlbEntries * 16; // sizeof(TlbEntry)

    private readonly Hart hart;
    private readonly PhysicalMemory ram;
    private static readonly nuint BlockBytes = (nuint)(3 * TlbEntries * sizeof(TlbEntry));

    /// <summary>
    /// Three views (load, store, fetch, in one block) and the log of the entries filled since they were last
    /// emptied. The MMU has one set, or with <see cref="ViewsPerPrivilege"/> one per privilege: a system's kernel
    /// and its processes then each keep their translations across every trap and return.
    /// </summary>
    private sealed class ViewSet
    {
        public TlbEntry* Block;
        public bool InLowMemory;
        /// <summary>The entries (indices into the three views) filled while empty since the last flush, so a flush
        /// and <see cref="FlushStoresTo"/> cost what the program used, not the views' size: the kernel flushes at
        /// every switch between processes and every page-table change. Past <see cref="FillLogCapacity"/> the log
        /// stops and the next flush clears everything (it then follows that many walks).</summary>
        public readonly int[] FillLog = new int[FillLogCapacity];
        public int FillCount;
        public bool FillLogFull;
        /// <summary>The entries filled from mappings that are not global (PTE.G), bare translations included, since
        /// the set was last emptied: a satp write drops only these from the supervisor's set
        /// (<see cref="AddressSpaceChanged"/>). Past the capacity it empties the whole set.</summary>
        public readonly int[] LocalLog = new int[LocalLogCapacity];
        public int LocalCount;
        public bool LocalLogFull;
    }

    private const int LocalLogCapacity = 1024;

    /// <summary>The sets by privilege (index 3, Machine, is the first and, without <see cref="ViewsPerPrivilege"/>,
    /// the only one); made when first used.</summary>
    private readonly ViewSet?[] sets = new ViewSet?[4];
    private ViewSet active;
    private const int FirstSet = (int)Privilege.Machine;

    /// <summary>Whether the first views lie in the host's low 2 GiB (<see cref="LowMemory"/>): generated code may
    /// then name the load view's address as a 32-bit constant (never with <see cref="ViewsPerPrivilege"/>).</summary>
    public bool TlbInLowMemory { get; }

    /// <summary>
    /// One set of views per privilege (system machines), selected whenever the hart's privilege changes: a trap
    /// from a process into the kernel and the return (and every SBI call into M-mode firmware) then keep what
    /// both sides' views hold, where a single set had to be emptied at every switch. The views' addresses change
    /// with the privilege, so generated code reads them from its context and the engines refresh it. Set before
    /// the hart runs.
    /// </summary>
    public bool ViewsPerPrivilege { get; init; }

    /// <summary>The data privilege the Machine set's load and store entries were made for (mstatus.MPRV/MPP).</summary>
    private Privilege machineDataPrivilege = Privilege.Machine;

    public TlbEntry* LoadTlb { get; private set; }
    public TlbEntry* StoreTlb { get; private set; }
    public TlbEntry* FetchTlb { get; private set; }

    /// <summary>Counts for --stats: page walks, full flushes, and sfence.vma address flushes that did not empty everything.</summary>
    public long Walks, Flushes, AddressFlushes;

    /// <summary>Moves whenever a virtual address may have changed its instruction-fetch translation at some privilege
    /// (a satp write, sfence.vma, a flush by the host): caches of virtual pcs kept per privilege (the translator's
    /// jump caches) must then be emptied. Flushes for a privilege switch or an mstatus translation field
    /// (<see cref="FlushForPrivilege"/>) leave it: fetches at a given privilege translate as before.</summary>
    public long FetchEpoch { get; private set; }

    /// <summary>S-mode load and store entries of user pages (PTE.U, reachable only while mstatus.SUM is set), as
    /// (entry, tag), dropped when SUM is cleared (<see cref="DropUserPagesSeenUnderSum"/>): Linux sets SUM around
    /// every copy to or from user memory, and a full flush each time cost the boot about 14,000 flushes. Past the
    /// capacity, clearing SUM flushes the views.</summary>
    private readonly (nint Entry, ulong Tag)[] sumFills = new (nint, ulong)[SumFillCapacity];
    private int sumFillCount;
    private bool sumFillsOverflowed;
    private const int SumFillCapacity = 64;
    /// <summary>Set by <see cref="Translate"/>: its leaf was a user page reached by a supervisor data access (SUM).</summary>
    private bool walkedUserPageUnderSum;
    /// <summary>Set by <see cref="Translate"/>: it walked a global mapping (false for bare translations).</summary>
    private bool walkedGlobal;

    /// <summary>Added to <see cref="FetchEpoch"/> per privilege (<see cref="FetchEpochFor"/>): a satp write changes the
    /// fetch translations of U-mode, and of S-mode only where the supervisor's views held a mapping that is not global.</summary>
    private readonly long[] privilegeFetchEpochs = new long[4];

    /// <summary>Moves whenever a virtual address may have changed its instruction-fetch translation at
    /// <paramref name="privilege"/>: <see cref="FetchEpoch"/>, or a satp write that changed what that privilege's
    /// views held (<see cref="AddressSpaceChanged"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long FetchEpochFor(Privilege privilege) => FetchEpoch + privilegeFetchEpochs[(int)privilege & 3];

    /// <summary>satp writes that kept the supervisor's global mappings (for --stats).</summary>
    public long AddressSpaceSwitches;

    /// <summary>
    /// A satp write (a switch between address spaces). Without <see cref="ViewsPerPrivilege"/>, a full flush.
    /// With it, the user and machine sets are emptied, and the supervisor's set keeps its global mappings: a
    /// kernel's own mappings are global and the same in every address space (the privileged spec lets a satp
    /// change keep them), so a context switch no longer costs the kernel a walk for every page it touches
    /// again. Its entries that are not global (bare ones included) are dropped; if none of them was a fetch
    /// entry, S-mode's jump cache stays too.
    /// </summary>
    public void AddressSpaceChanged()
    {
        if (!ViewsPerPrivilege) { Flush(); return; }
        AddressSpaceSwitches++;
        for (int index = 0; index < sets.Length; index++)
        {
            if (sets[index] is not { } set) continue;
            if (index != (int)Privilege.Supervisor)
            {
                EmptySet(set);
                privilegeFetchEpochs[index]++;
            }
            else if (DropLocal(set)) privilegeFetchEpochs[index]++;
        }
        // The user pages logged under SUM were not global: dropped above (the log's tags no longer match).
        sumFillCount = 0;
        sumFillsOverflowed = false;
    }

    /// <summary>Drops the set's entries that are not global; true when a fetch entry may have been among them.</summary>
    private static bool DropLocal(ViewSet set)
    {
        if (set.LocalLogFull) { EmptySet(set); return true; }
        bool fetch = false;
        for (int i = 0; i < set.LocalCount; i++)
        {
            int at = set.LocalLog[i];
            set.Block[at].Tag = EmptyTag;
            fetch |= at >= 2 * TlbEntries;
        }
        set.LocalCount = 0;
        return fetch;
    }

    private const int FillLogCapacity = TlbEntries / 2;

    public Mmu(Hart hart)
    {
        if (sizeof(TlbEntry) != 16) throw new InvalidOperationException("EntryFor and StoreViewOffset assume 16-byte TLB entries");
        this.hart = hart;
        ram = hart.Bus.Ram;
        active = sets[FirstSet] = NewSet();
        TlbInLowMemory = active.InLowMemory;
        Activate(active);
        Flush();
        ram.PageBecameCode += FlushStoresTo;
    }

    private static ViewSet NewSet()
    {
        var set = new ViewSet { Block = (TlbEntry*)LowMemory.TryAllocateHuge(BlockBytes) };
        set.InLowMemory = set.Block != null;
        if (set.InLowMemory) EmptyFreshViews(set.Block);
        else
        {
            set.Block = (TlbEntry*)NativeMemory.AlignedAlloc(BlockBytes, 64);
            NativeMemory.Fill(set.Block, BlockBytes, 0xFF); // memory of unknown contents: every tag EmptyTag
        }
        return set;
    }

    private void Activate(ViewSet set)
    {
        active = set;
        LoadTlb = set.Block;
        StoreTlb = (TlbEntry*)((byte*)set.Block + StoreViewOffset);
        FetchTlb = set.Block + 2 * TlbEntries;
    }

    /// <summary>Uses the views of the hart's privilege (with <see cref="ViewsPerPrivilege"/>; called whenever the
    /// privilege changes). The Machine set is emptied when M-mode's data privilege differs from the one it was
    /// filled for (mstatus.MPRV with another MPP).</summary>
    internal void SelectViews()
    {
        if (!ViewsPerPrivilege) return;
        int index = (int)hart.Privilege;
        ViewSet set = sets[index] ?? (sets[index] = NewSet()); // another hart's FlushStoresTo may read sets meanwhile: a new set holds nothing
        if (set != active) Activate(set);
        if (index == FirstSet && DataPrivilege != machineDataPrivilege)
        {
            EmptySet(set);
            machineDataPrivilege = DataPrivilege;
        }
    }

    /// <summary>mstatus.MPRV or (under it) MPP changed: M-mode's loads and stores now translate at another privilege.</summary>
    internal void DataPrivilegeChanged()
    {
        if (!ViewsPerPrivilege) { FlushForPrivilege(); return; }
        if (sets[FirstSet] is { } machine) EmptySet(machine);
        machineDataPrivilege = DataPrivilege;
    }

    /// <summary>
    /// Makes the views of a new, zeroed mapping empty without writing their 3 MiB, whose pages the host then
    /// commits only where fills land (a short program touches a few dozen entries; filling every tag cost each
    /// hart a 3 MiB write at start-up). A zero entry misses wherever a zero tag cannot match: tags are stored only
    /// at their own page's index, so an access compares tag 0 only at index 0 (an access in page 0) or at the last
    /// index (an access at the top page whose last byte wraps to page 0). Those two entries of each view get
    /// <see cref="EmptyTag"/>; <see cref="Fill"/> logs an entry found zero as it logs an empty one.
    /// </summary>
    private static void EmptyFreshViews(TlbEntry* block)
    {
        for (int view = 0; view < 3; view++)
        {
            block[view * TlbEntries].Tag = EmptyTag;
            block[view * TlbEntries + TlbEntries - 1].Tag = EmptyTag;
        }
    }

    /// <summary>The compare value for an access of <paramref name="size"/> bytes at <paramref name="va"/>: the page of
    /// its last byte. The entry indexed by va's page holds that tag only when the whole access lies in the entry's
    /// page, so an access that crosses into the next page misses, and a misaligned one inside the page hits (the
    /// MMU performs misaligned accesses). Generated code compares the same value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong TagOf(ulong va, int size) => (va + (ulong)(size - 1)) & ~PageOffsetMask;

    /// <summary>The entry of a TLB view that would map <paramref name="va"/>: the byte offset is computed directly
    /// (one shift, one and) rather than as an index times the 16-byte entry size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TlbEntry* EntryFor(TlbEntry* view, ulong va) =>
        (TlbEntry*)((byte*)view + ((va >> (12 - 4)) & (TlbIndexMask << 4)));

    /// <summary>Superpage and NAPOT leaves walked since the last <see cref="Flush"/>, as (first va, size): a 4 KiB
    /// entry may come from one, and an sfence.vma for any address inside it must drop all of its entries. Past
    /// <see cref="MaxLargeLeaves"/> ranges any address flush empties everything.</summary>
    private readonly (ulong Base, ulong Size)[] largeLeaves = new (ulong, ulong)[MaxLargeLeaves];
    private int largeLeafCount;
    private bool largeLeavesOverflowed;
    private const int MaxLargeLeaves = 32;

    /// <summary>Largest range <see cref="FlushAddress"/> empties page by page (a 2 MiB megapage: 512 pages).</summary>
    private const ulong MaxRangeFlush = 2UL << 20;

    /// <summary>Notes that a walk found a leaf of <paramref name="size"/> bytes (more than 4 KiB) mapping <paramref name="va"/>.</summary>
    private void NoteLargeLeaf(ulong va, ulong size)
    {
        ulong first = va & ~(size - 1);
        for (int i = 0; i < largeLeafCount; i++)
            if (largeLeaves[i].Base == first && largeLeaves[i].Size == size) return;
        if (largeLeafCount < MaxLargeLeaves) largeLeaves[largeLeafCount++] = (first, size);
        else largeLeavesOverflowed = true;
    }

    /// <summary>
    /// sfence.vma with an address: drops what caches the leaf mapping <paramref name="va"/>. That is the one
    /// 4 KiB entry, unless <paramref name="va"/> lies in a superpage or NAPOT page walked since the last flush:
    /// then every entry of that page (a gigapage, or too many large leaves to track: everything).
    /// </summary>
    public void FlushAddress(ulong va)
    {
        if (largeLeavesOverflowed) { Flush(); return; }
        for (int i = 0; i < largeLeafCount; i++)
        {
            var (first, size) = largeLeaves[i];
            if (va - first >= size) continue;
            if (size > MaxRangeFlush) { Flush(); return; }
            for (ulong page = first; page - first < size; page += PhysicalMemory.PageSize) FlushPage(page);
        }
        FlushPage(va);
        AddressFlushes++;
        FetchEpoch++;
    }

    /// <summary>mstatus.SUM was cleared: the user pages supervisor loads and stores reached under it leave the views
    /// (the other entries stay valid: SUM changes nothing else, and fetches never reach user pages from S-mode).</summary>
    public void DropUserPagesSeenUnderSum()
    {
        if (sumFillsOverflowed) { FlushForPrivilege(); return; }
        for (int i = 0; i < sumFillCount; i++)
        {
            var (entry, tag) = sumFills[i];
            if (((TlbEntry*)entry)->Tag == tag) ((TlbEntry*)entry)->Tag = EmptyTag;
        }
        sumFillCount = 0;
    }

    /// <summary>Empties every view (satp, sfence.vma without an address, the host's changes to the address space), and
    /// moves <see cref="FetchEpoch"/>.</summary>
    public void Flush()
    {
        FlushForPrivilege();
        FetchEpoch++;
    }

    /// <summary>Empties every view after a change the host made to the address space that left every executable page
    /// where it was (a data page unmapped, discarded or copied on write): <see cref="FetchEpoch"/> stays, so what is
    /// keyed by virtual pc (jump caches, the interpreter's entries) stays valid.</summary>
    public void FlushDataViews() => FlushForPrivilege();

    /// <summary>Empties every view for a change of the privilege or of mstatus.MPRV/MPP/MXR: what the views hold was
    /// checked for the old ones, but no virtual page maps elsewhere, so <see cref="FetchEpoch"/> stays.</summary>
    public void FlushForPrivilege()
    {
        sumFillCount = 0;
        sumFillsOverflowed = false;
        largeLeafCount = 0;
        largeLeavesOverflowed = false;
        foreach (var set in sets)
            if (set is not null) EmptySet(set);
        Flushes++;
    }

    private static void EmptySet(ViewSet set)
    {
        if (set.FillLogFull) NativeMemory.Fill(set.Block, BlockBytes, 0xFF); // every tag EmptyTag (addends are read only on a hit)
        else
            for (int i = 0; i < set.FillCount; i++) set.Block[set.FillLog[i]].Tag = EmptyTag;
        Volatile.Write(ref set.FillCount, 0); // after the tags: a concurrent FlushStoresTo that reads 0 finds them empty
        set.FillLogFull = false;
        set.LocalCount = 0;
        set.LocalLogFull = false;
    }

    /// <summary>Drops the entries that map virtual page <paramref name="va"/> (sfence.vma with an address).</summary>
    public void FlushPage(ulong va)
    {
        ulong tag = va & ~PageOffsetMask;
        ulong i = (va >> 12) & TlbIndexMask;
        foreach (var set in sets)
        {
            if (set is null) continue;
            for (int view = 0; view < 3; view++)
            {
                ref TlbEntry e = ref set.Block[(ulong)view * TlbEntries + i];
                if (e.Tag == tag) e.Tag = EmptyTag;
            }
        }
    }

    /// <summary>Drops the store entries that map physical page <paramref name="pagePa"/> under any virtual address:
    /// after the page becomes a code page, its stores must reach the slow path (which tells the code caches).
    /// The other entries stay: a program that keeps turning pages into code (a JIT warming up) does not lose its
    /// whole store view each time. Another hart's thread may call this while the owner runs (a page one hart makes
    /// code loses its store entries on every hart): the caller has set the code flag first (<see cref="RecheckCode"/>
    /// covers an entry filled meanwhile), and it only ever empties entries, which at worst costs the owner a miss.</summary>
    public void FlushStoresTo(ulong pagePa)
    {
        if (disposed) return;
        // Most code pages were never stored to: no scan. A program's code turns up page by page, and a scan of the
        // 2^16-entry store view reads up to 1 MiB.
        if ((ram.PageFlags(pagePa) & PhysicalMemory.FlagStoreMapped) == 0) return;
        byte* host = ram.HostPointer(pagePa & ~PageOffsetMask);
        for (int s = 0; s < sets.Length; s++)
        {
            if (Volatile.Read(ref sets[s]) is not { } set) continue;
            TlbEntry* store = (TlbEntry*)((byte*)set.Block + StoreViewOffset);
            if (Volatile.Read(ref set.FillLogFull))
            {
                for (int i = 0; i < TlbEntries; i++) DropIfTo(ref store[i], host);
                continue;
            }
            int filled = Volatile.Read(ref set.FillCount);
            for (int i = 0; i < filled; i++)
            {
                int at = set.FillLog[i] - TlbEntries; // the store view's index
                if ((uint)at < TlbEntries) DropIfTo(ref store[at], host);
            }
        }
    }

    private bool disposed;

    private static void DropIfTo(ref TlbEntry e, byte* host)
    {
        if (e.Tag != EmptyTag && (byte*)(e.Tag + (ulong)e.Addend) == host) e.Tag = EmptyTag;
    }

    /// <summary>The debugger's watchpoints for the code this hart runs (null: none). Their pages never enter the load
    /// or store view, so each access to them comes through the slow paths below, which check them.</summary>
    public WatchList? Watches { get; private set; }
    private long watchVersion;

    /// <summary>Set while a debugger re-runs the access that hit a watchpoint (so that it completes).</summary>
    public bool SuppressWatches { get; set; }

    /// <summary>The watchpoint behind the last <see cref="ExceptionCause.DebugWatch"/> trap.</summary>
    public WatchHit LastWatchHit { get; private set; }

    /// <summary>Uses <paramref name="watches"/> from now on; the views are emptied if it is another list or it changed
    /// since they were filled. Called on the hart's own thread, or while it is stopped.</summary>
    public void UseWatches(WatchList? watches)
    {
        if (ReferenceEquals(watches, Watches) && (watches is null || watches.Version == watchVersion)) return;
        Watches = watches;
        watchVersion = watches?.Version ?? 0;
        Flush();
    }

    // An access to a watched range: reported as a trap before the access is made.
    private bool HitsWatch(ulong va, int size, bool read, bool write, out Trap trap)
    {
        trap = default;
        if (SuppressWatches || Watches?.Check(va, size, read, write) is not { } hit) return false;
        LastWatchHit = hit;
        trap = new Trap(ExceptionCause.DebugWatch, va);
        return true;
    }

    /// <summary>Where a debugger's access to <paramref name="va"/> goes: translated as <paramref name="access"/> at the
    /// hart's current privilege and satp, without setting A/D bits (QEMU's debug accesses); false when it does not
    /// translate.</summary>
    public bool TranslateForDebugger(ulong va, out ulong pa, Access access = Access.Load)
    {
        debugWalk = true;
        try { return Translate(va, access, out pa, out _); }
        finally { debugWalk = false; }
    }

    private bool debugWalk;

    // ---------------------------------------------------------------------------------------------------
    // Loads and stores (the interpreter inlines the TLB probe itself and calls these on a miss)
    // ---------------------------------------------------------------------------------------------------

    /// <summary>Full load path: TLB, walk, device, misaligned and page-crossing accesses. False = trap in <paramref name="trap"/>.</summary>
    public bool Load(ulong va, int size, out ulong value, out Trap trap)
    {
        TlbEntry* e = EntryFor(LoadTlb, va);
        if (e->Tag == TagOf(va, size))
        {
            value = Bus.LoadHost((byte*)(va + (ulong)e->Addend), size);
            trap = default;
            return true;
        }
        if ((va & PageOffsetMask) + (ulong)size > PhysicalMemory.PageSize)
            return LoadSplit(va, size, out value, out trap);
        if (!Translate(va, Access.Load, out ulong pa, out trap)) { value = 0; return false; }
        if (Watches is not null && HitsWatch(va, size, read: true, write: false, out trap)) { value = 0; return false; }
        if (!hart.Bus.Read(pa, size, out value))
        {
            trap = new Trap(ExceptionCause.LoadAccessFault, va);
            return false;
        }
        Fill(LoadTlb, va, pa);
        return true;
    }

    /// <summary>Full store path. False = trap in <paramref name="trap"/>.</summary>
    public bool Store(ulong va, int size, ulong value, out Trap trap)
    {
        TlbEntry* e = EntryFor(StoreTlb, va);
        if (e->Tag == TagOf(va, size))
        {
            Bus.StoreHost((byte*)(va + (ulong)e->Addend), size, value);
            trap = default;
            return true;
        }
        if ((va & PageOffsetMask) + (ulong)size > PhysicalMemory.PageSize)
            return StoreSplit(va, size, value, out trap);
        if (!Translate(va, Access.Store, out ulong pa, out trap)) return false;
        if (Watches is not null && HitsWatch(va, size, read: false, write: true, out trap)) return false;
        if (!hart.Bus.Write(pa, size, value))
        {
            trap = new Trap(ExceptionCause.StoreAccessFault, va);
            return false;
        }
        Fill(StoreTlb, va, pa);
        return true;
    }

    // A misaligned access that crosses a page: both pages are translated before anything is written,
    // so a fault on the second page leaves memory untouched.
    private bool LoadSplit(ulong va, int size, out ulong value, out Trap trap)
    {
        value = 0;
        for (int i = 0; i < size; i++)
        {
            if (!Load(va + (ulong)i, 1, out ulong b, out trap)) return false;
            value |= b << (8 * i);
        }
        trap = default;
        return true;
    }

    private bool StoreSplit(ulong va, int size, ulong value, out Trap trap)
    {
        ulong second = (va | PageOffsetMask) + 1;
        if (!Translate(va, Access.Store, out _, out trap) || !Translate(second, Access.Store, out _, out trap)) return false;
        for (int i = 0; i < size; i++)
            if (!Store(va + (ulong)i, 1, value >> (8 * i), out trap)) return false;
        return true;
    }

    /// <summary>
    /// Translates the address of an LR/SC/AMO: it must be naturally aligned (else address-misaligned) and
    /// in RAM (else access fault); AMOs and SC need store permission, LR load permission.
    /// Returns the host pointer and the physical address.
    /// </summary>
    public bool TranslateAtomic(ulong va, int size, bool isLoadReserved, out byte* host, out ulong pa, out Trap trap)
    {
        host = null;
        if ((va & (ulong)(size - 1)) != 0)
        {
            pa = 0;
            trap = new Trap(isLoadReserved ? ExceptionCause.LoadAddressMisaligned : ExceptionCause.StoreAddressMisaligned, va);
            return false;
        }
        // The view that grants this access: its entries are RAM pages only, and a store entry exists only for a
        // writable, dirty page without cached code, so a hit needs none of the checks below. Lock-heavy and
        // GC-heavy programs (Go's runtime) do millions of atomics: they must not walk the page tables each time.
        TlbEntry* view = isLoadReserved ? LoadTlb : StoreTlb;
        TlbEntry* e = EntryFor(view, va);
        if (e->Tag == TagOf(va, size))
        {
            host = (byte*)(va + (ulong)e->Addend);
            pa = ram.AddressOf(host);
            trap = default;
            return true;
        }
        if (!Translate(va, isLoadReserved ? Access.Load : Access.Store, out pa, out trap)) return false;
        if (Watches is not null && HitsWatch(va, size, read: true, write: !isLoadReserved, out trap)) return false;
        if (!ram.Contains(pa, (ulong)size) || (ram.PageFlags(pa) & PhysicalMemory.FlagIo) != 0)
        {
            trap = new Trap(isLoadReserved ? ExceptionCause.LoadAccessFault : ExceptionCause.StoreAccessFault, va);
            return false;
        }
        if (!isLoadReserved) ram.NoteStore(pa, (ulong)size);
        Fill(view, va, pa);
        host = ram.HostPointer(pa);
        return true;
    }

    /// <summary>Translates an instruction fetch address to a physical RAM address (the decode cache is keyed by it).</summary>
    public bool TranslateFetch(ulong va, out ulong pa, out Trap trap)
    {
        TlbEntry* e = EntryFor(FetchTlb, va);
        if (e->Tag == (va & ~PageOffsetMask))
        {
            pa = ram.AddressOf((byte*)(va + (ulong)e->Addend));
            trap = default;
            return true;
        }
        if (!Translate(va, Access.Fetch, out pa, out trap)) return false;
        if (!ram.Contains(pa, 2) || (ram.PageFlags(pa) & PhysicalMemory.FlagNoFetch) != 0)
        {
            trap = new Trap(ExceptionCause.InstructionAccessFault, va);
            return false;
        }
        Fill(FetchTlb, va, pa);
        return true;
    }

    private void Fill(TlbEntry* view, ulong va, ulong pa)
    {
        if (!ram.Contains(pa, 1)) return;
        byte flags = ram.PageFlags(pa);
        // A device page's bytes are fetched from RAM's block (flash in place: its array is kept there), never loaded
        // or stored through a view: the device sees every data access.
        if ((flags & PhysicalMemory.FlagIo) != 0 && view != FetchTlb) return;
        if (view != FetchTlb && Watches is { IsEmpty: false } watches && watches.CoversPage(va)) return;
        if (view == StoreTlb)
        {
            if ((flags & PhysicalMemory.FlagCode) != 0) return;
            // Set (atomically, a full fence) before the entry exists: a marking hart that finds it clear skips its
            // scan, and it can find it clear only if it marked the page before this fill's recheck reads the mark.
            if ((flags & PhysicalMemory.FlagStoreMapped) == 0) ram.SetPageFlag(pa, PhysicalMemory.FlagStoreMapped);
        }
        TlbEntry* e = EntryFor(view, va);
        if (e->Tag is EmptyTag or 0) LogFill(active, (int)(e - active.Block)); // 0: never filled since EmptyFreshViews (logged twice at worst)
        if (!walkedGlobal)
        {
            if (active.LocalCount < LocalLogCapacity) active.LocalLog[active.LocalCount++] = (int)(e - active.Block);
            else active.LocalLogFull = true;
        }
        e->Tag = va & ~PageOffsetMask;
        e->Addend = (long)(ram.HostPointer(pa & ~PageOffsetMask) - (byte*)(va & ~PageOffsetMask));
        if (walkedUserPageUnderSum && view != FetchTlb)
        {
            if (sumFillCount < SumFillCapacity) sumFills[sumFillCount++] = ((nint)e, e->Tag);
            else sumFillsOverflowed = true;
        }
        if (view == StoreTlb) RecheckCode(e, pa);
    }

    /// <summary>
    /// Another hart may make the page code between the flag check above and the entry's write, and scan this view
    /// (<see cref="FlushStoresTo"/>) before the entry is visible: the entry would then let stores bypass the code
    /// caches. So, Dekker's way: this side writes the entry, fences, reads the code flag; the marking side sets the
    /// flag (an interlocked write, itself a full fence), then reads the entries. At least one of them sees the
    /// other's write, so either the scan drops the entry or this check does.
    /// </summary>
    private void RecheckCode(TlbEntry* e, ulong pa)
    {
        Interlocked.MemoryBarrier();
        if ((ram.PageFlags(pa) & PhysicalMemory.FlagCode) != 0) e->Tag = EmptyTag;
    }

    private static void LogFill(ViewSet set, int index)
    {
        // Published entry first, count second: another hart's FlushStoresTo reads the count, then the entries.
        if (set.FillCount < FillLogCapacity) { set.FillLog[set.FillCount] = index; Volatile.Write(ref set.FillCount, set.FillCount + 1); }
        else Volatile.Write(ref set.FillLogFull, true);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ram.PageBecameCode -= FlushStoresTo;
        for (int s = 0; s < sets.Length; s++)
        {
            if (sets[s] is not { } set) continue;
            if (set.InLowMemory) LowMemory.Free(set.Block, BlockBytes);
            else NativeMemory.AlignedFree(set.Block);
            sets[s] = null;
        }
    }
}
