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
public sealed class CompiledBlock(ulong entryPa, ulong[] entries, int guestInstructions, BlockFunction function, BlockLinks links, int ilBytes)
{
    public BlockLinks Links { get; } = links;
    /// <summary>The physical address whose heat made this translation.</summary>
    public ulong EntryPa { get; } = entryPa;
    /// <summary>Physical addresses it can be entered at: the start of each of its blocks (the entry first).</summary>
    public ulong[] Entries { get; } = entries;
    public int GuestInstructions { get; } = guestInstructions;
    /// <summary>Guest basic blocks compiled into this translation (a hot region holds several).</summary>
    public int GuestBlocks => Entries.Length;
    public BlockFunction Function { get; } = function;
    public int IlBytes { get; } = ilBytes;
    /// <summary>Cleared when the code it was made from is written; a stale block is never entered again.</summary>
    public bool Valid { get; set; } = true;
}

/// <summary>
/// A translation's direct-link slots: the compiled successors of its statically known exits, filled by the
/// dispatcher the first time each exit is followed. Only successors in the same physical page are linked,
/// so invalidating a page drops the linking and the linked translations together.
/// </summary>
public sealed class BlockLinks(ulong pagePa, int slots)
{
    public const int MaxSlots = 8;
    public readonly ulong PagePa = pagePa;
    public readonly BlockFunction?[] Next = new BlockFunction?[slots];

    public void Set(int slot, BlockFunction target) => Next[slot] = target;
}
