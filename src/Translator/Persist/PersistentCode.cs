using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;

namespace RvJit.Translator.Persist;

/// <summary>
/// Translations that persist across runs: a directory of bundles (an index and an assembly each, see
/// <see cref="BundleIndex"/> and <see cref="BundleAssembly"/>), under a subdirectory named by the store key: a
/// hash of this rvjit build (its assemblies' ids), the .NET runtime, the format version and the program (its
/// file's contents), so another build or another program never sees them. A region is found by the hash of the
/// guest page it was read from: the engine hashes a page when an entry in it turns hot and installs the page's
/// stored regions only if the bytes there now hash the same (and the blocks decode as stored), so a changed
/// program, a library loaded elsewhere or a corrupt file can only miss, never run the wrong code. The code does
/// not depend on the page's virtual address (pcs come from the entry pc) nor on any host address of this run.
///
/// What is saved is what ran, not only what turned hot: the regions the run compiled, the ones still queued for
/// the compiler at exit, and a region for each entry the interpreter ran at least <see cref="WarmThreshold"/> times
/// (the code around it that ran), so that a second run finds nearly all its code precompiled. In the second run a
/// page's precompiled regions are offered when the interpreter first decodes the page and each is bound when the
/// guest first reaches it (<see cref="JitEngine"/>), a jump table call in the bundle (<see cref="BundleAssembly"/>).
///
/// One per process, shared by its engines (thread-safe). At exit <see cref="Save"/> writes, when the run compiled
/// any new region (or saw enough new warm code), a pending bundle and the guest pages its regions were read from;
/// the after-run step (<see cref="PendingBundle.Build"/>, then crossgen2) turns it into a bundle. A run that
/// loaded fewer than <see cref="MaxBundles"/> bundles writes only its new regions (crossgen2 compiles a few
/// hundred regions, not the whole program again); past that, the new bundle holds every region the run installed
/// or saw stored for its pages, and supersedes the loaded bundles it covers. Every file is written under a
/// temporary name and renamed into place (an index last), so a concurrent reader or writer sees whole bundles or
/// none. A superseded IL bundle is deleted at once, a precompiled one when the new bundle is precompiled (until
/// then it stays the native code for its regions). A concurrent run's bundle is never deleted by another run
/// unless covered. The oldest bundles beyond the size bound go too.
/// </summary>
public sealed class PersistentCode
{
    /// <summary>Why loading and binding bundles by reflection is safe in the trimmed install: a bundle is rvjit's own
    /// generated assembly, which the trimmer never sees; its IL calls only members the translator names statically
    /// (kept by the trimmer), and its own types and methods are looked up in it, not in a trimmed assembly.</summary>
    internal const string BundlesAreOwnCode = "Bundles are rvjit's own generated assemblies, untouched by trimming; they call only members the translator names statically.";
    public const long DefaultSizeLimit = 256L << 20;
    /// <summary>Default <see cref="WarmThreshold"/>. Measured on gofmt over net/http (second run, the first one's
    /// bundle precompiled; 75 M guest instructions): saving only compiled regions left 1.5 M instructions to the
    /// interpreter in the second run and 190-230 regions to compile; entries run 8 times or more added 1,000-1,300
    /// regions (bundle 6 MB to 16-20 MB, crossgen2 about 1.7x longer) and left 0.14 M instructions and 32-36
    /// compiles (with the queued regions); at 32 and 96 the second run interpreted 1.3 M and 1.9 M and used more
    /// CPU than at 8. Binding a region the guest reaches costs a few microseconds, about what the interpreter
    /// spends on a few dozen blocks, so code run a handful of times already pays.
    /// It was off by default while the warm entries' regions were read at exit (gofmt's first run waited 0.58 s for
    /// 1,643 of them); since the after-run step reads them (<see cref="PendingBundle.Build"/>) the exit records entries
    /// only (within <see cref="SharedTranslations.MaxWarmRecordMilliseconds"/>). With the hot threshold at 4096
    /// (2026-12-07), warm code is most of what a large program interprets: the Go HTTP server's second run interpreted
    /// 52.7 M instructions in 1.36 M interpreter runs without warm entries, 0.4-0.6 M in 90-105 k with them at 8.
    /// Measured (2026-12-07, quiet machine, 6 interleaved pairs, second runs from a snapshot of the first run's cache,
    /// against 0): gofmt over net/http wall 0.78 and CPU 0.69 (medians of paired ratios, every pair below 0.91), the Go
    /// HTTP server wall 0.87 and CPU 0.83, SQLite speedtest1 --size 20 0.97 (3 pairs, noise); the exit's save costs
    /// 30-45 ms more (JIT-compiled build, about 7,000 warm entries).
    /// 512 since then: each region kept costs its share of a larger assembly to load and a bind when first reached
    /// (Lua's sort.lua, 1.2 M instructions: 299 regions bound in 7 ms, a 5.4 MB bundle, its second run 1.27x slower
    /// than with no bundle at all). Measured (ReadyToRun publish, quiet machine, 6-8 interleaved pairs, second runs,
    /// against 8): Lua sort.lua wall 0.80, Duktape mandel.js 0.98, gofmt 0.85, the Go HTTP server 0.94 (CPU 1.00);
    /// at 64: 0.97, 0.94, 0.94, 0.97.</summary>
    public const int DefaultWarmThreshold = 512;

    /// <summary>Entries that ran at least this often in the interpreter without turning hot are saved as regions (of
    /// the code around them that ran), so that the next run finds them precompiled; 0: only compiled regions are saved.</summary>
    public int WarmThreshold { get; init; } = DefaultWarmThreshold;

    /// <summary>Warm entries' regions that make a new bundle worth writing on their own: a run leaves a few dozen new
    /// warm entries each time (Lua's sort.lua: 28 in every run after the first; a program's scheduling varies), not
    /// worth a crossgen2 run and another bundle each time.</summary>
    public const int MinWarmRegionsForBundle = 64;
    /// <summary>Bundles loaded from which a run's save merges them into one (below it, it adds a bundle of its new regions).</summary>
    public const int MaxBundles = 4;
    private const string IndexExtension = ".idx";

    /// <summary>$XDG_CACHE_HOME/rvjit, else ~/.cache/rvjit.</summary>
    public static string DefaultDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "rvjit");
        }
    }

    private readonly string directory;
    private readonly Hash128 key;
    private readonly Action<string> warn;
    private int warned;
    private readonly Lock gate = new();
    /// <summary>Stored regions by the low half of their page's hash (<see cref="RegionsOf"/> checks the whole): a dictionary
    /// keyed by <see cref="Hash128"/> made its default comparer by reflection, JIT-compiled in every run that loaded a bundle.</summary>
    /// <remarks>This and the other collections are made when first needed (by <see cref="LoadBundles"/>, <see cref="Recording"/>):
    /// a short run that finds no bundle and compiles nothing never makes them (ReadyToRun code loads the types of what a
    /// method makes as the method starts).</remarks>
    private Dictionary<ulong, List<LoadedRegion>>? byPage;
    private readonly List<LoadedBundle> bundles = [];
    private RunRecord? run;
    private AssemblyLoadContext? context;

    /// <summary>What this run installed and saw, saved at exit. Collections here are keyed by strings and hold classes:
    /// their code is shared and precompiled in the runtime, where one keyed by a value type (a tuple, a UInt128) would be
    /// compiled by RyuJIT in the run (saving took 90 ms of that).</summary>
    private sealed class RunRecord
    {
        /// <summary>Regions installed in this run, by page hash and entry offset (<see cref="EntryKey"/>).</summary>
        public readonly Dictionary<string, RecordedRegion> Recorded = new();
        /// <summary>The bytes of each page a recorded region was read from, by hash (what the after-run step reads the regions from).</summary>
        public readonly Dictionary<string, PendingBundle.SavedPage> Pages = new();
        /// <summary>Entries that ran warm in this run, by <see cref="EntryKey"/>, with their counts (<see cref="RecordWarmEntries"/>).</summary>
        public readonly Dictionary<string, WarmEntryRecord> WarmEntries = new();
    }

    /// <summary>This run's record, made at its first use (under <see cref="gate"/>).</summary>
    private RunRecord Recording => run ??= new RunRecord();

    /// <summary>Statistics: regions loaded from disk, installed from disk, compiled in this run.</summary>
    public int RegionsLoaded, RegionsInstalled;
    public int BundlesLoaded => bundles.Count;
    public int RegionsCompiled
    {
        get
        {
            lock (gate)
            {
                int n = 0;
                if (run is not null) foreach (var r in run.Recorded.Values) if (r.From is null && !r.Warm) n++;
                return n;
            }
        }
    }

    /// <summary>A page's hash and an offset in it, as text ("HASH/OFF", three hex digits). By hand: the interpolated form was
    /// most of <see cref="Record"/>'s time in a second run (gofmt: 1.3 ms of 595 installs, perf).</summary>
    private static string EntryKey(Hash128 page, ushort entry)
    {
        Span<char> text = stackalloc char[36];
        page.Format(text);
        text[32] = '/';
        for (int i = 0; i < 3; i++) text[35 - i] = Hash128.Digits[(entry >> (4 * i)) & 15];
        return new string(text);
    }

    /// <param name="root">The cache directory (--cache; <see cref="DefaultDirectory"/>).</param>
    /// <param name="program">What identifies the program (its file's bytes, or its path when unreadable).</param>
    /// <param name="warn">Told once per run when a cache file is refused or cannot be written.</param>
    public PersistentCode(string root, ReadOnlySpan<byte> program, Action<string>? warn = null)
    {
        key = KeyFor(program);
        directory = Path.Combine(root, key.ToString());
        this.warn = warn ?? (_ => { });
    }

    public string Directory => directory;

    /// <summary>The store key: everything the generated code depends on besides the guest bytes.</summary>
    public static Hash128 KeyFor(ReadOnlySpan<byte> program)
    {
        // Bytes, not text: formatting the module ids (Guid.ToString) and the version was ~1% of a static hello world's
        // CPU, the first text formatting of the run.
        Span<byte> key = stackalloc byte[Tag.Length + 4 + 16 + 16 + 4 * 4 + 4 + 16];
        Tag.CopyTo(key);
        var rest = key[Tag.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(rest, BundleIndex.FormatVersion);
        typeof(PersistentCode).Assembly.ManifestModule.ModuleVersionId.TryWriteBytes(rest[4..]);
        typeof(Runtime.Hart.CpuState).Assembly.ManifestModule.ModuleVersionId.TryWriteBytes(rest[20..]);
        var version = Environment.Version;
        BinaryPrimitives.WriteInt32LittleEndian(rest[36..], version.Major);
        BinaryPrimitives.WriteInt32LittleEndian(rest[40..], version.Minor);
        BinaryPrimitives.WriteInt32LittleEndian(rest[44..], version.Build);
        BinaryPrimitives.WriteInt32LittleEndian(rest[48..], version.Revision);
        BinaryPrimitives.WriteInt32LittleEndian(rest[52..], (int)System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
        var programHash = ContentHash.Of(program);
        BinaryPrimitives.WriteUInt64LittleEndian(rest[56..], programHash.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(rest[64..], programHash.High);
        return BundleIndex.Hash(key);
    }

    private static ReadOnlySpan<byte> Tag => "rvjit-cache/"u8;

    private void Warn(string message)
    {
        if (Interlocked.Exchange(ref warned, 1) == 0) warn(message);
    }

    /// <summary>Reads the program's bundles (newest first wins for a region stored twice) and loads their
    /// assemblies; a bundle that fails any check is skipped with one warning for the run.</summary>
    public void Load()
    {
        string[] indexes;
        try { indexes = [.. Runtime.HostFiles.FilesEndingWith(directory, IndexExtension)]; } // not Directory.GetFiles: see HostFiles
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Warn($"cannot read {directory}: {e.Message}"); return; }
        if (indexes.Length > 0) LoadBundles(indexes);
    }

    /// <summary>The reading half of <see cref="Load"/>, a method of its own: ReadyToRun code resolves what a method refers to
    /// as it starts, and a run that finds no index (a short program's, whose runs save nothing) would resolve the
    /// readers, sorts and the assembly loader for nothing.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = BundlesAreOwnCode)]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void LoadBundles(string[] indexes)
    {
        // Every index first: a precompiled bundle hides the bundles it supersedes, and precompiled bundles come
        // first (then the newest), so a region stored twice runs as native code when it can.
        var read = new List<ReadIndex>(); // of a class: LINQ over a tuple was ~40 methods for the JIT at every start
        foreach (string path in indexes)
        {
            try
            {
                var index = BundleIndex.TryRead(Runtime.HostFiles.ReadAllBytes(path), key, out string? problem); // not File.ReadAllBytes: see HostFiles
                if (index is null) { Warn($"ignoring {path}: {problem}"); continue; }
                read.Add(new ReadIndex(path, index));
            }
            catch (FileNotFoundException) { } // deleted by a concurrent run since it was listed
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Warn($"ignoring {path}: {e.Message}"); }
        }
        if (read.Count == 0) return; // a first run: nothing to order
        // Plain loops and a comparison: LINQ's sorter over these keys (bool, DateTime) was JIT-compiled in every run
        // that loaded a bundle (8 methods).
        var hidden = new HashSet<string>();
        foreach (var r in read)
            if (IsNative(r.Index)) foreach (string id in r.Index.Supersedes) hidden.Add(id);
        var order = new List<ReadIndex>();
        foreach (var r in read)
            if (!hidden.Contains(Path.GetFileNameWithoutExtension(r.Path))) order.Add(r with { Written = Runtime.HostFiles.LastWriteTimeUtc(r.Path) });
        order.Sort(static (a, b) => IsNative(a.Index) != IsNative(b.Index) ? (IsNative(a.Index) ? -1 : 1) : b.Written.CompareTo(a.Written));
        foreach (var (path, index) in order)
        {
            try
            {
                string assemblyPath = Path.Combine(directory, index.AssemblyFile);
                if (BundleIndex.HashFile(assemblyPath, out long length) != index.AssemblyHash || length != index.AssemblyLength)
                {
                    Warn($"ignoring {path}: its assembly is truncated or modified");
                    continue;
                }
                context ??= new AssemblyLoadContext("rvjit persistent cache"); // not collectible: the runtime ignores ReadyToRun code in collectible contexts
                var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
                // Its full name, not GetName(): parsing it into an AssemblyName JIT-compiled 3 methods in every run.
                string? fullName = assembly.FullName;
                if (fullName is null || !fullName.StartsWith(index.AssemblyName, StringComparison.Ordinal) || fullName.Length <= index.AssemblyName.Length
                    || fullName[index.AssemblyName.Length] != ',') { Warn($"ignoring {path}: unexpected assembly"); continue; }
                var bundle = new LoadedBundle(path, index, assembly);
                bundles.Add(bundle);
                for (int i = 0; i < index.Regions.Count; i++)
                {
                    var stored = index.Regions[i];
                    byPage ??= new();
                    if (!byPage.TryGetValue(stored.PageHash.Low, out var list)) byPage[stored.PageHash.Low] = list = [];
                    if (IsStoredEntry(list, stored.PageHash, stored.EntryOffset)) continue; // a newer bundle has it
                    list.Add(new LoadedRegion(stored, bundle, i));
                    RegionsLoaded++;
                }
            }
            catch (FileNotFoundException) { } // deleted by a concurrent run since it was listed
            // A concurrent run's precompile step swapped the bundle's IL assembly for its ReadyToRun form and deleted
            // the IL one between its hash and its load (the loader's error is then a FileLoadException): not damage.
            catch (IOException) when (!File.Exists(path) || !File.Exists(Path.Combine(directory, index.AssemblyFile))) { }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                Warn($"ignoring {path}: {e.Message}");
            }
        }
    }

    /// <summary>The stored regions read from a page whose bytes hash to <paramref name="pageHash"/>.</summary>
    internal IReadOnlyList<LoadedRegion> RegionsOf(Hash128 pageHash)
    {
        if (byPage is null || !byPage.TryGetValue(pageHash.Low, out var list)) return [];
        foreach (var l in list)
            if (l.Stored.PageHash != pageHash) return list.FindAll(m => m.Stored.PageHash == pageHash); // another page's hash shares the low half
        return list;
    }

    /// <summary>The region's code bound to <paramref name="links"/>, or null (with one warning) when its
    /// assembly does not hold the method it should.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = BundlesAreOwnCode)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = BundlesAreOwnCode)]
    internal unsafe BlockFunction? Bind(LoadedRegion region, BlockLinks links)
    {
        try
        {
            var make = region.Bundle.Factory;
            if (make is not null && make(region.Index, links) is { } bound) return bound;
            var method = region.Bundle.Assembly.GetType(BundleAssembly.RegionsType)?.GetMethod(BundleAssembly.MethodName(region.Index), BindingFlags.Public | BindingFlags.Static);
            if (method is not null) return (BlockFunction)Delegate.CreateDelegate(typeof(BlockFunction), links, method);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or BadImageFormatException or MissingMethodException or FileLoadException)
        {
        }
        Warn($"ignoring region {region.Index} of {region.Bundle.IndexPath}: its assembly does not match its index");
        return null;
    }

    /// <summary>A region installed in this run (compiled, or loaded from <paramref name="from"/>), its blocks at
    /// <paramref name="offsets"/> (the entry first) of <paramref name="page"/>, whose bytes hash to <paramref name="pageHash"/>; saved at exit. A later region from the same entry (read
    /// again to take more paths) replaces an earlier one. <paramref name="optimised"/>: installed as optimised code.</summary>
    internal void Record(Hash128 pageHash, ReadOnlySpan<byte> page, ushort[] offsets, LoadedRegion? from, bool optimised = false)
    {
        ushort entry = offsets[0];
        string at = EntryKey(pageHash, entry);
        lock (gate)
        {
            NotePageLocked(pageHash, page);
            var recorded = Recording.Recorded;
            // A loaded region promoted (compiled optimised: the same blocks) stays the loaded one when it was stored
            // optimised already; one stored in the quick shape is saved again, optimised, so the next run neither runs
            // the quick shape nor promotes it again.
            if (recorded.TryGetValue(at, out var held) && (from is not null
                || (held.From is not null && held.Offsets.AsSpan().SequenceEqual(offsets) && (held.From.Stored.Optimised || !optimised)))) { }
            else recorded[at] = new RecordedRegion(pageHash, entry, offsets, from) { Optimised = optimised };
            if (from is not null) Interlocked.Increment(ref RegionsInstalled);
        }
    }

    /// <summary>A region for an entry that was warm in this run (it ran in the interpreter without turning hot), read at
    /// the save from <paramref name="page"/>; saved unless a region from that entry was installed.</summary>
    internal void RecordWarm(Hash128 pageHash, ReadOnlySpan<byte> page, GuestRegion region, bool queued = false)
    {
        ushort entry = (ushort)(region.EntryPa & Runtime.Memory.PhysicalMemory.PageOffsetMask);
        string at = EntryKey(pageHash, entry);
        lock (gate)
        {
            var recorded = Recording.Recorded;
            if (recorded.ContainsKey(at)) return;
            NotePageLocked(pageHash, page);
            var offsets = new ushort[region.Order.Count];
            for (int i = 0; i < offsets.Length; i++) offsets[i] = (ushort)(region.Order[i].EntryPa & Runtime.Memory.PhysicalMemory.PageOffsetMask);
            recorded[at] = new RecordedRegion(pageHash, entry, offsets, null) { Warm = true, Queued = queued };
        }
    }

    /// <summary>
    /// Entries of a page (whose bytes hash to <paramref name="pageHash"/>) that the interpreter ran without them turning
    /// hot: each of <paramref name="entries"/> is an offset in the page (bits 32 and up) and its count (the low 32 bits).
    /// <paramref name="ran"/>: the page's entries that had run (<see cref="PendingBundle.SavedPage.Ran"/>, merged with
    /// other harts'). Only the entries are kept: the after-run step reads their regions (<see cref="PendingBundle.Build"/>),
    /// so the exit pays a dictionary entry each, not a region read. An entry is skipped when a region from it was
    /// installed in this run or is stored already.
    /// </summary>
    internal void RecordWarmEntries(Hash128 pageHash, ReadOnlySpan<byte> page, ReadOnlySpan<byte> ran, List<ulong> entries)
    {
        lock (gate)
        {
            var record = Recording;
            Dictionary<string, PendingBundle.SavedPage> pages = record.Pages;
            Dictionary<string, RecordedRegion> recorded = record.Recorded;
            Dictionary<string, WarmEntryRecord> warmEntries = record.WarmEntries;
            string pageKey = pageHash.ToString();
            if (!pages.TryGetValue(pageKey, out var saved)) pages[pageKey] = saved = new PendingBundle.SavedPage(pageHash, page.ToArray(), new byte[PendingBundle.RanBytes]);
            else if (saved.Ran is null) pages[pageKey] = saved = saved with { Ran = new byte[PendingBundle.RanBytes] };
            for (int i = 0; i < ran.Length && i < saved.Ran!.Length; i++) saved.Ran[i] |= ran[i];
            List<LoadedRegion>? stored = null;
            byPage?.TryGetValue(pageHash.Low, out stored);
            foreach (ulong packed in entries)
            {
                ushort entry = (ushort)(packed >> 32);
                int runs = (int)(uint)packed;
                string at = EntryKey(pageHash, entry);
                if (recorded.ContainsKey(at) || IsStoredEntry(stored, pageHash, entry)) continue;
                if (warmEntries.TryGetValue(at, out var held)) held.Runs += runs;
                else warmEntries[at] = new WarmEntryRecord(pageHash, entry) { Runs = runs };
            }
        }
    }

    private static bool IsStoredEntry(List<LoadedRegion>? stored, Hash128 pageHash, ushort entry)
    {
        if (stored is null) return false;
        foreach (var l in stored)
            if (l.Stored.EntryOffset == entry && l.Stored.PageHash == pageHash) return true;
        return false;
    }

    /// <summary>The page whose bytes hash to <paramref name="pageHash"/> was seen in this run: the stored regions read
    /// from it that the run did not install are saved again with the ones it did (the bundle that replaces theirs
    /// keeps them).</summary>
    internal void NotePage(Hash128 pageHash, ReadOnlySpan<byte> page)
    {
        lock (gate) NotePageLocked(pageHash, page);
    }

    private void NotePageLocked(Hash128 pageHash, ReadOnlySpan<byte> page)
    {
        string pageKey = pageHash.ToString();
        var pages = Recording.Pages;
        if (!pages.ContainsKey(pageKey)) pages[pageKey] = new PendingBundle.SavedPage(pageHash, page.ToArray());
    }

    /// <summary>Raised at the start of <see cref="Save"/>: the engines record their warm entries (<see cref="RecordWarm"/>).</summary>
    public event Action? Saving;

    /// <summary>Statistics of the last <see cref="Save"/>: regions compiled in the run, warm entries' regions, stored
    /// regions kept from the bundles it loaded.</summary>
    public int SavedCompiled, SavedWarm, SavedKept;

    /// <summary>Writes the regions this run installed, with the pages they were read from, as a pending bundle,
    /// when it compiled any (<see cref="PendingBundle.Build"/> makes the bundle after the run); returns its path
    /// (null when nothing was written). Never throws for a cache that cannot be written: it warns once.</summary>
    public string? Save()
    {
        Saving?.Invoke();
        // Nothing installed or warm in this run (a short one, see SharedTranslations.EndedInWarmup): nothing to write,
        // and none of the collections below to make (in the ReadyToRun install each first call of a method costs its fix-ups).
        RunRecord record;
        lock (gate)
        {
            if (run is not { } current || (current.Recorded.Count == 0 && current.WarmEntries.Count == 0))
            {
                (SavedCompiled, SavedWarm, SavedKept) = (0, 0, 0);
                return null;
            }
            record = current;
        }
        Dictionary<string, RecordedRegion> recorded = record.Recorded;
        Dictionary<string, PendingBundle.SavedPage> pages = record.Pages;
        Dictionary<string, WarmEntryRecord> warmEntries = record.WarmEntries;
        var regions = new List<PendingBundle.SavedRegion>();
        var usedPages = new Dictionary<string, PendingBundle.SavedPage>();
        var held = new HashSet<string>();
        int compiled = 0, warmRegions = 0, kept = 0;
        var warm = new List<PendingBundle.WarmEntry>();
        // A run that loaded few bundles adds one with only its new regions (crossgen2 then compiles those alone, in
        // seconds); past MaxBundles, the new bundle holds everything the run saw and replaces the ones it covers.
        bool merge = bundles.Count >= MaxBundles;
        lock (gate)
        {
            foreach (var (at, r) in recorded)
            {
                if (r.From is null && r.Warm) warmRegions++;
                else if (r.From is null) compiled++;
                else if (!merge) continue;
                held.Add(at);
                regions.Add(new PendingBundle.SavedRegion(r.Page, r.Offsets, (r.Warm && !r.Queued) || r.From?.Stored.Warm == true,
                    r.Optimised || r.From?.Stored.Optimised == true));
                string pageKey = r.Page.ToString();
                usedPages[pageKey] = pages[pageKey];
            }
            // Warm entries the most run first (the after-run step takes up to PendingBundle.MaxWarmRegions), after the recorded regions.
            var counted = new List<WarmEntryRecord>();
            foreach (var (at, w) in warmEntries)
                if (!recorded.ContainsKey(at)) counted.Add(w);
            counted.Sort((a, b) => b.Runs.CompareTo(a.Runs));
            foreach (var w in counted)
            {
                warm.Add(new PendingBundle.WarmEntry(w.Page, w.Entry));
                string pageKey = w.Page.ToString();
                usedPages[pageKey] = pages[pageKey];
            }
            warmRegions += warm.Count;
            // Stored regions of the pages this run saw, not installed this time: kept.
            if (merge && byPage is not null)
                foreach (var list in byPage.Values)
                    foreach (var l in list)
                    {
                        string at = EntryKey(l.Stored.PageHash, l.Stored.EntryOffset), pageKey = l.Stored.PageHash.ToString();
                        if (held.Contains(at) || !pages.TryGetValue(pageKey, out var page)) continue;
                        held.Add(at);
                        regions.Add(new PendingBundle.SavedRegion(l.Stored.PageHash, [.. l.Stored.BlockOffsets], l.Stored.Warm, l.Stored.Optimised));
                        usedPages[pageKey] = page;
                        kept++;
                    }
        }
        (SavedCompiled, SavedWarm, SavedKept) = (compiled, warmRegions, kept);
        // A new bundle costs a crossgen2 run after this one: worth it for any region compiled in this run, or for a
        // few warm entries' (a handful more each run is the noise of a program's scheduling).
        if (compiled == 0 && warmRegions < MinWarmRegionsForBundle) return null;
        return WriteBundle(merge, held, usedPages, regions, warm);
    }

    // The writing half of Save, a method of its own: ReadyToRun code resolves what a method refers to as it starts, and
    // the collection spreads below loaded System.Linq at the end of every run, most of which write nothing.
    private string? WriteBundle(bool merge, HashSet<string> held, Dictionary<string, PendingBundle.SavedPage> usedPages,
        List<PendingBundle.SavedRegion> regions, List<PendingBundle.WarmEntry> warm)
    {
        // The loaded bundles this one makes redundant: it holds a region for each of their entries (the same region,
        // or one read again from that entry to take more paths).
        var supersedes = new List<string>();
        foreach (var bundle in merge ? bundles : [])
        {
            bool covered = true;
            foreach (var r in bundle.Index.Regions) covered &= held.Contains(EntryKey(r.PageHash, r.EntryOffset));
            if (covered) supersedes.Add(Path.GetFileNameWithoutExtension(bundle.IndexPath));
        }
        string id = $"{Random.Shared.NextInt64():x16}";
        string tmp = Path.Combine(directory, $".{id}.pending.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var pending = new PendingBundle { StoreKey = key, Supersedes = supersedes, Pages = [.. usedPages.Values], Regions = regions, WarmEntries = warm };
            File.WriteAllBytes(tmp, pending.ToBytes());
            string path = Path.Combine(directory, id + PendingBundle.Extension);
            File.Move(tmp, path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn($"cannot write the cache in {directory}: {e.Message}");
            TryDelete(tmp);
            return null;
        }
    }

    internal static bool IsNative(BundleIndex index) => index.AssemblyFile.EndsWith(".r2r.dll", StringComparison.Ordinal);

    /// <summary>Deletes an index (first: readers then no longer see the bundle) and the assemblies it names.</summary>
    public static void DeleteBundle(string indexPath)
    {
        string dir = Path.GetDirectoryName(indexPath)!, id = Path.GetFileNameWithoutExtension(indexPath);
        TryDelete(indexPath);
        TryDelete(Path.Combine(dir, id + PendingBundle.Extension));
        TryDelete(Path.Combine(dir, id + ".dll"));
        TryDelete(Path.Combine(dir, id + ".r2r.dll"));
    }

    /// <summary>Run by the after-run step: deletes the oldest bundles of the whole cache (every program's) while it holds more than the bound,
    /// temporary files a crashed run left an hour or more ago, pending bundles no step built within a day, and program
    /// digests (<see cref="ProgramDigests"/>) written a month ago or more (a program still in use has its written again).</summary>
    public static void Evict(string root, long sizeLimit = DefaultSizeLimit)
    {
        var files = new DirectoryInfo(root).GetFiles("*", SearchOption.AllDirectories);
        foreach (var stale in files.Where(f => (f.Name.StartsWith('.') && f.Name.EndsWith(".tmp") && f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1))
                                               || (f.Extension == PendingBundle.Extension && f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1))
                                               || (f.Directory?.Name == ProgramDigests.DirectoryName && f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-30))))
            TryDelete(stale.FullName);
        long total = files.Sum(f => f.Length);
        foreach (var index in files.Where(f => f.Extension == IndexExtension).OrderBy(f => f.LastWriteTimeUtc))
        {
            if (total <= sizeLimit) break;
            total -= files.Where(f => f.DirectoryName == index.DirectoryName && Path.GetFileName(f.Name).Split('.')[0] == Path.GetFileNameWithoutExtension(index.Name)).Sum(f => f.Length);
            DeleteBundle(index.FullName);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}

/// <summary>A bundle read from disk: its index file, index and loaded assembly.</summary>
internal sealed record LoadedBundle(string IndexPath, BundleIndex Index, Assembly Assembly)
{
    /// <summary>Precompiled (ReadyToRun) by the after-run step, rather than IL that RyuJIT must compile.</summary>
    public bool Native => PersistentCode.IsNative(Index);

    /// <summary>The assembly's region factory (<see cref="BundleAssembly.FactoryMethod"/>) when it is precompiled
    /// (RyuJIT would compile its whole jump table for the first region); null: bound through reflection. Found by its
    /// token, not by name: the exported types, <c>GetMethod</c> and <c>Delegate.CreateDelegate</c> cost the first bind
    /// of a run 2.5 ms (perf, 20 kHz, Duktape's second run; about 2% of it). The assembly is the one the index names
    /// (its hash is checked before it is loaded), whose first method the factory is.</summary>
    public unsafe delegate*<int, BlockLinks, BlockFunction?> Factory
    {
        get
        {
            if (!factoryLooked) { factory = MakeFactory(); factoryLooked = true; }
            return (delegate*<int, BlockLinks, BlockFunction?>)factory;
        }
    }
    private nint factory; // a function pointer (a record may not hold one as such)
    private bool factoryLooked;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PersistentCode.BundlesAreOwnCode)]
    private nint MakeFactory()
    {
        if (!Native) return 0;
        try
        {
            return Assembly.ManifestModule.ModuleHandle.ResolveMethodHandle(BundleAssembly.FactoryToken).GetFunctionPointer();
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or BadImageFormatException or MissingMethodException or FileLoadException)
        {
            return 0;
        }
    }
}

/// <summary>One stored region of a loaded bundle (the <paramref name="Index"/>th).</summary>
internal sealed record LoadedRegion(StoredRegion Stored, LoadedBundle Bundle, int Index);

/// <summary>A region installed in a run, read from the page whose bytes hash to <paramref name="Page"/>.</summary>
internal sealed record RecordedRegion(Hash128 Page, ushort Entry, ushort[] Offsets, LoadedRegion? From)
{
    /// <summary>Read at the save for an entry that was warm in the run (not compiled in it).</summary>
    public bool Warm { get; init; }
    /// <summary>Read at the save from a region still queued for the compiler (hot, not warm).</summary>
    public bool Queued { get; init; }
    /// <summary>Installed optimised (compiled so, or promoted): saved optimised.</summary>
    public bool Optimised { get; init; }
}

/// <summary>An entry that ran warm in this run (<see cref="PersistentCode.RecordWarmEntry"/>): its page's hash, its offset and its count.</summary>
internal sealed record WarmEntryRecord(Hash128 Page, ushort Entry)
{
    public int Runs { get; set; }
}

/// <summary>An index read by <see cref="PersistentCode.Load"/> and its file (a class: LINQ over a tuple was ~40 methods
/// for the JIT at every start).</summary>
internal sealed record ReadIndex(string Path, BundleIndex Index)
{
    /// <summary>The index file's last write (newer bundles win for a region stored twice).</summary>
    public DateTime Written { get; init; }
}
