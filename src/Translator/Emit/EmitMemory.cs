using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Loads and stores with the MMU's TLB probe inlined: index = (va >> 12) &amp; mask, one compare of the
/// entry's tag with the page of the access's last byte (so an access that crosses into the next page misses;
/// a misaligned one inside the page is performed, as the MMU performs it), one add of the entry's addend.
/// Anything else (a miss, a device, a fault, a page crossing, a store to a page holding translations) calls the
/// MMU's full path out of line and the region runs on; only a trap or a change to cached code leaves it.
/// </summary>
internal sealed partial class BlockEmitter
{
    private static readonly int TlbIndexShift = 12 - 4; // (va >> 12) * 16 = (va >> 8) & (mask << 4)
    /// <summary>The TLB views, as byte offsets from the one base local: one host register serves loads and stores.</summary>
    private const int LoadView = 0, StoreView = Mmu.StoreViewOffset;
    /// <summary>A TLB entry: the tag (the page's virtual address), then the addend (host address - va).</summary>
    private const int AddendField = 8;

    /// <summary>Where each slow access resumes, by site index; the shared slow path and its locals (made on first use).</summary>
    private readonly List<Label> slowSites = [];
    private LocalBuilder? slowSite, slowLoaded;
    private Label slowPath;

    private static readonly MethodInfo AccessHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Access))!;

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
        }, pushStoreValue: null, takeLoaded: () =>
        {
            // The MMU returns the bytes zero-extended: a signed load sign-extends them as the fast path does.
            il.Emit(OpCodes.Ldloc, SlowLoaded);
            if (extend == OpCodes.Conv_I8 && size < 8)
            {
                il.Emit(size == 1 ? OpCodes.Conv_I1 : size == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
                il.Emit(OpCodes.Conv_I8);
            }
            store();
        });

    private void EmitStore(in Instruction d)
    {
        int rs2 = d.Rs2;
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
        }, pushStoreValue: pushValue, takeLoaded: null);
    }

    /// <summary>
    /// One load or store at x[base] + imm: <paramref name="access"/> finds the host address on the IL stack and
    /// loads or stores there. The host address comes from the access's own probe of the TLB view at offset
    /// <paramref name="view"/>, or from its group's shared probe (<see cref="SharedProbe"/>). Off the fast path (a
    /// miss, a device, a page-crossing access, a store to a page that is clean or holds translations) the access is
    /// served in place by the region's one call of the MMU's full path (<see cref="EmitSlowAccessPath"/>): out of
    /// line, the access notes which it is (<see cref="SlowSite"/>; a store also its value) and branches there; the
    /// slow path comes back to <paramref name="takeLoaded"/> (a load) and the region runs on after the access.
    /// </summary>
    private void EmitAccess(int view, int baseReg, long imm, int size, Action access, Action? pushStoreValue, Action? takeLoaded)
    {
        // Made now: the slow path is emitted later, out of line, but it describes this instruction.
        long site = SlowSite(size, pushStoreValue is not null);
        void Probed()
        {
            Label miss = il.DefineLabel(), done = il.DefineLabel();
            EmitAddress(baseReg, imm);
            EmitProbe(view, size, miss);
            EmitHostAddress(view); // va + addend
            access();
            il.MarkLabel(done);
            Label resume = done;
            if (takeLoaded is not null)
            {
                resume = il.DefineLabel();
                outOfLine.Add(() =>
                {
                    il.MarkLabel(resume);
                    takeLoaded();
                    il.Emit(OpCodes.Br, done);
                });
            }
            int siteIndex = slowSites.Count; // here: a group's access may emit its own probe later, out of line
            slowSites.Add(resume);
            outOfLine.Add(() =>
            {
                il.MarkLabel(miss);
                if (pushStoreValue is not null)
                {
                    pushStoreValue();
                    il.Emit(OpCodes.Stloc, value);
                }
                il.Emit(OpCodes.Ldc_I8, site | (uint)siteIndex);
                il.Emit(OpCodes.Stloc, SlowSiteLocal);
                il.Emit(OpCodes.Br, slowPath);
            });
        }
        if (SharedProbe() is { } addend) EmitGroupAccess(addend, baseReg, imm, access, Probed);
        else Probed();
    }

    // A slow access site, packed in one long so the shared slow path keeps one value across its call: which site
    // (bits 0-15, where to resume), the helper's access code (16-23: size, StoreAccess), the instruction's length
    // (24-31), the instructions its block retired before it (32-47) and its pc as a page offset (48-63, signed).
    private const int SiteAccessShift = 16, SiteLengthShift = 24, SiteRetiredShift = 32, SitePcShift = 48;

    /// <summary>The current instruction's slow-path description, without its index.</summary>
    private long SlowSite(int size, bool isStore) =>
        ((long)(size | (isStore ? JitHelpers.StoreAccess : 0)) << SiteAccessShift)
        | ((long)length << SiteLengthShift)
        | ((long)index << SiteRetiredShift)
        | ((long)(entryPageOffset + offset) << SitePcShift);

    private LocalBuilder SlowSiteLocal => slowSite ??= il.DeclareLocal(typeof(long));
    /// <summary>What the helper loaded (its address is taken, so RyuJIT keeps it in memory; only cold code uses it).</summary>
    private LocalBuilder SlowLoaded => slowLoaded ??= il.DeclareLocal(typeof(ulong));

    /// <summary>
    /// The region's one call of the MMU's full path, <see cref="JitHelpers.Access"/>, shared by all its accesses
    /// (emitted after everything else, only if some access can need it). Around the call every register local is
    /// stored to the CpuState and loaded again (the budget and pageVa through the context and pc), so none is live
    /// across the call: RyuJIT then keeps the hot path's
    /// registers in the caller-saved host registers instead of spilling them to the stack for the whole method
    /// (a call in each access's cold path did that, and doubled the code and the compile time). Continue resumes at
    /// the access's site; Trap leaves before the instruction (pc and instret exact); CodeChanged after it.
    /// </summary>
    private void EmitSlowAccessPath()
    {
        if (slowSites.Count == 0) return;
        il.MarkLabel(slowPath);
        // Out: the registers, the budget, and the access's pc (whose page gives pageVa back).
        EmitWriteBack();
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, remaining);
        il.Emit(OpCodes.Stfld, RemainingField);
        EmitStateAddress(OffsetPc);
        il.Emit(OpCodes.Ldloc, pageVa);
        SitePc();
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stind_I8);

        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, va);
        SiteField(SiteAccessShift, 0xFF);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Ldloca, SlowLoaded);
        il.Emit(OpCodes.Call, AccessHelper);
        il.Emit(OpCodes.Stloc, status);

        // In again: every local that was live, so that none is live across the call.
        for (int r = 1; r < 32; r++)
        {
            if (x[r] is null) continue;
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, x[r]!);
        }
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, RemainingField);
        il.Emit(OpCodes.Stloc, remaining);
        EmitStateAddress(OffsetPc);
        il.Emit(OpCodes.Ldind_I8);
        SitePc();
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, pageVa);
        if (lowTlb == 0) { il.Emit(OpCodes.Ldarg_2); il.Emit(OpCodes.Ldfld, TlbField); il.Emit(OpCodes.Stloc, tlb); }
        Label leave = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Brtrue, leave);
        SiteField(0, 0xFFFF);
        il.Emit(OpCodes.Switch, slowSites.ToArray());
        il.Emit(OpCodes.Br, slowSites[0]); // not reached

        // Trap: before the instruction, with what its block retired before it. CodeChanged: after it.
        il.MarkLabel(leave);
        il.Emit(OpCodes.Ldloc, remaining);
        SiteField(SiteRetiredShift, 0xFFFF);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, remaining);
        il.Emit(OpCodes.Ldloc, pageVa);
        SitePc();
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, exitPc);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Stloc, exitKind);
        il.Emit(OpCodes.Ldc_I4, NoLink);
        il.Emit(OpCodes.Stloc, exitSlot);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Ldc_I4, (int)BlockExit.CodeChanged);
        il.Emit(OpCodes.Bne_Un, epilogue);
        EmitRetire(1);
        il.Emit(OpCodes.Ldloc, exitPc);
        SiteField(SiteLengthShift, 0xFF);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, exitPc);
        il.Emit(OpCodes.Br, epilogue);
    }

    /// <summary>Pushes the slow site's pc as an offset from pageVa (a long).</summary>
    private void SitePc()
    {
        il.Emit(OpCodes.Ldloc, SlowSiteLocal);
        il.Emit(OpCodes.Ldc_I4, SitePcShift);
        il.Emit(OpCodes.Shr);
    }

    /// <summary>Pushes (int)(site &gt;&gt; shift) &amp; mask.</summary>
    private void SiteField(int shift, int mask)
    {
        il.Emit(OpCodes.Ldloc, SlowSiteLocal);
        if (shift != 0)
        {
            il.Emit(OpCodes.Ldc_I4, shift);
            il.Emit(OpCodes.Shr_Un);
        }
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, mask);
        il.Emit(OpCodes.And);
    }

    /// <summary>The addend of the shared probe the current access uses (<see cref="BlockIdioms.ProbeGroup"/>), null
    /// when it probes alone. The group's first access emits the probe: one TLB lookup for the window's first byte
    /// and a check that the last byte lies in the same page; the addend is 0 when either fails (or, harmlessly, when
    /// the page's addend happens to be 0). A misaligned access inside the page needs no check: the MMU performs
    /// those.</summary>
    private LocalBuilder? SharedProbe()
    {
        if (idioms.ProbeGroupAt(index) is not { } group) return null;
        if (index != group.First) return probeAddends[group];
        LocalBuilder addend = il.DeclareLocal(typeof(long));
        probeAddends[group] = addend;
        Label fail = il.DefineLabel(), done = il.DefineLabel();
        EmitAddress(group.Base, group.Low);
        int view = group.Store ? StoreView : LoadView;
        EmitProbe(view, 1, fail); // the page only
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldloc, va);
        Imm(group.Span - 1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Xor);
        il.Emit(OpCodes.Ldc_I4, 12);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Brtrue, fail); // the window's last byte is in another page
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
        outOfLine.Add(() =>
        {
            il.MarkLabel(alone);
            probed();
            il.Emit(OpCodes.Br, join);
        });
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
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I4, TlbIndexShift);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Ldc_I8, (long)(Mmu.TlbIndexMask << 4));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Stloc, entry);
        EmitEntryField(view, 0);
        il.Emit(OpCodes.Ldind_I8);
        // Mmu.TagOf: the page of the access's last byte, so a misaligned access inside the page hits and one
        // that crosses into the next page misses. Same instruction count as a plain page compare (lea for mov).
        il.Emit(OpCodes.Ldloc, va);
        if (size > 1) { Imm(size - 1); il.Emit(OpCodes.Add); }
        il.Emit(OpCodes.Ldc_I8, unchecked((long)~Mmu.PageOffsetMask));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Bne_Un, miss);
    }

    /// <summary>Pushes the address of a field of the probed entry: the view's base + entry + field. With the TLB in
    /// the low 2 GiB the base is a constant, which RyuJIT folds into each access's displacement
    /// (<c>cmp [idx+tlb]</c>, <c>mov [idx+tlb+8]</c>) instead of adding it in a register first.</summary>
    private void EmitEntryField(int view, int field)
    {
        il.Emit(OpCodes.Ldloc, entry);
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
