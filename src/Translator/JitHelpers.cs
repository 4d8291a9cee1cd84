using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// The out-of-line paths generated code calls (loads and stores off the TLB's fast path, atomics, FP CSRs, the
/// FP gate). Each is a thin adapter over the shared semantics the interpreter runs too.
/// </summary>
public static unsafe class JitHelpers
{
    /// <summary>A load that missed the inlined TLB probe (a TLB miss, a device, a page-crossing access), through
    /// the MMU's full path (<see cref="Mmu.Load"/>, the interpreter's slow path): walk, fill, device, split.
    /// Returns a <see cref="BlockExit"/>: Continue with the zero-extended bytes in <paramref name="value"/>, or
    /// Trap.</summary>
    public static int Load(JitContext ctx, ulong va, int size, out ulong value)
    {
        ctx.SlowAccesses++;
        if (ctx.Mmu.Load(va, size, out value, out Trap trap)) return (int)BlockExit.Continue;
        ctx.PendingTrap = trap;
        return (int)BlockExit.Trap;
    }

    /// <summary>A store that missed the inlined probe (also: a page that is not yet dirty, or holds translations),
    /// through <see cref="Mmu.Store"/>. Returns Continue, Trap, or CodeChanged (the store invalidated
    /// translations, possibly the running region's own: the region leaves after the store).</summary>
    public static int Store(JitContext ctx, ulong va, int size, ulong value)
    {
        ctx.SlowAccesses++;
        long epoch = ctx.CodeEpoch;
        if (!ctx.Mmu.Store(va, size, value, out Trap trap))
        {
            ctx.PendingTrap = trap;
            return (int)BlockExit.Trap;
        }
        return ctx.CodeEpoch != epoch ? (int)BlockExit.CodeChanged : (int)BlockExit.Continue;
    }

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

    /// <summary>FP state is accessible (mstatus.FS != Off).</summary>
    public static bool FpEnabled(JitContext ctx) => ctx.Hart.Csrs.FpEnabled;
}
