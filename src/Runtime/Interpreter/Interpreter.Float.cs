using System.Runtime.CompilerServices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using static RvJit.Runtime.Semantics.FloatOps;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The F, D, Zfh and Zfhmin extensions for the interpreter: register plumbing only. Every operation's semantics
/// (NaN-boxing, rounding modes, fflags) is a call into <see cref="Semantics.FloatOps"/>, the same methods
/// the translator calls.
/// </summary>
public sealed unsafe partial class Interpreter
{
    /// <summary>Executes an F/D instruction: true when done, else <see cref="outcome"/> says what needs attention
    /// (Faulted with pendingTrap set, CodeChanged, or IllegalEncoding).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ExecuteFloat(in CachedInstruction d)
    {
        outcome = ExecuteFloatOutcome(in d, hart.State);
        return outcome == Done;
    }

    private int ExecuteFloatOutcome(in CachedInstruction d, CpuState* s)
    {
        ulong* x = s->X;
        ulong* f = s->F;
        ref uint fl = ref s->Fflags;

        // Stores and moves to integer registers read FP state only; everything else may write it.
        switch (d.Op)
        {
            case Op.Fsw: return Store(x[d.Rs1] + (ulong)d.Imm, 4, f[d.Rs2]) ? Done : outcome;
            case Op.Fsd: return Store(x[d.Rs1] + (ulong)d.Imm, 8, f[d.Rs2]) ? Done : outcome;
            case Op.Fsh: return Store(x[d.Rs1] + (ulong)d.Imm, 2, f[d.Rs2]) ? Done : outcome;
            case Op.FmvXH: x[d.Rd] = FmvXH(f[d.Rs1]); return Done;
            case Op.FclassH: x[d.Rd] = FclassH(f[d.Rs1]); return Done;
            case Op.FmvXW: x[d.Rd] = FmvXW(f[d.Rs1]); return Done;
            case Op.FmvXD: x[d.Rd] = FmvXD(f[d.Rs1]); return Done;
            case Op.FclassS: x[d.Rd] = FclassS(f[d.Rs1]); return Done;
            case Op.FclassD: x[d.Rd] = FclassD(f[d.Rs1]); return Done;
        }

        hart.Csrs.MarkFpDirty();
        switch (d.Op)
        {
            case Op.Flw:
            {
                if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) return Faulted;
                f[d.Rd] = v | 0xFFFF_FFFF_0000_0000UL; // NaN-box
                return Done;
            }
            case Op.Flh:
            {
                if (!Load(x[d.Rs1] + (ulong)d.Imm, 2, out ulong v)) return Faulted;
                f[d.Rd] = v | BoxBitsH; // NaN-box
                return Done;
            }
            case Op.Fld:
            {
                if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) return Faulted;
                f[d.Rd] = v;
                return Done;
            }
            case Op.FsgnjS: f[d.Rd] = FsgnjS(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjnS: f[d.Rd] = FsgnjnS(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjxS: f[d.Rd] = FsgnjxS(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjD: f[d.Rd] = FsgnjD(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjnD: f[d.Rd] = FsgnjnD(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjxD: f[d.Rd] = FsgnjxD(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FminS: f[d.Rd] = FminS(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FmaxS: f[d.Rd] = FmaxS(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FminD: f[d.Rd] = FminD(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FmaxD: f[d.Rd] = FmaxD(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FeqS: x[d.Rd] = FeqS(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FltS: x[d.Rd] = FltS(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FleS: x[d.Rd] = FleS(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FeqD: x[d.Rd] = FeqD(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FltD: x[d.Rd] = FltD(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FleD: x[d.Rd] = FleD(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FmvWX: f[d.Rd] = FmvWX(x[d.Rs1]); return Done;
            case Op.FmvDX: f[d.Rd] = FmvDX(x[d.Rs1]); return Done;
            case Op.FsgnjH: f[d.Rd] = FsgnjH(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjnH: f[d.Rd] = FsgnjnH(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FsgnjxH: f[d.Rd] = FsgnjxH(f[d.Rs1], f[d.Rs2]); return Done;
            case Op.FminH: f[d.Rd] = FminH(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FmaxH: f[d.Rd] = FmaxH(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FeqH: x[d.Rd] = FeqH(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FltH: x[d.Rd] = FltH(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FleH: x[d.Rd] = FleH(f[d.Rs1], f[d.Rs2], ref fl); return Done;
            case Op.FmvHX: f[d.Rd] = FmvHX(x[d.Rs1]); return Done;
        }

        // The rest round: resolve the rounding mode (dyn = frm); 5 and 6, or frm > 4 under dyn, are illegal.
        int rm = d.Rm == 7 ? (int)s->Frm : d.Rm;
        if (rm > 4) return IllegalEncoding;
        switch (d.Op)
        {
            case Op.FaddS: f[d.Rd] = FaddS(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsubS: f[d.Rd] = FsubS(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FmulS: f[d.Rd] = FmulS(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FdivS: f[d.Rd] = FdivS(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsqrtS: f[d.Rd] = FsqrtS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FmaddS: f[d.Rd] = FmaddS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FmsubS: f[d.Rd] = FmsubS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmsubS: f[d.Rd] = FnmsubS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmaddS: f[d.Rd] = FnmaddS(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FaddD: f[d.Rd] = FaddD(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsubD: f[d.Rd] = FsubD(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FmulD: f[d.Rd] = FmulD(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FdivD: f[d.Rd] = FdivD(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsqrtD: f[d.Rd] = FsqrtD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FmaddD: f[d.Rd] = FmaddD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FmsubD: f[d.Rd] = FmsubD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmsubD: f[d.Rd] = FnmsubD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmaddD: f[d.Rd] = FnmaddD(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FcvtWS: x[d.Rd] = FcvtWS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtWuS: x[d.Rd] = FcvtWuS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLS: x[d.Rd] = FcvtLS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLuS: x[d.Rd] = FcvtLuS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSW: f[d.Rd] = FcvtSW(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSWu: f[d.Rd] = FcvtSWu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSL: f[d.Rd] = FcvtSL(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSLu: f[d.Rd] = FcvtSLu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtWD: x[d.Rd] = FcvtWD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtWuD: x[d.Rd] = FcvtWuD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLD: x[d.Rd] = FcvtLD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLuD: x[d.Rd] = FcvtLuD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDW: f[d.Rd] = FcvtDW(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDWu: f[d.Rd] = FcvtDWu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDL: f[d.Rd] = FcvtDL(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDLu: f[d.Rd] = FcvtDLu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSD: f[d.Rd] = FcvtSD(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDS: f[d.Rd] = FcvtDS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FaddH: f[d.Rd] = FaddH(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsubH: f[d.Rd] = FsubH(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FmulH: f[d.Rd] = FmulH(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FdivH: f[d.Rd] = FdivH(f[d.Rs1], f[d.Rs2], rm, ref fl); return Done;
            case Op.FsqrtH: f[d.Rd] = FsqrtH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FmaddH: f[d.Rd] = FmaddH(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FmsubH: f[d.Rd] = FmsubH(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmsubH: f[d.Rd] = FnmsubH(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FnmaddH: f[d.Rd] = FnmaddH(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref fl); return Done;
            case Op.FcvtWH: x[d.Rd] = FcvtWH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtWuH: x[d.Rd] = FcvtWuH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLH: x[d.Rd] = FcvtLH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtLuH: x[d.Rd] = FcvtLuH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHW: f[d.Rd] = FcvtHW(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHWu: f[d.Rd] = FcvtHWu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHL: f[d.Rd] = FcvtHL(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHLu: f[d.Rd] = FcvtHLu(x[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtSH: f[d.Rd] = FcvtSH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHS: f[d.Rd] = FcvtHS(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtDH: f[d.Rd] = FcvtDH(f[d.Rs1], rm, ref fl); return Done;
            case Op.FcvtHD: f[d.Rd] = FcvtHD(f[d.Rs1], rm, ref fl); return Done;
        }
        return IllegalEncoding;
    }
}
