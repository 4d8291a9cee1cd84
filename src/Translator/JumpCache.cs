namespace RvJit.Translator;

/// <summary>
/// Per-hart direct-mapped cache from guest virtual pc to compiled block, so the dispatcher skips the fetch
/// translation and the physical lookup on a hit. Cleared whenever translation changes (the MMU's flush
/// count moves) or code is invalidated.
/// </summary>
internal sealed class JumpCache
{
    private const int Bits = 12;
    private readonly ulong[] tags = new ulong[1 << Bits];
    private readonly CompiledBlock?[] blocks = new CompiledBlock?[1 << Bits];

    private static int IndexOf(ulong pc) => (int)((pc >> 1) ^ (pc >> (Bits + 1))) & ((1 << Bits) - 1);

    public CompiledBlock? Get(ulong pc)
    {
        int i = IndexOf(pc);
        return tags[i] == pc ? blocks[i] : null;
    }

    public void Put(ulong pc, CompiledBlock block)
    {
        int i = IndexOf(pc);
        tags[i] = pc;
        blocks[i] = block;
    }

    public void Clear()
    {
        Array.Fill(tags, ulong.MaxValue);
        Array.Clear(blocks);
    }
}
