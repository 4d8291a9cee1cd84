using RvJit.Translator;
using Xunit;

namespace RvJit.Translator.Tests;

public unsafe class JumpCacheTests
{
    private static CompiledBlock Block(ulong pa) =>
        new(pa, [pa], 1, (s, c, pc) => 0, new BlockLinks(pa, 0), 0);

    /// <summary>Hot call/return pairs of SQLite's speedtest1 that the old index (pc/2 xor pc >> 13) put into one
    /// slot, where each evicted the other on every pass.</summary>
    [Theory]
    [InlineData(0x7cfb4UL, 0x3aff2UL)]
    [InlineData(0xafd30UL, 0x17d88UL)]
    [InlineData(0x76f34UL, 0x4ef3aUL)]
    public void Pcs_that_differ_only_in_high_bits_keep_their_own_slots(ulong a, ulong b)
    {
        var cache = new JumpCache();
        CompiledBlock blockA = Block(0x1000), blockB = Block(0x2000);
        cache.Put(a, blockA);
        cache.Put(b, blockB);
        Assert.Same(blockA, cache.Get(a));
        Assert.Same(blockB, cache.Get(b));
    }

    [Fact]
    public void Neighbouring_pcs_spread_over_the_whole_cache()
    {
        var slots = new HashSet<int>();
        for (ulong pc = 0x10000; pc < 0x10000 + 2 * (1 << JumpCache.Bits); pc += 2) slots.Add(JumpCache.IndexOf(pc));
        Assert.True(slots.Count > (1 << JumpCache.Bits) * 3 / 4, $"{slots.Count} slots used"); // random placement: 86%
        Assert.All(slots, i => Assert.InRange(i, 0, JumpCache.Mask));
    }

    [Fact]
    public void Forget_empties_only_the_slots_of_the_replaced_translation()
    {
        var cache = new JumpCache();
        CompiledBlock old = Block(0x1000), other = Block(0x2000);
        cache.Put(0x40_1000, old);
        cache.Put(0x40_1010, old);
        cache.Put(0x40_2000, other);
        cache.Forget(old);
        Assert.Null(cache.Get(0x40_1000));
        Assert.Null(cache.Get(0x40_1010));
        Assert.Same(other, cache.Get(0x40_2000));
        Assert.Same(other.Function, cache.Functions[JumpCache.IndexOf(0x40_2000)]);
    }
}
