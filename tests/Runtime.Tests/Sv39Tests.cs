// Sv39 (and Sv48) page walks over page tables built in guest RAM, through Hart + Mmu: page sizes,
// superpage alignment, permission bits, SUM/MXR, A/D updates, invalid encodings, canonical addresses,
// TLB flush on satp writes, and MPRV.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public class Sv39Tests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;
    private const ulong Data = HartHarness.RamBase + 0x40_0000; // 4 MiB into RAM: 2 MiB aligned

    /// <summary>Builds page tables in the harness's RAM (tables from 1 MiB into RAM).</summary>
    internal sealed class PageTables(HartHarness h, int levels = 3)
    {
        private readonly ulong root = HartHarness.RamBase + 0x10_0000;
        private ulong next = HartHarness.RamBase + 0x10_1000;

        public ulong Satp => ((ulong)(levels + 5) << 60) | (root >> 12);

        /// <summary>Maps <paramref name="va"/> with a leaf at <paramref name="level"/> (0 = 4 KiB, 1 = 2 MiB,
        /// 2 = 1 GiB); returns the leaf PTE's physical address.</summary>
        public ulong Map(ulong va, ulong pa, int level, ulong flags)
        {
            ulong table = root;
            for (int l = levels - 1; l > level; l--)
            {
                ulong slot = table + ((va >> (12 + 9 * l)) & 0x1FF) * 8;
                ulong pte = h.Load64(slot);
                if ((pte & V) == 0)
                {
                    pte = ((next >> 12) << 10) | V;
                    next += 0x1000;
                    h.Store64(slot, pte);
                }
                table = (pte >> 10) << 12;
            }
            ulong leaf = table + ((va >> (12 + 9 * level)) & 0x1FF) * 8;
            h.Store64(leaf, ((pa >> 12) << 10) | flags);
            return leaf;
        }
    }

    internal static (HartHarness, PageTables) Setup(Privilege privilege = Privilege.Supervisor, int levels = 3)
    {
        var h = new HartHarness();
        var pt = new PageTables(h, levels);
        h.Write(CsrNumber.Satp, pt.Satp);
        h.Privilege = privilege;
        return (h, pt);
    }

    internal static ulong Translate(HartHarness h, ulong va, Access access = Access.Load)
    {
        Assert.True(h.Hart.Mmu.Translate(va, access, out ulong pa, out Trap trap), $"{access} 0x{va:x} faulted: {trap}");
        return pa;
    }

    internal static void AssertFault(HartHarness h, ulong va, Access access, ExceptionCause cause)
    {
        Assert.False(h.Hart.Mmu.Translate(va, access, out _, out Trap trap));
        Assert.Equal(new Trap(cause, va), trap);
    }

    private static ExceptionCause PageFaultFor(Access access) => access switch
    {
        Access.Fetch => ExceptionCause.InstructionPageFault,
        Access.Load => ExceptionCause.LoadPageFault,
        _ => ExceptionCause.StorePageFault,
    };

    [Fact]
    public void FourKiBPageThroughThreeLevels()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x4000_1000, Data + 0x3000, 0, V | R | W | X | A | D);
        Assert.Equal(Data + 0x3ABC, Translate(h, 0x4000_1ABC));
        Assert.Equal(Data + 0x3008, Translate(h, 0x4000_1008, Access.Store));
        Assert.Equal(Data + 0x3FFE, Translate(h, 0x4000_1FFE, Access.Fetch));
        AssertFault(h, 0x4000_2000, Access.Load, ExceptionCause.LoadPageFault); // next page unmapped
    }

    [Fact]
    public void TwoMiBSuperpage()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x4020_0000, Data, 1, V | R | W | A | D);
        Assert.Equal(Data + 0x1_2345, Translate(h, 0x4021_2345));
        Assert.Equal(Data + 0x1F_FFF8, Translate(h, 0x403F_FFF8, Access.Store));
    }

    [Fact]
    public void OneGiBSuperpage()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0xC000_0000, HartHarness.RamBase, 2, V | R | X | A);
        Assert.Equal(HartHarness.RamBase + 0x0012_3456, Translate(h, 0xC012_3456));
        Assert.Equal(HartHarness.RamBase + 0x3FFF_FFFC, Translate(h, 0xFFFF_FFFC, Access.Fetch));
    }

    [Theory]
    [InlineData(1, 0x1000UL)]          // 2 MiB leaf whose PPN is not 2 MiB aligned
    [InlineData(2, 0x20_0000UL)]       // 1 GiB leaf whose PPN is only 2 MiB aligned
    [InlineData(2, 0x1000UL)]
    public void MisalignedSuperpageFaults(int level, ulong misalignment)
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x4000_0000, HartHarness.RamBase + misalignment, level, V | R | W | X | A | D);
        AssertFault(h, 0x4000_0000, Access.Load, ExceptionCause.LoadPageFault);
        AssertFault(h, 0x4000_0000, Access.Fetch, ExceptionCause.InstructionPageFault);
    }

    [Theory]
    [InlineData(R, Access.Load, true)]
    [InlineData(R, Access.Store, false)]
    [InlineData(R, Access.Fetch, false)]
    [InlineData(R | W, Access.Store, true)]
    [InlineData(R | W, Access.Fetch, false)]
    [InlineData(X, Access.Fetch, true)]
    [InlineData(X, Access.Load, false)]
    [InlineData(X, Access.Store, false)]
    [InlineData(R | X, Access.Store, false)]
    public void PermissionBits(ulong perms, Access access, bool allowed)
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x1000, Data, 0, V | A | D | perms);
        if (allowed) Assert.Equal(Data + 0x10, Translate(h, 0x1010, access));
        else AssertFault(h, 0x1010, access, PageFaultFor(access));
    }

    [Fact]
    public void MxrMakesExecutableReadable()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x1000, Data, 0, V | X | A);
        AssertFault(h, 0x1000, Access.Load, ExceptionCause.LoadPageFault);
        h.WriteAsMachine(CsrNumber.Mstatus, CsrFile.MstatusMxr);
        Assert.Equal(Data, Translate(h, 0x1000));
        AssertFault(h, 0x1000, Access.Store, ExceptionCause.StorePageFault);
    }

    [Fact]
    public void UserBitRules()
    {
        var (h, pt) = Setup(Privilege.User);
        using var owner = h;
        pt.Map(0x1000, Data, 0, V | R | W | X | U | A | D);
        pt.Map(0x2000, Data + 0x1000, 0, V | R | W | X | A | D);

        // U-mode: only U pages.
        Assert.Equal(Data, Translate(h, 0x1000, Access.Fetch));
        Assert.Equal(Data, Translate(h, 0x1000, Access.Store));
        AssertFault(h, 0x2000, Access.Load, ExceptionCause.LoadPageFault);
        AssertFault(h, 0x2000, Access.Fetch, ExceptionCause.InstructionPageFault);

        // S-mode: no U pages, unless SUM (and then for data only).
        h.Privilege = Privilege.Supervisor;
        Assert.Equal(Data + 0x1000, Translate(h, 0x2000, Access.Fetch));
        AssertFault(h, 0x1000, Access.Load, ExceptionCause.LoadPageFault);
        AssertFault(h, 0x1000, Access.Store, ExceptionCause.StorePageFault);
        h.WriteAsMachine(CsrNumber.Mstatus, CsrFile.MstatusSum);
        Assert.Equal(Data, Translate(h, 0x1000));
        Assert.Equal(Data, Translate(h, 0x1000, Access.Store));
        AssertFault(h, 0x1000, Access.Fetch, ExceptionCause.InstructionPageFault);
    }

    [Fact]
    public void HardwareUpdatesAccessedAndDirtyInThePte()
    {
        var (h, pt) = Setup();
        using var owner = h;
        ulong pte = pt.Map(0x5000, Data, 0, V | R | W);
        Translate(h, 0x5000);
        Assert.Equal(A, h.Load64(pte) & (A | D));
        Translate(h, 0x5000, Access.Store);
        Assert.Equal(A | D, h.Load64(pte) & (A | D));
        Assert.Equal(Data >> 12, h.Load64(pte) >> 10); // the rest of the PTE is unchanged

        ulong pte2 = pt.Map(0x6000, Data, 0, V | R | W);
        Translate(h, 0x6000, Access.Store); // a store sets both at once
        Assert.Equal(A | D, h.Load64(pte2) & (A | D));

        ulong pte3 = pt.Map(0x7000, Data, 0, V | R | W);
        AssertFault(h, 0x7000, Access.Fetch, ExceptionCause.InstructionPageFault);
        Assert.Equal(0UL, h.Load64(pte3) & (A | D)); // a faulting access changes nothing
    }

    [Theory]
    [InlineData(R | W | X | A | D)]              // V clear
    [InlineData(V | W | A | D)]                  // W without R
    [InlineData(V | W | X | A | D)]              // W without R
    [InlineData(V | R | W | A | D | (1UL << 61))] // PBMT bits without menvcfg.PBMTE
    [InlineData(V | R | W | A | D | (1UL << 63))] // N bit on a ppn that is not a NAPOT 64 KiB one
    [InlineData(V | R | W | A | D | (1UL << 54))] // reserved bits 60:54
    [InlineData(V | R | W | A | D | (1UL << 60))]
    public void InvalidLeafEncodingsFault(ulong flags)
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x3000, Data, 0, flags);
        AssertFault(h, 0x3000, Access.Load, ExceptionCause.LoadPageFault);
        AssertFault(h, 0x3000, Access.Store, ExceptionCause.StorePageFault);
    }

    [Fact]
    public void PointerAtTheLastLevelFaults()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x3000, Data, 0, V); // a non-leaf PTE where a leaf must be
        AssertFault(h, 0x3000, Access.Load, ExceptionCause.LoadPageFault);
    }

    [Theory]
    [InlineData(1UL << 38)]                 // bit 38 set but not extended
    [InlineData(0x0000_8000_0000_0000UL)]
    [InlineData(0xFFFF_FF80_0000_0000UL ^ (1UL << 63))]
    public void NonCanonicalAddressFaults(ulong va)
    {
        var (h, pt) = Setup();
        using var owner = h;
        // Map what the low 39 bits select, so only canonicality can fail.
        pt.Map(va & ((1UL << 39) - 1), Data, 0, V | R | W | X | A | D);
        AssertFault(h, va, Access.Load, ExceptionCause.LoadPageFault);
        AssertFault(h, va, Access.Fetch, ExceptionCause.InstructionPageFault);
    }

    [Fact]
    public void NegativeCanonicalAddressTranslates()
    {
        var (h, pt) = Setup();
        using var owner = h;
        const ulong va = 0xFFFF_FFC0_0000_1000;
        pt.Map(va, Data, 0, V | R | A);
        Assert.Equal(Data + 4, Translate(h, va + 4));
    }

    [Fact]
    public void PageTableOutsideRamIsAnAccessFault()
    {
        using var h = new HartHarness();
        h.Write(CsrNumber.Satp, (8UL << 60) | (0x1000_0000UL >> 12));
        h.Privilege = Privilege.Supervisor;
        AssertFault(h, 0x1000, Access.Load, ExceptionCause.LoadAccessFault);
        AssertFault(h, 0x1000, Access.Store, ExceptionCause.StoreAccessFault);
        AssertFault(h, 0x1000, Access.Fetch, ExceptionCause.InstructionAccessFault);
    }

    [Fact]
    public void Sv48WalksFourLevels()
    {
        var (h, pt) = Setup(levels: 4);
        using var owner = h;
        const ulong va = 0x0000_7F12_3456_7000; // needs the fourth level
        pt.Map(va, Data, 0, V | R | A);
        Assert.Equal(Data + 0x10, Translate(h, va + 0x10));
        AssertFault(h, 0x0000_8000_0000_0000, Access.Load, ExceptionCause.LoadPageFault); // non-canonical for Sv48
    }

    [Fact]
    public void BareModeAndMachineModeDoNotTranslate()
    {
        var (h, pt) = Setup(Privilege.Machine);
        using var owner = h;
        pt.Map(0x8000_0000, Data, 0, V | R | A);
        Assert.Equal(0x8000_0000UL, Translate(h, 0x8000_0000)); // M-mode ignores satp
        h.Write(CsrNumber.Satp, 0);
        h.Privilege = Privilege.User;
        Assert.Equal(0x1234_5678UL, Translate(h, 0x1234_5678)); // bare
    }

    [Fact]
    public void SatpWriteFlushesCachedTranslations()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.Store64(Data, 0x1111);
        h.Store64(Data + 0x1000, 0x2222);
        pt.Map(0x9000, Data, 0, V | R | A);
        Assert.True(h.Hart.Mmu.Load(0x9000, 8, out ulong value, out _));
        Assert.Equal(0x1111UL, value);

        pt.Map(0x9000, Data + 0x1000, 0, V | R | A); // remap without telling the MMU
        Assert.True(h.Hart.Mmu.Load(0x9000, 8, out value, out _));
        Assert.Equal(0x1111UL, value); // the TLB still holds the old translation

        h.WriteAsMachine(CsrNumber.Satp, pt.Satp);
        Assert.True(h.Hart.Mmu.Load(0x9000, 8, out value, out _));
        Assert.Equal(0x2222UL, value);
    }

    [Fact]
    public void SfenceVmaFlushesCachedTranslations()
    {
        var (h, pt) = Setup();
        using var owner = h;
        h.Store64(Data, 0x1111);
        h.Store64(Data + 0x20_0000 + 0x5000, 0x3333);
        pt.Map(0x4000_0000, Data, 1, V | R | A); // 2 MiB page
        Assert.True(h.Hart.Mmu.Load(0x4000_5000, 8, out ulong value, out _));
        Assert.Equal(0UL, value);
        pt.Map(0x4000_0000, Data + 0x20_0000, 1, V | R | A);
        Assert.True(h.Hart.SfenceVma(0x4000_0000, 0, false)); // address of the superpage, not of the cached 4 KiB entry
        Assert.True(h.Hart.Mmu.Load(0x4000_5000, 8, out value, out _));
        Assert.Equal(0x3333UL, value);
    }

    [Fact]
    public void MprvTranslatesDataAccessesAtMpp()
    {
        var (h, pt) = Setup(Privilege.Machine);
        using var owner = h;
        pt.Map(0x1000, Data, 0, V | R | W | X | A | D);      // supervisor page
        pt.Map(0x2000, Data + 0x1000, 0, V | R | U | A);     // user page

        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMprv | (1UL << 11)); // MPP = S
        Assert.Equal(Privilege.Supervisor, h.Hart.Mmu.DataPrivilege);
        Assert.Equal(Data, Translate(h, 0x1000));
        Assert.Equal(Data, Translate(h, 0x1000, Access.Store));
        Assert.Equal(0x1000UL, Translate(h, 0x1000, Access.Fetch)); // fetches stay at M: untranslated
        AssertFault(h, 0x2000, Access.Load, ExceptionCause.LoadPageFault); // U page, SUM = 0

        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMprv); // MPP = U
        Assert.Equal(Data + 0x1000, Translate(h, 0x2000));
        AssertFault(h, 0x1000, Access.Load, ExceptionCause.LoadPageFault);

        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMprv | CsrFile.MstatusMpp); // MPP = M
        Assert.Equal(0x2000UL, Translate(h, 0x2000));
    }

    [Fact]
    public void MprvChangesFlushCachedTranslations()
    {
        var (h, pt) = Setup(Privilege.Machine);
        using var owner = h;
        h.Store64(Data, 0x4444);
        pt.Map(HartHarness.RamBase, Data, 0, V | R | A);
        Assert.True(h.Hart.Mmu.Load(HartHarness.RamBase, 8, out ulong value, out _));
        Assert.Equal(0UL, value); // M-mode: physical RamBase
        h.Write(CsrNumber.Mstatus, CsrFile.MstatusMprv | (1UL << 11));
        Assert.True(h.Hart.Mmu.Load(HartHarness.RamBase, 8, out value, out _));
        Assert.Equal(0x4444UL, value);
    }

    [Fact]
    public unsafe void AtomicsUseTheTlbAfterTheFirstWalk()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x4000_1000, Data + 0x3000, 0, V | R | W | A | D);
        var mmu = h.Hart.Mmu;
        Assert.True(mmu.TranslateAtomic(0x4000_1010, 8, isLoadReserved: false, out byte* host, out ulong pa, out _));
        Assert.Equal(Data + 0x3010, pa);
        Assert.True(host == h.Ram.HostPointer(Data + 0x3010));
        long walks = mmu.Walks;
        for (int i = 0; i < 10; i++)
        {
            Assert.True(mmu.TranslateAtomic(0x4000_1020, 4, isLoadReserved: false, out host, out pa, out _));
            Assert.True(mmu.TranslateAtomic(0x4000_1020, 4, isLoadReserved: true, out _, out ulong lrPa, out _));
            Assert.Equal(Data + 0x3020, lrPa);
        }
        Assert.Equal(Data + 0x3020, pa);
        Assert.True(host == h.Ram.HostPointer(Data + 0x3020));
        Assert.Equal(walks + 1, mmu.Walks); // the first LR fills the load view; every other access hits
        // The rules still hold on a hit: misaligned atomics trap before the TLB is consulted.
        Assert.False(mmu.TranslateAtomic(0x4000_1022, 4, isLoadReserved: false, out _, out _, out Trap trap));
        Assert.Equal(new Trap(ExceptionCause.StoreAddressMisaligned, 0x4000_1022), trap);
    }

    [Fact]
    public unsafe void AnAtomicOnAReadOnlyPageFaultsEvenAfterLoadsFilledTheLoadView()
    {
        var (h, pt) = Setup();
        using var owner = h;
        pt.Map(0x4000_1000, Data + 0x3000, 0, V | R | A);
        var mmu = h.Hart.Mmu;
        Assert.True(mmu.TranslateAtomic(0x4000_1000, 8, isLoadReserved: true, out _, out _, out _));
        Assert.True(mmu.Load(0x4000_1008, 8, out _, out _));
        Assert.False(mmu.TranslateAtomic(0x4000_1000, 8, isLoadReserved: false, out _, out _, out Trap trap));
        Assert.Equal(new Trap(ExceptionCause.StorePageFault, 0x4000_1000), trap);
    }

    [Fact]
    public void MakingAPageCodeDropsOnlyTheStoreEntriesThatMapIt()
    {
        var (h, pt) = Setup();
        using var owner = h;
        // Two virtual pages share one frame (an alias); a third page maps another frame.
        pt.Map(0x4000_1000, Data + 0x3000, 0, V | R | W | A | D);
        pt.Map(0x4000_5000, Data + 0x3000, 0, V | R | W | A | D);
        pt.Map(0x4000_2000, Data + 0x4000, 0, V | R | W | A | D);
        var mmu = h.Hart.Mmu;
        foreach (ulong va in new ulong[] { 0x4000_1000, 0x4000_5000, 0x4000_2000 })
            Assert.True(mmu.Store(va, 8, 1, out _));
        long walks = mmu.Walks;

        h.Ram.MarkCode(Data + 0x3000);
        mmu.FlushStoresTo(Data + 0x3000);

        Assert.True(mmu.Store(0x4000_2008, 8, 2, out _)); // the other frame still hits
        Assert.Equal(walks, mmu.Walks);
        Assert.True(mmu.Store(0x4000_1008, 8, 3, out _)); // both aliases of the code frame walk again
        Assert.True(mmu.Store(0x4000_5008, 8, 4, out _));
        Assert.Equal(walks + 2, mmu.Walks);
        Assert.False(h.Ram.IsCode(Data + 0x3000)); // and the store reached the code caches' notice
    }

    /// <summary>Maps <paramref name="superpages"/> 2 MiB virtual superpages from 0x4000_0000 on, all aliases of the one
    /// 2 MiB frame at <see cref="Data"/>: that many times 512 distinct virtual pages, each its own TLB entry.</summary>
    private static (HartHarness, Mmu, int Pages) ManyPages(int superpages)
    {
        var (h, pt) = Setup();
        for (int i = 0; i < superpages; i++)
            pt.Map(0x4000_0000 + (ulong)i * 0x20_0000, Data, 1, V | R | W | A | D);
        return (h, h.Hart.Mmu, superpages * 512);
    }

    private static ulong PageVa(int i) => 0x4000_0000 + (ulong)i * 0x1000;

    [Fact]
    public void AWorkingSetOfSixteenThousandPagesStaysInTheTlb()
    {
        // 16,384 pages, 64 MiB of virtual addresses: a compressor's match tree or a database's cache. With 4,096
        // entries every pass walked every page again.
        var (h, mmu, pages) = ManyPages(32);
        using var owner = h;
        for (int i = 0; i < pages; i++) Assert.True(mmu.Load(PageVa(i) + 8, 8, out _, out _));
        long walks = mmu.Walks;
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < pages; i++) Assert.True(mmu.Load(PageVa(i) + 16, 8, out _, out _));
        Assert.Equal(walks, mmu.Walks);
    }

    [Theory]
    [InlineData(1)]   // a few hundred entries filled: the flush clears what was filled
    [InlineData(40)]  // more fills than the log holds: the flush clears the whole views
    public void FlushEmptiesEveryFilledEntry(int superpages)
    {
        var (h, mmu, pages) = ManyPages(superpages);
        using var owner = h;
        for (int i = 0; i < pages; i++)
        {
            Assert.True(mmu.Load(PageVa(i), 8, out _, out _));
            Assert.True(mmu.Store(PageVa(i) + 8, 8, (ulong)i, out _));
        }
        long walks = mmu.Walks;
        mmu.Flush();
        for (int i = 0; i < pages; i++)
        {
            Assert.True(mmu.Load(PageVa(i), 8, out _, out _));
            Assert.True(mmu.Store(PageVa(i) + 8, 8, (ulong)i, out _));
        }
        Assert.Equal(walks + 2 * pages, mmu.Walks); // every entry had gone: each page walked again for each view
        walks = mmu.Walks;
        for (int i = 0; i < pages; i++) Assert.True(mmu.Load(PageVa(i), 8, out _, out _));
        Assert.Equal(walks, mmu.Walks); // and the refills stay
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void MakingAPageCodeDropsItsStoreEntriesHoweverManyWereFilled(int superpages)
    {
        var (h, mmu, pages) = ManyPages(superpages);
        using var owner = h;
        for (int i = 0; i < pages; i++) Assert.True(mmu.Store(PageVa(i), 8, 1, out _));
        long walks = mmu.Walks;
        h.Ram.MarkCode(Data + 0x3000);
        mmu.FlushStoresTo(Data + 0x3000);
        // Page 3 of every superpage maps the code frame: those walk again (and the first clears the code mark, so the
        // later ones fill again); every other page still hits.
        for (int i = 0; i < pages; i++) Assert.True(mmu.Store(PageVa(i) + 8, 8, 2, out _));
        Assert.Equal(walks + superpages, mmu.Walks);
        Assert.False(h.Ram.IsCode(Data + 0x3000));
    }

    [Fact]
    public unsafe void TheTlbViewsLieInLowMemoryOnLinuxX64()
    {
        using var h = new HartHarness();
        var mmu = h.Hart.Mmu;
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.False(mmu.TlbInLowMemory);
            return;
        }
        Assert.True(mmu.TlbInLowMemory);
        Assert.True((ulong)mmu.FetchTlb + Mmu.TlbEntries * 16UL <= int.MaxValue); // the last view ends below 2 GiB
    }
}
