using RvJit.Runtime.Hart;

namespace RvJit.Translator;

/// <summary>
/// What generated code needs besides the register context: the TLB views (for the inlined probe) and a
/// place to leave a trap. One per hart; passed to every compiled block as its second argument (a translation may
/// serve several harts, so everything hart-specific it uses comes from here).
/// </summary>
public sealed unsafe class JitContext
{
    public readonly Hart Hart;
    public readonly Mmu Mmu;
    /// <summary>Base of the MMU's TLB views (the load view; the store view follows at
    /// <see cref="Mmu.StoreViewOffset"/>), read by generated code at block entry. The engine keeps it the views of the
    /// hart's privilege (<see cref="Mmu.ViewsPerPrivilege"/>).</summary>
    public nint Tlb;
    /// <summary><see cref="Tlb"/> when it lies in the host's low 2 GiB and constants are allowed, else 0: what generated
    /// code names as a constant while this hart is the only one running guest code (<see cref="SharedTranslations.StartedRunning"/>);
    /// code shared by several harts reads <see cref="Tlb"/> from the running hart's context.</summary>
    public readonly nint LowTlb;
    /// <summary>Host address of RAM's physical address 0 (which may lie outside RAM): host(pa) = pa + this. Generated
    /// code compares a TLB entry's host address with a physical page it was compiled from.</summary>
    public readonly long RamHostMinusBase;
    /// <summary>The exception a block stopped on (exit kind <see cref="BlockExit.Trap"/>).</summary>
    public Trap PendingTrap;
    /// <summary>Bumped when code is invalidated; a slow-path store that changes it ends the block.</summary>
    public long CodeEpoch;
    /// <summary>Instructions the current run of blocks may still retire; blocks subtract what they retire and
    /// follow direct links only while it is positive, so a chained loop still returns to the dispatcher.</summary>
    public long Remaining;
    /// <summary>The exit that found its link slot empty, as <see cref="LinkExitBase"/> of its translation's entry plus
    /// the slot (0 after other exits). An integer, not the translation's <see cref="BlockLinks"/>: storing an object
    /// into the context costs generated code a GC write-barrier call, and that call made RyuJIT save and restore
    /// the callee-saved registers (six pushes and pops) on every entry and exit of every region with link slots.
    /// The engine finds the translation by its entry (<see cref="TranslationCache.Lookup"/>) and forgets the value
    /// when that translation is replaced or dropped.</summary>
    public long LinkExit;
    /// <summary>The value a quick-tier load helper (<see cref="JitHelpers.Ld"/> and the others) loaded.</summary>
    public ulong Loaded;
    /// <summary>The region that left with <see cref="BlockExit.Promote"/>, as its <see cref="BlockLinks.EntryPa"/> plus 1
    /// (0: none). An integer, as <see cref="LinkExit"/> is: storing the links object costs a counting region a GC
    /// write-barrier call on each promotion exit. Measured only on a variant in which precompiled optimised regions
    /// counted (crossgen2's code of lzip's hottest region: 293 stack accesses with the object, 199 with the integer);
    /// counting regions are now the quick tier's, where it was not timed.</summary>
    public long PromotingEntry;
    /// <summary>The engine's pc-to-block cache for the hart's current privilege, also probed by generated code at
    /// indirect jumps (returns). Privilege changes only between blocks, so code reads it once per jump.</summary>
    internal JumpCache Jumps { get; private set; } = new();
    /// <summary><see cref="Jumps"/>' slots (pc and code, see <see cref="JumpCache.Slots"/>) and its codes' first
    /// arguments, one field load each for generated code.</summary>
    internal nint JumpSlots;
    internal object?[] JumpTargets;

    /// <summary>Makes <paramref name="jumps"/> the cache generated code probes (the engine switches caches with the
    /// privilege: S-mode and U-mode pcs of a kernel and its processes each keep theirs across traps).</summary>
    internal void UseJumps(JumpCache jumps)
    {
        Jumps = jumps;
        JumpSlots = jumps.Slots;
        JumpTargets = jumps.Targets;
    }

    /// <summary>What an exit of the translation entered at <paramref name="entryPa"/> adds its slot to (never 0).</summary>
    public static long LinkExitBase(ulong entryPa) => (long)(entryPa << LinkSlotBits) + 1;

    /// <summary>The translation entry and slot a nonzero <see cref="LinkExit"/> names.</summary>
    public static (ulong EntryPa, int Slot) DecodeLinkExit(long linkExit) =>
        ((ulong)(linkExit - 1) >> LinkSlotBits, (int)((linkExit - 1) & (BlockLinks.MaxSlots - 1)));

    /// <summary>Bits of <see cref="LinkExit"/> below the entry (<see cref="BlockLinks.MaxSlots"/> = 8).</summary>
    public const int LinkSlotBits = 3;

    /// <param name="hart">The hart.</param>
    /// <param name="constantTlb">Let generated code name the TLB's address as a constant when it lies in the low
    /// 2 GiB (false keeps it in a local, the path used where no such memory exists).</param>
    public JitContext(Hart hart, bool constantTlb = true)
    {
        Hart = hart;
        RamHostMinusBase = (long)hart.Bus.Ram.Host - (long)hart.Bus.Ram.Base;
        Mmu = hart.Mmu;
        Tlb = (nint)Mmu.LoadTlb;
        JumpSlots = Jumps.Slots;
        JumpTargets = Jumps.Targets;
        LowTlb = constantTlb && Mmu.TlbInLowMemory && !Mmu.ViewsPerPrivilege ? Tlb : 0;
    }
}

/// <summary>
/// How a compiled block (or a chain of linked blocks) ended; pc is always in the CpuState.
/// </summary>
public enum BlockExit : byte
{
    /// <summary>Reached its end; pc holds the next instruction.</summary>
    Continue = 0,
    /// <summary>An instruction trapped; pc is that instruction, the trap is in <see cref="JitContext.PendingTrap"/>.</summary>
    Trap = 1,
    /// <summary>A store changed code; pc is the next instruction and cached translations must be re-looked-up.</summary>
    CodeChanged = 2,
    /// <summary>An access left the TLB's fast path (a miss, a device, a page-crossing access); pc is that
    /// instruction, which the interpreter runs through the MMU's full path, with the rest of its block.</summary>
    Interpret = 3,
    /// <summary>A quick-tier region proved hot (<see cref="JitContext.PromotingEntry"/> names it); pc is where it stopped,
    /// before an entry or a loop iteration, with everything before it retired.</summary>
    Promote = 4,
    /// <summary>A CSR write changed state the dispatcher must look at (an interrupt it enabled may be taken now, or the
    /// translation or FP state changed); pc is the next instruction.</summary>
    Resync = 5,
}
