using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Emit;

/// <summary>
/// Loads in a self-loop remember the TLB entry their last probe found: a tag and an addend in locals that live only
/// while the loop runs (set empty where it is entered), so an access to the page of the last iteration is checked with
/// one compare of registers and made with one add, and only an access to another page probes the TLB (out of line,
/// which then refills the memo). The check is the aligned access's page, <c>va &amp; (~0xfff | (size - 1))</c>: an
/// access that is misaligned never matches (it probes every time, as before), so one that crosses a page never uses
/// the memo. A load view entry cannot change while compiled code runs: the hart fills and flushes its views only
/// outside it (but for a supervisor CSR write, see <see cref="BeginLoadMemos"/>), and another hart's shootdown waits
/// until this one has left guest code. Measured against probes (plain builds, CPU, paired): intalu 0.98, sort 0.98,
/// wordfreq 0.99; memos for loads in loops of several blocks too, live through the whole region, were level (queens
/// and sort 0.98, sha256 and intalu 1.01-1.02, wordfreq 1.07 with six of them). Stores keep their probe: another
/// thread empties store entries of a page that turns into code (<see cref="Mmu.FlushStoresTo"/>) while this one runs,
/// and a memo would miss that.
/// </summary>
internal sealed partial class BlockEmitter
{
    /// <summary>A load's memo: the page its last probe hit (or <see cref="EmptyMemo"/>) and that page's addend.</summary>
    private sealed record LoadMemo(LocalBuilder Tag, LocalBuilder Addend);

    /// <summary>The current self-loop's loads with a memo, by their index in the block.</summary>
    private readonly Dictionary<int, LoadMemo> loadMemos = new();

    /// <summary>No aligned access's page: bit 11 is never set in <c>va &amp; (~0xfff | (size - 1))</c> (size &lt;= 8).</summary>
    private const long EmptyMemo = 0x800;

    /// <summary>At most this many memos a loop: each holds two host registers (or stack slots) for the whole loop.</summary>
    private const int MaxLoadMemos = 4;

    /// <summary>Before the loop's head: a memo for each load (integer or FP) that probes alone, set empty. None in a
    /// region that writes a supervisor CSR: a change of sstatus.SUM or MXR empties load view entries while it runs.</summary>
    private void BeginLoadMemos(GuestBlock block)
    {
        loadMemos.Clear();
        if (writesSupervisorCsr) return;
        for (int i = 0; i < block.Instructions.Count && loadMemos.Count < MaxLoadMemos; i++)
        {
            if (!TakesLoadMemo(block, i)) continue;
            var memo = new LoadMemo(il.DeclareLocal(typeof(ulong)), il.DeclareLocal(typeof(long)));
            Imm(EmptyMemo);
            il.Emit(OpCodes.Stloc, memo.Tag);
            loadMemos[i] = memo;
        }
    }

    /// <summary>How many memos <see cref="BeginLoadMemos"/> gives the loop <paramref name="block"/>.</summary>
    private int LoadMemoCount(GuestBlock block)
    {
        if (writesSupervisorCsr) return 0;
        int count = 0;
        for (int i = 0; i < block.Instructions.Count && count < MaxLoadMemos; i++)
            if (TakesLoadMemo(block, i)) count++;
        return count;
    }

    /// <summary>Whether instruction <paramref name="i"/> of a self-loop is a load that probes alone.</summary>
    private bool TakesLoadMemo(GuestBlock block, int i) =>
        InstructionTable.Get(block.Instructions[i].Ins.Op).Operands is Operands.Load or Operands.FLoad && idioms.ProbeGroupAt(i) is null;

    /// <summary>The current instruction's memo, if it is a load of the loop being emitted that has one.</summary>
    private LoadMemo? LoadMemoHere(int view) =>
        currentLoop >= 0 && view == LoadView && loadMemos.TryGetValue(index, out var memo) ? memo : null;

    /// <summary>A load through its memo: on a match, host address = va + memo's addend; otherwise (out of line) the
    /// TLB probe, which leaves for the interpreter on a miss as any access does, refills the memo and loads.</summary>
    private void EmitMemoAccess(LoadMemo memo, int baseReg, long imm, int size, Action access, Label interpret)
    {
        Label slow = il.DefineLabel(), join = il.DefineLabel();
        EmitAddress(baseReg, imm);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I8, unchecked((long)~Mmu.PageOffsetMask) | (size - 1));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Ldloc, memo.Tag);
        il.Emit(OpCodes.Bne_Un, slow);
        MemoHostAddress(memo);
        access();
        il.MarkLabel(join);
        outOfLine.Add(WithCurrentRegisters(() =>
        {
            il.MarkLabel(slow);
            EmitProbe(LoadView, size, interpret);
            EmitEntryField(LoadView, 0);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, memo.Tag);
            EmitEntryField(LoadView, AddendField);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, memo.Addend);
            MemoHostAddress(memo);
            access();
            il.Emit(OpCodes.Br, join);
        }));
    }

    private void MemoHostAddress(LoadMemo memo)
    {
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldloc, memo.Addend);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Conv_U);
    }
}
