using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// Per-hart direct-mapped cache from guest virtual pc to compiled block, so the dispatcher skips the fetch
/// translation and the physical lookup on a hit. Cleared whenever translation changes (the MMU's flush
/// count moves) or code is invalidated; a replaced translation loses its own slots (<see cref="Forget"/>); so an
/// entry always names a valid block.
/// Generated code probes it on every indirect jump and return that leaves its region, with IL of its own
/// (<see cref="Emit.BlockEmitter"/>): the same index, one compare, and a tail call to the code the slot names.
/// </summary>
internal sealed unsafe class JumpCache
{
    public const int Bits = 14;
    public const int Mask = (1 << Bits) - 1;

    /// <summary>Slot i is 16 bytes at <see cref="Slots"/> + 16 i: the virtual pc, then the host code of its translation
    /// (<see cref="CompiledBlock.Code"/>), so generated code finds both in one cache line and jumps with no object on the
    /// way; <see cref="Targets"/>[i] is that code's first argument, loaded beside the jump rather than before it. Through
    /// the translation's delegate, a return across pages waited on three dependent loads (the function's slot, the
    /// delegate, its code pointer): in gofmt's second run a tenth of the bundle's samples sat on the delegate alone.
    /// Pinned, so generated code indexes it without a bounds check or an array header.</summary>
    private readonly ulong[] slots = GC.AllocateArray<ulong>(2 << Bits, pinned: true);
    public readonly object?[] Targets = new object?[1 << Bits];
    private readonly CompiledBlock?[] blocks = new CompiledBlock?[1 << Bits];

    /// <summary>The address of slot 0 (the array is pinned).</summary>
    public nint Slots => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(slots));

    /// <summary>The virtual pc slot <paramref name="i"/> holds (ulong.MaxValue: none).</summary>
    public ulong PcAt(int i) => slots[2 * i];

    /// <summary>The slots filled while empty since the last <see cref="Clear"/>, so a clear costs what was used, not
    /// the 512 KiB of the arrays: a kernel booting under the system machine changes translations (and so
    /// clears) tens of thousands of times. Past the log's capacity the next clear empties everything.</summary>
    private readonly int[] filled = new int[FillLogCapacity];
    private int filledCount;
    private bool filledOverflow;
    private const int FillLogCapacity = 1 << (Bits - 3);

    /// <summary>New arrays are already empty but for one slot: pc 0 is the only pc a zero entry could match, and only in
    /// its own slot. Filling every slot with the empty mark here touched 128 KiB of fresh memory at every start-up
    /// (about 1% of a static hello world's CPU) for a cache that a short run never uses.</summary>
    public JumpCache() => slots[2 * IndexOf(0)] = ulong.MaxValue;

    /// <summary>Fibonacci hashing: the top bits of pc times 2^64/phi. A fold of the pc's bits (pc/2 xor pc >> 13)
    /// put pairs of hot pcs that differ only above bit 13 into one slot, where a call and its return evicted each
    /// other on every pass (SQLite's speedtest1: 1.2 M misses, each a trip through the interpreter).</summary>
    public const ulong HashMultiplier = 0x9E3779B97F4A7C15;

    /// <summary>The slot of <paramref name="pc"/>; generated code computes the same.</summary>
    public static int IndexOf(ulong pc) => (int)((pc * HashMultiplier) >> (64 - Bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CompiledBlock? Get(ulong pc)
    {
        int i = IndexOf(pc);
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), 2 * i) == pc ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(blocks), i) : null;
    }

    /// <summary>Whether <paramref name="pc"/>'s slot holds another pc (a conflict: <see cref="Put"/> would evict it).</summary>
    public bool HoldsOtherPc(ulong pc)
    {
        int i = IndexOf(pc);
        return blocks[i] is not null && slots[2 * i] != pc;
    }

    public void Put(ulong pc, CompiledBlock block)
    {
        int i = IndexOf(pc);
        if (blocks[i] is null)
        {
            if (filledCount < FillLogCapacity) filled[filledCount++] = i;
            else filledOverflow = true;
        }
        var (target, code) = block.Code;
        slots[2 * i] = pc;
        slots[2 * i + 1] = (ulong)code;
        Targets[i] = target;
        blocks[i] = block;
    }

    /// <summary>Empties the slots that name <paramref name="block"/> (a translation that was replaced).</summary>
    public void Forget(CompiledBlock block)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            if (!ReferenceEquals(blocks[i], block)) continue;
            Empty(i);
        }
    }

    private void Empty(int i)
    {
        slots[2 * i] = ulong.MaxValue;
        slots[2 * i + 1] = 0;
        Targets[i] = null;
        blocks[i] = null;
    }

    public void Clear()
    {
        if (filledOverflow)
        {
            for (int i = 0; i < blocks.Length; i++) Empty(i);
        }
        else
            for (int n = 0; n < filledCount; n++) Empty(filled[n]);
        filledCount = 0;
        filledOverflow = false;
    }
}
