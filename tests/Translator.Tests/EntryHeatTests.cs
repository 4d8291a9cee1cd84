using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>The dispatcher's per-page heat slots: counting, "has run", a page's entries, forgetting a page.</summary>
public sealed class EntryHeatTests
{
    private const ulong Page = 0x8000_3000, Other = 0x8000_7000;

    [Fact]
    public void Slots_count_per_entry_and_survive_switching_pages()
    {
        var heat = new EntryHeat();
        heat.At(Page + 0x10)++;
        heat.At(Other + 0x10) = 5;  // another page in between: the one-page cache moves
        heat.At(Page + 0x10)++;
        heat.At(Page + 0x12)++;     // a compressed instruction's entry two bytes further is its own slot
        Assert.Equal(2, heat.At(Page + 0x10));
        Assert.Equal(1, heat.At(Page + 0x12));
        Assert.Equal(5, heat.At(Other + 0x10));
    }

    [Fact]
    public void Has_run_and_the_entries_of_a_page()
    {
        var heat = new EntryHeat();
        Assert.False(heat.HasRun(Page + 0x40));
        heat.At(Page + 0x40) = 1;
        heat.At(Page + 0xffe) = EntryHeat.InterpretOnly;
        heat.At(Page + 0x100) = EntryHeat.Queued;
        heat.At(Other) = 3;
        Assert.True(heat.HasRun(Page + 0x40));
        Assert.False(heat.HasRun(Page + 0x42));
        Assert.Equal([Page + 0x40, Page + 0x100, Page + 0xffe], heat.RanIn(Page));
    }

    [Fact]
    public void A_forgotten_page_starts_cold_again()
    {
        var heat = new EntryHeat();
        heat.At(Page + 0x40) = 7;
        heat.At(Other) = 3;
        heat.Forget(Page);
        Assert.False(heat.HasRun(Page + 0x40));
        Assert.Empty(heat.RanIn(Page));
        Assert.Equal(0, heat.At(Page + 0x40));
        Assert.Equal(3, heat.At(Other));
        heat.At(Other) = 4;
        heat.Forget(Other); // the page the one-page cache holds
        Assert.Equal(0, heat.At(Other));
    }
}

/// <summary>The compiler's queue order: the region whose entry the guest kept reaching while it waited goes first.</summary>
public sealed class CompileQueueOrderTests
{
    [Fact]
    public void The_most_waited_for_request_is_compiled_first_and_equals_keep_their_order()
    {
        var heat = new EntryHeat();
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, [.. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 10, rs1: 10, imm: 1), 0x400)]);
        ulong[] entries = [.. new[] { 0x0, 0x40, 0x800, 0x900 }.Select(o => UserModeMachine.CodeBase + (ulong)o)];
        var pending = new List<BackgroundCompiler.Request>();
        foreach (ulong pa in entries)
        {
            heat.At(pa) = EntryHeat.Queued;
            var (slots, index) = heat.Locate(pa);
            pending.Add(new BackgroundCompiler.Request(GuestRegion.Read(m.Ram, pa), 0, slots, index));
        }
        // While they wait, the guest keeps reaching the third entry, and the second a little.
        for (int i = 0; i < 50; i++) heat.At(entries[2])++;
        for (int i = 0; i < 5; i++) heat.At(entries[1])++;

        var order = new List<int>();
        while (pending.Count > 0)
        {
            var next = BackgroundCompiler.TakeMostWaited(pending);
            order.Add(Array.FindIndex(entries, pa => heat.Locate(pa) == (next.Slots, next.Index)));
        }
        Assert.Equal([2, 1, 0, 3], order);
    }
}
