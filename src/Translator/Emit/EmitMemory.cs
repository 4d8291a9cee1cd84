using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Loads and stores with the MMU's TLB probe inlined: index = (va >> 12) &amp; mask, one compare of the
/// entry's tag with the page of the access's last byte (so an access that crosses into the next page misses;
/// a misaligned one inside the page is performed, as the MMU performs it), one add of the entry's addend.
/// Anything else (a miss, a device, a fault, a page crossing, a store to a page holding translations) leaves
/// the region before the instruction, and the interpreter runs it through the MMU's full path.
/// </summary>
internal sealed partial class BlockEmitter
{
    private static readonly int TlbIndexShift = 12 - 4; // (va >> 12) * 16 = (va >> 8) & (mask << 4)
    /// <summary>The TLB views, as byte offsets from the one base local: one host register serves loads and stores.</summary>
    private const int LoadView = 0, StoreView = Mmu.StoreViewOffset, FetchView = 2 * Mmu.StoreViewOffset;
    /// <summary>A TLB entry: the tag (the page's virtual address), then the addend (host address - va).</summary>
    private const int AddendField = 8;

    private void EmitLoad(in Instruction d)
    {
        (OpCode fastLoad, OpCode extend) = d.Op switch
        {
            Op.Lb => (OpCodes.Ldind_I1, OpCodes.Conv_I8),
            Op.Lh => (OpCodes.Ldind_I2, OpCodes.Conv_I8),
            Op.Lw => (OpCodes.Ldind_I4, OpCodes.Conv_I8),
            Op.Ld => (OpCodes.Ldind_I8, OpCodes.Nop),
            Op.Lbu => (OpCodes.Ldind_U1, OpCodes.Conv_U8),
            Op.Lhu => (OpCodes.Ldind_U2, OpCodes.Conv_U8),
            Op.Lwu => (OpCodes.Ldind_U4, OpCodes.Conv_U8),
            _ => throw new InvalidOperationException($"not a load: {d.Op}"),
        };
        int rd = d.Rd;
        if (compact) { EmitCalledLoad(d); return; }
        EmitLoadValue(d.Rs1, d.Imm, InstructionTable.Get(d.Op).AccessBytes, fastLoad, extend, () => StoreX(rd));
    }

    /// <summary>Loads and hands the extended value to <paramref name="store"/> (an integer or an FP register).
    /// Shared by integer and FP loads.</summary>
    private void EmitLoadValue(int baseReg, long imm, int size, OpCode fastLoad, OpCode extend, Action store) =>
        EmitAccess(LoadView, baseReg, imm, size, () =>
        {
            il.Emit(fastLoad);
            if (extend != OpCodes.Nop) il.Emit(extend);
            store();
        });

    private void EmitStore(in Instruction d)
    {
        int rs2 = d.Rs2;
        if (compact) { EmitCalledStore(d); return; }
        EmitStoreValue(d.Rs1, d.Imm, InstructionTable.Get(d.Op).AccessBytes, () => LoadX(rs2));
    }

    /// <summary>Stores the value <paramref name="pushValue"/> pushes. Shared by integer and FP stores.</summary>
    private void EmitStoreValue(int baseReg, long imm, int size, Action pushValue)
    {
        OpCode stind = size switch { 1 => OpCodes.Stind_I1, 2 => OpCodes.Stind_I2, 4 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 };
        EmitAccess(StoreView, baseReg, imm, size, () =>
        {
            pushValue();
            il.Emit(stind);
        });
    }

    /// <summary>
    /// One load or store at x[base] + imm: <paramref name="access"/> finds the host address on the IL stack and
    /// loads or stores there. The host address comes from the access's own probe of the TLB view at offset
    /// <paramref name="view"/>, or from its group's shared probe (<see cref="SharedProbe"/>). Off the fast path (a
    /// miss, a device, a page-crossing access, a store to a page holding translations) the region leaves before
    /// the instruction, and the interpreter runs it through the MMU's full path: no call in the region keeps every
    /// host register available to RyuJIT (a call clobbers the caller-saved ones), and regions compile about 40%
    /// faster.
    ///
    /// Serving the miss in place was measured and dropped (2026-12-06, callgrind, sha256, --jit-sync): a call to the
    /// MMU's full path in each access's cold path doubled the regions' code and compile time; one call shared by the
    /// region (registers, budget and pc passed through the CpuState around it, so nothing is live across it) still
    /// made sha256's hot region run 1.9x the host instructions (1.78 G against 0.94 G). RyuJIT has no profile for a
    /// DynamicMethod, measured or synthesized (<see cref="EmitMissBranch"/>): a slow path that comes back into the loop
    /// is part of the loop and weighs as much as the hit, so the hit path lost registers and layout. Leaving for the
    /// interpreter keeps the miss out of the loop. The MMU's 2^16-entry views make misses rare instead (lzip -6: 28 M walks
    /// down to 29 k).
    /// </summary>
    private void EmitAccess(int view, int baseReg, long imm, int size, Action access)
    {
        if (compact) { EmitCalledAccess(view, baseReg, imm, size, access); return; }
        int runSlot = ProbeRunSlot();
        if (runSlot > 0) { EmitRunMemberAccess(runSlot, view, baseReg, imm, access); return; }
        // Made now: an access in a group emits its own probe later, out of line, but the exit is this instruction's.
        Label interpret = InterpretExit();
        if (LoadMemoHere(view) is { } memo) { EmitMemoAccess(memo, baseReg, imm, size, access, interpret); return; }
        void Probed()
        {
            EmitAddress(baseReg, imm);
            if (runSlot == 0) EmitRunProbe(view, size, interpret);
            else EmitProbe(view, size, interpret);
            EmitHostAddress(view); // va + addend
            access();
        }
        if (SharedProbe() is { } addend) EmitGroupAccess(addend, baseReg, imm, access, Probed);
        else Probed();
    }

    private static readonly MethodInfo LoadAddressHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.LoadAddress))!;
    private static readonly MethodInfo StoreAddressHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.StoreAddress))!;

    /// <summary>
    /// The quick tier's access: the TLB probe is a call (<see cref="JitHelpers.LoadAddress"/>, <see cref="JitHelpers.StoreAddress"/>)
    /// that returns the host address of a hit, 0 otherwise (the region then leaves before the instruction, as the
    /// inlined probe's miss does). The inlined probe is about 60 bytes of IL, three statements and two basic blocks
    /// an access, and what minopts compiles is what it costs: gofmt's regions compiled in 7.3 us a guest instruction
    /// (above 250 us a region) with it and 3.3 with the call (compile-cost in bench/). The call costs the quick code a
    /// few ns an access; code that stays hot is promoted to the optimised tier, which inlines the probe.
    /// </summary>
    private void EmitCalledAccess(int view, int baseReg, long imm, int size, Action access)
    {
        Label interpret = InterpretExit();
        il.Emit(OpCodes.Ldarg_2);
        LoadXPlus(baseReg, imm);
        il.Emit(OpCodes.Ldc_I4, size);
        EmitMember(OpCodes.Call, view == StoreView ? StoreAddressHelper : LoadAddressHelper);
        il.Emit(OpCodes.Stloc, entry);
        il.Emit(OpCodes.Ldloc, entry);
        il.Emit(OpCodes.Brfalse, interpret);
        il.Emit(OpCodes.Ldloc, entry);
        access();
    }

    private static readonly FieldInfo LoadedField = typeof(JitContext).GetField(nameof(JitContext.Loaded))!;

    /// <summary>The quick tier's integer load: <c>if (!JitHelpers.Lx(ctx, va, exit)) leave; x[rd] = ctx.Loaded</c>, two
    /// statements; the helper probes, loads and extends, and rd is written only on a hit.</summary>
    private void EmitCalledLoad(in Instruction d)
    {
        il.Emit(OpCodes.Ldarg_2);
        LoadXPlus(d.Rs1, d.Imm);
        il.Emit(OpCodes.Ldc_I8, InterpretPacked());
        EmitMember(OpCodes.Call, AccessHelper(d.Op));
        il.Emit(OpCodes.Brfalse, UnpackLoadedExit());
        if (d.Rd == 0) return;
        il.Emit(OpCodes.Ldarg_2);
        EmitMember(OpCodes.Ldfld, LoadedField);
        StoreX(d.Rd);
    }

    private static readonly Dictionary<Op, MethodInfo> AccessHelpers =
        new[] { Op.Lb, Op.Lh, Op.Lw, Op.Ld, Op.Lbu, Op.Lhu, Op.Lwu, Op.Sb, Op.Sh, Op.Sw, Op.Sd }
            .ToDictionary(op => op, op => typeof(JitHelpers).GetMethod(op.ToString())!);

    /// <summary>JitHelpers' method for an integer load or store (named after the instruction).</summary>
    private static MethodInfo AccessHelper(Op op) => AccessHelpers[op];

    /// <summary>The quick tier's integer store: <c>if (!JitHelpers.Sx(ctx, va, x[rs2], exit)) leave</c>.</summary>
    private void EmitCalledStore(in Instruction d)
    {
        il.Emit(OpCodes.Ldarg_2);
        LoadXPlus(d.Rs1, d.Imm);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Ldc_I8, InterpretPacked());
        EmitMember(OpCodes.Call, AccessHelper(d.Op));
        il.Emit(OpCodes.Brfalse, UnpackLoadedExit());
    }

    /// <summary>The packed exit (<see cref="EmitPackedExit"/>) that leaves before the current instruction for the interpreter.</summary>
    private long InterpretPacked() =>
        (uint)(entryPageOffset + offset) | (long)(NoLink + 2) << 32 | (long)BlockExit.Interpret << 40 | (long)(carried + index) << 48;

    private Label unpackLoaded;

    /// <summary>Where a quick access helper's miss goes: the packed exit it left in <see cref="JitContext.Loaded"/> is
    /// moved to the packed-exit local, then unpacked as any packed exit.</summary>
    private Label UnpackLoadedExit()
    {
        ExitPacked();
        if (unpackLoaded == default) unpackLoaded = il.DefineLabel();
        return unpackLoaded;
    }

    /// <summary>The addend of the shared probe the current access uses (<see cref="BlockIdioms.ProbeGroup"/>), null
    /// when it probes alone. The group's first access emits the probe: one TLB lookup at the window's first byte,
    /// whose tag compare with the page of its last byte (<see cref="EmitProbe"/> with the window as the size) also
    /// proves the window lies in one page (the entry at the first byte's index holds a page of that index, and the
    /// next 2^16 - 1 pages have other indexes); the addend is 0 when it fails (or, harmlessly, when the page's addend
    /// happens to be 0). A misaligned access inside the page needs no check: the MMU performs those.</summary>
    private LocalBuilder? SharedProbe()
    {
        if (GroupAt(index) is not { } group) return null;
        if (index != group.First) return probeAddends[group];
        LocalBuilder addend = il.DeclareLocal(typeof(long));
        probeAddends[group] = addend;
        Label fail = il.DefineLabel(), done = il.DefineLabel();
        EmitAddress(group.Base, group.Low);
        int view = group.Store ? StoreView : LoadView;
        // One compare for the page and the window (4 host instructions fewer than a separate check of the last byte).
        EmitProbe(view, (int)group.Span, fail);
        EmitEntryField(view, AddendField);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Stloc, addend);
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(fail);
        Imm(0);
        il.Emit(OpCodes.Stloc, addend);
        il.MarkLabel(done);
        return addend;
    }

    /// <summary>An access of a probe group: with the group's addend, host address = x[base] + imm + addend and
    /// <paramref name="access"/> loads or stores there; without it, <paramref name="probed"/> (emitted out of line,
    /// after the region's code) does the access with its own probe, and control comes back after it.</summary>
    private void EmitGroupAccess(LocalBuilder addend, int baseReg, long imm, Action access, Action probed)
    {
        Label alone = il.DefineLabel(), join = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, addend);
        il.Emit(OpCodes.Brfalse, alone);
        LoadXPlus(baseReg, imm);
        il.Emit(OpCodes.Ldloc, addend);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Conv_U);
        access();
        il.MarkLabel(join);
        outOfLine.Add(WithCurrentRegisters(() =>
        {
            il.MarkLabel(alone);
            probed();
            il.Emit(OpCodes.Br, join);
        }));
    }

    /// <summary>
    /// Before an instruction that crosses into the next page: the region was compiled from that page's bytes at
    /// <paramref name="secondPagePa"/>, so it runs the instruction only while the next virtual page still maps
    /// there (the fetch view holds it, with that host address); otherwise the region leaves and the interpreter
    /// fetches the instruction through the MMU. The region's own page needs no check: it was entered through it.
    /// </summary>
    private void EmitSecondPageCheck(ulong secondPagePa) => EmitPageCheck(1, secondPagePa, InterpretExit());

    /// <summary>Goes on while the fetch view maps the virtual page <paramref name="delta"/> pages from the entry's to the
    /// frame at <paramref name="framePa"/> (its entry's host address is that frame's); otherwise to <paramref name="fail"/>.
    /// The view holds a page once the hart has fetched from it under the current translation and privilege; a remap
    /// (sfence.vma, satp) or a privilege change empties it.</summary>
    private void EmitPageCheck(long delta, ulong framePa, Label fail)
    {
        il.Emit(OpCodes.Ldloc, pageVa);
        Imm(delta << Runtime.Memory.PhysicalMemory.PageShift);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, va);
        EmitProbe(FetchView, 1, fail);
        EmitEntryField(FetchView, AddendField);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldarg_2);
        EmitMember(OpCodes.Ldfld, RamHostMinusBaseField);
        Imm((long)framePa);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Bne_Un, fail);
    }

    /// <summary>Pushes the host address of a TLB hit: va + entry.Addend.</summary>
    private void EmitHostAddress(int view)
    {
        il.Emit(OpCodes.Ldloc, va);
        EmitEntryField(view, AddendField);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Conv_U);
    }

    /// <summary>va = x[base] + imm.</summary>
    private void EmitAddress(int baseReg, long imm)
    {
        LoadXPlus(baseReg, imm);
        il.Emit(OpCodes.Stloc, va);
    }

    /// <summary>entry = (va >> 12) &amp; mask, the probed entry's byte offset in its view; branch to
    /// <paramref name="miss"/> unless the entry's tag matches.</summary>
    private void EmitProbe(int view, int size, Label miss)
    {
        EmitEntryIndex(va, entry);
        EmitEntryField(view, 0);
        il.Emit(OpCodes.Ldind_I8);
        EmitLastBytePage(va, size);
        EmitMissBranch(miss);
    }

    /// <summary>
    /// Pops a probe's two values and goes on where they are equal (a hit); otherwise control reaches
    /// <paramref name="miss"/>. When the miss is the access's own cold exit, its stub (one packed constant and a branch
    /// to the shared unpacking path) is emitted here, as the branch's fall-through in the IL, and the hit is the
    /// branch's target: <c>beq hit; stub; hit:</c> rather than <c>bne.un stub</c> with the stub after the region's
    /// code.
    ///
    /// Why: RyuJIT has no profile for a DynamicMethod (its listings say "No PGO data" and, unlike a tiered method's, not
    /// "optimized using Synthesized PGO"), so every block outside a loop weighs the same and both sides of a branch are
    /// equally likely. Its layout starts from a reverse postorder, which in effect puts a conditional branch's target
    /// right after the branch, and 3-opt leaves such ties alone: with <c>bne.un stub</c> the stub came first and the
    /// hit sat behind a taken <c>je</c> (only in loops, whose blocks weigh more, did the hit come first). With the hit
    /// as the target, the hit follows the compare (JitDisasm listings,
    /// tags compared with the hit falling through against behind a taken branch: lzip -6 716 against 1,033 before,
    /// 1,643 against 106 after; sha256 84 against 51, 128 against 7). An empty <c>br stub</c> as the fall-through does
    /// not do it: RyuJIT reverses a conditional branch around an empty jump (84 against 51 -> 82 against 53), and a
    /// stub that returns by itself (the RETURN heuristic of profile synthesis, which does not run here) changed nothing.
    /// Published builds against main's (CPU, 7 pairs, medians): sort 0.95, wordfreq 0.97, sha256 0.98, lzip -6 0.95-1.01
    /// in three series; queens, intalu, ptrchase and speedtest1 level.
    /// </summary>
    private void EmitMissBranch(Label miss)
    {
        int i = pendingExits.FindLastIndex(e => e.Label == miss);
        if (i < 0) { il.Emit(OpCodes.Bne_Un, miss); return; }
        PendingExit exit = pendingExits[i];
        pendingExits.RemoveAt(i);
        Label hit = il.DefineLabel();
        il.Emit(OpCodes.Beq, hit);
        EmitPendingExit(exit);
        il.MarkLabel(hit);
    }

    /// <summary><paramref name="entryLocal"/> = the byte offset in a view of the entry for the address in <paramref name="vaLocal"/>.</summary>
    private void EmitEntryIndex(LocalBuilder vaLocal, LocalBuilder entryLocal)
    {
        // A rotate, not a shift: the mask keeps only bits that both put in the same place, and RyuJIT makes the rotate a
        // BMI2 rorx, which writes another register, where a shift of va (still live: the access adds it) needs a mov
        // first.
        il.Emit(OpCodes.Ldloc, vaLocal);
        il.Emit(OpCodes.Ldc_I4, TlbIndexShift);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Ldloc, vaLocal);
        il.Emit(OpCodes.Ldc_I4, 64 - TlbIndexShift);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Or);
        il.Emit(OpCodes.Ldc_I8, (long)(Mmu.TlbIndexMask << 4));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Stloc, entryLocal);
    }

    /// <summary>Pushes Mmu.TagOf: the page of the access's last byte, so a misaligned access inside the page hits and one
    /// that crosses into the next page misses. Same instruction count as a plain page compare (lea for mov).</summary>
    private void EmitLastBytePage(LocalBuilder vaLocal, int size)
    {
        il.Emit(OpCodes.Ldloc, vaLocal);
        if (size > 1) { Imm(size - 1); il.Emit(OpCodes.Add); }
        il.Emit(OpCodes.Ldc_I8, unchecked((long)~Mmu.PageOffsetMask));
        il.Emit(OpCodes.And);
    }

    /// <summary>Pushes the address of a field of the probed entry: the view's base + entry + field. With the TLB in
    /// the low 2 GiB the base is a constant, which RyuJIT folds into each access's displacement
    /// (<c>cmp [idx+tlb]</c>, <c>mov [idx+tlb+8]</c>) instead of adding it in a register first.</summary>
    private void EmitEntryField(int view, int field, LocalBuilder? entryLocal = null)
    {
        il.Emit(OpCodes.Ldloc, entryLocal ?? entry);
        if (lowTlb != 0)
        {
            il.Emit(OpCodes.Ldc_I4, (int)lowTlb + view + field);
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Add);
            return;
        }
        il.Emit(OpCodes.Ldloc, tlb);
        il.Emit(OpCodes.Add);
        if (view + field != 0)
        {
            il.Emit(OpCodes.Ldc_I4, view + field);
            il.Emit(OpCodes.Add);
        }
    }
}
