using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Turns a <see cref="GuestRegion"/> into IL. Guest integer registers the region touches live in IL locals
/// (so RyuJIT can keep them in host registers), loaded at entry; x0 is the constant 0. FP registers stay in
/// the CpuState. The method can be entered at any of its blocks (the entry pc picks the block), so one
/// translation serves every hot entry of the region.
///
/// Every exit sets three locals (next pc, exit kind, link slot), takes what the block retired off the
/// budget and branches to the one shared epilogue, which stores the written registers back, then returns,
/// or tail-calls a linked successor. Registers hold, at every instruction, exactly their values before it
/// (a register not yet written still holds what was loaded), so the same write-back makes a fault mid-block
/// precise. One epilogue keeps the IL small, and IL size is what RyuJIT's compile time grows with.
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

    private static readonly FieldInfo TlbField = typeof(JitContext).GetField(nameof(JitContext.Tlb))!;
    private static readonly FieldInfo RemainingField = typeof(JitContext).GetField(nameof(JitContext.Remaining))!;
    private static readonly FieldInfo LinkExitField = typeof(JitContext).GetField(nameof(JitContext.LinkExit))!;
    private static readonly FieldInfo LinkSlotsField = typeof(BlockLinks).GetField(nameof(BlockLinks.Next))!;
    private static readonly FieldInfo LinksEntryPaField = typeof(BlockLinks).GetField(nameof(BlockLinks.EntryPa))!;
    private static readonly FieldInfo JumpSlotsField = typeof(JitContext).GetField(nameof(JitContext.JumpSlots), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo JumpTargetsField = typeof(JitContext).GetField(nameof(JitContext.JumpTargets), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo CountdownField = typeof(BlockLinks).GetField(nameof(BlockLinks.Countdown))!;
    private static readonly FieldInfo PromotingEntryField = typeof(JitContext).GetField(nameof(JitContext.PromotingEntry))!;
    private static readonly FieldInfo RamHostMinusBaseField = typeof(JitContext).GetField(nameof(JitContext.RamHostMinusBase))!;
    private static readonly MethodInfo InvokeBlock = typeof(BlockFunction).GetMethod(nameof(BlockFunction.Invoke))!;

    private readonly GuestRegion region;
    /// <summary>Count entries and loop iterations toward promotion (<see cref="EmitEntryCount"/>): the quick tier's
    /// regions and the quick shape's in a persisted assembly.</summary>
    private bool counts;
    /// <summary>IL shaped for RyuJIT's minopts compile (the quick tier): TLB probes are calls and exits share one
    /// unpacking path (<see cref="EmitPackedExit"/>). Minopts' time grows with the IL's statements and blocks, and
    /// keeps nothing in registers across statements, so the inlined forms save it little at run time.</summary>
    private bool compact;
    private RegionMethod? method;       // where the IL goes (null: a persisted assembly's method)
    private LocalBuilder? exitPacked;   // compact exits: what EmitPackedExit stored, unpacked once before the epilogue
    private Label unpackExit;
    private readonly Dictionary<long, Label> blockLabels = new(); // region-relative offset -> block start
    private long blockBase;      // current block's entry, relative to the region's entry
    private readonly ILGenerator il;
    private readonly LocalBuilder?[] x = new LocalBuilder?[32];
    private readonly nint lowTlb;   // the TLB base as a constant, or 0: the tlb local holds it
    private readonly LocalBuilder tlb, va, value, entry, status, rm, next, remaining;
    private readonly LocalBuilder pageVa;     // virtual address of the region's page (pc = pageVa + page offset)
    private readonly LocalBuilder exitPc, exitKind, exitSlot; // the epilogue's inputs
    private readonly Label epilogue;
    private readonly Label regionDispatch;          // enters the block at page offset dispatchOffset
    private readonly LocalBuilder dispatchOffset;
    private RegionEntries? shape; // the optimised tier's entries and loops (null: every block is an entry)
    private int linkSlots;       // direct-link slots used so far
    private readonly List<PendingExit> pendingExits = new(16);
    private uint dirty;          // integer registers the region writes: stored back at every exit
    private readonly int entryPageOffset; // the region's entry, as an offset in its page
    private long blockPageDelta;          // the current block's virtual page less the entry's (GuestBlock.PageDelta)
    private int index;           // instruction being emitted, within its block
    private BlockIdioms idioms = BlockIdioms.None; // the current block's rotates, redundant sign extensions, probe groups
    private readonly Dictionary<BlockIdioms.Rotate, LocalBuilder> rotateSources = new();
    private readonly Dictionary<BlockIdioms.ProbeGroup, LocalBuilder> probeAddends = new();
    private readonly List<Action> outOfLine = new(16);   // cold paths emitted after all blocks (accesses that probe alone)
    private int offset;          // its byte offset from the region's entry
    private bool fpPrepared;     // FS checked and marked dirty in this block

    /// <summary>Link slot values that are not slots: a plain return to the dispatcher, or an indirect jump.</summary>
    private const int NoLink = -1, IndirectLink = -2;

    /// <summary>An out-of-line exit (a fault or a code change mid-block): where it starts and what it reports.</summary>
    private sealed record PendingExit(Label Label, int PcOffset, int Retired, BlockExit Kind, bool Illegal = false, uint Raw = 0)
    {
        /// <summary>The self-loop it leaves (<see cref="loops"/>; -1: none), whose copies go back first.</summary>
        public int Loop { get; init; } = -1;
    }

    private BlockEmitter(GuestRegion region, ILGenerator il, nint lowTlb)
    {
        this.region = region;
        this.il = il;
        this.lowTlb = lowTlb;
        tlb = il.DeclareLocal(typeof(nint));
        va = il.DeclareLocal(typeof(ulong));
        value = il.DeclareLocal(typeof(ulong));
        entry = il.DeclareLocal(typeof(nint));
        status = il.DeclareLocal(typeof(int));
        rm = il.DeclareLocal(typeof(int));
        next = il.DeclareLocal(typeof(BlockFunction));
        remaining = il.DeclareLocal(typeof(long));
        pageVa = il.DeclareLocal(typeof(ulong));
        exitPc = il.DeclareLocal(typeof(ulong));
        exitKind = il.DeclareLocal(typeof(long));
        exitSlot = il.DeclareLocal(typeof(int));
        epilogue = il.DefineLabel();
        regionDispatch = il.DefineLabel();
        dispatchOffset = il.DeclareLocal(typeof(int));
        entryPageOffset = (int)(region.EntryPa & Runtime.Memory.PhysicalMemory.PageOffsetMask);
    }

    /// <summary>Compiles a region to a delegate (RyuJIT compiles it at its first call). The method's first
    /// parameter is the region's <see cref="BlockLinks"/>, bound into the delegate.</summary>
    /// <param name="region">The blocks.</param>
    /// <param name="lowTlb">The hart's TLB base when it lies in the host's low 2 GiB (0 otherwise): probes then
    /// name it as a constant (an x86 displacement) and no host register holds it.</param>
    /// <param name="tier">How RyuJIT compiles it (<see cref="RegionMethod"/>).</param>
    /// <param name="promoteAfter">Quick tier: entries plus loop iterations after which the code leaves with
    /// <see cref="BlockExit.Promote"/> (once) to ask for the optimised region.</param>
    /// <param name="quick">Where quick-tier methods go (the engine's; null: a new one).</param>
    public static CompiledBlock Compile(GuestRegion region, nint lowTlb = 0, CodeTier tier = CodeTier.Optimised, int promoteAfter = int.MaxValue,
        QuickAssemblies? quick = null)
    {
        var method = RegionMethod.Create(tier, quick ?? new QuickAssemblies(), region.Label ?? $"rv_{region.EntryPa:x}", 256 + 48 * region.InstructionCount);
        var il = method.IL;
        var emitter = new BlockEmitter(region, il, lowTlb)
            { counts = tier == CodeTier.Quick, compact = tier == CodeTier.Quick, method = method, shape = tier == CodeTier.Quick ? null : RegionEntries.Of(region) };
        emitter.EmitBody();
        var links = new BlockLinks(region.EntryPa, emitter.linkSlots) { Countdown = promoteAfter };
        var fn = method.Bind(links);
        var starts = new ulong[region.Order.Count];
        int entryCount = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            starts[i] = region.Order[i].EntryPa;
            if (emitter.IsEntry(i)) entryCount++;
        }
        var entries = new ulong[entryCount];
        for (int i = 0, e = 0; i < starts.Length; i++)
            if (emitter.IsEntry(i)) entries[e++] = starts[i];
        return new CompiledBlock(region.EntryPa, entries, region.InstructionCount, fn, links, il.ILOffset, starts)
            { Tier = tier, Source = tier == CodeTier.Quick ? region : null, Region = region, NamedTlb = lowTlb };
    }

    /// <summary>Emits the region into <paramref name="il"/> (a method of a persisted assembly, see
    /// <see cref="Persist.BundleAssembly"/>): with no host constants (the TLB's base is read from the context, as
    /// when it does not lie in low memory), so the code is right in any later run. It counts toward promotion as
    /// quick-tier code does: precompiled code runs a hot loop slower than RyuJIT's optimised dynamic method
    /// (SQLite speedtest1 --size 20: 27% more CPU with every region loaded precompiled), so a region that stays
    /// hot is compiled optimised in the background. Returns its link slots.</summary>
    public static int EmitPortable(GuestRegion region, ILGenerator il) => EmitPortable(region, il, optimised: false, out _);

    /// <summary><see cref="EmitPortable(GuestRegion, ILGenerator)"/>, or with <paramref name="optimised"/> a region the run
    /// that saved it had promoted: emitted as the optimised tier is (its <see cref="RegionEntries"/>, registers at home
    /// only in its loops, no promotion count), so a later run starts with that code instead of the quick shape, where
    /// every block is an entry (no loop is natural to RyuJIT) and every register is loaded and stored at each entry and
    /// exit, and does not compile the region again unless it proves very hot (<see cref="JitEngine.DefaultRecompileLoadedInstructions"/>;
    /// it does not count: a counter in its loops cost crossgen2's code registers, and its frame half again as many stack
    /// accesses). <paramref name="entryMask"/>: bit i set when block i (in
    /// <see cref="GuestRegion.Order"/>) is an entry (every block for the quick shape).</summary>
    public static int EmitPortable(GuestRegion region, ILGenerator il, bool optimised, out uint entryMask)
    {
        var emitter = new BlockEmitter(region, il, lowTlb: 0)
            { counts = !optimised, shape = optimised ? RegionEntries.Of(region) : null };
        emitter.EmitBody();
        entryMask = 0;
        for (int i = 0; i < region.Order.Count; i++)
            if (emitter.IsEntry(i)) entryMask |= 1u << i;
        return emitter.linkSlots;
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
        if (counts) EmitEntryCount();

        EmitPrologue();
        BeginRegionFpGates();
        PlanCarries();
        foreach (var block in region.Order)
            blockLabels[block.RegionOffset] = il.DefineLabel();
        EmitEntrySelect();
        // One index for every per-block table (it advanced only with availableIn once, so with no on-demand register every
        // block read block 0's OnCycle: probe runs in self-loops, whose heads took the load memo's path and left the
        // members' entry offsets unset, and the members stored through entry 0's addend).
        for (int blockIndex = 0; blockIndex < region.Order.Count; blockIndex++)
        {
            var block = region.Order[blockIndex];
            blockBase = block.RegionOffset;
            blockPageDelta = block.PageDelta;
            blockOnCycle = shape is null || shape.OnCycle[blockIndex];
            il.MarkLabel(blockLabels[blockBase]);
            available = availableIn is null ? 0 : availableIn[blockIndex];
            carried = carriedInto.TryGetValue(blockBase, out var carry) ? carry.Count : 0;
            bool ended = false;
            idioms = BlockIdioms.Scan(block.Instructions.ConvertAll(i => i.Ins));
            rotateSources.Clear();
            probeAddends.Clear();
            innerLoop = shape is not null && shape.InOuterLoop[blockIndex];
            if (IsSelfLoop(block)) BeginLoop(block);
            PlanProbeRuns(block);
            for (index = 0; index < block.Instructions.Count; index++)
            {
                (Instruction ins, int insOffset) = block.Instructions[index];
                offset = (int)(blockBase + insOffset);
                LoadOperands(in ins);
                if (index == block.Instructions.Count - 1 && block.SecondPagePa != GuestBlock.NoPage)
                    EmitSecondPageCheck(block.SecondPagePa);
                CaptureRotateSources();
                if (onDemand != 0) PlanWriteThrough(block, index);
                ended = EmitInstruction(in ins);
                writeThroughSkipped = 0;
                NoteWritten(in ins);
            }
            if (!ended) EmitEdge((int)(blockBase + block.EndOffset), carried + block.Instructions.Count);
            EndLoop();
        }
        available = 0; // out-of-line code is entered from several places: it reloads what it reads
        foreach (var emit in outOfLine) emit();
        foreach (var exit in pendingExits) EmitPendingExit(exit);
        if (loops.Count > 0) EmitLoopColdExits();
        EmitEpilogue();
    }

    /// <summary>
    /// Enters the block the entry pc names (its offset in the page picks it). The same dispatch serves indirect
    /// jumps whose target is one of the region's blocks (a switch's jump table, a return to a call site in the
    /// region): they stay in the method, registers in locals, instead of leaving through the jump cache.
    /// </summary>
    private void EmitEntrySelect()
    {
        il.Emit(OpCodes.Ldarg_3);
        StoreDispatchOffset();
        il.MarkLabel(regionDispatch);
        // Plain loops, not LINQ: its sorted iterators were a tenth of the quick tier's IL emission.
        var targets = new List<(int PageOffset, Label Label)>(region.Order.Count);
        for (int i = 0; i < region.Order.Count; i++)
        {
            if (!IsEntry(i)) continue;
            long relative = region.Order[i].RegionOffset;
            targets.Add((entryPageOffset + (int)relative, blockLabels[relative]));
        }
        targets.Sort((a, b) => a.PageOffset.CompareTo(b.PageOffset));
        Label noMatch = il.DefineLabel();
        EmitDispatchSearch(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(targets), noMatch);
        // Not a block of this region (only an indirect jump gets here): continue through the jump cache.
        il.MarkLabel(noMatch);
        il.Emit(OpCodes.Ldloc, pageVa);
        il.Emit(OpCodes.Ldloc, dispatchOffset);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        EmitIndirectExit();
    }

    /// <summary>Whether the entry select dispatches to the region's block <paramref name="i"/> (in <see cref="GuestRegion.Order"/>):
    /// every block in the quick tier (minopts allocates no register across blocks, so loops gain nothing there), the
    /// <see cref="RegionEntries"/> in the optimised one.</summary>
    /// A block of another page never is: the select dispatches by the offset in the entry's page, and the region is
    /// entered only through its entry page's translation.
    private bool IsEntry(int i) => region.Order[i].PageDelta == 0 && (shape is null || shape.Entry[i]);

    /// <summary>Pops a pc and keeps its page offset in <see cref="dispatchOffset"/>.</summary>
    private void StoreDispatchOffset()
    {
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, (int)Runtime.Memory.PhysicalMemory.PageOffsetMask);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Stloc, dispatchOffset);
    }

    /// <summary>Binary search of <see cref="dispatchOffset"/> among the blocks' page offsets (sorted).</summary>
    private void EmitDispatchSearch(ReadOnlySpan<(int PageOffset, Label Label)> targets, Label noMatch)
    {
        if (targets.Length <= 3)
        {
            foreach (var (pageOffset, label) in targets)
            {
                il.Emit(OpCodes.Ldloc, dispatchOffset);
                il.Emit(OpCodes.Ldc_I4, pageOffset);
                il.Emit(OpCodes.Beq, label);
            }
            il.Emit(OpCodes.Br, noMatch);
            return;
        }
        int mid = targets.Length / 2;
        Label upper = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, dispatchOffset);
        il.Emit(OpCodes.Ldc_I4, targets[mid].PageOffset);
        il.Emit(OpCodes.Bge, upper);
        EmitDispatchSearch(targets[..mid], noMatch);
        il.MarkLabel(upper);
        EmitDispatchSearch(targets[mid..], noMatch);
    }

    /// <summary>
    /// Every integer register the region uses lives in a local, loaded at entry; the ones it writes are
    /// stored back at every exit (values a path did not change are stored unchanged, which is harmless).
    /// </summary>
    private void EmitPrologue()
    {
        uint used = 0;
        bool usesMemory = false;
        foreach (var block in region.Order)
            foreach (var (ins, _) in block.Instructions)
            {
                RegisterUse use = OperandUse.Of(ins.Op);
                if ((use & RegisterUse.IntRs1) != 0) used |= 1u << ins.Rs1;
                if ((use & RegisterUse.IntRs2) != 0) used |= 1u << ins.Rs2;
                if ((use & RegisterUse.IntRd) != 0) { used |= 1u << ins.Rd; dirty |= 1u << ins.Rd; }
                var operands = InstructionTable.Get(ins.Op).Operands;
                usesMemory |= operands is Operands.Load or Operands.FLoad or Operands.Store or Operands.FStore && ins.Op != Op.Jalr;
            }
        usesMemory |= region.SecondPagePa != GuestBlock.NoPage || region.OtherPages.Count > 0; // their checks probe the fetch view
        dirty &= ~1u;
        if (shape is not null) PlanHomes(used);
        for (int r = 1; r < 32; r++)
        {
            if ((used & (1u << r)) == 0) continue;
            x[r] = il.DeclareLocal(typeof(ulong));
            registersSnapshot = null;
            if ((onDemand & (1u << r)) != 0) continue;
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, x[r]!);
        }
        if (usesMemory && lowTlb == 0) { il.Emit(OpCodes.Ldarg_2); EmitMember(OpCodes.Ldfld, TlbField); il.Emit(OpCodes.Stloc, tlb); }
        il.Emit(OpCodes.Ldarg_2);
        EmitMember(OpCodes.Ldfld, RemainingField);
        il.Emit(OpCodes.Ldc_I8, 1L); // the local holds the budget less one (BranchIfBudgetSpent)
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, remaining);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Ldc_I8, ~(long)Runtime.Memory.PhysicalMemory.PageOffsetMask);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Stloc, pageVa);
        if (!compact)
        {
            il.Emit(OpCodes.Ldc_I8, (long)BlockExit.Continue); // what the epilogue returns unless a cold exit says otherwise
            il.Emit(OpCodes.Stloc, exitKind);
        }
    }

    /// <summary>
    /// Control passes to region offset <paramref name="target"/> after the current block retired
    /// <paramref name="retired"/> instructions: a branch inside the method when the target is one of the
    /// region's blocks (backward edges leave when the budget is spent, so interrupts and time slices still
    /// come), an exit otherwise.
    /// </summary>
    private void EmitEdge(int target, int retired)
    {
        if (EmitLoopEdge(target, retired)) return;
        if (!blockLabels.TryGetValue(target, out Label label))
        {
            EmitExit(BlockExit.Continue, target, retired);
            return;
        }
        if (OtherPageOf(target) is { } page)
        {
            // Into a block of another page: only while the fetch view maps that virtual page to the frame its code came from.
            Label pass = il.DefineLabel(), fail = il.DefineLabel();
            EmitPageCheck(page.Delta, page.Frame, fail);
            il.Emit(OpCodes.Br, pass);
            il.MarkLabel(fail);
            EmitExit(BlockExit.Continue, target, retired);
            il.MarkLabel(pass);
        }
        if (target > blockBase && CarriesInto(target)) { il.Emit(OpCodes.Br, label); return; } // the target retires it
        EmitRetire(retired);
        if (target <= blockBase)
        {
            Label spent = il.DefineLabel();
            BranchIfBudgetSpent(spent);
            if (counts) BranchIfPromoting(PromoteExit(target));
            il.Emit(OpCodes.Br, label);
            il.MarkLabel(spent);
            EmitExit(BlockExit.Continue, target, 0);
            return;
        }
        il.Emit(OpCodes.Br, label);
    }

    /// <summary>The region's other page that an edge from the current block to region offset <paramref name="target"/>
    /// enters, or null when the target lies in the current block's page or the entry's (entered through it: its mapping
    /// was current when the region was entered, and nothing in a region changes the fetch view).</summary>
    private GuestRegion.OtherPage? OtherPageOf(int target)
    {
        long delta = (entryPageOffset + (long)target) >> Runtime.Memory.PhysicalMemory.PageShift;
        if (delta == 0 || delta == blockPageDelta) return null;
        foreach (var page in region.OtherPages)
            if (page.Delta == delta) return page;
        throw new InvalidOperationException($"translator: region rv_{region.EntryPa:x} has a block at +{target:x} in a page it does not list");
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
        if (r == 0) { il.Emit(OpCodes.Ldc_I8, 0L); return; }
        if ((inState & (1u << r)) != 0)
        {
            EmitStateAddress(OffsetX + 8 * r); // a loop invariant (EmitLoopCopies)
            il.Emit(OpCodes.Ldind_I8);
            return;
        }
        if ((onDemand & ~available & (1u << r)) != 0) ReloadX(r);
        il.Emit(OpCodes.Ldloc, x[r]!);
    }

    /// <summary>Pushes x[r] + imm (an address or a jump target).</summary>
    private void LoadXPlus(int r, long imm)
    {
        LoadX(r);
        if (imm == 0) return;
        Imm(imm);
        il.Emit(OpCodes.Add);
    }

    /// <summary>Pops the stack top into integer register r (a write to x0 is dropped).</summary>
    private void StoreX(int r)
    {
        if (r == 0) { il.Emit(OpCodes.Pop); return; }
        il.Emit(OpCodes.Stloc, x[r]!);
        dirty |= 1u << r;
        if ((onDemand & ~writeThroughSkipped & (1u << r)) != 0) WriteThrough(r);
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

    /// <summary>Pushes the virtual pc of region offset <paramref name="pcOffset"/> (may lie outside the page).</summary>
    private void PushPc(int pcOffset)
    {
        il.Emit(OpCodes.Ldloc, pageVa);
        long pageOffset = entryPageOffset + (long)pcOffset;
        if (pageOffset != 0)
        {
            il.Emit(OpCodes.Ldc_I8, pageOffset);
            il.Emit(OpCodes.Add);
        }
    }

    // ---- Exits ----

    /// <summary>Takes <paramref name="retired"/> instructions off the budget local.</summary>
    private void EmitRetire(int retired)
    {
        if (retired == 0) return;
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Ldc_I8, (long)retired);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, remaining);
    }

    /// <summary>
    /// Ends the block here with pc = entry + offset. A normal exit to a target in the same physical page goes
    /// through a link slot: the epilogue tail-calls the successor when it is compiled and budget remains,
    /// otherwise returns to the dispatcher, which fills the slot (the target is known statically, and a page's
    /// translations are invalidated together, so an intra-page link can never lead to stale code).
    /// </summary>
    private void EmitExit(BlockExit kind, int pcOffset, int retired)
    {
        if (compact) { EmitPackedExit(kind, pcOffset, retired); return; }
        EmitRetire(retired);
        PushPc(pcOffset);
        il.Emit(OpCodes.Stloc, exitPc);
        int pageOffset = entryPageOffset + pcOffset;
        bool linkable = kind == BlockExit.Continue && pageOffset >= 0 && pageOffset < (int)Runtime.Memory.PhysicalMemory.PageSize && linkSlots < BlockLinks.MaxSlots;
        if (linkable)
        {
            il.Emit(OpCodes.Ldc_I4, linkSlots++);
            il.Emit(OpCodes.Stloc, exitSlot);
        }
        else if (kind == BlockExit.Continue)
        {
            // Another page (or no slot left): the jump cache, which forgets a pc whenever translation or code
            // changes, finds the target's block, as for an indirect jump.
            il.Emit(OpCodes.Ldc_I4, IndirectLink);
            il.Emit(OpCodes.Stloc, exitSlot);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, (long)kind);
            il.Emit(OpCodes.Stloc, exitKind);
            il.Emit(OpCodes.Ldc_I4, NoLink);
            il.Emit(OpCodes.Stloc, exitSlot);
        }
        il.Emit(OpCodes.Br, epilogue);
    }

    /// <summary>
    /// <see cref="EmitExit"/> in the quick tier: one constant (the pc's page offset, the link slot, the kind and the
    /// instructions retired) stored and a branch to the region's one unpacking path, instead of four statements an
    /// exit. Regions have an exit every few guest instructions (each branch's two edges, each access's miss).
    /// </summary>
    private void EmitPackedExit(BlockExit kind, int pcOffset, int retired)
    {
        int pageOffset = entryPageOffset + pcOffset;
        bool linkable = kind == BlockExit.Continue && pageOffset >= 0 && pageOffset < (int)Runtime.Memory.PhysicalMemory.PageSize && linkSlots < BlockLinks.MaxSlots;
        int slot = linkable ? linkSlots++ : kind == BlockExit.Continue ? IndirectLink : NoLink;
        ExitPacked();
        long packed = (uint)pageOffset | (long)(slot + 2) << 32 | (long)kind << 40 | (long)retired << 48;
        il.Emit(OpCodes.Ldc_I8, packed);
        il.Emit(OpCodes.Stloc, exitPacked!);
        il.Emit(OpCodes.Br, unpackExit);
    }

    private LocalBuilder ExitPacked()
    {
        if (exitPacked is null)
        {
            exitPacked = il.DeclareLocal(typeof(long));
            unpackExit = il.DefineLabel();
        }
        return exitPacked;
    }

    /// <summary>The packed static exits' common path, before the epilogue: their pcs are page offsets from pageVa.</summary>
    private void EmitUnpackExit()
    {
        if (unpackLoaded != default)
        {
            il.Emit(OpCodes.Br, unpackExit);
            il.MarkLabel(unpackLoaded);
            il.Emit(OpCodes.Ldarg_2);
            EmitMember(OpCodes.Ldfld, LoadedField);
            il.Emit(OpCodes.Stloc, exitPacked!);
        }
        il.MarkLabel(unpackExit);
        il.Emit(OpCodes.Ldloc, pageVa);
        il.Emit(OpCodes.Stloc, exitPc);
    }

    /// <summary>A packed exit through the jump cache: exitPc is the target itself (offset 0, nothing more retired).</summary>
    private const long PackedIndirect = (long)(IndirectLink + 2) << 32;

    /// <summary>Ends the block with pc taken from <see cref="value"/> (computed jump targets). A target among the
    /// region's blocks (same page) is entered directly while budget remains; otherwise the epilogue continues in
    /// the target's compiled block when the jump cache knows it, or returns to the dispatcher.</summary>
    private void EmitExitToValue(int retired, bool returning = false)
    {
        EmitRetire(retired);
        Label leave = il.DefineLabel();
        if (returning) EmitReturnPoints(leave);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Ldloc, pageVa);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldc_I8, (long)Runtime.Memory.PhysicalMemory.PageSize);
        il.Emit(OpCodes.Bge_Un, leave);
        BranchIfBudgetSpent(leave);
        il.Emit(OpCodes.Ldloc, value);
        StoreDispatchOffset();
        il.Emit(OpCodes.Br, regionDispatch);
        il.MarkLabel(leave);
        il.Emit(OpCodes.Ldloc, value);
        EmitIndirectExit();
    }

    /// <summary>
    /// A return inside a region that calls its own blocks compares its target with those calls' return points first
    /// (<see cref="RegionEntries.ReturnPoints"/>, mostly one) and goes on there, rather than through the page check and the
    /// entry select's binary search: a recursive function's return (queens' solve: in its listing about 20 host
    /// instructions and 2 taken branches to reach the return point through the select, 6 and one now; queens' CPU 0.965,
    /// published builds, farm-bench, 7 pairs).
    /// </summary>
    private void EmitReturnPoints(Label leave)
    {
        if (shape is null || shape.ReturnPoints == 0) return;
        for (uint points = shape.ReturnPoints; points != 0; points &= points - 1)
        {
            var block = region.Order[System.Numerics.BitOperations.TrailingZeroCount(points)];
            Label other = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, value);
            PushPc((int)block.RegionOffset);
            il.Emit(OpCodes.Bne_Un, other);
            BranchIfBudgetSpent(leave);
            il.Emit(OpCodes.Br, blockLabels[block.RegionOffset]);
            il.MarkLabel(other);
        }
    }

    /// <summary>Pops the target pc and leaves through the epilogue's jump-cache path.</summary>
    private void EmitIndirectExit()
    {
        il.Emit(OpCodes.Stloc, exitPc);
        if (compact)
        {
            il.Emit(OpCodes.Ldc_I8, PackedIndirect);
            il.Emit(OpCodes.Stloc, ExitPacked());
            il.Emit(OpCodes.Br, epilogue);
            return;
        }
        il.Emit(OpCodes.Ldc_I4, IndirectLink);
        il.Emit(OpCodes.Stloc, exitSlot);
        il.Emit(OpCodes.Br, epilogue);
    }

    /// <summary>Branches to <paramref name="spent"/> when the instruction budget is used up. The local holds the budget
    /// less one, so the test is its sign: RyuJIT then branches on the flags of the subtraction that retired the block's
    /// instructions (`add r, -n; js`), where `budget &lt;= 0` took a `test` more on every back edge.</summary>
    private void BranchIfBudgetSpent(Label spent)
    {
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Ldc_I8, 0L);
        il.Emit(OpCodes.Blt, spent);
    }

    /// <summary>
    /// The shared epilogue: stores back every register the region writes, hands the budget back, then leaves
    /// by the exit's way: return its kind, follow a link slot, or look up an indirect target.
    /// </summary>
    private void EmitEpilogue()
    {
        if (coldPacked is not null) EmitColdUnpack();
        if (exitPacked is not null && unpackExit != default) EmitUnpackExit(); // falls into the epilogue
        il.MarkLabel(epilogue);
        for (int r = 1; r < 32; r++)
        {
            if ((dirty & ~onDemand & (1u << r)) == 0) continue; // on-demand registers are stored as they are written
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldloc, x[r]!);
            il.Emit(OpCodes.Stind_I8);
        }
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Ldc_I8, 1L);
        il.Emit(OpCodes.Add);
        EmitMember(OpCodes.Stfld, RemainingField);
        if (compact) { EmitCompactLeave(); return; }

        Label linked = il.DefineLabel(), indirect = il.DefineLabel(), toDispatcher = il.DefineLabel(), tailCall = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, exitSlot);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Bge, linked);
        il.Emit(OpCodes.Ldloc, exitSlot);
        il.Emit(OpCodes.Ldc_I4, IndirectLink);
        il.Emit(OpCodes.Beq, indirect);
        // Plain: back to the dispatcher with the exit's kind (Continue for a link or jump not followed: the prologue
        // set it, and only cold exits change it). One return for every way back: each costs RyuJIT a block and two
        // statements.
        il.MarkLabel(toDispatcher);
        EmitStorePc();
        il.Emit(OpCodes.Ldloc, exitKind);
        il.Emit(OpCodes.Ret);

        // Linked: the slot's successor, or the dispatcher told which slot to fill.
        il.MarkLabel(linked);
        Label unlinked = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        EmitMember(OpCodes.Ldfld, LinkSlotsField);
        il.Emit(OpCodes.Ldloc, exitSlot);
        il.Emit(OpCodes.Ldelem_Ref);
        il.Emit(OpCodes.Stloc, next);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Brfalse, unlinked);
        BranchIfBudgetSpent(unlinked);
        il.Emit(OpCodes.Br, tailCall);
        il.MarkLabel(unlinked);
        // ctx.LinkExit = LinkExitBase(links.EntryPa) + slot. The entry comes from the bound links, not a constant: a
        // region loaded from the persistent cache was emitted in another run, where its page had another address.
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_0);
        EmitMember(OpCodes.Ldfld, LinksEntryPaField);
        il.Emit(OpCodes.Ldc_I4, JitContext.LinkSlotBits);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Ldc_I8, 1L);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldloc, exitSlot);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        EmitMember(OpCodes.Stfld, LinkExitField);
        il.Emit(OpCodes.Br, toDispatcher);

        // Indirect: the jump cache's code for the target, if any. A miss goes back with LinkExit 0: the dispatcher
        // enters a chain with it 0, and only the unlinked exit sets it.
        il.MarkLabel(indirect);
        BranchIfBudgetSpent(toDispatcher);
        EmitJumpCacheTailCall(toDispatcher);
        // Linked: through the slot's delegate. A second tail-call site (each costs RyuJIT about 40 us; compile-cost on
        // 300 of gofmt's regions, optimised: about 1,056 us a region against 1,030 with one site, within noise).
        il.MarkLabel(tailCall);
        EmitTailCallNext();
    }

    /// <summary>A call or field access of the compact paths, through the region method's token cache.</summary>
    private void EmitMember(OpCode op, MemberInfo member)
    {
        if (method is not null) method.Emit(op, member);
        else if (member is FieldInfo f) il.Emit(op, f);
        else il.Emit(op, (MethodInfo)member);
    }

    private static readonly MethodInfo LeaveHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Leave))!;

    /// <summary>The quick tier's way out, after the registers and budget are stored: <see cref="JitHelpers.Leave"/> does
    /// what the optimised epilogue inlines (the pc, the link slot or the jump cache, the budget) and names the
    /// successor to tail-call, if any; without one the region returns the exit's kind.</summary>
    private void EmitCompactLeave()
    {
        if (exitPacked is null) { EmitStorePc(); il.Emit(OpCodes.Ldc_I8, (long)BlockExit.Continue); il.Emit(OpCodes.Ret); return; } // no exit: unreachable
        Label none = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Ldloc, exitPacked);
        EmitMember(OpCodes.Call, LeaveHelper);
        il.Emit(OpCodes.Stloc, next);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Brfalse, none);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        EmitStateAddress(OffsetPc); // Leave stored the target there
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Tailcall);
        EmitMember(OpCodes.Callvirt, InvokeBlock);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(none);
        il.Emit(OpCodes.Ldloc, exitPacked);
        il.Emit(OpCodes.Ldc_I4, 40);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Conv_U1);
        il.Emit(OpCodes.Conv_U8);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// Tail-calls the jump cache's code for exitPc (<see cref="JumpCache.Slots"/>: the pc and the code in one 16-byte
    /// slot, the code's first argument in <see cref="JumpCache.Targets"/>), or branches to <paramref name="miss"/>; the
    /// index is <see cref="JumpCache.IndexOf"/>'s. Written out in IL rather than as a call to a C# helper: RyuJIT inlining
    /// the helper (its getters, Unsafe and MemoryMarshal) took about 250 us of a one-instruction region's 600 us
    /// (this IL: about 100 us), and a helper that is not inlined costs a call on every return.
    /// </summary>
    private void EmitJumpCacheTailCall(Label miss)
    {
        LocalBuilder slot = il.DeclareLocal(typeof(int)), slotAddress = il.DeclareLocal(typeof(nint));
        // JumpCache.IndexOf
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Ldc_I8, unchecked((long)JumpCache.HashMultiplier));
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ldc_I4, 64 - JumpCache.Bits);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Stloc, slot);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, JumpSlotsField);
        il.Emit(OpCodes.Ldloc, slot);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Ldc_I4_4);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, slotAddress);
        il.Emit(OpCodes.Ldloc, slotAddress);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Bne_Un, miss);
        // return code(target, state, ctx, exitPc): a filled slot always has both.
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, JumpTargetsField);
        il.Emit(OpCodes.Ldloc, slot);
        il.Emit(OpCodes.Ldelem_Ref);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Ldloc, slotAddress);
        il.Emit(OpCodes.Ldc_I4_8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldind_I);
        il.Emit(OpCodes.Tailcall);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(long), CodeParameters, null);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>A translation's code as generated code calls it (<see cref="CodeEntry"/>): its first argument an object
    /// (the bound <see cref="BlockLinks"/>), the CpuState pointer a native int; primitives only, so the signature names
    /// no class.</summary>
    private static readonly Type[] CodeParameters = [typeof(object), typeof(nint), typeof(object), typeof(ulong)];

    private void EmitStorePc()
    {
        EmitStateAddress(OffsetPc);
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Stind_I8);
    }

    /// <summary>return next(state, ctx, exitPc) as a tail call, so chains of blocks do not grow the stack.</summary>
    private void EmitTailCallNext()
    {
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, exitPc);
        il.Emit(OpCodes.Tailcall);
        il.Emit(OpCodes.Callvirt, InvokeBlock);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>A label for an out-of-line exit, emitted after the body; it leaves the self-loop being emitted, if any.</summary>
    private Label OutOfLineExit(int pcOffset, int retired, BlockExit kind, bool illegal = false, uint raw = 0)
    {
        var exit = new PendingExit(il.DefineLabel(), pcOffset, retired, kind, illegal, raw) { Loop = currentLoop };
        pendingExits.Add(exit);
        return exit.Label;
    }

    /// <summary>A label that leaves the block with a trap at the current instruction (the trap is already in the context).</summary>
    private Label TrapExit() => OutOfLineExit(offset, carried + index, BlockExit.Trap);

    /// <summary>A label that leaves before the current instruction for the interpreter to run it.</summary>
    private Label InterpretExit() => OutOfLineExit(offset, carried + index, BlockExit.Interpret);

    /// <summary>A label that raises illegal-instruction for the current instruction.</summary>
    private Label IllegalExit(uint raw) => OutOfLineExit(offset, carried + index, BlockExit.Trap, illegal: true, raw: raw);

    /// <summary>A label that leaves after the current instruction because it changed cached code. Call after the
    /// instruction's register writes are done.</summary>
    private Label CodeChangedExit(int nextOffset) => OutOfLineExit(nextOffset, carried + index + 1, BlockExit.CodeChanged);

    /// <summary>A label that leaves after the current instruction for the dispatcher to take interrupts it enabled
    /// (<see cref="BlockExit.Resync"/>). Call after the instruction's register writes are done.</summary>
    private Label ResyncExit(int nextOffset) => OutOfLineExit(nextOffset, carried + index + 1, BlockExit.Resync);

    private void EmitPendingExit(PendingExit exit)
    {
        il.MarkLabel(exit.Label);
        if (exit.Kind == BlockExit.Promote) NotePromoting();
        if (exit.Illegal)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, unchecked((int)exit.Raw));
            EmitMember(OpCodes.Call, typeof(JitHelpers).GetMethod(nameof(JitHelpers.SetIllegal))!);
        }
        if (compact) EmitExit(exit.Kind, exit.PcOffset, exit.Retired);
        else EmitColdExit(exit.Kind, exit.PcOffset, exit.Retired, exit.Loop);
    }

    private LocalBuilder? coldPacked; // the optimised tier's cold exits: what EmitColdExit stored
    private Label coldUnpack;

    /// <summary>
    /// A cold exit of the optimised tier (a trap, an access off the fast path, a code change): one packed constant,
    /// as <see cref="EmitPackedExit"/> packs it, and a branch to the region's one path that unpacks it
    /// (<see cref="EmitColdUnpack"/>), instead of four statements an exit. Every access has one such exit, and RyuJIT's
    /// optimising compile pays for each statement whether or not it ever runs. None of them follows a link.
    /// </summary>
    private void EmitColdExit(BlockExit kind, int pcOffset, int retired, int loop = -1)
    {
        if (coldPacked is null)
        {
            coldPacked = il.DeclareLocal(typeof(long));
            coldUnpack = il.DefineLabel();
        }
        il.Emit(OpCodes.Ldc_I8, (uint)(entryPageOffset + pcOffset) | (long)kind << 40 | (long)retired << 48);
        il.Emit(OpCodes.Stloc, coldPacked);
        il.Emit(OpCodes.Br, loop < 0 ? coldUnpack : loops[loop].ColdExit); // a loop's exit copies its registers back first
    }

    /// <summary>The cold exits' common path: exitPc = pageVa + the signed low 32 bits, exitKind = bits 40-47, the
    /// budget less bits 48-63, no link; then the epilogue.</summary>
    private void EmitColdUnpack()
    {
        il.MarkLabel(coldUnpack);
        il.Emit(OpCodes.Ldloc, pageVa);
        il.Emit(OpCodes.Ldloc, coldPacked!);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, exitPc);
        il.Emit(OpCodes.Ldloc, coldPacked!);
        il.Emit(OpCodes.Ldc_I4, 40);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Ldc_I8, 0xFFL);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Stloc, exitKind);
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Ldloc, coldPacked!);
        il.Emit(OpCodes.Ldc_I4, 48);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, remaining);
        il.Emit(OpCodes.Ldc_I4, NoLink);
        il.Emit(OpCodes.Stloc, exitSlot);
        il.Emit(OpCodes.Br, epilogue);
    }

    /// <summary>Emits one instruction; true when it ended the block (branches and jumps).</summary>
    private bool EmitInstruction(in Instruction ins)
    {
        var def = InstructionTable.Get(ins.Op);
        if (def.Extension.IsFloatingPoint()) { EmitFloat(in ins); return false; }
        switch (def.Extension)
        {
            case Extension.A:
                EmitAtomic(in ins);
                return false;
            case Extension.Zicsr:
                EmitCsr(in ins);
                return false;
        }
        if (def.Operands is Operands.Branch or Operands.Jump || ins.Op == Op.Jalr)
        {
            EmitBranch(in ins);
            return true;
        }
        if (def.Operands is Operands.Load) { EmitLoad(in ins); return false; }
        if (def.Operands is Operands.Store) { EmitStore(in ins); return false; }
        if (ins.Op == Op.Fence) { EmitFence(in ins); return false; }
        if (ins.Op == Op.Pause) return false; // a hint: nothing to emit
        EmitAlu(in ins);
        return false;
    }
}
