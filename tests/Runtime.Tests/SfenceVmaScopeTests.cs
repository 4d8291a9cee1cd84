// sfence.vma flushes only what it must: one 4 KiB entry for an address outside superpages, every entry of a
// megapage or NAPOT page that holds the address, nothing for another ASID.
using RvJit.Runtime.Hart;
using static RvJit.Runtime.Tests.Sv39Tests;

namespace RvJit.Runtime.Tests;

public class SfenceVmaScopeTests
{
    private const ulong V = 1, R = 2, A = 64, N = 1UL << 63;
    private const ulong Data = HartHarness.RamBase + 0x40_0000;

    private static ulong Load(HartHarness h, ulong va)
    {
        Assert.True(h.Hart.Mmu.Load(va, 8, out ulong value, out Trap trap), $"load 0x{va:x}: {trap}");
        return value;
    }

    [Fact]
    public void AddressFenceDropsOnlyThatPage()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.Store64(Data, 0x1111);
        h.Store64(Data + 0x1000, 0x2222);
        pt.Map(0x9000, Data, 0, V | R | A);
        pt.Map(0xA000, Data, 0, V | R | A);
        Assert.Equal(0x1111UL, Load(h, 0x9000));
        Assert.Equal(0x1111UL, Load(h, 0xA000));
        long walks = h.Hart.Mmu.Walks, flushes = h.Hart.Mmu.Flushes;

        pt.Map(0x9000, Data + 0x1000, 0, V | R | A);
        Assert.True(h.Hart.SfenceVma(0x9000, 0, allVa: false, allAsids: true));
        Assert.Equal(0x2222UL, Load(h, 0x9000));
        Assert.Equal(0x1111UL, Load(h, 0xA000));
        Assert.Equal(walks + 1, h.Hart.Mmu.Walks); // 0xA000 still hit
        Assert.Equal(flushes, h.Hart.Mmu.Flushes);
    }

    [Fact]
    public void AddressFenceInsideAMegapageDropsAllItsEntries()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.Store64(Data + 0x20_0000 + 0x7000, 0x3333);
        pt.Map(0x4000_0000, Data, 1, V | R | A);
        pt.Map(0x9000, Data, 0, V | R | A);
        Assert.Equal(0UL, Load(h, 0x4000_7000));
        Assert.Equal(0UL, Load(h, 0x9000));
        long walks = h.Hart.Mmu.Walks;
        pt.Map(0x4000_0000, Data + 0x20_0000, 1, V | R | A);
        Assert.True(h.Hart.SfenceVma(0x4000_1000, 0, allVa: false)); // another page of the megapage than the cached one
        Assert.Equal(0x3333UL, Load(h, 0x4000_7000));
        Assert.Equal(0UL, Load(h, 0x9000));
        Assert.Equal(walks + 1, h.Hart.Mmu.Walks); // the 4 KiB page outside it stayed cached
    }

    [Fact]
    public void AddressFenceInsideANapotPageDropsAllItsEntries()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.Store64(Data + 0x1_0000 + 0x3000, 0x4444);
        for (ulong i = 0; i < 16; i++) pt.Map(0x2_0000 + i * 0x1000, Data + 0x8000, 0, V | R | A | N);
        Assert.Equal(0UL, Load(h, 0x2_3000));
        for (ulong i = 0; i < 16; i++) pt.Map(0x2_0000 + i * 0x1000, Data + 0x1_8000, 0, V | R | A | N);
        Assert.True(h.Hart.SfenceVma(0x2_F000, 0, allVa: false));
        Assert.Equal(0x4444UL, Load(h, 0x2_3000));
    }

    [Fact]
    public void FenceForAnotherAsidKeepsTheTlb()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.WriteAsMachine(CsrNumber.Satp, pt.Satp | (5UL << 44)); // ASID 5
        h.Store64(Data, 0x1111);
        pt.Map(0x9000, Data, 0, V | R | A);
        Assert.Equal(0x1111UL, Load(h, 0x9000));
        long epoch = h.Hart.Mmu.FetchEpoch;
        Assert.True(h.Hart.SfenceVma(0, 6, allVa: true, allAsids: false));
        Assert.True(h.Hart.SfenceVma(0x9000, 6, allVa: false, allAsids: false));
        Assert.Equal(epoch, h.Hart.Mmu.FetchEpoch);
        Assert.True(h.Hart.SfenceVma(0, 5, allVa: true, allAsids: false)); // its own ASID
        Assert.Equal(epoch + 1, h.Hart.Mmu.FetchEpoch);
    }
}
