using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator.Emit;

/// <summary>LR/SC and AMOs: a call to the shared <see cref="AtomicOps.Execute"/> through <see cref="JitHelpers.Atomic"/>
/// (host-atomic, so harts on other threads see each AMO whole). FENCE: a host full fence where <see cref="FenceOps"/> says so.</summary>
internal sealed partial class BlockEmitter
{
    private static readonly MethodInfo AtomicHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Atomic))!;
    private static readonly MethodInfo HostFence = typeof(Interlocked).GetMethod(nameof(Interlocked.MemoryBarrier), Type.EmptyTypes)!;

    /// <summary>Store->load order is the only one the host (x86-64 TSO) can break; other fences compile to nothing.</summary>
    private void EmitFence(in Instruction d)
    {
        if (FenceOps.NeedsHostFence(d.Imm)) EmitMember(OpCodes.Call, HostFence);
    }

    private void EmitAtomic(in Instruction d)
    {
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldc_I4, (int)d.Op);
        LoadX(d.Rs1);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Ldloca, value);
        EmitMember(OpCodes.Call, AtomicHelper);
        il.Emit(OpCodes.Stloc, status);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Ldc_I4, (int)BlockExit.Trap);
        il.Emit(OpCodes.Beq, TrapExit());
        il.Emit(OpCodes.Ldloc, value);
        StoreX(d.Rd);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Brtrue, CodeChangedExit(offset + d.Length));
    }
}
