using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using static RvJit.Runtime.Semantics.FloatOps;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The F and D extensions for the interpreter: register plumbing only. Every operation's semantics
/// (NaN-boxing, rounding modes, fflags) is a call into <see cref="Semantics.FloatOps"/>, the same methods
/// the translator calls.
/// </summary>
public sealed unsafe partial class Interpreter
{
    /// <summary>Executes an F/D instruction; returns a store outcome (StoreDone, StoreFaulted with pendingTrap set,
    /// StoreCodeChanged, or StoreIllegal).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int ExecuteFloat(in CachedInstruction d, CpuState* s)
    {
        ulong* x = s->X;
        ulong* f = s->F;
        ref uint fl = ref s->Fflags;

        // Stores and moves to integer registers read FP state only; everything else may write it.
        switch (d.Op)
        {
            case Op.Fsw: return Store(x[d.Rs1] + (ulong)d.Imm, 4, f[d.Rs2]);
            case Op.Fsd: return Store(x[d.Rs1] + (ulong)d.Imm, 8, f[d.Rs2]);
            case Op.FmvXW: x[d.Rd] = FmvXW(f[d.Rs1]); return StoreDone;
            case Op.FmvXD: x[d.Rd] = FmvXD(f[d.Rs1]); return StoreDone;
            case Op.FclassS: x[d.Rd] = FclassS(f[d.Rs1]); return StoreDone;
            case Op.FclassD: x[d.Rd] = FclassD(f[d.Rs1]); return StoreDone;
        }

        hart.Csrs.MarkFpDirty();
        switch (d.Op)
        {
            case Op.Flw:
            {
                if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) return StoreFaulted;
                f[d.Rd] = v | 0xFFFF_FFFF_0000_0000UL; // NaN-box
                return StoreDone;
            }
            case Op.Fld:
            {
                if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) return StoreFaulted;
                f[d.Rd] = v;
                return StoreDone;
            }
            case Op.FsgnjS: f[d.Rd] = FsgnjS(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FsgnjnS: f[d.Rd] = FsgnjnS(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FsgnjxS: f[d.Rd] = FsgnjxS(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FsgnjD: f[d.Rd] = FsgnjD(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FsgnjnD: f[d.Rd] = FsgnjnD(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FsgnjxD: f[d.Rd] = FsgnjxD(f[d.Rs1], f[d.Rs2]); return StoreDone;
            case Op.FminS: f[d.Rd] = FminS(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FmaxS: f[d.Rd] = FmaxS(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FminD: f[d.Rd] = FminD(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FmaxD: f[d.Rd] = FmaxD(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FeqS: x[d.Rd] = FeqS(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FltS: x[d.Rd] = FltS(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FleS: x[d.Rd] = FleS(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FeqD: x[d.Rd] = FeqD(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FltD: x[d.Rd] = FltD(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FleD: x[d.Rd] = FleD(f[d.Rs1], f[d.Rs2], ref fl); return StoreDone;
            case Op.FmvWX: f[d.Rd] = FmvWX(x[d.Rs1]); return StoreDone;
            case Op.FmvDX: f[d.Rd] = FmvDX(x[d.Rs1]); return StoreDone;
        }

        // The rest round: resolve the rounding mode (dyn = frm); 5 and 6, or frm > 4 under dyn, are illegal.
        int rm = d.Rm == 7 ? (int)s->Frm : d.Rm;
        if (rm > 4) return StoreIllegal;
        switch (d.Op)
        {
            case Op.FaddS: f[d.Rd] = FaddS(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FsubS: f[d.Rd] = FsubS(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FmulS: f[d.Rd] = FmulS(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FdivS: f[d.Rd] = FdivS(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FsqrtS: f[d.Rd] = FsqrtS(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FmaddS: f[d.Rd] = FmaddS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FmsubS: f[d.Rd] = FmsubS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FnmsubS: f[d.Rd] = FnmsubS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FnmaddS: f[d.Rd] = FnmaddS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FaddD: f[d.Rd] = FaddD(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FsubD: f[d.Rd] = FsubD(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FmulD: f[d.Rd] = FmulD(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FdivD: f[d.Rd] = FdivD(f[d.Rs1], f[d.Rs2], rm, ref fl); return StoreDone;
            case Op.FsqrtD: f[d.Rd] = FsqrtD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FmaddD: f[d.Rd] = FmaddD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FmsubD: f[d.Rd] = FmsubD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FnmsubD: f[d.Rd] = FnmsubD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FnmaddD: f[d.Rd] = FnmaddD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return StoreDone;
            case Op.FcvtWS: x[d.Rd] = FcvtWS(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtWuS: x[d.Rd] = FcvtWuS(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtLS: x[d.Rd] = FcvtLS(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtLuS: x[d.Rd] = FcvtLuS(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtSW: f[d.Rd] = FcvtSW(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtSWu: f[d.Rd] = FcvtSWu(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtSL: f[d.Rd] = FcvtSL(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtSLu: f[d.Rd] = FcvtSLu(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtWD: x[d.Rd] = FcvtWD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtWuD: x[d.Rd] = FcvtWuD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtLD: x[d.Rd] = FcvtLD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtLuD: x[d.Rd] = FcvtLuD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtDW: f[d.Rd] = FcvtDW(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtDWu: f[d.Rd] = FcvtDWu(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtDL: f[d.Rd] = FcvtDL(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtDLu: f[d.Rd] = FcvtDLu(x[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtSD: f[d.Rd] = FcvtSD(f[d.Rs1], rm, ref fl); return StoreDone;
            case Op.FcvtDS: f[d.Rd] = FcvtDS(f[d.Rs1], rm, ref fl); return StoreDone;
        }
        return StoreIllegal;
    }
}
