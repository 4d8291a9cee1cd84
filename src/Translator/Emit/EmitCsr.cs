using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>CSR instructions the translator keeps in compiled code (the FP CSRs, sstatus and the supervisor's trap
/// registers, see <see cref="GuestBlock.Translatable"/>): a call to the shared read-modify-write rule; illegal when FP is
/// off (or below S-mode); a write to sstatus that the dispatcher must see ends the block after it.</summary>
internal sealed partial class BlockEmitter
{
    private static readonly MethodInfo CsrHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Csr))!;
    private static readonly MethodInfo SupervisorCsrHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.SupervisorCsr))!;

    private void EmitCsr(in Instruction d)
    {
        bool immediate = d.Op is Op.Csrrwi or Op.Csrrsi or Op.Csrrci;
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldc_I4, (int)d.Op);
        il.Emit(OpCodes.Ldc_I4, (int)d.Imm);
        if (immediate) il.Emit(OpCodes.Ldc_I8, (long)d.Rs1);
        else LoadX(d.Rs1);
        il.Emit(OpCodes.Ldc_I4, (int)d.Rd);
        il.Emit(OpCodes.Ldc_I4, (int)d.Rs1);
        il.Emit(OpCodes.Ldloca, value);
        if (Runtime.Semantics.CsrOps.IsFloatingPointCsr((uint)d.Imm))
        {
            EmitMember(OpCodes.Call, CsrHelper);
            il.Emit(OpCodes.Brfalse, IllegalExit(d.Raw));
            il.Emit(OpCodes.Ldloc, value);
            StoreX(d.Rd);
            return;
        }
        EmitMember(OpCodes.Call, SupervisorCsrHelper);
        il.Emit(OpCodes.Stloc, status);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Brfalse, IllegalExit(d.Raw));
        il.Emit(OpCodes.Ldloc, value);
        StoreX(d.Rd);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Ldc_I4_2);
        il.Emit(OpCodes.Beq, ResyncExit(offset + d.Length));
    }
}
