using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// Per-hart direct-mapped cache from guest virtual pc to compiled block, so the dispatcher skips the fetch
/// translation and the physical lookup on a hit. Cleared whenever translation changes (the MMU's flush
/// count moves) or code is invalidated; a replaced translation loses its own slots (<see cref="Forget"/>); so an
/// entry always names a valid block.
/// Generated code probes it on every indirect jump and return that leaves its region, with IL of its own
/// (<see cref="Emit.BlockEmitter"/>): the same masked index, one compare, one load.
/// </summary>
internal sealed class JumpCache
{
    public const int Bits = 14;
    public const int Mask = (1 << Bits) - 1;

    /// <summary>Slot i holds virtual pc Pcs[i], its translation, and the translation's function Functions[i] (what
    /// generated code continues in: one load, no validity check). Parallel arrays rather than an array of structs:
    /// generated code indexes them with plain ldelem and names no struct fields, each a token RyuJIT resolves per
    /// method (a one-instruction region compiled in 420-490 us against 500-520 with a struct).</summary>
    public readonly ulong[] Pcs = new ulong[1 << Bits];
    public readonly BlockFunction?[] Functions = new BlockFunction?[1 << Bits];
    private readonly CompiledBlock?[] blocks = new CompiledBlock?[1 << Bits];

    /// <summary>The slots filled while empty since the last <see cref="Clear"/>, so a clear costs what was used, not
    /// the 384 KiB of the three arrays: a kernel booting under the system machine changes translations (and so
    /// clears) tens of thousands of times. Past the log's capacity the next clear empties everything.</summary>
    private readonly int[] filled = new int[FillLogCapacity];
    private int filledCount;
    private bool filledOverflow;
    private const int FillLogCapacity = 1 << (Bits - 3);

    /// <summary>New arrays are already empty but for one slot: pc 0 is the only pc a zero entry could match, and only in
    /// its own slot. Filling every slot with the empty mark here touched 128 KiB of fresh memory at every start-up
    /// (about 1% of a static hello world's CPU) for a cache that a short run never uses.</summary>
    public JumpCache() => Pcs[IndexOf(0)] = ulong.MaxValue;

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
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Pcs), i) == pc ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(blocks), i) : null;
    }

    public void Put(ulong pc, CompiledBlock block)
    {
        int i = IndexOf(pc);
        if (blocks[i] is null)
        {
            if (filledCount < FillLogCapacity) filled[filledCount++] = i;
            else filledOverflow = true;
        }
        Pcs[i] = pc;
        blocks[i] = block;
        Functions[i] = block.Function;
    }

    /// <summary>Empties the slots that name <paramref name="block"/> (a translation that was replaced).</summary>
    public void Forget(CompiledBlock block)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            if (!ReferenceEquals(blocks[i], block)) continue;
            Pcs[i] = ulong.MaxValue;
            blocks[i] = null;
            Functions[i] = null;
        }
    }

    public void Clear()
    {
        if (filledOverflow)
        {
            Array.Fill(Pcs, ulong.MaxValue);
            Array.Clear(blocks);
            Array.Clear(Functions);
        }
        else
            for (int n = 0; n < filledCount; n++)
            {
                int i = filled[n];
                Pcs[i] = ulong.MaxValue;
                blocks[i] = null;
                Functions[i] = null;
            }
        filledCount = 0;
        filledOverflow = false;
    }
}
