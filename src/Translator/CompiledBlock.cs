using RvJit.Runtime.Hart;

namespace RvJit.Translator;

/// <summary>
/// Generated code for one guest block: <c>(CpuState* state, JitContext ctx, ulong entryPc) -> exit kind</c>;
/// retired instructions are subtracted from <see cref="JitContext.Remaining"/>.
/// The code is position independent in the guest: pc-relative values come from <c>entryPc</c>, so one
/// translation serves every virtual alias of its physical page.
/// </summary>
public unsafe delegate long BlockFunction(CpuState* state, JitContext ctx, ulong entryPc);

/// <summary>A translation and what the caches need to know about it.</summary>
public sealed class CompiledBlock(ulong entryPa, int guestInstructions, int guestBytes, BlockFunction function, BlockLinks links, int ilBytes)
{
    public BlockLinks Links { get; } = links;
    public ulong EntryPa { get; } = entryPa;
    public int GuestInstructions { get; } = guestInstructions;
    public int GuestBytes { get; } = guestBytes;
    public BlockFunction Function { get; } = function;
    public int IlBytes { get; } = ilBytes;
    /// <summary>Cleared when the code it was made from is written; a stale block is never entered again.</summary>
    public bool Valid { get; set; } = true;
}

/// <summary>
/// A block's direct-link slots: the compiled successors of its statically known exits (taken and
/// fall-through), filled by the dispatcher the first time each exit is followed. Only successors in the same
/// physical page are linked, so invalidating a page drops the linking and the linked blocks together.
/// </summary>
public sealed class BlockLinks(ulong pagePa)
{
    public readonly ulong PagePa = pagePa;
    public BlockFunction? Next0;
    public BlockFunction? Next1;

    public void Set(int slot, BlockFunction target)
    {
        if (slot == 0) Next0 = target; else Next1 = target;
    }
}
