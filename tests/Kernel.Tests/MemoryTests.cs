// Unit tests of the kernel's memory: frames, Sv39 page tables (checked against the hart's own page walk),
// address spaces (demand paging, protection, copy-on-write fork, stack growth, brk, mremap), user memory.
using RvJit.Kernel.Memory;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Kernel.Tests;

public sealed class MemoryTests : IDisposable
{
    private readonly PhysicalMemory ram = new(0x8000_0000, 16UL << 20);
    private readonly FrameAllocator frames;

    public MemoryTests() => frames = new FrameAllocator(ram);

    public void Dispose() => ram.Dispose();

    /// <summary>The reference counts of 2 GiB of frames (the default guest RAM) are native memory the host commits
    /// lazily: as a managed array (2 MiB) they used up the GC's large-object budget, and every short run paid a full
    /// collection. The counts still work at both ends of RAM.</summary>
    [Fact]
    public void Rule_frame_counts_for_2GiB_allocate_no_managed_table()
    {
        using var big = new PhysicalMemory(0x8000_0000, 2UL << 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var alloc = new FrameAllocator(big);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 10, $"{allocated} bytes allocated");
        Assert.Equal(1L << 19, alloc.Total);
        Assert.True(alloc.TryAllocate(out var first));
        alloc.AddRef(first);
        Assert.Equal(2, alloc.RefCount(first));
        Assert.Throws<ArgumentOutOfRangeException>(() => alloc.RefCount(new Frame((0x8000_0000UL + (2UL << 30)) >> 12)));
    }

    [Fact]
    public void Rule_frames_run_out_without_crashing_and_recycled_frames_are_zeroed()
    {
        var small = new PhysicalMemory(0x8000_0000, 4 * Page.Size);
        var alloc = new FrameAllocator(small);
        var got = new List<Frame>();
        while (alloc.TryAllocate(out var f)) got.Add(f);
        Assert.Equal(4, got.Count);
        Assert.Equal(0, alloc.Free);
        alloc.Bytes(got[1])[100] = 0xAB;
        alloc.Release(got[1]);
        Assert.True(alloc.TryAllocate(out var again));
        Assert.Equal(got[1], again);
        Assert.Equal(0, alloc.Bytes(again)[100]);
        small.Dispose();
    }

    [Fact]
    public void Rule_a_frame_is_freed_when_its_last_reference_goes()
    {
        Assert.True(frames.TryAllocate(out var f));
        frames.AddRef(f);
        long inUse = frames.InUse;
        frames.Release(f);
        Assert.Equal(inUse, frames.InUse);
        frames.Release(f);
        Assert.Equal(inUse - 1, frames.InUse);
        Assert.Throws<InvalidOperationException>(() => frames.Release(f));
    }

    [Fact]
    public void Rule_the_hart_walks_kernel_built_page_tables_to_the_same_frames()
    {
        // The kernel's hart runs in U-mode; its frames and page tables are the kernel's own.
        using var kernel = new LinuxKernel(new KernelSettings { RamSize = 16UL << 20 });
        var frames = kernel.Frames;
        var table = new PageTable(frames);
        Assert.True(frames.TryAllocate(out var data));
        Assert.True(table.Set(0x12345000, PageTableEntry.UserLeaf(data, Protection.Read | Protection.Write)));
        var hart = kernel.Hart;
        Assert.Equal(Privilege.User, hart.Privilege);
        hart.Csrs.Satp = table.Satp;
        hart.Mmu.Flush();
        Assert.True(hart.Mmu.Translate(0x12345678, Access.Store, out ulong pa, out _));
        Assert.Equal(data.Address + 0x678, pa);
        Assert.False(hart.Mmu.Translate(0x12345678, Access.Fetch, out _, out var trap));
        Assert.Equal(ExceptionCause.InstructionPageFault, trap.Cause);
        Assert.False(hart.Mmu.Translate(0x22345000, Access.Load, out _, out trap));
        Assert.Equal(ExceptionCause.LoadPageFault, trap.Cause);
        Assert.Equal(data, table.Clear(0x12345000).Frame);
        Assert.False(table.Lookup(0x12345000).IsMapped);
    }

    [Fact]
    public void Rule_PROT_NONE_pages_keep_their_frame_but_fault_in_the_hart()
    {
        using var kernel = new LinuxKernel(new KernelSettings { RamSize = 16UL << 20 });
        var frames = kernel.Frames;
        var table = new PageTable(frames);
        Assert.True(frames.TryAllocate(out var data));
        table.Set(0x4000, PageTableEntry.UserLeaf(data, Protection.None));
        var hart = kernel.Hart;
        hart.Csrs.Satp = table.Satp;
        hart.Mmu.Flush();
        Assert.False(hart.Mmu.Translate(0x4000, Access.Load, out _, out var trap));
        Assert.Equal(ExceptionCause.LoadPageFault, trap.Cause);
        Assert.Equal(data, table.Lookup(0x4000).Frame);
    }

    private AddressSpace NewSpace() => new(frames);

    [Fact]
    public void Rule_anonymous_pages_are_filled_on_first_touch_with_zeros()
    {
        using var space = NewSpace();
        long at = space.Map(0, 4 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        Assert.False(ErrnoExtensions.IsError(at));
        Assert.Equal(0, space.ResidentPages);
        Assert.Equal(FaultResult.Handled, space.HandleFault((ulong)at + 5, Access.Load));
        Assert.Equal(1, space.ResidentPages);
        Assert.Equal(Errno.Success, space.Memory.Read((ulong)at + 5, out byte b));
        Assert.Equal(0, b);
        Assert.Equal(FaultResult.NotMapped, space.HandleFault((ulong)at + 4 * Page.Size, Access.Load));
        Assert.Equal(FaultResult.AccessDenied, space.HandleFault((ulong)at, Access.Fetch));
    }

    [Fact]
    public void Rule_file_backed_pages_read_the_source_and_zero_past_its_end()
    {
        using var space = NewSpace();
        var bytes = new byte[5000];
        bytes[0] = 1; bytes[4999] = 2;
        var backing = new MapBacking(new MemoryPageSource(bytes), 0, 4500);
        long at = space.Map(0, 2 * Page.Size, Protection.Read, MapOptions.None, backing);
        Assert.Equal(Errno.Success, space.Memory.Read((ulong)at, out byte first));
        Assert.Equal(1, first);
        Assert.Equal(Errno.Success, space.Memory.Read((ulong)at + 4999, out byte last));
        Assert.Equal(0, last); // past SourceLength (4500): zero, as for the bss part of a segment
        Assert.Equal(Errno.EFAULT, space.Memory.Write((ulong)at, (byte)7)); // read-only
    }

    [Fact]
    public void Rule_fork_shares_pages_copy_on_write_in_both_directions()
    {
        using var parent = NewSpace();
        ulong at = (ulong)parent.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        parent.Memory.Write(at, 111L);
        parent.Memory.Write(at + Page.Size, 222L);
        long before = frames.InUse;
        using var child = parent.Fork();
        Assert.True(frames.InUse - before <= 4, "fork copies page tables, not pages");
        Assert.False(parent.Table.Lookup(at).CanWrite);
        Assert.False(child.Table.Lookup(at).CanWrite);

        child.Memory.Write(at, 333L);
        parent.Memory.Write(at + Page.Size, 444L);
        parent.Memory.Read(at, out long p0); parent.Memory.Read(at + Page.Size, out long p1);
        child.Memory.Read(at, out long c0); child.Memory.Read(at + Page.Size, out long c1);
        Assert.Equal((111L, 444L), (p0, p1));
        Assert.Equal((333L, 222L), (c0, c1));
        Assert.Equal(1, frames.RefCount(parent.Table.Lookup(at).Frame));
        Assert.Equal(1, frames.RefCount(child.Table.Lookup(at).Frame));
    }

    [Fact]
    public void Rule_the_last_sharer_of_a_cow_page_reuses_it_without_copying()
    {
        using var parent = NewSpace();
        ulong at = (ulong)parent.Map(0, Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        parent.Memory.Write(at, 1L);
        var child = parent.Fork();
        child.Dispose();
        var frame = parent.Table.Lookup(at).Frame;
        Assert.Equal(FaultResult.Handled, parent.HandleFault(at, Access.Store));
        Assert.Equal(frame, parent.Table.Lookup(at).Frame);
        Assert.True(parent.Table.Lookup(at).CanWrite);
    }

    [Fact]
    public void Rule_the_stack_grows_down_within_its_limit_only()
    {
        using var space = NewSpace();
        ulong top = MemoryLayout.StackTop;
        space.Map(top - Page.Size, Page.Size, Protection.Read | Protection.Write, MapOptions.Fixed | MapOptions.GrowsDown, MapBacking.Anonymous("[stack]"));
        Assert.Equal(FaultResult.Handled, space.HandleFault(top - 64 * Page.Size, Access.Store));
        Assert.Equal(top - 64 * Page.Size, space.Find(top - 1)!.Start);
        Assert.Equal(FaultResult.NotMapped, space.HandleFault(top - space.StackLimit - Page.Size, Access.Store));
    }

    [Fact]
    public void Rule_mprotect_and_munmap_split_mappings()
    {
        using var space = NewSpace();
        ulong at = (ulong)space.Map(0, 4 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        Assert.Equal(0, space.Protect(at + Page.Size, Page.Size, Protection.Read));
        Assert.Equal(3, space.Areas.Count);
        Assert.Equal(Errno.EFAULT, space.Memory.Write(at + Page.Size, 1L));
        Assert.Equal(Errno.Success, space.Memory.Write(at + 2 * Page.Size, 1L));
        Assert.Equal(0, space.Unmap(at + 2 * Page.Size, Page.Size));
        Assert.Equal(FaultResult.NotMapped, space.HandleFault(at + 2 * Page.Size, Access.Load));
        Assert.Equal(Errno.ENOMEM.Fail(), space.Protect(at, 4 * Page.Size, Protection.Read));
        Assert.Equal(Errno.EINVAL.Fail(), space.Unmap(at + 1, Page.Size));
    }

    /// <summary>Changes that reach no executable page move <see cref="AddressSpace.Generation"/> (the TLB must be
    /// flushed) but not <see cref="AddressSpace.CodeGeneration"/> (jump caches keyed by virtual pc stay); any change
    /// that reaches an executable page moves both.</summary>
    [Fact]
    public void Rule_only_changes_that_reach_executable_pages_move_the_code_generation()
    {
        using var space = NewSpace();
        var rw = Protection.Read | Protection.Write;
        ulong data = (ulong)space.Map(0, 4 * Page.Size, rw, MapOptions.None, MapBacking.Anonymous());
        ulong code = (ulong)space.Map(0, 2 * Page.Size, rw | Protection.Execute, MapOptions.None, MapBacking.Anonymous());
        for (ulong p = 0; p < 4; p++) space.Memory.Write(data + p * Page.Size, 1L);
        space.Memory.Write(code, 1L);
        space.Memory.Write(code + Page.Size, 1L);

        void DataOnly(Func<long> change, string what)
        {
            long generation = space.Generation, codeGeneration = space.CodeGeneration;
            Assert.Equal(0, change());
            Assert.True(space.Generation > generation, $"{what}: the TLB was not told");
            Assert.Equal(codeGeneration, space.CodeGeneration);
        }
        void ReachesCode(Func<long> change, string what)
        {
            Assert.Equal(0, change());
            Assert.True(space.CodeGeneration == space.Generation, $"{what}: the code caches were not told");
        }
        DataOnly(() => space.DiscardPages(data, data + Page.Size), "madvise(DONTNEED) of data");
        DataOnly(() => space.Unmap(data + Page.Size, Page.Size), "munmap of data");
        DataOnly(() => space.Protect(data + 2 * Page.Size, Page.Size, Protection.Read), "mprotect of data");
        using (space.Fork()) { }
        Assert.True(space.CodeGeneration < space.Generation, "fork only takes write permissions away");
        DataOnly(() => space.HandleFault(data + 3 * Page.Size, Access.Store) == FaultResult.Handled ? 0 : -1, "copy on write of data");
        ReachesCode(() => space.HandleFault(code, Access.Store) == FaultResult.Handled ? 0 : -1, "copy on write of code");
        ReachesCode(() => space.Protect(data + 3 * Page.Size, Page.Size, Protection.Read | Protection.Execute), "mprotect that makes code");
        ReachesCode(() => space.DiscardPages(code, code + Page.Size), "madvise(DONTNEED) of code");
        space.Memory.Write(code + Page.Size, 2L);
        ReachesCode(() => space.Unmap(code, 2 * Page.Size), "munmap of code");
    }

    [Fact]
    public void Rule_fixed_noreplace_refuses_and_fixed_replaces()
    {
        using var space = NewSpace();
        ulong at = (ulong)space.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        space.Memory.Write(at, 5L);
        Assert.Equal(Errno.EEXIST.Fail(), space.Map(at, Page.Size, Protection.Read, MapOptions.FixedNoReplace, MapBacking.Anonymous()));
        Assert.Equal((long)at, space.Map(at, Page.Size, Protection.Read | Protection.Write, MapOptions.Fixed, MapBacking.Anonymous()));
        space.Memory.Read(at, out long v);
        Assert.Equal(0, v);
    }

    [Fact]
    public void Rule_the_address_space_limit_gives_ENOMEM()
    {
        using var space = NewSpace();
        space.SizeLimit = 16 * Page.Size;
        Assert.False(ErrnoExtensions.IsError(space.Map(0, 8 * Page.Size, Protection.Read, MapOptions.None, MapBacking.Anonymous())));
        Assert.Equal(Errno.ENOMEM.Fail(), space.Map(0, 9 * Page.Size, Protection.Read, MapOptions.None, MapBacking.Anonymous()));
        Assert.Equal(Errno.ENOMEM.Fail(), new AddressSpace(frames).Map(MemoryLayout.UserLimit - Page.Size, 2 * Page.Size, Protection.Read, MapOptions.Fixed, MapBacking.Anonymous()));
    }

    [Fact]
    public void Rule_running_out_of_guest_RAM_is_a_fault_result_not_a_crash()
    {
        var tiny = new PhysicalMemory(0x8000_0000, 8 * Page.Size);
        var alloc = new FrameAllocator(tiny);
        var space = new AddressSpace(alloc);
        ulong at = (ulong)space.Map(0, 64 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        var results = Enumerable.Range(0, 64).Select(i => space.HandleFault(at + (ulong)i * Page.Size, Access.Store)).ToList();
        Assert.Contains(FaultResult.OutOfMemory, results);
        Assert.Equal(Errno.EFAULT, space.Memory.Write(at + 63 * Page.Size, 1L));
        space.Dispose();
        Assert.Equal(0, alloc.InUse);
        tiny.Dispose();
    }

    [Fact]
    public void Rule_brk_grows_large_and_shrinks_back()
    {
        using var space = NewSpace();
        space.InitializeBrk(0x100000);
        Assert.Equal(0x100000UL + (256UL << 20), space.SetBrk(0x100000UL + (256UL << 20)));
        Assert.Equal(Errno.Success, space.Memory.Write(0x100000UL + (200UL << 20), 9L));
        Assert.Equal(0x100000UL + 4096, space.SetBrk(0x100000UL + 4096));
        Assert.Equal(Errno.EFAULT, space.Memory.Write(0x100000UL + (200UL << 20), 9L));
        Assert.Equal(0x100000UL + 4096, space.SetBrk(0x1000)); // below the start: unchanged
    }

    [Fact]
    public void Rule_mremap_moves_pages_without_copying_them()
    {
        using var space = NewSpace();
        ulong at = (ulong)space.Map(0, Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        space.Memory.Write(at, 77L);
        var frame = space.Table.Lookup(at).Frame;
        // Block growth in place.
        space.Map(at + Page.Size, Page.Size, Protection.Read, MapOptions.Fixed, MapBacking.Anonymous());
        long moved = space.Remap(at, Page.Size, 8 * Page.Size, mayMove: true, null);
        Assert.NotEqual((long)at, moved);
        Assert.Equal(frame, space.Table.Lookup((ulong)moved).Frame);
        space.Memory.Read((ulong)moved, out long v);
        Assert.Equal(77, v);
        // Without MREMAP_MAYMOVE, growth blocked by a neighbour fails.
        space.Map((ulong)moved + 8 * Page.Size, Page.Size, Protection.Read, MapOptions.Fixed, MapBacking.Anonymous());
        Assert.Equal(Errno.ENOMEM.Fail(), space.Remap((ulong)moved, 8 * Page.Size, 16 * Page.Size, mayMove: false, null));
    }

    [Fact]
    public void Rule_user_memory_gives_EFAULT_for_bad_pointers_and_reads_strings_across_pages()
    {
        using var space = NewSpace();
        ulong at = (ulong)space.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        Assert.Equal(Errno.EFAULT, space.Memory.Read(0, out long _));
        Assert.Equal(Errno.EFAULT, space.Memory.Read(MemoryLayout.UserLimit + 8, out long _));
        Assert.Equal(Errno.EFAULT, space.Memory.Read(at + 2 * Page.Size - 4, out long _)); // straddles the end
        ulong s = at + Page.Size - 3;
        space.Memory.Write(s, "hello"u8.ToArray());
        space.Memory.Write(s + 5, (byte)0);
        Assert.Equal(Errno.Success, space.Memory.ReadString(s, 100, out string text));
        Assert.Equal("hello", text);
        Assert.Equal(Errno.ENAMETOOLONG, space.Memory.ReadString(s, 3, out _));
        var ptr = new UserPtr<long>(at);
        Assert.Equal(Errno.Success, ptr.Write(space.Memory, 42));
        Assert.Equal(Errno.Success, ptr[0].Read(space.Memory, out long back));
        Assert.Equal(42, back);
    }

    [Fact]
    public void Rule_kernel_writes_to_code_pages_invalidate_decoded_code()
    {
        using var space = NewSpace();
        ulong at = (ulong)space.Map(0, Page.Size, Protection.Read | Protection.Write | Protection.Execute, MapOptions.None, MapBacking.Anonymous());
        space.Memory.Write(at, 0L);
        space.TryGetPhysical(at, out ulong pa);
        ram.MarkCode(pa);
        ulong? invalidated = null;
        ram.CodePageWritten += p => invalidated = p;
        space.Memory.Write(at + 8, 1L);
        Assert.Equal(pa & ~Page.OffsetMask, invalidated);
    }

    [Fact]
    public void Rule_private_file_pages_are_shared_through_the_page_cache_until_written()
    {
        var cache = new PageCache(frames, maxPages: 64);
        var bytes = new byte[2 * Page.Size];
        bytes[10] = 42;
        var version = new FileVersion(1, 2, 3, (ulong)bytes.Length);
        using var a = new AddressSpace(frames) { Cache = cache };
        using var b = new AddressSpace(frames) { Cache = cache };
        ulong va = (ulong)a.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, new MapBacking(new MemoryPageSource(bytes, version: version)));
        ulong vb = (ulong)b.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, new MapBacking(new MemoryPageSource(bytes, version: version)));
        a.Memory.Read(va + 10, out byte x);
        b.Memory.Read(vb + 10, out byte y);
        Assert.Equal((42, 42), (x, y));
        Assert.Equal(a.Table.Lookup(va).Frame, b.Table.Lookup(vb).Frame);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(Errno.Success, a.Memory.Write(va + 10, (byte)7));
        b.Memory.Read(vb + 10, out y);
        Assert.Equal(42, y);
        Assert.NotEqual(a.Table.Lookup(va).Frame, b.Table.Lookup(vb).Frame);
    }
}
