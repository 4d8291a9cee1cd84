using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// Per-hart direct-mapped cache from guest virtual pc to compiled block, so the dispatcher skips the fetch
/// translation and the physical lookup on a hit. Cleared whenever translation changes (the MMU's flush
/// count moves) or code is invalidated. Generated code consults it on every indirect jump and return that
/// leaves its region, so a lookup is one masked index and one compare.
/// </summary>
internal sealed class JumpCache
{
    private const int Bits = 12;
    private const int Mask = (1 << Bits) - 1;

    private struct Entry
    {
        public ulong Pc;
        public CompiledBlock? Block;
    }

    private readonly Entry[] entries = new Entry[1 << Bits];

    public JumpCache() => Clear();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry At(ulong pc) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), (int)((pc >> 1) ^ (pc >> (Bits + 1))) & Mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CompiledBlock? Get(ulong pc)
    {
        ref Entry e = ref At(pc);
        return e.Pc == pc ? e.Block : null;
    }

    public void Put(ulong pc, CompiledBlock block)
    {
        ref Entry e = ref At(pc);
        e.Pc = pc;
        e.Block = block;
    }

    public void Clear() => Array.Fill(entries, new Entry { Pc = ulong.MaxValue });
}
