using RvJit.Runtime.Hart;

namespace RvJit.Translator;

/// <summary>
/// Generated code for one guest block: <c>(CpuState* state, JitContext ctx, ulong entryPc) -> (retired &lt;&lt; 8) | exit</c>.
/// The code is position independent in the guest: pc-relative values come from <c>entryPc</c>, so one
/// translation serves every virtual alias of its physical page.
/// </summary>
public unsafe delegate long BlockFunction(CpuState* state, JitContext ctx, ulong entryPc);

/// <summary>A translation and what the caches need to know about it.</summary>
public sealed class CompiledBlock(ulong entryPa, int guestInstructions, int guestBytes, BlockFunction function, int ilBytes)
{
    public ulong EntryPa { get; } = entryPa;
    public int GuestInstructions { get; } = guestInstructions;
    public int GuestBytes { get; } = guestBytes;
    public BlockFunction Function { get; } = function;
    public int IlBytes { get; } = ilBytes;
    /// <summary>Cleared when the code it was made from is written; a stale block is never entered again.</summary>
    public bool Valid { get; set; } = true;
}
