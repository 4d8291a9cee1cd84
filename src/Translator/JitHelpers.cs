using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// The out-of-line paths generated code calls (atomics, FP CSRs, the FP gate, the quick tier's TLB probes). Loads
/// and stores off the TLB's fast path do not call out: they leave the region for the interpreter.
/// </summary>
public static unsafe class JitHelpers
{
    /// <summary>LR/SC/AMO through the shared semantics; returns a <see cref="BlockExit"/>: Continue, Trap, or
    /// CodeChanged (the store hit cached code).</summary>
    public static int Atomic(JitContext ctx, int op, ulong va, ulong rs2, ref ulong rd)
    {
        long epoch = ctx.CodeEpoch;
        if (!AtomicOps.Execute(ctx.Hart, (Op)op, va, rs2, out rd, out Trap trap))
        {
            ctx.PendingTrap = trap;
            return (int)BlockExit.Trap;
        }
        return ctx.CodeEpoch != epoch ? (int)BlockExit.CodeChanged : (int)BlockExit.Continue;
    }

    /// <summary>A CSR instruction on an FP CSR through the shared rule; false = illegal (FP off).</summary>
    public static bool Csr(JitContext ctx, int op, int csr, ulong operand, int rd, int rs1, ref ulong old) =>
        CsrOps.Execute(ctx.Hart.Csrs, (Op)op, (uint)csr, operand, rd, rs1, out old);

    /// <summary>A CSR instruction on sstatus or a supervisor trap register (<see cref="CsrOps.IsSupervisorStateCsr"/>):
    /// 0 = illegal (not in S-mode or above), 1 = done, 2 = done, but the block must end after it (<see cref="CsrOps.MayRunOn"/>).</summary>
    public static int SupervisorCsr(JitContext ctx, int op, int csr, ulong operand, int rd, int rs1, ref ulong old)
    {
        var hart = ctx.Hart;
        ulong before = hart.Csrs.Mstatus;
        if (!CsrOps.Execute(hart.Csrs, (Op)op, (uint)csr, operand, rd, rs1, out old)) return 0;
        return CsrOps.MayRunOn(hart, before) ? 1 : 2;
    }

    /// <summary>Leaves an illegal-instruction trap for the instruction bits <paramref name="raw"/>.</summary>
    public static void SetIllegal(JitContext ctx, int raw) =>
        ctx.PendingTrap = new Trap(ExceptionCause.IllegalInstruction, (uint)raw);

    /// <summary>The FS gate of a block that uses FP: false = FP is off (illegal); otherwise marks FS dirty.</summary>
    public static bool PrepareFp(JitContext ctx)
    {
        var csrs = ctx.Hart.Csrs;
        if (!csrs.FpEnabled) return false;
        csrs.MarkFpDirty();
        return true;
    }

    /// <summary>The quick tier's load probe: the host address of <paramref name="size"/> bytes at <paramref name="va"/>
    /// when the hart's load view maps them (the probe generated code inlines in the optimised tier), else 0.</summary>
    public static nint LoadAddress(JitContext ctx, ulong va, int size)
    {
        TlbEntry* e = Mmu.EntryFor((TlbEntry*)ctx.Tlb, va);
        return e->Tag == Mmu.TagOf(va, size) ? (nint)(va + (ulong)e->Addend) : 0;
    }

    /// <summary>The quick tier's store probe (the store view: no device, no page holding translations), as
    /// <see cref="LoadAddress"/>.</summary>
    public static nint StoreAddress(JitContext ctx, ulong va, int size)
    {
        TlbEntry* e = Mmu.EntryFor((TlbEntry*)(ctx.Tlb + Mmu.StoreViewOffset), va);
        return e->Tag == Mmu.TagOf(va, size) ? (nint)(va + (ulong)e->Addend) : 0;
    }

    /// <summary>
    /// The quick tier's exit (its registers and budget already stored): <paramref name="packed"/> is what the region's
    /// exit packed (see BlockEmitter.EmitPackedExit): the pc's offset from <paramref name="basePc"/> (low 32 bits,
    /// signed), the link slot + 2 (bits 32-39: a slot, or -1 plain, -2 indirect), the kind (40-47) and the instructions
    /// retired (48-63). Stores the pc and takes the retired instructions off the budget; returns the successor to
    /// tail-call while budget remains (the slot's link, or the jump cache's block for an indirect exit), else null
    /// (an empty or unfollowed slot is named in <see cref="JitContext.LinkExit"/> for the dispatcher to fill), as the
    /// optimised epilogue does inline.
    /// </summary>
    public static BlockFunction? Leave(BlockLinks links, CpuState* state, JitContext ctx, ulong basePc, long packed)
    {
        ulong pc = basePc + (ulong)(long)(int)packed;
        int slot = (int)((packed >> 32) & 0xFF) - 2;
        long remaining = ctx.Remaining -= (long)((ulong)packed >> 48);
        state->Pc = pc;
        if (slot >= 0)
        {
            if (links.Next[slot] is { } next && remaining > 0) return next;
            ctx.LinkExit = JitContext.LinkExitBase(links.EntryPa) + slot;
            return null;
        }
        if (slot != -2 || remaining <= 0) return null;
        return ctx.Jumps.Get(pc)?.Function;
    }

    // The quick tier's integer loads and stores, named after their instructions: a TLB hit is performed (a load's
    // value, extended as the instruction does, left in JitContext.Loaded for the code to move into rd), anything else
    // leaves the region's packed exit (exit, see BlockEmitter.EmitPackedExit) in JitContext.Loaded and returns false;
    // the region then leaves before the instruction for the interpreter. Taking the exit as an argument spares the
    // region a block and a statement an access (what minopts charges for). Not a ref to rd's local: a local whose
    // address is taken bars RyuJIT's fast tail call, and the region's tail call to its successor then goes through
    // the runtime's tail-call helper (a thread-local argument buffer: sha256's quick code ran 56% more host
    // instructions).
    public static bool Lb(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 1); if (h == 0) return Miss(ctx, exit); ctx.Loaded = (ulong)*(sbyte*)h; return true; }
    public static bool Lh(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 2); if (h == 0) return Miss(ctx, exit); ctx.Loaded = (ulong)*(short*)h; return true; }
    public static bool Lw(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 4); if (h == 0) return Miss(ctx, exit); ctx.Loaded = (ulong)*(int*)h; return true; }
    public static bool Ld(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 8); if (h == 0) return Miss(ctx, exit); ctx.Loaded = *(ulong*)h; return true; }
    public static bool Lbu(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 1); if (h == 0) return Miss(ctx, exit); ctx.Loaded = *(byte*)h; return true; }
    public static bool Lhu(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 2); if (h == 0) return Miss(ctx, exit); ctx.Loaded = *(ushort*)h; return true; }
    public static bool Lwu(JitContext ctx, ulong va, long exit) { nint h = LoadAddress(ctx, va, 4); if (h == 0) return Miss(ctx, exit); ctx.Loaded = *(uint*)h; return true; }
    public static bool Sb(JitContext ctx, ulong va, ulong value, long exit) { nint h = StoreAddress(ctx, va, 1); if (h == 0) return Miss(ctx, exit); *(byte*)h = (byte)value; return true; }
    public static bool Sh(JitContext ctx, ulong va, ulong value, long exit) { nint h = StoreAddress(ctx, va, 2); if (h == 0) return Miss(ctx, exit); *(ushort*)h = (ushort)value; return true; }
    public static bool Sw(JitContext ctx, ulong va, ulong value, long exit) { nint h = StoreAddress(ctx, va, 4); if (h == 0) return Miss(ctx, exit); *(uint*)h = (uint)value; return true; }
    public static bool Sd(JitContext ctx, ulong va, ulong value, long exit) { nint h = StoreAddress(ctx, va, 8); if (h == 0) return Miss(ctx, exit); *(ulong*)h = value; return true; }

    private static bool Miss(JitContext ctx, long exit)
    {
        ctx.Loaded = (ulong)exit;
        return false;
    }

    /// <summary>The quick tier's promotion count (an entry or a loop iteration): takes one off
    /// <see cref="BlockLinks.Countdown"/>, true when it went below zero. Unsynchronised, as the optimised IL's count:
    /// harts that share the region lose a count now and then, which only moves the promotion a little.</summary>
    public static bool PromotionDue(BlockLinks links) => --links.Countdown < 0;

    /// <summary>FP state is accessible (mstatus.FS != Off).</summary>
    public static bool FpEnabled(JitContext ctx) => ctx.Hart.Csrs.FpEnabled;
}
