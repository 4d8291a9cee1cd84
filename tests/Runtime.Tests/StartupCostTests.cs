// What start-up may not cost: managed allocations proportional to guest RAM, or to a program's symbol table.
using RvJit.Runtime.Elf;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Tests;

public unsafe class StartupCostTests
{
    /// <summary>2 GiB of guest RAM (rvjit's default) allocates almost nothing on the managed heap: its page flags are
    /// native memory the host commits lazily. As a managed array (2 MiB) they used up the GC's large-object budget,
    /// and every short run paid a full collection.</summary>
    [Fact]
    public void Guest_RAM_allocates_no_managed_table_per_page()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var ram = new PhysicalMemory(0x8000_0000, 2UL << 30);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 10, $"{allocated} bytes allocated");
        ram.MarkCode(0x8000_0000 + (2UL << 30) - 4096);
        Assert.True(ram.IsCode(0xFFFF_F000));
        Assert.Throws<IndexOutOfRangeException>(() => ram.IsCode(0x8000_0000 + (2UL << 30)));
    }

    /// <summary>The decode cache of 2 GiB of RAM allocates its slots a 2 MiB stretch at a time (a slot per page of RAM
    /// was a 4 MiB array, the last one that cost every short run a full collection); pages on both sides of a stretch's
    /// edge are kept, found and dropped.</summary>
    [Fact]
    public void The_decode_cache_allocates_slots_only_where_code_is_decoded()
    {
        using var ram = new PhysicalMemory(0x8000_0000, 2UL << 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var cache = new DecodeCache(ram, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 10, $"{allocated} bytes allocated");
        ulong low = 0x8000_0000 + (2UL << 20) - 4096, high = low + 4096, last = 0x8000_0000 + (2UL << 30) - 4096;
        var a = cache.Get(low + 8, out bool createdA);
        var b = cache.Get(high, out bool createdB);
        var c = cache.Get(last, out _);
        Assert.True(createdA && createdB);
        Assert.Same(a, cache.Find(low));
        Assert.Same(b, cache.Find(high + 100));
        Assert.Same(c, cache.Find(last));
        Assert.Null(cache.Find(high + 4096));
        Assert.Null(cache.Find(0x8000_0000 + (2UL << 30)));
        Assert.Same(b, cache.AtHost(ram.HostPointer(high)));
        Assert.Equal(3, cache.Pages().Count());
        b.RunAt(0); // decodes the page's first bytes
        ram.NoteStore(high + 0x800, 8); // a store beside the decoded code leaves the page
        Assert.Same(b, cache.Find(high));
        ram.NoteStore(high, 8); // a store to the decoded code drops it
        Assert.Null(cache.Find(high));
        Assert.Same(a, cache.Find(low));
    }

    /// <summary>A name that is not among the symbols' strings is answered without decoding the table (start-up asks
    /// every program for `tohost`): the cross libc's thousands of symbols as records, strings and a dictionary were
    /// several times the bytes of its string table.</summary>
    [Fact]
    public void An_absent_symbol_is_found_absent_without_decoding_the_table()
    {
        const string crossLibc = "/usr/riscv64-linux-gnu/lib/libc.so.6";
        byte[] bytes = File.Exists(crossLibc) ? File.ReadAllBytes(crossLibc) : ElfTestBuilder.LinuxSharedObject().Build().Bytes;
        var sized = ElfImage.Parse(bytes, "libc.so.6");
        Assert.True(sized.TryGetSection(".dynstr", out var strings));
        Assert.True(sized.TryGetSymbol("malloc", out ulong malloc));

        var image = ElfImage.Parse(bytes, "libc.so.6");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(image.TryGetSymbol("begin_signature", out _)); // (glibc has ether_ntohost: its strings hold "tohost")
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (long)strings.Size + (16 << 10), $"{allocated} bytes allocated for a {strings.Size}-byte string table");

        // Names that occur only inside other strings, and present names, still get the full answer.
        Assert.False(image.TryGetSymbol("tohost", out _));
        Assert.True(image.TryGetSymbol("malloc", out ulong again));
        Assert.Equal(malloc, again);
    }
}
