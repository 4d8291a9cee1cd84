// Hostile arguments to the memory system calls and the page permissions Linux gives (issue 19): a guest
// program (programs/memargs.c) probes each call section by section under both engines; qemu-riscv64 is the
// oracle where it answers like Linux, Linux's own answer is written here where qemu-user deviates.
using System.Buffers.Binary;
using System.Collections.Concurrent;
using RvJit.Kernel.Memory;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Kernel.Tests;

public sealed class MemoryArgumentTests : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<GuestResult>> QemuResults = new();

    private static readonly string[] CommonSections = ["brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "msync", "mlock", "mincore", "writeonly"];

    public static IEnumerable<object[]> CommonCases() =>
        from section in CommonSections
        from engine in new[] { "interp", "jit" }
        select new object[] { section, engine };

    [Theory]
    [MemberData(nameof(CommonCases))]
    public void Rule_memory_calls_with_hostile_arguments_answer_like_qemu(string section, string engine)
    {
        string program = GuestPrograms.Get("memargs", Linkage.Static);
        var expected = QemuResults.GetOrAdd(section, s => new Lazy<GuestResult>(() => GuestRunner.RunQemu(program, [s]))).Value;
        var actual = GuestRunner.RunRvjit(program, [section], engine);
        Assert.True(expected.Stdout.Length > 0 && expected.ExitCode == 0, $"qemu: {expected}");
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }

    /// <summary>Linux's answers where qemu-user 7.2's own mmap emulation deviates (see programs/memargs.c).</summary>
    private static readonly Dictionary<string, string> LinuxAnswers = new()
    {
        // qemu aborts (assertion in page_set_flags).
        ["linux-munmap"] = "munmap(-4096, 4096): -1 EINVAL\nmaps sane: 1\nfork after: 7\n",
        // qemu: ENOMEM for both.
        ["linux-mremap"] = "mremap(q, 4096, -1, MAYMOVE): -1 EINVAL\nmremap(q, -4096, 4096, 0): -1 EINVAL\npage after mremap: 5\n" +
                           "maps sane: 1\nfork after: 7\n",
        // qemu: ENOMEM.
        ["linux-mprotect"] = "mprotect(q, 0): 0\n",
        // qemu: 0 for all (advice is ignored).
        ["linux-madvise"] = "madvise(q, 4096, 12345): -1 EINVAL\nmadvise(hole, 4096, NORMAL): -1 ENOMEM\n" +
                            "madvise(hole, 4096, DONTNEED): -1 ENOMEM\nmadvise(q, 4096, WILLNEED): 0\npage after madvise: 5\n",
        // RISC-V Linux maps PROT_EXEC alone execute-only (protection_map[VM_EXEC] = PAGE_EXEC) and a load
        // faults (arch/riscv/mm/fault.c); qemu-user maps it readable on the host.
        ["linux-execonly"] = "exec-only page runs: 42\nexec-only page read: SIGSEGV SEGV_ACCERR\n",
    };

    public static IEnumerable<object[]> LinuxCases() =>
        from section in new[] { "linux-munmap", "linux-mremap", "linux-mprotect", "linux-madvise", "linux-execonly" }
        from engine in new[] { "interp", "jit" }
        select new object[] { section, engine };

    [Theory]
    [MemberData(nameof(LinuxCases))]
    public void Rule_memory_calls_answer_like_linux_where_qemu_deviates(string section, string engine)
    {
        string program = GuestPrograms.Get("memargs", Linkage.Static);
        var actual = GuestRunner.RunRvjit(program, [section], engine);
        Assert.Equal(LinuxAnswers[section], actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_execve_with_guest_RAM_exhausted_fails_with_ENOMEM(string engine)
    {
        // The guest fills its 64 MiB of RAM through read() from /dev/zero, then execs itself.
        string program = GuestPrograms.Get("memargs", Linkage.Static);
        var actual = GuestRunner.RunRvjit(program, ["exhaust"], engine, ramSize: 64UL << 20);
        Assert.Equal("execve: ENOMEM\n", actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }

    public static IEnumerable<object[]> LinkageCases() =>
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { linkage, engine };

    [Theory]
    [MemberData(nameof(LinkageCases))]
    public void Rule_a_PT_LOAD_with_write_and_execute_but_no_read_is_readable(Linkage linkage, string engine)
    {
        // Linux maps PROT_WRITE|PROT_EXEC readable (PAGE_COPY_EXEC); ld.so reads .dynamic and the GOT there.
        string work = GuestRunner.NewWorkDirectory();
        try
        {
            string patched = Path.Combine(work, "hello-wx");
            byte[] elf = File.ReadAllBytes(GuestPrograms.Get("hello", linkage));
            Assert.True(MakeWritableSegmentsWriteExecute(elf) > 0);
            File.WriteAllBytes(patched, elf);
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(patched, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var expected = GuestRunner.RunQemu(patched, ["x"]);
            var actual = GuestRunner.RunRvjit(patched, ["x"], engine);
            Assert.Contains("hello, world", expected.Stdout);
            Assert.Equal(expected.Stdout, actual.Stdout);
            Assert.Equal(expected.ExitCode, actual.ExitCode);
        }
        finally { GuestRunner.TryDelete(work); }
    }

    // Rewrites every PT_LOAD with flags R|W into W|X (no R); returns how many.
    private static int MakeWritableSegmentsWriteExecute(byte[] elf)
    {
        const uint PtLoad = 1, PfX = 1, PfW = 2, PfR = 4;
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x20));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        int changed = 0;
        for (int i = 0; i < count; i++)
        {
            var header = elf.AsSpan((int)phoff + i * size);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != PtLoad || BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != (PfR | PfW)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], PfW | PfX);
            changed++;
        }
        return changed;
    }

    // ---------------------------------------------------------------------------------------------------
    // The address space directly
    // ---------------------------------------------------------------------------------------------------

    private readonly PhysicalMemory ram = new(0x8000_0000, 16UL << 20);
    private readonly FrameAllocator frames;

    public MemoryArgumentTests() => frames = new FrameAllocator(ram);

    public void Dispose() => ram.Dispose();

    [Fact]
    public void Rule_a_fault_that_repeats_with_nothing_changed_is_denied_instead_of_looping()
    {
        using var space = new AddressSpace(frames);
        ulong at = (ulong)space.Map(0, Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        Assert.Equal(FaultResult.Handled, space.HandleFault(at, Access.Load)); // fills the page
        Assert.Equal(FaultResult.Handled, space.HandleFault(at, Access.Load)); // a stale TLB entry: flushed
        Assert.Equal(FaultResult.AccessDenied, space.HandleFault(at, Access.Load)); // again, nothing changed
        Assert.Equal(0, space.Protect(at, Page.Size, Protection.Read));
        Assert.Equal(FaultResult.Handled, space.HandleFault(at, Access.Load)); // the table changed in between
    }

    [Fact]
    public void Rule_a_write_only_private_file_page_from_the_page_cache_is_readable()
    {
        var cache = new PageCache(frames, maxPages: 64);
        var bytes = new byte[2 * Page.Size];
        bytes[10] = 42;
        var source = new MemoryPageSource(bytes, version: new FileVersion(1, 2, 3, (ulong)bytes.Length));
        using var space = new AddressSpace(frames) { Cache = cache };
        ulong at = (ulong)space.Map(0, 2 * Page.Size, Protection.Write, MapOptions.None, new MapBacking(source));
        Assert.Equal(FaultResult.Handled, space.HandleFault(at + 10, Access.Load));
        Assert.True(space.Table.Lookup(at).CanRead);
        Assert.Equal(Errno.Success, space.Memory.Read(at + 10, out byte b));
        Assert.Equal(42, b);
        Assert.Equal(Errno.Success, space.Memory.Write(at + 11, (byte)7));
        Assert.True(space.Table.Lookup(at).CanRead && space.Table.Lookup(at).CanWrite);
    }

    [Fact]
    public void Rule_brk_past_the_user_space_keeps_the_break_and_the_program()
    {
        using var space = new AddressSpace(frames);
        Assert.Equal(0x10000L, space.Map(0x10000, Page.Size, Protection.Read | Protection.Execute, MapOptions.Fixed, MapBacking.Anonymous()));
        space.InitializeBrk(0x20000);
        Assert.Equal(0x21000UL, space.SetBrk(0x21000));
        Assert.Equal(0x21000UL, space.SetBrk(ulong.MaxValue));
        Assert.Equal(0x21000UL, space.SetBrk(MemoryLayout.UserLimit + 1));
        Assert.Equal(0x21000UL, space.SetBrk(0x1000));
        Assert.NotNull(space.Find(0x10000));
        Assert.NotNull(space.Find(0x20000));
    }

    [Fact]
    public void Rule_ranges_outside_the_user_space_change_no_mapping()
    {
        using var space = new AddressSpace(frames);
        ulong at = (ulong)space.Map(0, 2 * Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        Assert.Equal(Errno.EINVAL.Fail(), space.Unmap(at, 1UL << 62));
        Assert.Equal(Errno.EINVAL.Fail(), space.Unmap(at, unchecked(0UL - Page.Size)));
        Assert.Equal(Errno.EINVAL.Fail(), space.Unmap(MemoryLayout.UserLimit, Page.Size));
        Assert.Equal(Errno.EINVAL.Fail(), space.Remap(at, Page.Size, 2 * Page.Size, true, 1UL << 63));
        Assert.Equal(Errno.EINVAL.Fail(), space.Remap(at, Page.Size, 2 * Page.Size, true, unchecked(0UL - 2 * Page.Size)));
        Assert.Equal(Errno.EINVAL.Fail(), space.Remap(at, unchecked(0UL - Page.Size), Page.Size, false, null));
        Assert.Equal(Errno.ENOMEM.Fail(), space.Remap(at, 2 * Page.Size, 1UL << 62, false, null));
        Assert.Single(space.Areas);
        Assert.Equal((at, at + 2 * Page.Size), (space.Areas[0].Start, space.Areas[0].End));
        Assert.All(space.Areas, v => Assert.True(v.End <= MemoryLayout.UserLimit));
    }
}
