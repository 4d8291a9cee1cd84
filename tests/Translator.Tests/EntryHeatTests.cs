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
