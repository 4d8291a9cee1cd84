using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// The out-of-line paths generated code calls: TLB misses, device access, misaligned and page-crossing
/// accesses and faults all go through the MMU's full load/store path, like the interpreter's.
/// </summary>
public static unsafe class JitHelpers
{
    /// <summary>Full load; false = trap left in the context.</summary>
    public static bool Load(JitContext ctx, ulong va, int size, ref ulong value)
    {
        if (ctx.Mmu.Load(va, size, out value, out Trap trap)) return true;
        ctx.PendingTrap = trap;
        return false;
    }

    /// <summary>Full store; returns a <see cref="BlockExit"/>: Continue, Trap, or CodeChanged (the store hit cached code).</summary>
    public static int Store(JitContext ctx, ulong va, int size, ulong value)
    {
        long epoch = ctx.CodeEpoch;
        if (!ctx.Mmu.Store(va, size, value, out Trap trap))
        {
            ctx.PendingTrap = trap;
            return (int)BlockExit.Trap;
        }
        return ctx.CodeEpoch != epoch ? (int)BlockExit.CodeChanged : (int)BlockExit.Continue;
    }

    /// <summary>LR/SC/AMO through the shared semantics; returns a <see cref="BlockExit"/> like <see cref="Store"/>.</summary>
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

    /// <summary>The compiled block for an indirect jump's target, if the jump cache has a valid one: lets
    /// returns and calls through pointers continue in compiled code without the dispatcher.</summary>
    public static BlockFunction? FindIndirect(JitContext ctx, ulong pc)
    {
        var block = ctx.Jumps.Get(pc);
        return block is { Valid: true } ? block.Function : null;
    }
}
