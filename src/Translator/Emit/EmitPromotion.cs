using System.Reflection.Emit;

namespace RvJit.Translator.Emit;

/// <summary>
/// Quick-tier regions count toward their promotion in <see cref="BlockLinks.Countdown"/>: one at every entry
/// (a call from the dispatcher, a link, the jump cache) and one at every loop iteration inside the region (a
/// loop entered once per time slice would otherwise never prove hot). When the count passes zero the code
/// leaves with <see cref="BlockExit.Promote"/>, naming its entry in <see cref="JitContext.PromotingEntry"/>; the engine
/// queues the optimised region and sets the count out of reach, so it asks once.
/// </summary>
internal sealed partial class BlockEmitter
{
    /// <summary>At method entry, before any register is loaded: count, and leave at once when due.</summary>
    private void EmitEntryCount()
    {
        Label counted = il.DefineLabel();
        BranchIfPromoting(counted, whenDue: false);
        // pc is the entry; nothing ran, nothing to store back.
        EmitStateAddress(OffsetPc);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Stind_I8);
        NotePromoting();
        il.Emit(OpCodes.Ldc_I8, (long)BlockExit.Promote);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(counted);
    }

    private static readonly System.Reflection.MethodInfo PromotionDueHelper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.PromotionDue))!;

    /// <summary>Takes one off the countdown and branches to <paramref name="label"/> when it went below zero
    /// (<paramref name="whenDue"/>) or when it did not.</summary>
    private void BranchIfPromoting(Label label, bool whenDue = true)
    {
        if (compact)
        {
            // One statement instead of three: the same count, in JitHelpers.
            il.Emit(OpCodes.Ldarg_0);
            EmitMember(OpCodes.Call, PromotionDueHelper);
            il.Emit(whenDue ? OpCodes.Brtrue : OpCodes.Brfalse, label);
            return;
        }
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_0);
        EmitMember(OpCodes.Ldfld, CountdownField);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, status);
        EmitMember(OpCodes.Stfld, CountdownField);
        il.Emit(OpCodes.Ldloc, status);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(whenDue ? OpCodes.Blt : OpCodes.Bge, label);
    }

    /// <summary>A label that leaves for promotion before the loop iteration that starts at <paramref name="target"/>.</summary>
    private Label PromoteExit(int target)
    {
        var exit = new PendingExit(il.DefineLabel(), target, 0, BlockExit.Promote);
        pendingExits.Add(exit);
        return exit.Label;
    }

    /// <summary>ctx.PromotingEntry = links.EntryPa + 1: which region asks; and links.Countdown = int.MaxValue: it asks
    /// once, even when the engine no longer finds it (replaced by another hart meanwhile).</summary>
    private void NotePromoting()
    {
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, int.MaxValue);
        EmitMember(OpCodes.Stfld, CountdownField);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_0);
        EmitMember(OpCodes.Ldfld, LinksEntryPaField);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        EmitMember(OpCodes.Stfld, PromotingEntryField);
    }
}
