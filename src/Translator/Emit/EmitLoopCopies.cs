using System.Reflection.Emit;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// A block that branches back to its own start (gcc's shape for most inner loops) runs on copies of the guest
/// registers it writes: fresh locals, loaded from the registers' locals where the block is entered from elsewhere and
/// stored back on every way out (its edges, the budget's exit, one shared path for its cold exits); the registers it
/// only reads are read from the CpuState (<see cref="inState"/>). The copies live
/// only in the loop, and the registers' own locals, live across the whole region, are not touched in it. RyuJIT
/// allocates one interval a local, so in a region with several loops and more guest registers than host registers
/// (intalu's main loop: 26) the inner loop's registers went to the stack along with the others (its CRC loop kept
/// three of its five registers in stack slots, reloaded and stored every iteration).
/// </summary>
internal sealed partial class BlockEmitter
{
    /// <summary>The loop being emitted (-1: none): its index in <see cref="loops"/>.</summary>
    private int currentLoop = -1;
    /// <summary>The block being emitted lies on a loop of the region through other blocks (<see cref="RegionEntries.InOuterLoop"/>).</summary>
    private bool innerLoop;
    private Label loopHead;

    /// <summary>A self-loop's copies: the registers' own locals, their copies, the registers it writes, and the label of
    /// its cold exits' shared path (copy back, then the region's cold unpacking).</summary>
    private sealed record LoopCopies(LocalBuilder?[] Homes, LocalBuilder?[] Copies, uint Written, Label ColdExit)
    {
        /// <summary>Registers the loop does not touch whose locals are parked in the CpuState while it runs
        /// (<see cref="ParkOthers"/>): reloaded on every way out.</summary>
        public uint Parked { get; init; }
    }

    /// <summary>Host registers RyuJIT allocates on x64 (rbp is the frame pointer), and how many of them a loop's own
    /// temporaries take (the budget, the TLB base, the probes' index and addend, a value or two).</summary>
    private const int HostRegisters = 14, LoopTemporaries = 5;
    private readonly List<LoopCopies> loops = [];

    /// <summary>Whether <paramref name="block"/> ends with a conditional branch to its own start (optimised tier).</summary>
    private bool IsSelfLoop(GuestBlock block)
    {
        if (shape is null || compact || block.Instructions.Count == 0) return false;
        var (last, lastOffset) = block.Instructions[^1];
        if (InstructionTable.Get(last.Op).Operands is not Operands.Branch) return false;
        return lastOffset + last.Imm == 0; // the target, relative to the block's start
    }

    /// <summary>At the block's label (entered from outside the loop): copies in the registers it touches, then marks
    /// the loop head, and from here on <see cref="x"/> names the copies.</summary>
    private void BeginLoop(GuestBlock block)
    {
        uint touched = 0, written = 0;
        bool calls = false;
        foreach (var (ins, _) in block.Instructions)
        {
            touched |= Touches(in ins);
            if ((OperandUse.Of(ins.Op) & RegisterUse.IntRd) != 0) written |= 1u << ins.Rd;
            calls |= CallsHelpers(in ins);
        }
        written &= touched;
        if ((touched & onDemand) != 0) return; // loops' registers are never on demand; keep the plain form if one is
        var homes = CopyOfRegisters();
        var copies = new LocalBuilder?[32];
        uint invariant = calls ? 0 : touched & ~written;
        for (int r = 1; r < 32; r++)
        {
            if (((touched & ~invariant) & (1u << r)) == 0) continue;
            copies[r] = il.DeclareLocal(typeof(ulong));
            il.Emit(OpCodes.Ldloc, homes[r]!);
            il.Emit(OpCodes.Stloc, copies[r]!);
            x[r] = copies[r];
        }
        registersSnapshot = null;
        uint parked = ParkOthers(touched, touched & ~invariant, LoadMemoCount(block), homes) | Park(invariant, homes);
        inState = invariant;
        BeginLoadMemos(block);
        loopHead = il.DefineLabel();
        il.MarkLabel(loopHead);
        loops.Add(new LoopCopies(homes, copies, written, il.DefineLabel()) { Parked = parked });
        currentLoop = loops.Count - 1;
    }

    /// <summary>
    /// Parks in the CpuState the other registers' locals while the loop runs, when they and the loop's copies would
    /// not all fit in host registers: written ones are stored before the loop, and every parked one is loaded again
    /// on each way out (<see cref="CopyOut"/>), so its local is dead inside the loop. RyuJIT's allocator gives a local
    /// one interval and does not split it around a loop that does not use it: the registers of the region's other
    /// code kept host registers through the loop and the loop's own copies went to the stack (pcompute's 20-instruction
    /// loop: a constant, the base register, the bound and the probe's addend in stack slots, four stores and reloads an
    /// iteration). Registers only read in the region (never stored) are parked first: they cost one load on the way out.
    /// </summary>
    private uint ParkOthers(uint touched, uint copied, int memos, LocalBuilder?[] homes)
    {
        uint others = 0;
        for (int r = 1; r < 32; r++)
            if (homes[r] is not null && (touched & (1u << r)) == 0 && (onDemand & (1u << r)) == 0) others |= 1u << r;
        int excess = System.Numerics.BitOperations.PopCount(others) + System.Numerics.BitOperations.PopCount(copied)
            + LoopTemporaries + 2 * memos - HostRegisters;
        if (excess <= 0) return 0;
        // An inner loop (entered and left on every iteration of a loop of the region) pays the parking on each of those:
        // a store and a load a register, and RyuJIT spills the reloaded registers again for the outer loop. Parking more
        // registers than the loop has of its own costs more per entry than the spills it saves per iteration, and the
        // trip count is not known (ud's LU loops, 1-19 trips, parked 16-18 around a 7-instruction loop: CPU 0.84 without;
        // matmult-int's 20-trip loop parks 7 for its 7 and is kept).
        if (innerLoop && Math.Min(excess, System.Numerics.BitOperations.PopCount(others)) > System.Numerics.BitOperations.PopCount(touched)) return 0;
        uint parked = 0;
        foreach (uint kind in new[] { others & ~dirty, others & dirty })
            for (int r = 1; r < 32 && excess > 0; r++)
            {
                if ((kind & (1u << r)) == 0) continue;
                parked |= 1u << r;
                excess--;
            }
        return Park(parked, homes);
    }

    /// <summary>Stores the <paramref name="registers"/> the region writes into the CpuState (the others hold their
    /// values there already) before the loop; <see cref="CopyOut"/> loads them all again on every way out.</summary>
    private uint Park(uint registers, LocalBuilder?[] homes)
    {
        for (int r = 1; r < 32; r++)
        {
            if ((registers & dirty & (1u << r)) == 0) continue;
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldloc, homes[r]!);
            il.Emit(OpCodes.Stind_I8);
        }
        return registers;
    }

    /// <summary>
    /// The current loop's registers that it reads and never writes (a bound, a base address, a constant): parked in the
    /// CpuState like the others (<see cref="ParkOthers"/>) and read from there at each use (<see cref="LoadX"/>), which
    /// x64 folds into the instruction using them (<c>add rcx, [rbx+0x88]</c>), so they take no host register in the
    /// loop. As copies they went to stack slots once the loop ran short of host registers, and RyuJIT's allocator
    /// stored them back there every iteration as well as reloading them (pcompute's loop: its base and its bound, two
    /// stores and two loads an iteration; intalu's CRC loop: its polynomial). Not in a loop that calls helpers (FP and
    /// atomic instructions): there the loop's values live in the callee-saved registers anyway, and matmul's fmadd loop
    /// with its bound read from the CpuState took 1.03-1.04 of the CPU (plain builds, paired).
    /// </summary>
    private uint inState;

    /// <summary>Whether the instruction's IL may call a method (an FP operation, an FS gate, an atomic).</summary>
    private static bool CallsHelpers(in Instruction ins) =>
        InstructionTable.Get(ins.Op).Extension is var extension && (extension.IsFloatingPoint() || extension == Extension.A);

    private void EndLoop()
    {
        if (currentLoop < 0) return;
        loops[currentLoop].Homes.CopyTo(x, 0);
        registersSnapshot = null;
        currentLoop = -1;
        inState = 0;
        loadMemos.Clear();
    }

    /// <summary>Stores the loop's copies of the registers it writes back to their own locals (before leaving it).</summary>
    private void CopyOut(LoopCopies loop)
    {
        for (int r = 1; r < 32; r++)
        {
            if ((loop.Written & (1u << r)) == 0) continue;
            il.Emit(OpCodes.Ldloc, loop.Copies[r]!);
            il.Emit(OpCodes.Stloc, loop.Homes[r]!);
        }
        for (int r = 1; r < 32; r++)
        {
            if ((loop.Parked & (1u << r)) == 0) continue;
            EmitStateAddress(OffsetX + 8 * r);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, loop.Homes[r]!);
        }
    }

    /// <summary>In a loop, an edge from it: the back edge goes to the loop head while budget remains, any other edge
    /// copies the registers back first. False when not in a loop (the caller emits the edge).</summary>
    private bool EmitLoopEdge(int target, int retired)
    {
        if (currentLoop < 0) return false;
        var loop = loops[currentLoop];
        if (target == blockBase)
        {
            EmitRetire(retired);
            Label spent = il.DefineLabel();
            BranchIfBudgetSpent(spent);
            il.Emit(OpCodes.Br, loopHead);
            il.MarkLabel(spent);
            CopyOut(loop);
            EmitExit(BlockExit.Continue, target, 0);
            return true;
        }
        CopyOut(loop);
        return false;
    }

    /// <summary>After the cold exits: each loop's shared path for them (the packed exit is already stored).</summary>
    private void EmitLoopColdExits()
    {
        if (coldPacked is null) return; // no cold exit at all
        foreach (var loop in loops)
        {
            il.MarkLabel(loop.ColdExit);
            CopyOut(loop);
            il.Emit(OpCodes.Br, coldUnpack);
        }
    }

    /// <summary>Runs <paramref name="emit"/> (out-of-line code of the current block, emitted later) with the register
    /// locals of now.</summary>
    private Action WithCurrentRegisters(Action emit)
    {
        var map = registersSnapshot ??= CopyOfRegisters(); // x changes only where loops begin and end
        uint mapInState = inState;
        return () =>
        {
            x.CopyTo(savedRegisters, 0); // out-of-line paths are emitted one after another: one spare array serves them all
            uint savedInState = inState;
            map.CopyTo(x, 0);
            inState = mapInState;
            registersSnapshot = null;
            emit();
            savedRegisters.CopyTo(x, 0);
            inState = savedInState;
            registersSnapshot = null;
        };
    }

    private readonly LocalBuilder?[] savedRegisters = new LocalBuilder?[32];

    /// <summary>A copy of <see cref="x"/> (a new array and a copy: <c>Clone</c>, a call into the runtime, cost more).</summary>
    private LocalBuilder?[] CopyOfRegisters()
    {
        var copy = new LocalBuilder?[32];
        x.CopyTo(copy, 0);
        return copy;
    }

    /// <summary>A copy of <see cref="x"/> as it is now (null: not made since it last changed), shared by the out-of-line
    /// paths that need it: one a memory access.</summary>
    private LocalBuilder?[]? registersSnapshot;
}
