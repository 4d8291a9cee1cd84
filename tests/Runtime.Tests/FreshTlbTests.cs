// A new hart's TLB views are left as the host gave them (zeroed, uncommitted) instead of being filled with the empty
// tag at start-up: a zero entry must still never hit, and an entry filled over a zero one must still be flushed.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class FreshTlbTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, A = 64, D = 128;
    private const ulong Data = HartHarness.RamBase + 0x40_0000;

    /// <summary>Page 0 is the one page whose tag is zero: its entries start empty, so a first access walks the table
    /// (a zero entry would have "hit" with a host address of 0).</summary>
    [Fact]
    public void Page_zero_is_walked_on_a_fresh_hart()
    {
        var (h, pt) = Sv39Tests.Setup();
        using var owner = h;
        pt.Map(0, Data, 0, V | R | W | X | A | D);
        h.Store64(Data + 8, 0x1122_3344_5566_7788);
        Assert.True(h.Hart.Mmu.Load(8, 8, out ulong value, out _));
        Assert.Equal(0x1122_3344_5566_7788UL, value);
        Assert.True(h.Hart.Mmu.Store(16, 8, 0x99, out _));
        Assert.Equal(0x99UL, h.Load64(Data + 16));
        Assert.True(h.Hart.Mmu.TranslateFetch(0x20, out ulong pa, out _));
        Assert.Equal(Data + 0x20, pa);
    }

    /// <summary>An access in the top page whose last byte wraps around to page 0 compares tag 0 at the last index:
    /// that entry starts empty too, so the access takes the slow path and reads both pages.</summary>
    [Fact]
    public void An_access_wrapping_from_the_top_page_is_split_on_a_fresh_hart()
    {
        var (h, pt) = Sv39Tests.Setup();
        using var owner = h;
        pt.Map(0xFFFF_FFFF_FFFF_F000, Data + 0x1000, 0, V | R | W | A | D);
        pt.Map(0, Data, 0, V | R | W | A | D);
        h.Store64(Data + 0x1FF8, 0xDDCC_BBAA_0000_0000);
        h.Store64(Data, 0x0000_0000_4433_2211);
        Assert.True(h.Hart.Mmu.Load(0xFFFF_FFFF_FFFF_FFFC, 8, out ulong value, out _));
        Assert.Equal(0x4433_2211_DDCC_BBAAUL, value);
    }

    /// <summary>An entry filled where the view was still zero is logged like one filled over the empty tag: a flush
    /// drops it, and the page's new mapping is used.</summary>
    [Theory]
    [InlineData(0x4000_1000UL)]
    [InlineData(0x7FFF_F000UL)]
    public void An_entry_filled_over_a_zero_one_is_flushed(ulong va)
    {
        var (h, pt) = Sv39Tests.Setup();
        using var owner = h;
        ulong leaf = pt.Map(va, Data + 0x3000, 0, V | R | W | A | D);
        h.Store64(Data + 0x3000, 1);
        h.Store64(Data + 0x5000, 2);
        Assert.True(h.Hart.Mmu.Load(va, 8, out ulong first, out _));
        Assert.Equal(1UL, first);
        h.Store64(leaf, (((Data + 0x5000) >> 12) << 10) | V | R | W | A | D);
        h.Hart.Mmu.Flush();
        Assert.True(h.Hart.Mmu.Load(va, 8, out ulong second, out _));
        Assert.Equal(2UL, second);
    }
}
