using RvJit.Runtime.Hart;
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

    /// <summary>Two entries of the Go HTTP server's settled second run that share a slot (each ~1,000 entry-table hits a
    /// run): the slot names the other pc until it is evicted, and an empty slot or the pc's own names none.</summary>
    [Fact]
    public void A_slot_held_by_another_pc_is_told_apart_from_an_empty_or_own_slot()
    {
        const ulong a = 0x203800, b = 0x4b450;
        Assert.Equal(JumpCache.IndexOf(a), JumpCache.IndexOf(b));
        var cache = new JumpCache();
        Assert.False(cache.HoldsOtherPc(a));
        cache.Put(a, Block(0x1000));
        Assert.False(cache.HoldsOtherPc(a));
        Assert.True(cache.HoldsOtherPc(b));
        cache.Put(b, Block(0x2000));
        Assert.True(cache.HoldsOtherPc(a));
        Assert.Null(cache.Get(a));
        cache.Clear();
        Assert.False(cache.HoldsOtherPc(a));
    }

    /// <summary>A new cache leaves its arrays as allocated (zero) but for pc 0's slot: no pc, 0 included, matches an entry
    /// there, in Get or in the arrays generated code reads (a match would call a null function).</summary>
    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    [InlineData(0x10000UL)]
    [InlineData(0x3ffffff000UL)]
    public void A_new_cache_matches_no_pc(ulong pc)
    {
        var cache = new JumpCache();
        Assert.Null(cache.Get(pc));
        Assert.NotEqual(pc, cache.PcAt(JumpCache.IndexOf(pc)));
        cache.Put(pc, Block(0x1000));
        cache.Clear();
        Assert.Null(cache.Get(pc));
        Assert.NotEqual(pc, cache.PcAt(JumpCache.IndexOf(pc)));
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
        int slot = JumpCache.IndexOf(0x40_2000);
        Assert.Same(other.Code.Target, cache.Targets[slot]);
        Assert.Equal(0x40_2000UL, cache.PcAt(slot));
    }

    /// <summary>Generated code jumps to a slot's code with its target as the first argument (<see cref="CodeEntry"/>): a
    /// region of either tier is its own method, bound to its links; any other delegate is called through a thunk that
    /// invokes it, so the slot always does what the delegate does.</summary>
    [Fact]
    public void A_slots_code_is_the_regions_method_bound_to_its_links_or_a_thunk_that_calls_the_delegate()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, GuestCode.LoopWithExits());
        var region = GuestRegion.Read(m.Ram, UserModeMachine.CodeBase);
        foreach (var tier in new[] { CodeTier.Optimised, CodeTier.Quick })
        {
            var block = Emit.BlockEmitter.Compile(region, tier: tier);
            var (target, code) = block.Code;
            Assert.Same(block.Links, target);
            Assert.NotEqual(0, code);
            // A null state is the warm-up call: the region returns 0 at once.
            Assert.Equal(0, ((delegate* managed<object, CpuState*, JitContext?, ulong, long>)code)(target, null, null, UserModeMachine.CodeBase));
        }
        var lambda = new CompiledBlock(0x1000, [0x1000], 1, (s, c, pc) => (long)pc + 1, new BlockLinks(0x1000, 0), 0);
        var (lambdaTarget, thunk) = lambda.Code;
        Assert.Same(lambda.Function, lambdaTarget);
        Assert.Equal(0x4001, ((delegate* managed<object, CpuState*, JitContext?, ulong, long>)thunk)(lambdaTarget, null, null, 0x4000));
    }
}
