using System.Reflection.Emit;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Where an optimised region keeps each guest register. A register a loop of the region uses is loaded into its
/// local at entry and, if written, stored back at every exit, so the loop runs on host registers. Any other register
/// is on demand: loaded from the CpuState where a path first reads it, and written through to the CpuState at each
/// write, so no exit stores it and an entry loads only what the path it takes reads. Call-heavy code leaves a region
/// every few instructions (SQLite: about every 17), and the prologue and epilogue then loaded and stored every
/// register the region names, on every path; they also kept each of them live across the whole method, which
/// crowded the loops' registers out of host registers.
///
/// <see cref="available"/> tracks which on-demand registers hold their value at the instruction being emitted:
/// those read or written on every path from an entry (a forward must-analysis over the region's static edges,
/// <see cref="availableIn"/>). A read of one that is not available loads it first; a load that is not needed is only
/// slower, never wrong, because the CpuState always holds an on-demand register's value.
/// </summary>
internal sealed partial class BlockEmitter
{
    private uint onDemand;       // registers loaded where first read and written through (see above)
    private uint available;      // on-demand registers whose locals hold their values here
    private uint[]? availableIn; // per block (region order): on-demand registers available at its start

    /// <summary>Chooses the on-demand registers among <paramref name="used"/> and computes <see cref="availableIn"/>.</summary>
    private void PlanHomes(uint used)
    {
        var order = region.Order;
        int n = order.Count;
        uint inLoops = 0;
        var touched = new uint[n];
        for (int b = 0; b < n; b++)
        {
            foreach (var (ins, _) in order[b].Instructions) touched[b] |= Touches(in ins);
            if (shape!.OnCycle[b]) inLoops |= touched[b];
        }
        onDemand = used & ~inLoops & ~1u;
        if (onDemand == 0) return;
        // available at a block's start: what every way in has read or written (an entry: nothing).
        var predecessors = shape!.Predecessors;
        availableIn = new uint[n];
        var availableOut = new uint[n];
        for (int b = 0; b < n; b++)
        {
            availableIn[b] = shape!.Entry[b] ? 0 : onDemand;
            availableOut[b] = availableIn[b] | touched[b] & onDemand;
        }
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int b = 0; b < n; b++)
            {
                uint inSet = shape!.Entry[b] ? 0 : onDemand;
                for (uint ps = predecessors[b]; ps != 0; ps &= ps - 1) inSet &= availableOut[System.Numerics.BitOperations.TrailingZeroCount(ps)];
                if (inSet == availableIn[b]) continue;
                availableIn[b] = inSet;
                availableOut[b] = inSet | touched[b] & onDemand;
                changed = true;
            }
        }
    }

    /// <summary>The integer registers an instruction reads or writes.</summary>
    private static uint Touches(in Instruction ins)
    {
        RegisterUse use = OperandUse.Of(ins.Op);
        uint set = 0;
        if ((use & RegisterUse.IntRs1) != 0) set |= 1u << ins.Rs1;
        if ((use & RegisterUse.IntRs2) != 0) set |= 1u << ins.Rs2;
        if ((use & RegisterUse.IntRd) != 0) set |= 1u << ins.Rd;
        return set & ~1u;
    }

    /// <summary>Before an instruction: loads the on-demand registers it reads that are not available, so that the
    /// instruction's own IL (which may branch) finds them loaded on all its paths.</summary>
    private void LoadOperands(in Instruction ins)
    {
        RegisterUse use = OperandUse.Of(ins.Op);
        uint reads = 0;
        if ((use & RegisterUse.IntRs1) != 0) reads |= 1u << ins.Rs1;
        if ((use & RegisterUse.IntRs2) != 0) reads |= 1u << ins.Rs2;
        reads &= onDemand & ~available;
        for (int r = 1; r < 32; r++)
        {
            if ((reads & (1u << r)) == 0) continue;
            ReloadX(r);
            available |= 1u << r;
        }
    }

    /// <summary>After an instruction that did not end its block: its destination is available (every path through
    /// the instruction that stays in the region writes it).</summary>
    private void NoteWritten(in Instruction ins)
    {
        if ((OperandUse.Of(ins.Op) & RegisterUse.IntRd) != 0) available |= 1u << ins.Rd & onDemand;
    }

    /// <summary>On-demand registers whose write by the instruction being emitted skips the write-through (set per
    /// instruction by <see cref="PlanWriteThrough"/>; empty while out-of-line code is emitted).</summary>
    private uint writeThroughSkipped;

    /// <summary>
    /// Before instruction <paramref name="k"/> of <paramref name="block"/>: its write of an on-demand register skips the
    /// write-through when it is a plain integer operation and a later one of the block writes the register again with
    /// nothing between them that can leave the region (the CpuState is read only at exits). Compilers build an address
    /// or a value in one register over several instructions (<c>slli a5,a5,1; add a5,a5,s0</c>): each step stored
    /// it, so a C++ or SQLite region stored some registers two to four times in a row. lzip -6 on 300 KB (callgrind,
    /// --jit-sync): the compiled code's host instructions 1,375 M -> 1,364 M (-0.8%); lzip -6 and speedtest1 --size 5
    /// level in time (CPU 1.00, paired runs on a loaded host).
    /// </summary>
    private void PlanWriteThrough(GuestBlock block, int k)
    {
        writeThroughSkipped = 0;
        var ins = block.Instructions[k].Ins;
        if (!CannotLeave(block, k) || (OperandUse.Of(ins.Op) & RegisterUse.IntRd) == 0 || ins.Rd == 0) return;
        uint r = 1u << ins.Rd;
        if ((onDemand & r) == 0) return;
        for (int j = k + 1; j < block.Instructions.Count && CannotLeave(block, j); j++)
            if ((OperandUse.Of(block.Instructions[j].Ins.Op) & RegisterUse.IntRd) != 0 && block.Instructions[j].Ins.Rd == ins.Rd)
            {
                writeThroughSkipped = r;
                return;
            }
    }

    /// <summary>Whether instruction <paramref name="k"/> of <paramref name="block"/> always runs to its end once begun and
    /// ends nowhere but at the next one: an integer computation (no access, branch, CSR, FP or atomic), and not the
    /// instruction whose second page is checked before it (<see cref="EmitSecondPageCheck"/>).</summary>
    private static bool CannotLeave(GuestBlock block, int k) =>
        PlainArithmetic(block.Instructions[k].Ins) && !(k == block.Instructions.Count - 1 && block.SecondPagePa != GuestBlock.NoPage);

    /// <summary>x[r] = the CpuState's value (an on-demand register).</summary>
    private void ReloadX(int r)
    {
        EmitStateAddress(OffsetX + 8 * r);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Stloc, x[r]!);
    }

    /// <summary>The CpuState's x[r] = x[r] (after a write of an on-demand register).</summary>
    private void WriteThrough(int r)
    {
        EmitStateAddress(OffsetX + 8 * r);
        il.Emit(OpCodes.Ldloc, x[r]!);
        il.Emit(OpCodes.Stind_I8);
    }
}
