using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// How a region chooses its blocks: a loop's body before the code that leaves it, and a path that turns hot
/// after the region was compiled joins it (the region is read again and replaces the old translation).
/// </summary>
public sealed unsafe class RegionGrowthTests
{
    private const int T0 = 5, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14;

    [Fact]
    public void A_full_region_keeps_the_loop_and_leaves_out_the_exits()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, GuestCode.LoopWithExits());
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;

        // Breadth first, exit A (the entry's branch target) would be found before the loop's second block.
        var region = GuestRegion.Read(m.Ram, At(0), maxBlocks: 3);
        Assert.Equal([At(0x00), At(0x08), At(0x10)], region.Order.Select(b => b.EntryPa));

        // With room to spare the exits join too, after the loop.
        var roomy = GuestRegion.Read(m.Ram, At(0));
        Assert.Equal([At(0x00), At(0x08), At(0x10), At(0x40), At(0x48)], roomy.Order.Select(b => b.EntryPa));
    }

    /// <summary>Loop A, the code after it (an exit block, a fall-through chain), then loop B.</summary>
    private static uint[] TwoLoops() =>
    [
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),            // 0x00 loop A
        Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: -4),           // 0x04 -> loop A
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),            // 0x08 after A
        Encoder.Encode(Op.Beq, rs1: A2, rs2: A3, imm: 0x1c - 0x0c),  // 0x0c -> loop B
        Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: 1),            // 0x10 a chain
        Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: 2),            // 0x14
        Encoder.Encode(Op.Jal, rd: 0, imm: 4),                       // 0x18 -> loop B
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: 1),            // 0x1c loop B
        Encoder.Encode(Op.Blt, rs1: T0, rs2: A1, imm: -4),           // 0x20 -> loop B
        Encoder.Encode(Op.Ecall),                                    // 0x24
    ];

    [Fact]
    public void A_loop_headers_region_stops_at_its_exits_and_a_functions_region_takes_its_loops()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, TwoLoops());
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;

        // Loop A's region: the loop and the block its exit leads to, not the chain or loop B after it.
        Assert.Equal([At(0x00), At(0x08)], GuestRegion.Read(m.Ram, At(0x00)).Order.Select(b => b.EntryPa));
        // From the code between the loops (not itself in a loop), everything it leads into is taken.
        Assert.Equal([At(0x08), At(0x1c), At(0x10)], GuestRegion.Read(m.Ram, At(0x08)).Order.Select(b => b.EntryPa));
    }

    /// <summary>
    /// A loop of <paramref name="iterations"/> whose "late" path (a4 += i, then back to the loop) is taken only
    /// once i passes <paramref name="lateFrom"/>: when the loop turns hot the late path has not run, so the
    /// first region leaves it out, and every later pass leaves the region there.
    /// </summary>
    private static uint[] LoopWithLatePath(int iterations, int lateFrom) =>
    [
        Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),             // 0x00 i = 0
        Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: iterations),    // 0x04
        Encoder.Encode(Op.Addi, rd: A3, rs1: 0, imm: lateFrom),      // 0x08
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),            // 0x0c loop: i++
        Encoder.Encode(Op.Add, rd: A2, rs1: A2, rs2: A0),            // 0x10 a2 += i
        Encoder.Encode(Op.Bge, rs1: A0, rs2: A3, imm: 0x40 - 0x14),  // 0x14 -> late
        Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: 0x0c - 0x18),  // 0x18 join: -> loop
        Encoder.Encode(Op.Ecall),                                    // 0x1c
        .. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0), 8), // 0x20..0x3c
        Encoder.Encode(Op.Add, rd: A4, rs1: A4, rs2: A0),            // 0x40 late: a4 += i
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x18 - 0x44),             // 0x44 -> join
    ];

    [Fact]
    public void A_path_that_turns_hot_later_joins_its_loops_region()
    {
        const int iterations = 2000, lateFrom = 100;
        string Run(string engine, out JitEngine? jit)
        {
            using var m = new UserModeMachine(engine, hotThreshold: 8);
            m.WriteCode(UserModeMachine.CodeBase, LoopWithLatePath(iterations, lateFrom));
            var trap = m.RunToTrap();
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            long late = Enumerable.Range(lateFrom, iterations - lateFrom + 1).Sum(i => (long)i);
            Assert.Equal((ulong)late, m.Hart.State->X[A4]);
            jit = m.Engine as JitEngine;
            return m.DescribeState();
        }
        string interp = Run("interp", out _);
        Assert.Equal(interp, Run("jit", out var engine));

        var cache = engine!.Cache;
        Assert.True(cache.Replacements >= 1, "the loop's region was read again");
        var loop = cache.Lookup(UserModeMachine.CodeBase + 0x0c);
        Assert.NotNull(loop);
        Assert.True(loop!.Valid);
        Assert.Contains(UserModeMachine.CodeBase + 0x40, loop.Entries);
        Assert.Same(loop, cache.Lookup(UserModeMachine.CodeBase + 0x40)); // the late path is that region's, not its own
        // The exit that turned hot left the old region through one of its link slots, named by the region's entry;
        // the new region at that entry numbers its slots otherwise (the late path is inside it now), so the
        // pending link is dropped rather than put into the new region's slot of that number. None of the new
        // region's exits leads into itself (its back edges stay inside; the budget is never spent here).
        Assert.DoesNotContain(loop.Function, loop.Links.Next);
    }

    /// <summary>A region from the persistent cache was emitted in another run (<see cref="Emit.BlockEmitter.EmitPortable"/>,
    /// from the page rebuilt at another address) and is bound to the links of its entry in this run: an exit whose
    /// slot is empty must name that entry, or the dispatcher can never link it (or links another translation).</summary>
    [Fact]
    public void A_portable_region_names_the_entry_it_is_bound_to_when_an_exit_is_unlinked()
    {
        using var m = new UserModeMachine("interp");
        ulong entry = UserModeMachine.CodeBase;
        m.WriteCode(entry, [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Jal, imm: 0x40 - 0x04), // a direct exit to the same page: a link slot
        ]);
        var region = GuestRegion.Read(m.Ram, entry, maxBlocks: 1);
        var method = Emit.RegionMethod.Create(CodeTier.Optimised, new Emit.QuickAssemblies(), "portable", 256);
        int slots = Emit.BlockEmitter.EmitPortable(region, method.IL);
        Assert.Equal(1, slots);
        const ulong boundEntry = UserModeMachine.CodeBase + 0x3000; // where this run has the page
        var function = method.Bind(new BlockLinks(boundEntry, slots));
        var context = new JitContext(m.Hart, constantTlb: false) { Remaining = 100 };

        Assert.Equal((long)BlockExit.Continue, function(m.Hart.State, context, entry));
        Assert.Equal(entry + 0x40, m.Hart.Pc);
        Assert.Equal(1UL, m.Hart.GetX(A0));
        Assert.Equal((boundEntry, 0), JitContext.DecodeLinkExit(context.LinkExit));
    }

    [Fact]
    public void A_pending_link_names_its_translations_entry_and_slot()
    {
        foreach (ulong entry in new ulong[] { 0, 0x8000_0002, 0x8_7654_3212 })
            for (int slot = 0; slot < BlockLinks.MaxSlots; slot++)
            {
                long linkExit = JitContext.LinkExitBase(entry) + slot;
                Assert.NotEqual(0, linkExit); // 0 means no pending link
                Assert.Equal((entry, slot), JitContext.DecodeLinkExit(linkExit));
            }
    }
}

/// <summary>The cache's side of a region read again: the larger translation takes over the old one's entries,
/// and links that led to the old one are emptied (the dispatcher links the new one at their next exit).</summary>
public sealed unsafe class TranslationReplacementTests
{
    private const ulong Page = 0x8000_0000;

    private static CompiledBlock Block(ulong entry, ulong[] entries, int slots = 1)
    {
        BlockFunction fn = (_, _, _) => 0; // never run: the cache only compares and holds functions
        return new CompiledBlock(entry, entries, entries.Length, fn, new BlockLinks(entry, slots), ilBytes: 100);
    }

    [Fact]
    public void A_region_from_the_same_entry_replaces_the_old_one_and_its_links()
    {
        using var ram = new Runtime.Memory.PhysicalMemory(Page, 1 << 20);
        var cache = new TranslationCache(ram);
        var caller = Block(Page + 0x100, [Page + 0x100]);
        var small = Block(Page + 0x200, [Page + 0x200, Page + 0x210]);
        cache.Add(caller);
        cache.Add(small);
        caller.Links.Set(0, small.Function);

        var grown = Block(Page + 0x200, [Page + 0x200, Page + 0x210, Page + 0x240]);
        cache.Add(grown);

        Assert.False(small.Valid);
        Assert.True(grown.Valid);
        Assert.Equal(1, grown.Regrowths);
        Assert.Equal(1, cache.Replacements);
        foreach (ulong pa in grown.Entries) Assert.Same(grown, cache.Lookup(pa));
        Assert.Null(caller.Links.Next[0]);
        Assert.Equal(2, cache.Count);
        Assert.Equal(200, cache.CodeBytes);
    }

    [Fact]
    public void A_loop_headers_own_region_takes_its_entry_from_a_region_that_served_it_as_an_inner_block()
    {
        using var ram = new Runtime.Memory.PhysicalMemory(Page, 1 << 20);
        var cache = new TranslationCache(ram);
        var caller = Block(Page + 0x100, [Page + 0x100]);
        var cut = Block(Page + 0x280, [Page + 0x280, Page + 0x200]); // made first, at an interpreter run's cut
        cache.Add(caller);
        cache.Add(cut);
        caller.Links.Set(0, cut.Function); // an exit to the header, linked while the cut's region served it
        Assert.Same(cut, cache.Lookup(Page + 0x200));

        var header = Block(Page + 0x200, [Page + 0x200, Page + 0x300]);
        Assert.Same(cut, cache.Add(header)); // the jump caches forget it

        Assert.Same(header, cache.Lookup(Page + 0x200));
        Assert.Same(cut, cache.Lookup(Page + 0x280));
        Assert.True(cut.Valid);
        Assert.Null(caller.Links.Next[0]);
        Assert.Equal(1, cache.TakenEntries);
        Assert.Equal(0, cache.Replacements);
    }
}
