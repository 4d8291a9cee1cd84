// Guest memory shared by harts on several host threads: SC against another hart's store, page flags updated
// from several threads at once, and the page walker's A/D update racing a page-table rewrite.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public sealed unsafe class SharedMemoryTests
{
    private const ulong Word = HartHarness.RamBase + 0x2000;

    private static ulong Do(Hart.Hart hart, Op op, ulong rs2 = 0)
    {
        Assert.True(AtomicOps.Execute(hart, op, Word, rs2, out ulong rd, out Trap trap), $"{op} trapped: {trap}");
        return rd;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sc_fails_after_another_hart_changed_the_reserved_word(bool word)
    {
        using var h = new HartHarness();
        using var other = new Hart.Hart(h.Bus, 1);
        Op lr = word ? Op.LrW : Op.LrD, sc = word ? Op.ScW : Op.ScD;
        h.Store64(Word, 5);

        Assert.Equal(5UL, Do(h.Hart, lr));
        Assert.Equal(5UL, Do(other, Op.AmoaddD, 1)); // the other hart: 5 -> 6
        Assert.Equal(1UL, Do(h.Hart, sc, 100));        // failed
        Assert.Equal(6UL, h.Load64(Word));             // and wrote nothing

        // The same pair succeeds when nothing changed in between, and swaps in rs2.
        Assert.Equal(6UL, Do(h.Hart, lr));
        Assert.Equal(0UL, Do(h.Hart, sc, 100));
        Assert.Equal(100UL, h.Load64(Word));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sc_fails_after_another_harts_plain_store_and_without_a_reservation(bool word)
    {
        using var h = new HartHarness();
        using var other = new Hart.Hart(h.Bus, 1);
        Op lr = word ? Op.LrW : Op.LrD, sc = word ? Op.ScW : Op.ScD;
        h.Store64(Word, 7);
        Assert.Equal(7UL, Do(h.Hart, lr));
        Assert.True(other.Mmu.Store(Word, word ? 4 : 8, 8, out _));
        Assert.Equal(1UL, Do(h.Hart, sc, 9));
        Assert.Equal(8UL, h.Load64(Word));
        Assert.Equal(1UL, Do(h.Hart, sc, 9)); // the failed SC used up the reservation
        Assert.Equal(8UL, h.Load64(Word));
    }

    [Fact]
    public void Sc_w_compares_the_word_lr_w_sign_extended()
    {
        using var h = new HartHarness();
        h.Store64(Word, 0x1234_5678_FFFF_FFF0);
        Assert.Equal(0xFFFF_FFFF_FFFF_FFF0UL, Do(h.Hart, Op.LrW));
        Assert.Equal(0UL, Do(h.Hart, Op.ScW, 0xAAAA_AAAA_8000_0001));
        Assert.Equal(0x1234_5678_8000_0001UL, h.Load64(Word)); // the upper word untouched
    }

    [Fact]
    public void Amo_word_operations_return_the_old_value_and_store_the_result()
    {
        using var h = new HartHarness();
        (Op Op, ulong Memory, ulong Operand, ulong Stored)[] cases =
        [
            (Op.AmoaddW, 0x7FFF_FFFF, 1, 0x8000_0000),
            (Op.AmoxorW, 0xF0F0_F0F0, 0xFFFF_FFFF, 0x0F0F_0F0F),
            (Op.AmominW, 0xFFFF_FFFF, 0, 0xFFFF_FFFF),  // -1 < 0
            (Op.AmomaxW, 0xFFFF_FFFF, 0, 0),
            (Op.AmominuW, 0xFFFF_FFFF, 0, 0),
            (Op.AmomaxuW, 0xFFFF_FFFF, 0, 0xFFFF_FFFF),
            (Op.AmoandW, 0xFF00_FF00, 0x0FF0_0FF0, 0x0F00_0F00),
            (Op.AmoorW, 0xFF00_FF00, 0x0FF0_0FF0, 0xFFF0_FFF0),
            (Op.AmoswapW, 0x8000_0000, 0x1234, 0x1234),
        ];
        foreach (var c in cases)
        {
            *(uint*)h.Ram.HostPointer(Word) = (uint)c.Memory;
            *(uint*)h.Ram.HostPointer(Word + 4) = 0xDEAD_BEEF;
            Assert.Equal((ulong)(long)(int)(uint)c.Memory, Do(h.Hart, c.Op, c.Operand | 0x5555_0000_0000_0000));
            Assert.Equal((uint)c.Stored, *(uint*)h.Ram.HostPointer(Word));
            Assert.Equal(0xDEAD_BEEFu, *(uint*)h.Ram.HostPointer(Word + 4));
        }
    }

    [Fact]
    public void Amo_doubleword_min_max_compare_signed_and_unsigned()
    {
        using var h = new HartHarness();
        (Op Op, ulong Memory, ulong Operand, ulong Stored)[] cases =
        [
            (Op.AmominD, ulong.MaxValue, 1, ulong.MaxValue),
            (Op.AmomaxD, ulong.MaxValue, 1, 1),
            (Op.AmominuD, ulong.MaxValue, 1, 1),
            (Op.AmomaxuD, ulong.MaxValue, 1, ulong.MaxValue),
            (Op.AmoxorD, 0xFF, 0x0F, 0xF0),
            (Op.AmoaddD, ulong.MaxValue, 2, 1),
        ];
        foreach (var c in cases)
        {
            h.Store64(Word, c.Memory);
            Assert.Equal(c.Memory, Do(h.Hart, c.Op, c.Operand));
            Assert.Equal(c.Stored, h.Load64(Word));
        }
    }

    /// <summary>Page flags are changed from several threads: one thread keeps making a page code and storing to
    /// it (setting and clearing the code mark) while another sets a second flag on it; the second flag must stay.</summary>
    [Fact]
    public void A_flag_set_while_another_thread_toggles_the_code_mark_is_not_lost()
    {
        const int Pages = 1 << 14;
        using var ram = new PhysicalMemory(HartHarness.RamBase, (ulong)Pages << PhysicalMemory.PageShift);
        static ulong Page(int p) => HartHarness.RamBase + ((ulong)p << PhysicalMemory.PageShift);
        int current = -1, flagged = -1, finished = -1, lost = 0;
        var toggler = new Thread(() =>
        {
            for (int p = 0; p < Pages; p++)
            {
                while (Volatile.Read(ref current) != p) Thread.SpinWait(1);
                // Toggle until the other thread has set its flag, and a little longer.
                for (int after = 0; after < 16; after += Volatile.Read(ref flagged) == p ? 1 : 0)
                {
                    ram.MarkCode(Page(p));
                    ram.NoteStore(Page(p), 8);
                }
                Volatile.Write(ref finished, p);
            }
        });
        toggler.Start();
        for (int p = 0; p < Pages; p++)
        {
            Volatile.Write(ref current, p);
            for (int spin = 0; spin < p % 64; spin++) Thread.SpinWait(1); // land at varying points of the toggling
            ram.SetPageFlag(Page(p), PhysicalMemory.FlagStoreMapped);
            Volatile.Write(ref flagged, p);
            while (Volatile.Read(ref finished) != p) Thread.SpinWait(1);
            if ((ram.PageFlags(Page(p)) & PhysicalMemory.FlagStoreMapped) == 0) lost++;
        }
        Assert.True(toggler.Join(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, lost);
    }

    /// <summary>Two threads store to code pages at once: each cleared mark is reported exactly once.</summary>
    [Fact]
    public void Concurrent_stores_to_a_code_page_report_it_once()
    {
        const int Pages = 1 << 14;
        using var ram = new PhysicalMemory(HartHarness.RamBase, (ulong)Pages << PhysicalMemory.PageShift);
        static ulong Page(int p) => HartHarness.RamBase + ((ulong)p << PhysicalMemory.PageShift);
        int reports = 0;
        ram.CodePageWritten += _ => Interlocked.Increment(ref reports);
        for (int p = 0; p < Pages; p++) ram.MarkCode(Page(p));
        int current = -1, done = -1;
        var other = new Thread(() =>
        {
            for (int p = 0; p < Pages; p++)
            {
                while (Volatile.Read(ref current) != p) Thread.SpinWait(1);
                ram.NoteStore(Page(p), 8);
                Volatile.Write(ref done, p);
            }
        });
        other.Start();
        for (int p = 0; p < Pages; p++)
        {
            Volatile.Write(ref current, p);
            ram.NoteStore(Page(p), 8);
            while (Volatile.Read(ref done) != p) Thread.SpinWait(1);
        }
        Assert.True(other.Join(TimeSpan.FromMinutes(1)));
        Assert.Equal(Pages, reports);
    }

    /// <summary>One thread keeps storing to a page through a hart's slow path (which fills its store view) while
    /// another makes the page code and flushes that hart's store entries for it: afterwards no store entry may map
    /// a code page, or stores would bypass the code caches. The fill that reads the flag before the page became
    /// code and writes its entry after the flush's scan is what the fill's recheck catches.</summary>
    [Fact]
    public void A_store_view_fill_racing_a_page_becoming_code_leaves_no_entry_for_it()
    {
        const int Rounds = 10_000;
        const ulong Va = HartHarness.RamBase + 0x3000;
        using var h = new HartHarness();
        var mmu = h.Hart.Mmu;
        int go = -1, started = -1, stored = -1, stale = 0, sink = 0;
        var storer = new Thread(() =>
        {
            for (int r = 0; r < Rounds; r++)
            {
                while (Volatile.Read(ref go) != r) Thread.SpinWait(1);
                mmu.FlushPage(Va);
                Volatile.Write(ref started, r);
                mmu.Store(Va, 8, (ulong)r, out _);
                Volatile.Write(ref stored, r);
            }
        });
        storer.Start();
        for (int r = 0; r < Rounds; r++)
        {
            Volatile.Write(ref go, r);
            while (Volatile.Read(ref started) != r) Thread.SpinWait(1);
            for (int k = 0; k < r % 97; k++) sink += Volatile.Read(ref go); // land at varying points of the store
            h.Ram.MarkCode(Va);
            mmu.FlushStoresTo(Va);
            while (Volatile.Read(ref stored) != r) Thread.SpinWait(1);
            if (Mmu.EntryFor(mmu.StoreTlb, Va)->Tag == (Va & ~Mmu.PageOffsetMask) && h.Ram.IsCode(Va)) stale++;
            h.Ram.NoteStore(Va, 8); // not code again for the next round
        }
        Assert.True(storer.Join(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, stale);
        GC.KeepAlive(sink);
    }

    /// <summary>The walker sets A on a leaf PTE while another thread (the kernel) keeps rewriting that PTE: a plain
    /// write of the PTE the walker read plus A would undo the rewrite.</summary>
    [Fact]
    public void Accessed_bit_update_does_not_undo_a_concurrent_pte_rewrite()
    {
        const ulong V = 1, R = 2, W = 4, X = 8, A = 64;
        const ulong Root = HartHarness.RamBase + 0x10_0000, Va = 0x4000_0000; // one 1 GiB leaf in the root table
        const ulong Leaf = Root + (Va >> 30) * 8;
        using var h = new HartHarness();
        h.Write(CsrNumber.Satp, (8UL << 60) | (Root >> 12));
        h.Privilege = Privilege.Supervisor;
        ulong Pte(int i) => ((HartHarness.RamBase >> 12) << 10) | V | R | ((i & 1) != 0 ? X : 0) | ((i & 2) != 0 ? W : 0);
        h.Store64(Leaf, Pte(0));

        const int Rewrites = 500_000;
        int lost = 0;
        var done = new StopFlag();
        var walker = new Thread(() =>
        {
            while (!done.Value)
            {
                h.Hart.Mmu.Flush();
                h.Hart.Mmu.Translate(Va, Access.Load, out _, out _);
            }
        });
        walker.Start();
        for (int i = 1; i <= Rewrites; i++)
        {
            Volatile.Write(ref *(ulong*)h.Ram.HostPointer(Leaf), Pte(i));
            for (int spin = 0; spin < 4; spin++) Thread.SpinWait(1);
            if ((Volatile.Read(ref *(ulong*)h.Ram.HostPointer(Leaf)) & ~A) != Pte(i)) lost++;
        }
        done.Value = true;
        Assert.True(walker.Join(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, lost);
    }

    private sealed class StopFlag { public volatile bool Value; }
}
