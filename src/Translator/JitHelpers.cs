using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// The out-of-line paths generated code calls (atomics, FP CSRs, the FP gate). Loads
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
