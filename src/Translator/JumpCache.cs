using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// Per-hart direct-mapped cache from guest virtual pc to compiled block, so the dispatcher skips the fetch
/// translation and the physical lookup on a hit. Cleared whenever translation changes (the MMU's flush
/// count moves), code is invalidated, or a translation is replaced, so an entry always names a valid block.
/// Generated code probes it on every indirect jump and return that leaves its region, with IL of its own
/// (<see cref="Emit.BlockEmitter"/>): the same masked index, one compare, one load.
/// </summary>
internal sealed class JumpCache
{
    public const int Bits = 12;
    public const int Mask = (1 << Bits) - 1;

    /// <summary>Slot i holds virtual pc Pcs[i], its translation, and the translation's function Functions[i] (what
    /// generated code continues in: one load, no validity check). Parallel arrays rather than an array of structs:
    /// generated code indexes them with plain ldelem and names no struct fields, each a token RyuJIT resolves per
    /// method (a one-instruction region compiled in 420-490 us against 500-520 with a struct).</summary>
    public readonly ulong[] Pcs = new ulong[1 << Bits];
    public readonly BlockFunction?[] Functions = new BlockFunction?[1 << Bits];
    private readonly CompiledBlock?[] blocks = new CompiledBlock?[1 << Bits];

    public JumpCache() => Clear();

    /// <summary>The slot of <paramref name="pc"/>: instructions are 2-byte aligned, and the fold of the higher bits
    /// spreads code that lies 8 KiB apart.</summary>
    public static int IndexOf(ulong pc) => (int)((pc >> 1) ^ (pc >> (Bits + 1))) & Mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CompiledBlock? Get(ulong pc)
    {
        int i = IndexOf(pc);
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Pcs), i) == pc ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(blocks), i) : null;
    }

    public void Put(ulong pc, CompiledBlock block)
    {
        int i = IndexOf(pc);
        Pcs[i] = pc;
        blocks[i] = block;
        Functions[i] = block.Function;
    }

    public void Clear()
    {
        Array.Fill(Pcs, ulong.MaxValue);
        Array.Clear(blocks);
        Array.Clear(Functions);
    }
}
