using System.Reflection.Emit;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>Branches and jumps: they end the block, continuing at the target or the fall-through (inside the
/// region when it holds that block, otherwise through an exit).</summary>
internal sealed partial class BlockEmitter
{
    private void EmitBranch(in Instruction d)
    {
        int next = offset + d.Length;
        int retired = carried + index + 1;
        switch (d.Op)
        {
            case Op.Jal:
                PushPc(next);
                StoreX(d.Rd);
                EmitEdge(offset + (int)d.Imm, retired);
                return;
            case Op.Jalr:
                // The target is read before rd is written (rd may equal rs1).
                LoadXPlus(d.Rs1, d.Imm);
                Imm(~1L);
                il.Emit(OpCodes.And);
                il.Emit(OpCodes.Stloc, value);
                PushPc(next);
                StoreX(d.Rd);
                EmitExitToValue(retired, RegionEntries.IsReturn(d));
                return;
        }

        OpCode branchIfTaken = d.Op switch
        {
            Op.Beq => OpCodes.Beq,
            Op.Bne => OpCodes.Bne_Un,
            Op.Blt => OpCodes.Blt,
            Op.Bge => OpCodes.Bge,
            Op.Bltu => OpCodes.Blt_Un,
            Op.Bgeu => OpCodes.Bge_Un,
            _ => throw new InvalidOperationException($"not a branch: {d.Op}"),
        };
        Label taken = il.DefineLabel();
        LoadX(d.Rs1);
        LoadX(d.Rs2);
        il.Emit(branchIfTaken, taken);
        EmitEdge(next, retired);
        il.MarkLabel(taken);
        EmitEdge(offset + (int)d.Imm, retired);
    }
}
