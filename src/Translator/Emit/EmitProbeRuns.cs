using System.Reflection.Emit;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Outside the region's loops, a run of integer loads and stores in one block, with only integer arithmetic between
/// them, checks the TLB with one branch: the run's first access (its head) probes every member's entry, ORs the tag
/// mismatches and leaves before itself for the interpreter when any is nonzero; each later member only adds its entry's
/// addend (the entry's offset waits in a local). A member's base register may change between the head and the member
/// only by <c>addi r, r, k</c> (a stack pointer's adjustment, a pointer's step: the head adds k to the member's offset);
/// a load of the run or any other write to it ends the run there. A miss of any member leaves before the head, and the
/// interpreter runs the head and the rest of its block through the MMU's full path, so registers, traps and instret are
/// exactly the interpreter's, as for an access that probes alone.
///
/// Why (bench compile-cost, 300 of the Go server's functions, optimised tier, thread CPU): RyuJIT's optimising compile
/// pays for the basic blocks a probe's miss branch splits more than for its arithmetic: with no miss branch at all the
/// regions compiled in 0.79 of the time, without the probe in 0.68. Each access probing alone costs two blocks (the
/// code after the branch, its cold exit), each member of a probe group (<see cref="BlockIdioms.ProbeGroup"/>) five (its
/// test of the shared addend, the join after it, and the out-of-line probe with its own split and cold exit), and two
/// thirds of those accesses were in groups (Go's prologues save and reload registers through sp). Outside loops, runs
/// instead of groups: 52 blocks a region instead of 90 (23.6 guest instructions), 94 bytes of IL a guest instruction
/// instead of 112, RyuJIT's time 0.84 (32 against 38 us a guest instruction). In loops the groups stay: there a group's
/// member is about four host instructions fewer than a run's, and with runs in loops too sort took 1.03 of the CPU.
/// </summary>
internal sealed partial class BlockEmitter
{
    /// <summary>At most this many accesses in a run: each member after the head holds its entry's offset in a host register
    /// (or stack slot) from the head to its access. (At most 8 compiled no faster.)</summary>
    private const int MaxProbeRun = 4;

    /// <summary>Whether the block being emitted lies on one of the region's cycles (or the region has no loop analysis: the
    /// quick shape of a persisted region): probe groups there, runs elsewhere.</summary>
    private bool blockOnCycle;

    /// <summary>The current block's runs: member index -> its slot (0: the head; k: the k-th later member).</summary>
    private readonly Dictionary<int, int> probeRunSlot = new();
    /// <summary>The current block's later members -> their run's head.</summary>
    private readonly Dictionary<int, int> probeRunHead = new();
    /// <summary>The head whose probe was emitted last in the current block (-1: none): a later member reads the entry offset
    /// that probe stored, so a member whose head took another path (a load memo's, say) would read 0 or another run's.</summary>
    private int armedRunHead = -1;
    /// <summary>The current block's run heads -> their later members, in order.</summary>
    private readonly Dictionary<int, List<RunMember>> probeRunMembers = new();
    /// <summary>The locals holding later members' entry offsets, shared by all runs of the region.</summary>
    private readonly List<LocalBuilder> probeRunEntries = new();
    private LocalBuilder? probeRunVa;

    /// <summary>A later member as the head probes it: the value its base register has at the head, plus <paramref name="Offset"/>.</summary>
    private readonly record struct RunMember(int Base, long Offset, bool Store, int Size);

    /// <summary>The probe group of access <paramref name="i"/> of the current block: only on a cycle.</summary>
    private BlockIdioms.ProbeGroup? GroupAt(int i) => blockOnCycle ? idioms.ProbeGroupAt(i) : null;

    /// <summary>Finds the current block's runs (none on a cycle, nor in the quick tier, whose accesses are calls, nor in a
    /// self-loop, whose loads take their memo's path, <see cref="EmitMemoAccess"/>, which probes only for itself).</summary>
    private void PlanProbeRuns(GuestBlock block)
    {
        probeRunSlot.Clear();
        probeRunHead.Clear();
        probeRunMembers.Clear();
        armedRunHead = -1;
        if (compact || blockOnCycle || currentLoop >= 0) return;
        var list = block.Instructions;
        Span<long> delta = stackalloc long[32]; // what addi added to each register since the head
        for (int head = 0; head < list.Count; head++)
        {
            if (!RunCandidate(list[head].Ins)) continue;
            var members = new List<RunMember>();
            int last = head;
            delta.Clear();
            uint written = WrittenBy(list[head].Ins); // registers no later member may use as its base
            for (int j = head + 1; j < list.Count && members.Count < MaxProbeRun - 1; j++)
            {
                var ins = list[j].Ins;
                if (RunCandidate(ins))
                {
                    if ((written & 1u << ins.Rs1) != 0) break;
                    var def = InstructionTable.Get(ins.Op);
                    members.Add(new RunMember(ins.Rs1, ins.Imm + delta[ins.Rs1], def.Operands is Operands.Store, def.AccessBytes));
                    probeRunSlot[j] = members.Count;
                    probeRunHead[j] = head;
                    last = j;
                    written |= WrittenBy(ins);
                    continue;
                }
                if (!PlainArithmetic(ins)) break;
                if (ins.Op == Op.Addi && ins.Rd == ins.Rs1 && ins.Rd != 0 && (written & 1u << ins.Rd) == 0) delta[ins.Rd] += ins.Imm;
                else written |= WrittenBy(ins);
            }
            if (members.Count == 0) continue;
            probeRunSlot[head] = 0;
            probeRunMembers[head] = members;
            head = last;
        }
    }

    /// <summary>An integer load or store (jalr shares the load's operand form).</summary>
    private static bool RunCandidate(in Instruction ins) =>
        InstructionTable.Get(ins.Op).Operands is Operands.Load or Operands.Store && ins.Op != Op.Jalr;

    /// <summary>Integer arithmetic: no exit, no access, no effect but on its destination.</summary>
    private static bool PlainArithmetic(in Instruction ins)
    {
        var def = InstructionTable.Get(ins.Op);
        return def.Operands is Operands.R or Operands.R1 or Operands.I or Operands.Shift64 or Operands.Shift32 or Operands.Upper
            && !def.Extension.IsFloatingPoint() && def.Extension is not (Extension.A or Extension.Zicsr);
    }

    private static uint WrittenBy(in Instruction ins) => (OperandUse.Of(ins.Op) & RegisterUse.IntRd) != 0 ? 1u << ins.Rd : 0;

    /// <summary>The current access's slot in its run, -1 when it is in none.</summary>
    private int ProbeRunSlot() => probeRunSlot.TryGetValue(index, out int slot) ? slot : -1;

    /// <summary>The head's probe: va and entry are the head's (as <see cref="EmitProbe"/> leaves them), each later member's
    /// entry offset goes to its local, and one branch to <paramref name="miss"/> when any tag mismatches.</summary>
    private void EmitRunProbe(int view, int size, Label miss)
    {
        EmitEntryIndex(va, entry);
        EmitEntryField(view, 0);
        il.Emit(OpCodes.Ldind_I8);
        EmitLastBytePage(va, size);
        il.Emit(OpCodes.Xor);
        probeRunVa ??= il.DeclareLocal(typeof(ulong));
        var members = probeRunMembers[index];
        for (int k = 0; k < members.Count; k++)
        {
            RunMember m = members[k];
            if (probeRunEntries.Count <= k) probeRunEntries.Add(il.DeclareLocal(typeof(nint)));
            // An on-demand base is loaded here (and stays available: this code runs on every path to the member).
            if ((onDemand & ~available & 1u << m.Base) != 0) { ReloadX(m.Base); available |= 1u << m.Base; }
            LoadXPlus(m.Base, m.Offset);
            il.Emit(OpCodes.Stloc, probeRunVa);
            EmitEntryIndex(probeRunVa, probeRunEntries[k]);
            EmitEntryField(m.Store ? StoreView : LoadView, 0, probeRunEntries[k]);
            il.Emit(OpCodes.Ldind_I8);
            EmitLastBytePage(probeRunVa, m.Size);
            il.Emit(OpCodes.Xor);
            il.Emit(OpCodes.Or);
        }
        il.Emit(OpCodes.Ldc_I8, 0L);
        EmitMissBranch(miss);
        armedRunHead = index;
    }

    /// <summary>A later member: host address = x[base] + imm + its entry's addend (the head checked the tag).</summary>
    private void EmitRunMemberAccess(int slot, int view, int baseReg, long imm, Action access)
    {
        // Compiling on would make code that adds an addend no probe checked: a host address anywhere.
        if (armedRunHead != probeRunHead[index])
            throw new InvalidOperationException($"translator: region rv_{region.EntryPa:x}, access at +{offset:x} is in a probe run whose head emitted no run probe");
        LoadXPlus(baseReg, imm);
        EmitEntryField(view, AddendField, probeRunEntries[slot - 1]);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Conv_U);
        access();
    }
}
