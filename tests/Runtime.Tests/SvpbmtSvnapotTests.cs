// Svpbmt (PBMT in leaves under menvcfg.PBMTE, 3 reserved, never in pointers), Svnapot (64 KiB NAPOT 4 KiB
// leaves) and the Sv57 five-level walk.
using RvJit.Runtime.Hart;
using static RvJit.Runtime.Tests.Sv39Tests;

namespace RvJit.Runtime.Tests;

public class SvpbmtSvnapotTests
{
    private const ulong V = 1, R = 2, W = 4, A = 64, D = 128;
    private const ulong Data = HartHarness.RamBase + 0x40_0000;
    private const ulong Pbmt1 = 1UL << 61, Pbmt2 = 2UL << 61, Pbmt3 = 3UL << 61, N = 1UL << 63;

    [Theory]
    [InlineData(Pbmt1)] // NC
    [InlineData(Pbmt2)] // IO
    public void PbmtIsAllowedWithPbmte(ulong pbmt)
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x3000, Data, 0, V | R | W | A | D | pbmt);
        AssertFault(h, 0x3000, Access.Load, ExceptionCause.LoadPageFault);
        h.WriteAsMachine(CsrNumber.Menvcfg, CsrFile.EnvcfgPbmte); // flushes the walk results
        Assert.Equal(Data + 8, Translate(h, 0x3008));
    }

    [Fact]
    public void ReservedPbmtValueFaultsEvenWithPbmte()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.WriteAsMachine(CsrNumber.Menvcfg, CsrFile.EnvcfgPbmte);
        pt.Map(0x3000, Data, 0, V | R | W | A | D | Pbmt3);
        AssertFault(h, 0x3000, Access.Store, ExceptionCause.StorePageFault);
    }

    [Theory]
    [InlineData(Pbmt1)]
    [InlineData(N)]
    public void PbmtAndNAreReservedInPointers(ulong bits)
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.WriteAsMachine(CsrNumber.Menvcfg, CsrFile.EnvcfgPbmte);
        pt.Map(0x3000, Data, 0, V | R | W | A | D);
        ulong rootSlot = HartHarness.RamBase + 0x10_0000; // va 0x3000: index 0 at every level
        h.Store64(rootSlot, h.Load64(rootSlot) | bits);
        AssertFault(h, 0x3000, Access.Load, ExceptionCause.LoadPageFault);
    }

    [Fact]
    public void NapotLeafMapsSixtyFourKiB()
    {
        var (h, pt) = Setup();
        using var owner = h;
        // A NAPOT PTE is repeated in the 16 slots of its 64 KiB range; ppn[3:0] = 1000 encodes the size.
        for (ulong i = 0; i < 16; i++)
            pt.Map(0x1_0000 + i * 0x1000, Data + 0x8000, 0, V | R | W | A | D | N);
        Assert.Equal(Data + 0x0123, Translate(h, 0x1_0123));
        Assert.Equal(Data + 0xF456, Translate(h, 0x1_F456));
        Assert.Equal(Data + 0x5008, Translate(h, 0x1_5008, Access.Store));
    }

    [Theory]
    [InlineData(0, 0x4000UL)] // ppn[3:0] = 0100: a 32 KiB NAPOT size is reserved
    [InlineData(0, 0x0000UL)] // ppn[3:0] = 0000
    [InlineData(1, 0x8000UL)] // N on a megapage
    public void OtherNapotEncodingsFault(int level, ulong ppnLow)
    {
        var (h, pt) = Setup();
        using var owner = h;
        ulong va = level == 0 ? 0x1_0000UL : 0x20_0000UL;
        ulong pa = level == 0 ? Data + ppnLow : Data + ppnLow;
        pt.Map(va, pa, level, V | R | W | A | D | N);
        AssertFault(h, va, Access.Load, ExceptionCause.LoadPageFault);
    }

    [Fact]
    public void Sv57WalksFiveLevels()
    {
        var (h, pt) = Setup(levels: 5);
        using var owner = h;
        const ulong va = 0x00FF_7F12_3456_7000; // needs the fifth level
        pt.Map(va, Data, 0, V | R | A);
        Assert.Equal(Data + 0x10, Translate(h, va + 0x10));
        AssertFault(h, 0x0100_0000_0000_0000, Access.Load, ExceptionCause.LoadPageFault); // non-canonical for Sv57
    }
}
