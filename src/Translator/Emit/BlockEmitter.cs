using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Turns a <see cref="GuestBlock"/> into IL. Guest integer registers the block touches live in IL locals
/// (so RyuJIT can keep them in host registers): those read before written are loaded at entry, those
/// written are stored back at every exit. x0 is the constant 0. FP registers stay in the CpuState.
/// Every exit writes pc, subtracts what it retired from the context's budget and returns its kind. Exits that a fault takes
/// mid-block are emitted out of line after the body, each storing back exactly the registers written
/// before the faulting instruction, so traps are precise.
///
/// This file holds the frame (locals, register access, exits); the instruction families are in the
/// other partial files (EmitAlu, EmitMemory, EmitBranch, EmitFloat, EmitAtomic).
/// </summary>
internal sealed unsafe partial class BlockEmitter
{
    private static readonly int OffsetX = CpuState.OffsetOfX;
    private static readonly int OffsetF = CpuState.OffsetOfF;
    private static readonly int OffsetPc = CpuState.OffsetOfPc;
    private static readonly int OffsetFflags = CpuState.OffsetOfFflags;
    private static readonly int OffsetFrm = CpuState.OffsetOfFrm;

    private static readonly FieldInfo LoadTlbField = typeof(JitContext).GetField(nameof(JitContext.LoadTlb))!;
    private static readonly FieldInfo StoreTlbField = typeof(JitContext).GetField(nameof(JitContext.StoreTlb))!;
    private static readonly FieldInfo RemainingField = typeof(JitContext).GetField(nameof(JitContext.Remaining))!;
    private static readonly FieldInfo LinkFromField = typeof(JitContext).GetField(nameof(JitContext.LinkFrom))!;
    private static readonly FieldInfo LinkSlotField = typeof(JitContext).GetField(nameof(JitContext.LinkSlot))!;
    private static readonly FieldInfo LinkSlotsField = typeof(BlockLinks).GetField(nameof(BlockLinks.Next))!;
    private static readonly MethodInfo FindIndirectHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.FindIndirect))!;
    private static readonly MethodInfo InvokeBlock = typeof(BlockFunction).GetMethod(nameof(BlockFunction.Invoke))!;

    private readonly GuestRegion region;
    private readonly Dictionary<long, Label> blockLabels = new(); // region-relative offset -> block start
    private long blockBase;      // current block's entry, relative to the region's entry
    private readonly ILGenerator il;
    private readonly LocalBuilder?[] x = new LocalBuilder?[32];
    private readonly LocalBuilder loadTlb, storeTlb, va, value, entry, status, rm, next, remaining;
    private int linkSlots;       // direct-link slots used so far
    private readonly List<PendingExit> pendingExits = [];
    private uint dirty;          // integer registers the region writes: stored back at every exit
    private int index;           // instruction being emitted, within its block
    private int offset;          // its byte offset from the region's entry
    private bool fpPrepared;     // FS checked and marked dirty in this block

    /// <summary>An out-of-line exit: where it starts, what it stores back, and what it reports.</summary>
    private sealed record PendingExit(Label Label, uint Dirty, int PcOffset, int Retired, BlockExit Kind, bool Illegal = false, uint Raw = 0);

    private BlockEmitter(GuestRegion region, ILGenerator il)
    {
        this.region = region;
        this.il = il;
        loadTlb = il.DeclareLocal(typeof(nint));
        storeTlb = il.DeclareLocal(typeof(nint));
        va = il.DeclareLocal(typeof(ulong));
        value = il.DeclareLocal(typeof(ulong));
        entry = il.DeclareLocal(typeof(nint));
        status = il.DeclareLocal(typeof(int));
        rm = il.DeclareLocal(typeof(int));
        next = il.DeclareLocal(typeof(BlockFunction));
        remaining = il.DeclareLocal(typeof(long));
    }

    /// <summary>Compiles a region to a delegate (RyuJIT compiles it at its first call). The method's first
    /// parameter is the region's <see cref="BlockLinks"/>, bound into the delegate.</summary>
    public static CompiledBlock Compile(GuestRegion region)
    {
        var method = new DynamicMethod($"rv_{region.EntryPa:x}", typeof(long),
            [typeof(BlockLinks), typeof(CpuState*), typeof(JitContext), typeof(ulong)], typeof(BlockEmitter).Module, skipVisibility: true);
        var il = method.GetILGenerator(256 + 64 * region.InstructionCount);
        var emitter = new BlockEmitter(region, il);
        emitter.EmitBody();
        var links = new BlockLinks(region.EntryPa & ~Runtime.Memory.PhysicalMemory.PageOffsetMask, emitter.linkSlots);
        var fn = (BlockFunction)method.CreateDelegate(typeof(BlockFunction), links);
        return new CompiledBlock(region.EntryPa, region.InstructionCount, region.Order.Count, fn, links, il.ILOffset);
    }

    private void EmitBody()
    {
        // A null state is a warm-up call from the compile thread: return before touching anything.
        Label body = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Brtrue, body);
        il.Emit(OpCodes.Ldc_I8, 0L);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(body);

        EmitPrologue();
        foreach (var block in region.Order)
            blockLabels[(long)(block.EntryPa - region.EntryPa)] = il.DefineLabel();
        foreach (var block in region.Order)
        {
            blockBase = (long)(block.EntryPa - region.EntryPa);
            il.MarkLabel(blockLabels[blockBase]);
            bool ended = false;
            for (index = 0; index < block.Instructions.Count; index++)
            {
                (Instruction ins, int insOffset) = block.Instructions[index];
                offset = (int)(blockBase + insOffset);
                ended = EmitInstruction(in ins);
            }
            if (!ended) EmitEdge((int)(blockBase + block.EndOffset), block.Instructions.Count);
        }
        foreach (var exit in pendingExits) EmitPendingExit(exit);
    }

    /// <summary>
    /// Every integer register the region uses lives in a local, loaded at entry; the ones it writes are
    /// stored back at every exit (values a path did not change are stored unchanged, which is harmless).
    /// </summary>
    private void EmitPrologue()
    {
        uint used = 0;
        bool usesLoad = false, usesStore = false;
        foreach (var block in region.Order)
            foreach (var (ins, _) in block.Instructions)
            {
                RegisterUse use = OperandUse.Of(ins.Op);
                if ((use & RegisterUse.IntRs1) != 0) used |= 1u << ins.Rs1;
                if ((use & RegisterUse.IntRs2) != 0) used |= 1u << ins.Rs2;
                if ((use & RegisterUse.IntRd) != 0) { used |= 1u << ins.Rd; dirty |= 1u << ins.Rd; }
                var operands = InstructionTable.Get(ins.Op).Operands;
                usesLoad |= operands is Operands.Load or Operands.FLoad && ins.Op != Op.Jalr;
                usesStore |= operands is Operands.Store or Operands.FStore;
            }
        dirty &= ~1u;
        for (int r = 1; r < 32; r++)
        {
            if ((used & (1u << r)) == 0) continue;
            x[r] = il.DeclareLocal(typeof(ulong));
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, x[r]!);
        }
        if (usesLoad) { il.Emit(OpCodes.Ldarg_2); il.Emit(OpCodes.Ldfld, LoadTlbField); il.Emit(OpCodes.Stloc, loadTlb); }
        if (usesStore) { il.Emit(OpCodes.Ldarg_2); il.Emit(OpCodes.Ldfld, StoreTlbField); il.Emit(OpCodes.Stloc, storeTlb); }
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, RemainingField);
        il.Emit(OpCodes.Stloc, remaining);
    }

    /// <summary>
    /// Control passes to region offset <paramref name="target"/> after the current block retired
    /// <paramref name="retired"/> instructions: a branch inside the method when the target is one of the
    /// region's blocks (backward edges leave when the budget is spent, so interrupts and time slices still
    /// come), an exit otherwise.
    /// </summary>
    private void EmitEdge(int target, int retired)
    {
        if (!blockLabels.TryGetValue(target, out Label label))
        {
            EmitExit(BlockExit.Continue, target, retired);
            return;
        }
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Ldc_I8, (long)retired);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, remaining);
        if (target <= blockBase)
        {
            Label spent = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, remaining);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Ble, spent);
            il.Emit(OpCodes.Br, label);
            il.MarkLabel(spent);
            EmitExit(BlockExit.Continue, target, 0);
            return;
        }
        il.Emit(OpCodes.Br, label);
    }

    // ---- Register access ----

    private void EmitStateAddress(int fieldOffset)
    {
        il.Emit(OpCodes.Ldarg_1);
        if (fieldOffset != 0)
        {
            il.Emit(OpCodes.Ldc_I4, fieldOffset);
            il.Emit(OpCodes.Add);
        }
    }

    /// <summary>Pushes integer register r (x0 is 0).</summary>
    private void LoadX(int r)
    {
        if (r == 0) il.Emit(OpCodes.Ldc_I8, 0L);
        else il.Emit(OpCodes.Ldloc, x[r]!);
    }

    /// <summary>Pops the stack top into integer register r (a write to x0 is dropped).</summary>
    private void StoreX(int r)
    {
        if (r == 0) { il.Emit(OpCodes.Pop); return; }
        il.Emit(OpCodes.Stloc, x[r]!);
        dirty |= 1u << r;
    }

    private void LoadF(int r)
    {
        EmitStateAddress(OffsetF + 8 * r);
        il.Emit(OpCodes.Ldind_I8);
    }

    /// <summary>Pushes the address of f register r; the caller pushes the value and emits <see cref="StoreFAt"/>.</summary>
    private void FAddress(int r) => EmitStateAddress(OffsetF + 8 * r);
    private void StoreFAt() => il.Emit(OpCodes.Stind_I8);

    private void FflagsAddress() => EmitStateAddress(OffsetFflags);

    private void PushPc(int pcOffset)
    {
        il.Emit(OpCodes.Ldarg_3);
        if (pcOffset != 0)
        {
            il.Emit(OpCodes.Ldc_I8, (long)pcOffset);
            il.Emit(OpCodes.Add);
        }
    }

    // ---- Exits ----

    private void EmitWriteBack(uint mask)
    {
        for (int r = 1; r < 32; r++)
        {
            if ((mask & (1u << r)) == 0) continue;
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldloc, x[r]!);
            il.Emit(OpCodes.Stind_I8);
        }
    }

    /// <summary>
    /// Ends the block here with pc = entry + offset. A normal exit to a target in the same physical page
    /// tail-calls the successor through a link slot when it is compiled and budget remains; otherwise it
    /// returns to the dispatcher, which fills the slot (the target is known statically, and a page's blocks
    /// are invalidated together, so an intra-page link can never lead to stale code).
    /// </summary>
    private void EmitExit(BlockExit kind, int pcOffset, int retired)
    {
        EmitWriteBack(dirty);
        EmitRetire(retired);
        int pageOffset = (int)(region.EntryPa & Runtime.Memory.PhysicalMemory.PageOffsetMask) + pcOffset;
        bool linkable = kind == BlockExit.Continue && pageOffset >= 0 && pageOffset < (int)Runtime.Memory.PhysicalMemory.PageSize && linkSlots < BlockLinks.MaxSlots;
        if (linkable)
        {
            int slot = linkSlots++;
            Label unlinked = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, LinkSlotsField);
            il.Emit(OpCodes.Ldc_I4, slot);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Stloc, next);
            il.Emit(OpCodes.Ldloc, next);
            il.Emit(OpCodes.Brfalse, unlinked);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldfld, RemainingField);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Ble, unlinked);
            il.Emit(OpCodes.Ldloc, next);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            PushPc(pcOffset);
            il.Emit(OpCodes.Tailcall);
            il.Emit(OpCodes.Callvirt, InvokeBlock);
            il.Emit(OpCodes.Ret);
            il.MarkLabel(unlinked);
            // Tell the dispatcher which slot to fill once it has found the successor.
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Stfld, LinkFromField);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, slot);
            il.Emit(OpCodes.Stfld, LinkSlotField);
        }
        EmitStateAddress(OffsetPc);
        PushPc(pcOffset);
        il.Emit(OpCodes.Stind_I8);
        EmitReturn(kind);
    }

    /// <summary>Ends the block with pc taken from <see cref="value"/> (computed jump targets): continues in the
    /// target's compiled block when the jump cache knows it, otherwise returns to the dispatcher.</summary>
    private void EmitExitToValue(int retired)
    {
        EmitWriteBack(dirty);
        EmitRetire(retired);
        Label unlinked = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, RemainingField);
        il.Emit(OpCodes.Ldc_I8, 0L);
        il.Emit(OpCodes.Ble, unlinked);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Call, FindIndirectHelper);
        il.Emit(OpCodes.Stloc, next);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Brfalse, unlinked);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Tailcall);
        il.Emit(OpCodes.Callvirt, InvokeBlock);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(unlinked);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Stfld, LinkFromField);
        EmitStateAddress(OffsetPc);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Stind_I8);
        EmitReturn(BlockExit.Continue);
    }

    /// <summary>ctx.Remaining = remaining - retired: what is left of the budget the dispatcher gave this run.</summary>
    private void EmitRetire(int retired)
    {
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, remaining);
        if (retired != 0)
        {
            il.Emit(OpCodes.Ldc_I8, (long)retired);
            il.Emit(OpCodes.Sub);
        }
        il.Emit(OpCodes.Stfld, RemainingField);
    }

    private void EmitReturn(BlockExit kind)
    {
        il.Emit(OpCodes.Ldc_I8, (long)kind);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>A label that leaves the block with a trap at the current instruction (the trap is already in the context).</summary>
    private Label TrapExit()
    {
        var exit = new PendingExit(il.DefineLabel(), dirty, offset, index, BlockExit.Trap);
        pendingExits.Add(exit);
        return exit.Label;
    }

    /// <summary>A label that raises illegal-instruction for the current instruction.</summary>
    private Label IllegalExit(uint raw)
    {
        var exit = new PendingExit(il.DefineLabel(), dirty, offset, index, BlockExit.Trap, Illegal: true, Raw: raw);
        pendingExits.Add(exit);
        return exit.Label;
    }

    /// <summary>A label that leaves after the current instruction because it changed cached code. Call after the
    /// instruction's register writes are done.</summary>
    private Label CodeChangedExit(int nextOffset)
    {
        var exit = new PendingExit(il.DefineLabel(), dirty, nextOffset, index + 1, BlockExit.CodeChanged);
        pendingExits.Add(exit);
        return exit.Label;
    }

    private void EmitPendingExit(PendingExit exit)
    {
        il.MarkLabel(exit.Label);
        if (exit.Illegal)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, unchecked((int)exit.Raw));
            il.Emit(OpCodes.Call, typeof(JitHelpers).GetMethod(nameof(JitHelpers.SetIllegal))!);
        }
        EmitWriteBack(exit.Dirty);
        EmitRetire(exit.Retired);
        EmitStateAddress(OffsetPc);
        PushPc(exit.PcOffset);
        il.Emit(OpCodes.Stind_I8);
        EmitReturn(exit.Kind);
    }

    /// <summary>Emits one instruction; true when it ended the block (branches and jumps).</summary>
    private bool EmitInstruction(in Instruction ins)
    {
        var def = InstructionTable.Get(ins.Op);
        switch (def.Extension)
        {
            case Extension.F or Extension.D:
                EmitFloat(in ins);
                return false;
            case Extension.A:
                EmitAtomic(in ins);
                return false;
        }
        if (def.Operands is Operands.Branch or Operands.Jump || ins.Op == Op.Jalr)
        {
            EmitBranch(in ins);
            return true;
        }
        if (def.Operands is Operands.Load) { EmitLoad(in ins); return false; }
        if (def.Operands is Operands.Store) { EmitStore(in ins); return false; }
        if (ins.Op == Op.Fence) return false;
        EmitAlu(in ins);
        return false;
    }
}
