using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// A basic block of guest code ready to compile: straight-line instructions from one physical entry address,
/// ending at a branch or jump (included), before an instruction the translator leaves to the interpreter
/// (system instructions, illegal encodings), at the end of the page, or at a length limit. A 4-byte
/// instruction that starts in the page's last two bytes ends its block and is taken when the caller knows the
/// physical page the next virtual page maps to (<see cref="SecondPagePa"/>): the translation then depends on
/// that page's bytes and mapping too.
/// </summary>
internal sealed class GuestBlock
{
    public const int MaxInstructions = 128;

    public ulong EntryPa { get; }
    /// <summary>Instructions with their byte offsets from the entry.</summary>
    public List<(Instruction Ins, int Offset)> Instructions { get; } = [];
    /// <summary>Byte offset just past the last instruction.</summary>
    public int EndOffset { get; private set; }
    /// <summary>The physical page holding the upper half of the last instruction, which crosses the page's end;
    /// <see cref="NoPage"/> when the block lies in its page.</summary>
    public ulong SecondPagePa { get; private set; } = NoPage;
    public const ulong NoPage = ulong.MaxValue;
    /// <summary>Byte offset of the block's virtual address from its region's entry: the entry address difference for a
    /// block of the entry's page, and for a block of another page (<see cref="PageDelta"/> not 0), the distance in the
    /// guest's virtual address space, whatever frame the page maps to. Generated code names blocks by it.</summary>
    public long RegionOffset { get; set; }
    /// <summary>The block's virtual page less its region's entry page, in pages (0: the entry's page).</summary>
    public long PageDelta { get; set; }

    private GuestBlock(ulong entryPa) => EntryPa = entryPa;

    /// <summary>Reads and decodes the block at physical address <paramref name="pa"/> (which must be in RAM).
    /// <paramref name="nextPagePa"/> is the RAM page the following virtual page maps to now, or <see cref="NoPage"/>.</summary>
    public static unsafe GuestBlock Read(PhysicalMemory ram, ulong pa, ulong nextPagePa = NoPage)
    {
        var block = new GuestBlock(pa);
        ulong pageEnd = (pa & ~(PhysicalMemory.PageSize - 1)) + PhysicalMemory.PageSize;
        ulong at = pa;
        while (at < pageEnd && block.Instructions.Count < MaxInstructions)
        {
            // Marked before it is read: a store to these bytes invalidates the translation (stores beside them do not).
            ram.MarkCodeBytes(at, (int)Math.Min(4, pageEnd - at));
            uint low = *(ushort*)ram.HostPointer(at);
            int length = Decoder.LengthOf(low);
            if (at + (ulong)length > pageEnd)
            {
                // Crosses into the next page: taken only when that page is known (otherwise the interpreter runs it).
                if (nextPagePa == NoPage || !ram.Contains(nextPagePa, PhysicalMemory.PageSize)) break;
                ram.MarkCodeBytes(nextPagePa, 2);
                uint crossing = low | (uint)*(ushort*)ram.HostPointer(nextPagePa) << 16;
                Instruction straddling = Decoder.Decode(crossing);
                if (!Translatable(straddling)) break;
                block.Instructions.Add((straddling, (int)(at - pa)));
                block.SecondPagePa = nextPagePa;
                at += (ulong)length;
                break;
            }
            uint raw = length == 4 ? *(uint*)ram.HostPointer(at) : low;
            Instruction ins = Decoder.Decode(raw);
            if (!Translatable(ins)) break;
            block.Instructions.Add((ins, (int)(at - pa)));
            at += (ulong)length;
            if (EndsBlock(ins.Op)) break;
        }
        block.EndOffset = (int)(at - pa);
        return block;
    }

    /// <summary>Whether the translator compiles this instruction (the rest run in the interpreter).</summary>
    public static bool Translatable(in Instruction ins)
    {
        var def = ins.Op == Op.Illegal ? null : InstructionTable.Get(ins.Op);
        if (def is null) return false;
        // The FP CSRs (fflags, frm, fcsr: libm saves and restores them around its work) are translated;
        // every other CSR may change translation or privilege, so the interpreter runs it.
        // sstatus and the supervisor's trap registers are translated too (a kernel's spinlocks save and restore SIE).
        if (def.Extension is Extension.Zicsr) return CsrOps.IsFloatingPointCsr((uint)ins.Imm) || CsrOps.IsSupervisorStateCsr((uint)ins.Imm);
        if (def.Extension is Extension.Priv or Extension.Zifencei) return false;
        // Cache-block operations check envcfg and may fault or zero a code page: the interpreter runs them.
        if (def.Extension is Extension.Zicbom or Extension.Zicboz) return false;
        if (ins.Op is Op.Ecall or Op.Ebreak) return false;
        // A static rounding mode of 5 or 6 is illegal: leave it to the interpreter to raise.
        if (def.Operands is Operands.FR or Operands.FR1 or Operands.FR4 or Operands.FToX or Operands.XToF && ins.Rm is 5 or 6)
            return false;
        return true;
    }

    /// <summary>Byte offsets (from this block's entry) of the successors known without running it.</summary>
    public IEnumerable<long> StaticSuccessors()
    {
        if (Instructions.Count == 0) yield break;
        var (last, offset) = Instructions[^1];
        switch (last.Op)
        {
            case Op.Jalr: yield break;
            case Op.Jal: yield return offset + last.Imm; yield break;
            case Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu:
                yield return offset + last.Imm;
                yield return EndOffset;
                yield break;
            default: yield return EndOffset; yield break;
        }
    }

    /// <summary>The static successors plus, after a call (<c>jal</c> or <c>jalr</c> that links), the return
    /// point: the callee comes back there through an indirect jump, which can enter the region at that block.</summary>
    public IEnumerable<long> RegionSuccessors()
    {
        foreach (long target in StaticSuccessors()) yield return target;
        if (Instructions.Count == 0) yield break;
        var last = Instructions[^1].Ins;
        if (last.Op is Op.Jal or Op.Jalr && last.Rd != 0) yield return EndOffset;
    }

    /// <summary>Whether the block ends in <c>jr rs</c> that is neither a return (<c>ra</c>, or <c>t0</c> from the
    /// save/restore millicode) nor a call: a jump through a table or a computed address.</summary>
    public bool EndsInComputedJump(out int offset)
    {
        offset = 0;
        if (Instructions.Count == 0) return false;
        var (last, at) = Instructions[^1];
        offset = at;
        return last.Op == Op.Jalr && last.Rd == 0 && last.Rs1 is not (1 or 5);
    }

    public static bool EndsBlock(Op op) => op is Op.Jal or Op.Jalr or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;
}
