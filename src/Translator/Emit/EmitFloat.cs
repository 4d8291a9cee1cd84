using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator.Emit;

/// <summary>
/// F, D, Zfh and Zfhmin: every operation is a call to the <see cref="FloatOps"/> method named after its mnemonic (the
/// interpreter calls the same one). Arguments follow the method's parameters: the register operands, then
/// the rounding mode if it takes one (dyn resolved from frm at run time; frm > 4 is illegal), then fflags
/// by reference. FP loads and stores share the integer TLB probe, with NaN-boxing for flw and flh.
/// </summary>
internal sealed partial class BlockEmitter
{
    private static readonly MethodInfo PrepareFpHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.PrepareFp))!;
    private static readonly MethodInfo FpEnabledHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.FpEnabled))!;
    private bool fpChecked;

    /// <summary>Pops a loaded value into f register rd, NaN-boxing it with <paramref name="box"/> (0 for a double).</summary>
    private void StoreLoadedF(int rd, ulong box)
    {
        il.Emit(OpCodes.Stloc, value);
        FAddress(rd);
        il.Emit(OpCodes.Ldloc, value);
        if (box != 0)
        {
            Imm(unchecked((long)box)); // NaN-box
            il.Emit(OpCodes.Or);
        }
        StoreFAt();
    }

    private void EmitFloat(in Instruction d)
    {
        var operands = InstructionTable.Get(d.Op).Operands;
        bool readsOnly = d.Op is Op.Fsw or Op.Fsd or Op.Fsh or Op.FmvXW or Op.FmvXD or Op.FmvXH
            or Op.FclassS or Op.FclassD or Op.FclassH;
        EmitFpGate(d.Raw, readsOnly);

        switch (d.Op)
        {
            case Op.Flw:
            case Op.Fld:
            case Op.Flh:
                // The load may leave the block, so nothing else may be on the IL stack while it runs.
                int rd = d.Rd;
                (OpCode load, OpCode widen, ulong box) = d.Op switch
                {
                    Op.Flw => (OpCodes.Ldind_U4, OpCodes.Conv_U8, FloatOps.BoxBits),
                    Op.Flh => (OpCodes.Ldind_U2, OpCodes.Conv_U8, FloatOps.BoxBitsH),
                    _ => (OpCodes.Ldind_I8, OpCodes.Nop, 0UL),
                };
                EmitLoadValue(d.Rs1, d.Imm, InstructionTable.Get(d.Op).AccessBytes, load, widen, () => StoreLoadedF(rd, box));
                return;
            case Op.Fsw:
            case Op.Fsd:
            case Op.Fsh:
                int rs2 = d.Rs2;
                EmitStoreValue(d.Rs1, d.Imm, InstructionTable.Get(d.Op).AccessBytes, () => LoadF(rs2));
                return;
        }

        if (!FloatMethods.ByOp.TryGetValue(d.Op, out var call)) throw new InvalidOperationException($"translator: FloatOps has no {d.Op}");
        var (method, sources, takesRm, takesFlags) = call;
        bool toFp = operands is Operands.FR or Operands.FRNoRm or Operands.FR1 or Operands.FR4 or Operands.XToF or Operands.XToFNoRm;
        bool fromInt = operands is Operands.XToF or Operands.XToFNoRm;

        // Resolve a dynamic rounding mode before anything is pushed (the illegal exit needs an empty stack).
        if (takesRm && d.Rm == 7)
        {
            EmitStateAddress(OffsetFrm);
            il.Emit(OpCodes.Ldind_U4);
            il.Emit(OpCodes.Stloc, rm);
            il.Emit(OpCodes.Ldloc, rm);
            il.Emit(OpCodes.Ldc_I4, 4);
            il.Emit(OpCodes.Bgt_Un, IllegalExit(d.Raw));
        }

        if (toFp) FAddress(d.Rd);
        for (int i = 0; i < sources; i++)
        {
            int source = i switch { 0 => d.Rs1, 1 => d.Rs2, _ => d.Rs3 };
            if (fromInt) LoadX(source);
            else LoadF(source);
        }
        if (takesRm)
        {
            if (d.Rm == 7) il.Emit(OpCodes.Ldloc, rm);
            else il.Emit(OpCodes.Ldc_I4, (int)d.Rm);
        }
        if (takesFlags) FflagsAddress();
        EmitMember(OpCodes.Call, method);
        if (toFp) StoreFAt();
        else StoreX(d.Rd);
    }

    /// <summary>The FS gate (mstatus.FS = Off makes every FP instruction illegal); state-writing instructions
    /// also set FS to Dirty. Emitted once per block for each kind.</summary>
    private void EmitFpGate(uint raw, bool readsOnly)
    {
        if (fpPrepared || (readsOnly && fpChecked)) return;
        Label passed = il.DefineLabel();
        LocalBuilder? passedOnce = readsOnly ? regionFpChecked : regionFpPrepared;
        if (passedOnce is not null)
        {
            il.Emit(OpCodes.Ldloc, passedOnce);
            il.Emit(OpCodes.Brtrue, passed);
        }
        il.Emit(OpCodes.Ldarg_2);
        EmitMember(OpCodes.Call, readsOnly ? FpEnabledHelper : PrepareFpHelper);
        il.Emit(OpCodes.Brfalse, IllegalExit(raw));
        if (passedOnce is not null)
        {
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Stloc, passedOnce);
        }
        il.MarkLabel(passed);
        fpChecked = true;
        if (!readsOnly) fpPrepared = true;
    }

    /// <summary>The region's FS gates, 0 until one is passed in this call of the region: after that, later gates (the
    /// next iteration of a loop, the next block) skip the call. Nothing in the region changes mstatus.FS (a region with
    /// a CSR write other than the FP CSRs, which might, keeps a call at every gate) and marking FS dirty again changes
    /// nothing; matmul's fmadd loop spent a sixth of its samples in the call to <see cref="JitHelpers.PrepareFp"/>.</summary>
    private LocalBuilder? regionFpChecked, regionFpPrepared;

    /// <summary>Whether the region has a CSR instruction other than the FP CSRs' (sstatus and the supervisor's trap
    /// registers run in compiled code).</summary>
    private bool writesSupervisorCsr;

    /// <summary>In the prologue: the region's FS gates, not yet passed, when it has FP instructions (and notes
    /// <see cref="writesSupervisorCsr"/>).</summary>
    private void BeginRegionFpGates()
    {
        bool fp = false;
        foreach (var block in region.Order)
            foreach (var (ins, _) in block.Instructions)
            {
                var extension = InstructionTable.Get(ins.Op).Extension;
                fp |= extension.IsFloatingPoint();
                // sstatus writes run in compiled code and may turn FP off.
                writesSupervisorCsr |= extension == Extension.Zicsr && !Runtime.Semantics.CsrOps.IsFloatingPointCsr((uint)ins.Imm);
            }
        if (!fp || writesSupervisorCsr) return;
        regionFpChecked = il.DeclareLocal(typeof(int));
        regionFpPrepared = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc, regionFpChecked);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc, regionFpPrepared);
    }

    /// <summary><see cref="FloatOps"/>' methods by the instruction they are named after, with what a call passes them:
    /// the source registers (<c>ulong</c> parameters), a rounding mode (<c>int</c>), the fflags (a last <c>ref</c>).
    /// Read once, when the first FP instruction is emitted: finding them by name for every instruction, with their
    /// parameters, was reflection on each use.</summary>
    private static class FloatMethods
    {
        public static readonly IReadOnlyDictionary<Op, (MethodInfo Method, int Sources, bool TakesRm, bool TakesFlags)> ByOp =
            typeof(FloatOps).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => Enum.TryParse<Op>(m.Name, out _))
                .GroupBy(m => Enum.Parse<Op>(m.Name)).Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => Describe(g.Single()));

        private static (MethodInfo, int, bool, bool) Describe(MethodInfo method)
        {
            var ps = method.GetParameters();
            return (method, ps.Count(p => p.ParameterType == typeof(ulong)), ps.Any(p => p.ParameterType == typeof(int)),
                ps.Length > 0 && ps[^1].ParameterType.IsByRef);
        }
    }
}
