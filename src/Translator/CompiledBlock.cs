using RvJit.Runtime.Hart;

namespace RvJit.Translator;

/// <summary>
/// Generated code for one guest block: <c>(CpuState* state, JitContext ctx, ulong entryPc) -> exit kind</c>;
/// retired instructions are subtracted from <see cref="JitContext.Remaining"/>.
/// The code is position independent in the guest: pc-relative values come from <c>entryPc</c>, so one
/// translation serves every virtual alias of its physical page.
/// </summary>
public unsafe delegate long BlockFunction(CpuState* state, JitContext ctx, ulong entryPc);

/// <summary>A translation (one block, or a region of blocks) and what the caches need to know about it.</summary>
public sealed class CompiledBlock(ulong entryPa, ulong[] entries, int guestInstructions, BlockFunction function, BlockLinks links, int ilBytes,
    ulong[]? blockStarts = null)
{
    public BlockLinks Links { get; } = links;
    /// <summary>The physical address whose heat made this translation.</summary>
    public ulong EntryPa { get; } = entryPa;
    /// <summary>Physical addresses it can be entered at (the entry first): the start of each of its blocks, except, in
    /// an optimised region, blocks inside a loop that are not its header (<see cref="Emit.RegionEntries"/>).</summary>
    public ulong[] Entries { get; } = entries;
    /// <summary>The start of each of its blocks (the entry first): what it was compiled from.</summary>
    public ulong[] BlockStarts { get; } = blockStarts ?? entries;
    public int GuestInstructions { get; } = guestInstructions;
    /// <summary>Guest basic blocks compiled into this translation (a hot region holds several).</summary>
    public int GuestBlocks => BlockStarts.Length;
    public BlockFunction Function { get; } = function;
    /// <summary><see cref="Function"/>'s first argument and host code (<see cref="CodeEntry"/>), what the jump cache keeps.</summary>
    internal (object Target, nint Code) Code => code ??= CodeEntry.Of(Function);
    private (object Target, nint Code)? code;
    public int IlBytes { get; } = ilBytes;
    /// <summary>How it was compiled; a <see cref="CodeTier.Quick"/> region is replaced by its optimised one once hot.</summary>
    public CodeTier Tier { get; init; } = CodeTier.Optimised;
    /// <summary>A quick region's blocks, kept for its promotion (the same region, optimised); null otherwise.</summary>
    internal GuestRegion? Source { get; set; }
    /// <summary>Installed from the persistent cache without its blocks read (<see cref="Source"/> is null): they are read
    /// if it is promoted.</summary>
    internal bool ReadSourceAtPromotion { get; set; }
    /// <summary>Guest instructions of the time slices that ended in it (loaded precompiled regions only: see
    /// <see cref="JitEngine.DefaultRecompileLoadedInstructions"/>).</summary>
    internal long SampledInstructions;
    /// <summary>The blocks it was compiled from (what the persistent cache saves, and the page an instruction crossing
    /// into the next one depends on).</summary>
    internal GuestRegion? Region { get; init; }
    /// <summary>The stored region it was loaded from (the persistent cache), or null when compiled in this run.</summary>
    internal Persist.LoadedRegion? Loaded { get; init; }
    /// <summary>The TLB address its code names as a constant (one hart's), or 0: it reads the running hart's from its
    /// context (always so for stored regions, which are emitted without host constants).</summary>
    internal nint NamedTlb { get; init; }
    /// <summary>Cleared when the code it was made from is written (a stale block is never entered again), or when
    /// a larger region from the same entry replaced it.</summary>
    public bool Valid { get; set; } = true;
    /// <summary>The physical page holding the upper half of an instruction that crosses the entry page's end
    /// (<see cref="GuestBlock.NoPage"/> if none): writes to it invalidate this translation too.</summary>
    public ulong SecondPagePa => Region?.SecondPagePa ?? GuestBlock.NoPage;
    /// <summary>The second page's invalidation generation when it was read: installed only if still current.</summary>
    public long SecondPageGeneration => Region?.SecondPageGeneration ?? 0;
    /// <summary>The frames other than the entry's whose bytes it was compiled from (the page an instruction crossing the
    /// entry page's end reaches into, and <see cref="GuestRegion.OtherPages"/>), each with its generation when read: a
    /// store to any of them drops the translation, and it is installed only while each is unchanged.</summary>
    internal List<(ulong Frame, long Generation)> OtherFrames()
    {
        var frames = new List<(ulong, long)>();
        if (SecondPagePa != GuestBlock.NoPage) frames.Add((SecondPagePa, SecondPageGeneration));
        if (Region is { } region)
            foreach (var page in region.OtherPages)
                if (page.Frame != SecondPagePa) frames.Add((page.Frame, page.Generation));
        return frames;
    }

    /// <summary>How many times the region from this entry was read again to take exit targets that turned hot.</summary>
    public int Regrowths { get; set; }
}

/// <summary>
/// A translation's direct-link slots: the compiled successors of its statically known exits, filled by the
/// dispatcher the first time each exit is followed. Only successors in the same physical page are linked,
/// so invalidating a page drops the linking and the linked translations together.
/// </summary>
public sealed class BlockLinks(ulong entryPa, int slots)
{
    public const int MaxSlots = 8;
    /// <summary>The owning translation's entry: an exit that reaches the dispatcher names its region by it.</summary>
    public readonly ulong EntryPa = entryPa;
    public readonly ulong PagePa = entryPa & ~Runtime.Memory.PhysicalMemory.PageOffsetMask;
    public readonly BlockFunction?[] Next = new BlockFunction?[slots];
    /// <summary>Quick tier: entries and loop iterations left before the code asks for promotion (generated code
    /// counts it down; see <see cref="Emit.BlockEmitter"/>'s EmitPromotion).</summary>
    public int Countdown = int.MaxValue;

    public void Set(int slot, BlockFunction target) => Next[slot] = target;

    /// <summary>Empties the slots that lead to <paramref name="target"/> (a translation that was replaced).</summary>
    public void Unlink(BlockFunction target)
    {
        for (int i = 0; i < Next.Length; i++)
            if (Next[i] == target) Next[i] = null;
    }
}
