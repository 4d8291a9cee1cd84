using System.Runtime.CompilerServices;
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
    /// <summary>The <c>access</c> bit of <see cref="Access"/> that makes it a store (the low bits are the size).</summary>
    public const int StoreAccess = 0x10;

    /// <summary>
    /// A load or store that missed the inlined TLB probe (a TLB miss, a device, a page-crossing access; for a store
    /// also a clean page or one holding translations), through the MMU's full path (<see cref="Mmu.Load"/>,
    /// <see cref="Mmu.Store"/>: walk, fill, device, split), which is the interpreter's slow path too. Returns a
    /// <see cref="BlockExit"/>: Continue (a load's zero-extended bytes in <paramref name="loaded"/>), Trap
    /// (<see cref="JitContext.PendingTrap"/>), or CodeChanged: the store invalidated translations, maybe the running
    /// region's own, so the region leaves after it. Not inlined: one small call site per region.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Access(JitContext ctx, ulong va, int access, ulong value, out ulong loaded)
    {
        ctx.SlowAccesses++;
        int size = access & 0xF;
        Trap trap;
        if ((access & StoreAccess) == 0)
        {
            if (ctx.Mmu.Load(va, size, out loaded, out trap)) return (int)BlockExit.Continue;
        }
        else
        {
            loaded = 0;
            long epoch = ctx.CodeEpoch;
            if (ctx.Mmu.Store(va, size, value, out trap))
                return ctx.CodeEpoch != epoch ? (int)BlockExit.CodeChanged : (int)BlockExit.Continue;
        }
        ctx.PendingTrap = trap;
        return (int)BlockExit.Trap;
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
