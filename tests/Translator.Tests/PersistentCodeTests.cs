using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Translator.Persist;

namespace RvJit.Translator.Tests;

/// <summary>
/// The persistent translation cache checks every stored region against the guest page it would run from: under
/// the same store key (the same program identity), code whose bytes changed never runs an old translation.
/// </summary>
public sealed class PersistentCodeTests
{
    private const int T0 = 5, T1 = 6;

    /// <summary>A loop that adds <paramref name="step"/> to t1 a hundred times, then ecall.</summary>
    private static uint[] Loop(int step) =>
    [
        Encoder.Encode(Op.Addi, rd: T0, imm: 100),
        Encoder.Encode(Op.Addi, rd: T1, rs1: T1, imm: step), // 0x04: the loop
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
        Encoder.Encode(Op.Bne, rs1: T0, imm: -8),
        Encoder.Encode(Op.Ecall),
    ];

    /// <summary>Runs the code once with the cache; returns t1 and the regions installed from disk.</summary>
    private static (ulong T1, long Installed) Run(string cache, uint[] code)
    {
        var persisted = new PersistentCode(cache, "the same program"u8);
        persisted.Load();
        using var m = new UserModeMachine("jit", hotThreshold: 2, persisted: persisted);
        m.WriteCode(UserModeMachine.CodeBase, code);
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        if (persisted.Save() is { } pending) Assert.NotNull(PendingBundle.Build(pending, out _));
        return (m.Hart.GetX(T1), ((JitEngine)m.Engine).DiskInstalls);
    }

    [Fact]
    public void Changed_code_under_the_same_key_never_runs_the_stored_translation()
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            Assert.Equal((300UL, 0L), Run(cache, Loop(3)));
            var again = Run(cache, Loop(3));
            Assert.Equal(300UL, again.T1);
            Assert.True(again.Installed > 0, "the same code runs the stored translation");
            Assert.Equal((700UL, 0L), Run(cache, Loop(7))); // one instruction changed: nothing stored applies
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>Stored regions are found by their page's whole hash: a region stored for another page whose hash shares the
    /// low half (the key the loaded regions are grouped by) is neither offered for this page nor hides this page's region
    /// of the same entry, and the second run still runs the stored translation.</summary>
    [Fact]
    public void A_stored_region_of_a_page_whose_hash_shares_the_low_half_is_not_taken()
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            Assert.Equal((300UL, 0L), Run(cache, Loop(3)));
            string dir = Directory.GetDirectories(cache).Single();
            string indexPath = Directory.GetFiles(dir, "*.idx").Single();
            var index = BundleIndex.TryRead(File.ReadAllBytes(indexPath), null, out string? problem);
            Assert.True(index is not null, problem);
            // A twin of each region, for a page whose hash differs only in its high half, after the regions (region i is
            // the assembly's method i: the twins name methods it does not have, so they must never be bound).
            var twins = index.Regions.Select(r => r with { PageHash = new Hash128(r.PageHash.Low, ~r.PageHash.High) }).ToList();
            var withTwins = new BundleIndex
            {
                StoreKey = index.StoreKey, AssemblyFile = index.AssemblyFile, AssemblyName = index.AssemblyName,
                AssemblyLength = index.AssemblyLength, AssemblyHash = index.AssemblyHash, Supersedes = index.Supersedes,
                Regions = [.. index.Regions, .. twins],
            };
            File.WriteAllBytes(indexPath, withTwins.ToBytes());

            string? warning = null;
            var persisted = new PersistentCode(cache, "the same program"u8, w => warning = w);
            persisted.Load();
            Assert.Null(warning);
            var page = index.Regions[0].PageHash;
            var twin = twins[0].PageHash;
            Assert.All(persisted.RegionsOf(page), r => Assert.Equal(page, r.Stored.PageHash));
            Assert.All(persisted.RegionsOf(twin), r => Assert.Equal(twin, r.Stored.PageHash));
            Assert.Equal(index.Regions.Count(r => r.PageHash == page), persisted.RegionsOf(page).Count);
            Assert.Equal(index.Regions.Count(r => r.PageHash == page), persisted.RegionsOf(twin).Count);

            var again = Run(cache, Loop(3));
            Assert.Equal(300UL, again.T1);
            Assert.True(again.Installed > 0, "the page's own stored region is installed");
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A loop promoted in the first run (its quick region compiled again optimised) is stored optimised: the
    /// second run installs that code as final and compiles nothing (in the quick shape it was promoted and compiled
    /// again in every run).</summary>
    [Fact]
    public void A_region_promoted_in_the_first_run_is_stored_optimised_and_not_promoted_again()
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            for (int run = 0; run < 2; run++)
            {
                var persisted = new PersistentCode(cache, "the same program"u8);
                persisted.Load();
                using var m = new UserModeMachine("jit-promote", hotThreshold: 2, persisted: persisted);
                m.WriteCode(UserModeMachine.CodeBase, Loop(3));
                Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
                Assert.Equal(300UL, m.Hart.GetX(T1));
                var engine = (JitEngine)m.Engine;
                var loop = engine.Cache.Lookup(UserModeMachine.CodeBase + 4);
                Assert.NotNull(loop);
                Assert.Equal(CodeTier.Optimised, loop.Tier);
                if (run == 1)
                {
                    Assert.True(engine.DiskInstalls > 0, "the stored region is installed");
                    Assert.Equal(0, engine.Promotions);
                    Assert.Equal(0, engine.TierCompiles[(int)CodeTier.Quick] + engine.TierCompiles[(int)CodeTier.Optimised]);
                    break;
                }
                Assert.True(engine.Promotions > 0, "the loop is promoted in the first run");
                string? index = PendingBundle.Build(persisted.Save()!, out _);
                Assert.NotNull(index);
                var stored = BundleIndex.TryRead(File.ReadAllBytes(index), null, out string? problem);
                Assert.True(stored is not null, problem);
                Assert.Contains(stored.Regions, r => r.Optimised && (r.EntryMask & 1) != 0);
            }
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A region stored optimised and loaded precompiled is sampled where time slices end: crossgen2's code of a
    /// hot loop is slower than RyuJIT's, so once the slices ending in it add up to enough instructions it is compiled
    /// again by RyuJIT and replaces the loaded code, and the save keeps the stored region (nothing new to write, no
    /// after-run step). The bundle is marked precompiled by pointing its index at a copy of its assembly named as
    /// crossgen2's output is (RyuJIT compiles that copy's IL when it is bound). Without precompiled code (the IL
    /// bundle) nothing is compiled again: that is RyuJIT's code already.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_precompiled_optimised_region_that_runs_very_hot_is_compiled_again_by_RyuJIT(bool precompiled)
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        // The first run promotes the loop ("jit-promote"); the second samples it in slices of 1-40 instructions and
        // compiles it again once they add up to 1,000 ("jit-recompile"); the loop runs 6,000.
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: T0, imm: 2000),
            Encoder.Encode(Op.Addi, rd: T1, rs1: T1, imm: 3), // 0x04: the loop
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, imm: -8),
            Encoder.Encode(Op.Ecall),
        ];
        try
        {
            for (int run = 0; run < 2; run++)
            {
                var persisted = new PersistentCode(cache, "the same program"u8);
                persisted.Load();
                using var m = new UserModeMachine(run == 0 ? "jit-promote" : "jit-recompile", hotThreshold: 2, persisted: persisted);
                m.WriteCode(UserModeMachine.CodeBase, code);
                Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap(slices: run == 0 ? null : new Random(15))?.Cause);
                Assert.Equal(6000UL, m.Hart.GetX(T1));
                var engine = (JitEngine)m.Engine;
                var loop = engine.Cache.Lookup(UserModeMachine.CodeBase + 4);
                Assert.NotNull(loop);
                if (run == 1)
                {
                    Assert.True(engine.DiskInstalls > 0, "the stored region is installed");
                    Assert.Equal(precompiled ? 1 : 0, engine.Promotions);
                    Assert.Equal(precompiled ? 1 : 0, engine.TierCompiles[(int)CodeTier.Optimised]);
                    Assert.Equal(0, engine.TierCompiles[(int)CodeTier.Quick]);
                    Assert.Equal(precompiled, loop.Loaded is null); // RyuJIT's code replaced the loaded region
                    Assert.Equal(CodeTier.Optimised, loop.Tier);
                    Assert.Same(loop.Links, loop.Code.Target); // the jump cache calls its code, not a thunk (CodeEntry)
                    Assert.Null(persisted.Save());
                    break;
                }
                string? index = PendingBundle.Build(persisted.Save()!, out _);
                Assert.NotNull(index);
                Assert.Contains(BundleIndex.TryRead(File.ReadAllBytes(index), null, out _)!.Regions, r => r.Optimised);
                string assembly = BundleFiles.VerifiedAssembly(index, out _)!;
                AssertRegionsTypeIsBeforeFieldInit(assembly);
                AssertFactoryIsTheFirstMethod(assembly);
                if (!precompiled) continue;
                string copy = Path.Combine(Path.GetDirectoryName(index)!, ".precompiled.tmp");
                File.Copy(assembly, copy);
                Assert.True(BundleFiles.ReplaceAssembly(index, copy));
            }
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>The bundle's regions type is marked BeforeFieldInit: crossgen2 cannot otherwise tell that it needs no
    /// initialisation, and its code of every region started with a call to the static-base helper, at every entry.</summary>
    private static void AssertRegionsTypeIsBeforeFieldInit(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var regions = reader.TypeDefinitions.Select(reader.GetTypeDefinition).Single(t => reader.GetString(t.Name) == "regions");
        Assert.True((regions.Attributes & System.Reflection.TypeAttributes.BeforeFieldInit) != 0);
    }

    /// <summary>The bundle's region factory is the assembly's first method: a later run binds it by that token
    /// (<see cref="BundleAssembly.FactoryToken"/>), without looking it up by name.</summary>
    private static void AssertFactoryIsTheFirstMethod(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var handle = System.Reflection.Metadata.Ecma335.MetadataTokens.MethodDefinitionHandle(BundleAssembly.FactoryToken & 0xFFFFFF);
        var method = reader.GetMethodDefinition(handle);
        Assert.Equal(BundleAssembly.FactoryMethod, reader.GetString(method.Name));
        Assert.Equal(BundleAssembly.FactoryType, reader.GetString(reader.GetTypeDefinition(method.GetDeclaringType()).Name));
    }

    /// <summary>An index whose optimised region names no entry at its own start, or entries beyond its blocks, is refused
    /// (generated code could then be entered where it has no block); a well-formed one reads back as written.</summary>
    [Theory]
    [InlineData(0b01u, true)]
    [InlineData(0b11u, true)]
    [InlineData(0b10u, false)]
    [InlineData(0b101u, false)]
    public void An_optimised_regions_entry_mask_is_checked(uint mask, bool accepted)
    {
        var index = new BundleIndex
        {
            StoreKey = new Hash128(1, 2), AssemblyFile = "a.dll", AssemblyName = "a", AssemblyLength = 10, AssemblyHash = new Hash128(3, 4),
            Regions = [new StoredRegion(new Hash128(5, 6), [0x10, 0x20], 2, 7, 100, EntryMask: mask), new StoredRegion(new Hash128(5, 6), [0x40], 1, 3, 50)],
        };
        var read = BundleIndex.TryRead(index.ToBytes(), null, out string? problem);
        Assert.Equal(accepted, read is not null);
        if (!accepted) { Assert.Equal("bad region", problem); return; }
        Assert.Equal(mask, read!.Regions[0].EntryMask);
        Assert.True(read.Regions[0].Optimised);
        Assert.False(read.Regions[1].Optimised);
    }

    private const int T2 = 7, T3 = 28, Ra = 1;
    private const ulong Func = UserModeMachine.CodeBase + 0x2c;

    /// <summary>A function called ten times (warm, never hot at a threshold of 64), then a hot loop, then ecall.</summary>
    private static readonly uint[] WarmCallThenLoop =
    [
        Encoder.Encode(Op.Addi, rd: T2, imm: 10),
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x28),           // 0x04: call Func
        Encoder.Encode(Op.Addi, rd: T2, rs1: T2, imm: -1),
        Encoder.Encode(Op.Bne, rs1: T2, imm: -8),
        Encoder.Encode(Op.Addi, rd: T0, imm: 100),           // 0x10
        Encoder.Encode(Op.Addi, rd: T1, rs1: T1, imm: 3),    // 0x14: the hot loop
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
        Encoder.Encode(Op.Bne, rs1: T0, imm: -8),
        Encoder.Encode(Op.Ecall),                            // 0x20
        Encoder.Encode(Op.Addi),                             // nop
        Encoder.Encode(Op.Addi),                             // nop
        Encoder.Encode(Op.Addi, rd: T3, rs1: T3, imm: 1),    // 0x2c: Func
        Encoder.Encode(Op.Jalr, rs1: Ra),
    ];

    /// <summary>Precompiled (a bundle as crossgen2 leaves it; here its IL assembly under the precompiled name, which
    /// the runtime compiles instead), a warm entry's region is installed when the second run reaches it; left as IL
    /// (the second run started before crossgen2 was done), it is not compiled: it only ran warm.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_entry_that_was_warm_but_never_hot_is_saved_and_runs_precompiled_in_the_second_run(bool precompiled)
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            bool[] translated = new bool[2];
            long[] installed = new long[2];
            for (int run = 0; run < 2; run++)
            {
                var persisted = new PersistentCode(cache, "the same program"u8) { WarmThreshold = 8 };
                persisted.Load();
                using var m = new UserModeMachine("jit", hotThreshold: 64, persisted: persisted);
                m.WriteCode(UserModeMachine.CodeBase, WarmCallThenLoop);
                Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
                Assert.Equal((300UL, 10UL), (m.Hart.GetX(T1), m.Hart.GetX(T3)));
                translated[run] = ((JitEngine)m.Engine).Cache.Lookup(Func) is not null;
                installed[run] = ((JitEngine)m.Engine).DiskInstalls;
                if (run == 1) break;
                string? pending = persisted.Save();
                Assert.True(persisted.SavedWarm > 0, "the warm entries are saved");
                string? index = PendingBundle.Build(pending!, out _);
                Assert.NotNull(index);
                if (precompiled)
                {
                    string copy = Path.Combine(cache, "precompiled.tmp");
                    File.Copy(Path.ChangeExtension(index, ".dll"), copy);
                    Assert.True(BundleFiles.ReplaceAssembly(index, copy));
                }
            }
            Assert.Equal([false, precompiled], translated);
            Assert.True(installed[1] > 0, "the hot loop's region is installed either way");
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A run that compiled nothing and ended inside the warm-up records no warm entries (its next run ends there
    /// too, and recording them was most of what the cache cost a short run); past the warm-up, the same warm entry is.</summary>
    [Theory]
    [InlineData(1_000_000, false)] // the program's ~360 instructions end inside the warm-up
    [InlineData(100, true)]
    public void A_run_that_ends_inside_the_warmup_records_no_warm_entries(long warmupInstructions, bool recorded)
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var persisted = new PersistentCode(cache, "the same program"u8) { WarmThreshold = 8 };
            persisted.Load();
            using var m = new UserModeMachine("interp");
            m.WriteCode(UserModeMachine.CodeBase, WarmCallThenLoop);
            var engine = new JitEngine(m.Hart, hotThreshold: 1000, backgroundCompile: false, warmupInstructions: warmupInstructions) { Persisted = persisted };
            Assert.Equal(Runtime.Interpreter.EngineExit.HostTrap, engine.Run(m.Hart, 10_000_000));
            Assert.Equal((300UL, 10UL), (m.Hart.GetX(T1), m.Hart.GetX(T3)));
            Assert.Equal(0, engine.BlocksCompiled);
            Assert.Null(persisted.Save()); // one warm entry: too few for a bundle either way
            Assert.Equal(recorded, persisted.SavedWarm > 0);
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>The exit records a warm entry, not its region (reading regions at exit made the guest wait): the pending
    /// bundle holds the entry and the page's entries that had run, and the after-run step reads the region from them,
    /// taking only the branch targets that had run. A pending bundle cut or altered anywhere, its warm entries too,
    /// is refused whole.</summary>
    [Fact]
    public void A_warm_entry_is_saved_as_an_entry_and_its_region_read_after_the_run()
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var persisted = new PersistentCode(cache, "the same program"u8) { WarmThreshold = 8 };
            persisted.Load();
            string pending;
            using (var m = new UserModeMachine("jit", hotThreshold: 64, persisted: persisted))
            {
                m.WriteCode(UserModeMachine.CodeBase, WarmCallThenLoop);
                Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
                Assert.Null(((JitEngine)m.Engine).Cache.Lookup(Func));
                pending = persisted.Save()!; // while the machine (its RAM) is there, as rvjit run saves
            }
            byte[] bytes = File.ReadAllBytes(pending);
            var read = PendingBundle.TryRead(bytes, out string? problem);
            Assert.True(read is not null, problem);
            ushort funcOffset = (ushort)(Func - UserModeMachine.CodeBase);
            Assert.Contains(read!.WarmEntries, w => w.Entry == funcOffset);
            Assert.DoesNotContain(read.Regions, r => r.Offsets[0] == funcOffset);
            var page = Assert.Single(read.Pages, p => p.Hash == read.WarmEntries[0].Page);
            Assert.NotNull(page.Ran);
            Assert.True((page.Ran![funcOffset >> 4] >> ((funcOffset >> 1) & 7) & 1) != 0, "Func had run");
            Assert.False((page.Ran[0x0c >> 4] >> ((0x0c >> 1) & 7) & 1) != 0, "0x0c (the bne) is never a block entry");

            foreach (int cut in new[] { bytes.Length - 17, bytes.Length - 1 })
                Assert.Null(PendingBundle.TryRead(bytes[..cut], out _));
            byte[] altered = (byte[])bytes.Clone();
            altered[bytes.Length - 18] ^= 1; // the last warm entry's offset
            Assert.Null(PendingBundle.TryRead(altered, out problem));
            Assert.Equal("checksum mismatch", problem);

            string index = PendingBundle.Build(pending, out problem)!;
            Assert.True(index is not null, problem);
            var built = BundleIndex.TryRead(File.ReadAllBytes(index), null, out problem);
            Assert.True(built is not null, problem);
            // One warm region holds Func: read from the entry run most (the call's return point, which calls Func) or Func's own.
            Assert.Single(built!.Regions, r => r.Warm && r.BlockOffsets.Contains(funcOffset));
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A function whose entry is a loop header only through its rarely run stack-growth path (Go's prologue: a
    /// check, a call, a jump back to the entry): the warm region read from the entry keeps that loop and its direct exits,
    /// and leaves at the fall-through after the exit block's branch, code the interpreter ran inside a run, never as an
    /// entry. The after-run step gives that way out a region too (the Go HTTP server's second run handed thousands of
    /// such fall-throughs each to the interpreter), but not a target that never ran.</summary>
    [Fact]
    public void A_warm_regions_fall_through_exit_gets_a_region_of_its_own()
    {
        const int A0 = 10;
        uint[] code =
        [
            Encoder.Encode(Op.Bltu, rs1: T0, rs2: T1, imm: 0x20), // 0x00: entry: the stack check, to 0x20 when low
            Encoder.Encode(Op.Beq, rs1: T3, imm: 0x10),           // 0x04: to 0x14 (never ran)
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),     // 0x08: the fall-through the region leaves to
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 2),
            Encoder.Encode(Op.Jalr, rs1: Ra),                     // 0x10
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 3),     // 0x14
            Encoder.Encode(Op.Jalr, rs1: Ra),
            Encoder.Encode(Op.Addi),
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0x20),            // 0x20: call "morestack" at 0x40
            Encoder.Encode(Op.Jal, imm: -0x24),                   // 0x24: back to the entry
        ];
        var page = PageOf(code);
        BitConverter.GetBytes(Encoder.Encode(Op.Jalr, rs1: Ra)).CopyTo(page, 0x40);
        string cache = NewCacheDirectory();
        try
        {
            var regions = BuildWarm(cache, page, ran: [0x00, 0x20, 0x24, 0x40], compiled: [], warmEntry: 0x00);
            var entry = Assert.Single(regions, r => r.EntryOffset == 0x00);
            Assert.DoesNotContain((ushort)0x08, entry.BlockOffsets);      // the loop's region leaves there
            var exit = Assert.Single(regions, r => r.BlockOffsets.Contains((ushort)0x08));
            Assert.True(exit.Warm);
            Assert.DoesNotContain(regions, r => r.BlockOffsets.Contains((ushort)0x14)); // a branch target that never ran
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A warm entry just before a hot loop that the run compiled: the warm region leaves to the loop's region
    /// (its entry is served by that translation) instead of taking the loop in the quick shape, where the second run
    /// would have run it slower than in its optimised region.</summary>
    [Fact]
    public void A_warm_region_leaves_to_a_compiled_regions_entry_instead_of_taking_its_loop()
    {
        const int A0 = 10;
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),   // 0x00: the warm entry
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),  // 0x08: the hot loop, compiled in the run
            Encoder.Encode(Op.Bne, rs1: T0, imm: -4),
            Encoder.Encode(Op.Jalr, rs1: Ra),                   // 0x10
        ];
        string cache = NewCacheDirectory();
        try
        {
            var regions = BuildWarm(cache, PageOf(code), ran: [0x00, 0x08], compiled: [0x08], warmEntry: 0x00);
            var warm = Assert.Single(regions, r => r.Warm);
            Assert.Equal((ushort)0x00, warm.EntryOffset);
            Assert.DoesNotContain((ushort)0x08, warm.BlockOffsets);
            Assert.Single(regions, r => !r.Warm && r.EntryOffset == 0x08);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static string NewCacheDirectory()
    {
        string cache = Path.Combine(Path.GetTempPath(), "rvjit-pc-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(cache);
        return cache;
    }

    /// <summary>A guest page holding <paramref name="code"/> from its start.</summary>
    private static byte[] PageOf(uint[] code)
    {
        var page = new byte[4096];
        for (int i = 0; i < code.Length; i++) BitConverter.GetBytes(code[i]).CopyTo(page, 4 * i);
        return page;
    }

    /// <summary>The regions the after-run step builds from a pending bundle of <paramref name="page"/>, whose entries at
    /// <paramref name="ran"/> ran, with a compiled region at each of <paramref name="compiled"/> and one warm entry.</summary>
    private static IReadOnlyList<StoredRegion> BuildWarm(string cache, byte[] page, int[] ran, ushort[] compiled, ushort warmEntry)
    {
        var bits = new byte[PendingBundle.RanBytes];
        foreach (int offset in ran) bits[offset >> 4] |= (byte)(1 << ((offset >> 1) & 7));
        var hash = BundleIndex.Hash(page);
        string pending = Path.Combine(cache, "0123456789abcdef" + PendingBundle.Extension);
        File.WriteAllBytes(pending, new PendingBundle
        {
            StoreKey = hash, Supersedes = [], Pages = [new PendingBundle.SavedPage(hash, page, bits)],
            Regions = [.. compiled.Select(entry => new PendingBundle.SavedRegion(hash, [entry]))],
            WarmEntries = [new PendingBundle.WarmEntry(hash, warmEntry)],
        }.ToBytes());
        string? index = PendingBundle.Build(pending, out string? problem);
        Assert.True(index is not null, problem);
        return BundleIndex.TryRead(File.ReadAllBytes(index!), null, out _)!.Regions;
    }
}
