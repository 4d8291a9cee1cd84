using System.Text;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Persist;

/// <summary>
/// What a run saves at exit: the regions it installed (by page hash and block offsets) with the bytes of every
/// guest page they were read from. Emitting the assembly costs about 1-2 ms a region (gofmt: 0.4-0.6 s), so the run
/// only writes this file; the after-run step (<see cref="Build"/>, in the background process that then runs
/// crossgen2) reads the regions again from the saved pages and writes the bundle. Checked like an index: magic,
/// version, key, bounds and a hash over the whole file, and every page's bytes against its hash.
///
/// Entries that ran warm (in the interpreter, below the hot threshold) are saved as entries, not regions: reading a
/// region for each at exit cost gofmt's first run 0.58 s of waiting (1,643 regions), so the after-run step reads
/// them (<see cref="Build"/>), from the saved page and the set of its entries that had run (<see cref="SavedPage.Ran"/>),
/// as the run would have: the exit pays for a page hash and a copy per page.
/// </summary>
public sealed class PendingBundle
{
    private const uint Magic = 0x504A5652; // "RVJP"
    public const string Extension = ".pending";
    private const int MaxPages = 1 << 16;

    public required Hash128 StoreKey { get; init; }
    public required IReadOnlyList<string> Supersedes { get; init; }
    public required IReadOnlyList<SavedPage> Pages { get; init; }
    public required IReadOnlyList<SavedRegion> Regions { get; init; }

    /// <summary>Entries that ran warm, the most run first (<see cref="Build"/> reads a region for each not covered yet).</summary>
    public IReadOnlyList<WarmEntry> WarmEntries { get; init; } = [];

    /// <summary>A guest page's bytes and their hash; <paramref name="Ran"/>: one bit per 2-byte parcel (<see cref="RanBytes"/>
    /// bytes), set for the entries that had run in the run (the warm entries' regions take only those branch targets).</summary>
    public sealed record SavedPage(Hash128 Hash, byte[] Bytes, byte[]? Ran = null);
    /// <summary>A block entry of a page (by hash) that ran warm.</summary>
    public sealed record WarmEntry(Hash128 Page, ushort Entry);
    public const int RanBytes = (int)PhysicalMemory.PageSize / 2 / 8;
    /// <summary>Most warm entries' regions a bundle takes (the most run first): bounds the bundle (about 10 KiB of
    /// precompiled code a region) and the after-run step's crossgen2 time.</summary>
    public const int MaxWarmRegions = 6000;
    /// <summary>A region: its page (by hash) and its blocks' offsets there, the entry first. <paramref name="Optimised"/>:
    /// the run had it optimised (promoted), so it is emitted optimised (<see cref="StoredRegion.EntryMask"/>).</summary>
    public sealed record SavedRegion(Hash128 Page, ushort[] Offsets, bool Warm = false, bool Optimised = false);
    /// <summary>Set in a region's block count (at most <see cref="GuestRegion.MaxBlocks"/>) for a warm region.</summary>
    private const int WarmBit = 0x8000;
    /// <summary>Set in a region's block count for an optimised region.</summary>
    private const int OptimisedBit = 0x4000;

    internal byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(BundleIndex.FormatVersion);
            w.Write(StoreKey.ToBytes());
            w.Write(Supersedes.Count);
            foreach (string id in Supersedes) w.Write(id);
            w.Write(Pages.Count);
            foreach (var page in Pages)
            {
                w.Write(page.Hash.ToBytes());
                w.Write(page.Bytes);
                w.Write(page.Ran is not null);
                if (page.Ran is not null) w.Write(page.Ran);
            }
            w.Write(Regions.Count);
            foreach (var region in Regions)
            {
                w.Write(region.Page.ToBytes());
                w.Write((ushort)(region.Offsets.Length | (region.Warm ? WarmBit : 0) | (region.Optimised ? OptimisedBit : 0)));
                foreach (ushort o in region.Offsets) w.Write(o);
            }
            w.Write(WarmEntries.Count);
            foreach (var entry in WarmEntries) { w.Write(entry.Page.ToBytes()); w.Write(entry.Entry); }
        }
        memory.Write(BundleIndex.Hash(memory.GetBuffer().AsSpan(0, (int)memory.Length)).ToBytes());
        return memory.ToArray();
    }

    internal static PendingBundle? TryRead(byte[] bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length < 16 + 8) { problem = "truncated"; return null; }
        int body = bytes.Length - 16;
        if (BundleIndex.Hash(bytes.AsSpan(0, body)) != Hash128.From(bytes.AsSpan(body))) { problem = "checksum mismatch"; return null; }
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body), Encoding.UTF8);
            if (r.ReadUInt32() != Magic || r.ReadInt32() != BundleIndex.FormatVersion) { problem = "not a pending bundle of this format"; return null; }
            Hash128 key = Hash128.From(r.ReadBytes(16));
            int superseded = r.ReadInt32();
            if (superseded is < 0 or > 1024) { problem = "bad counts"; return null; }
            var supersedes = new List<string>();
            for (int i = 0; i < superseded; i++)
            {
                string id = r.ReadString();
                if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit)) { problem = "bad bundle id"; return null; }
                supersedes.Add(id);
            }
            int pageCount = r.ReadInt32();
            if (pageCount is < 0 or > MaxPages) { problem = "bad counts"; return null; }
            var pages = new Dictionary<Hash128, SavedPage>();
            for (int i = 0; i < pageCount; i++)
            {
                Hash128 hash = Hash128.From(r.ReadBytes(16));
                byte[] page = r.ReadBytes((int)PhysicalMemory.PageSize);
                if (page.Length != (int)PhysicalMemory.PageSize || BundleIndex.Hash(page) != hash) { problem = "a page does not match its hash"; return null; }
                byte[]? ran = r.ReadBoolean() ? r.ReadBytes(RanBytes) : null;
                if (ran is { Length: not RanBytes }) { problem = "truncated"; return null; }
                pages[hash] = new SavedPage(hash, page, ran);
            }
            int regionCount = r.ReadInt32();
            if (regionCount is < 0 or > 1 << 20) { problem = "bad counts"; return null; }
            var regions = new List<SavedRegion>();
            for (int i = 0; i < regionCount; i++)
            {
                Hash128 page = Hash128.From(r.ReadBytes(16));
                int countAndWarm = r.ReadUInt16(), n = countAndWarm & ~(WarmBit | OptimisedBit);
                if (n is 0 or > GuestRegion.MaxBlocks || !pages.ContainsKey(page)) { problem = "bad region"; return null; }
                var offsets = new ushort[n];
                for (int b = 0; b < n; b++)
                {
                    offsets[b] = r.ReadUInt16();
                    if (offsets[b] >= PhysicalMemory.PageSize || (offsets[b] & 1) != 0) { problem = "bad region"; return null; }
                }
                regions.Add(new SavedRegion(page, offsets, (countAndWarm & WarmBit) != 0, (countAndWarm & OptimisedBit) != 0));
            }
            int warmCount = r.ReadInt32();
            if (warmCount is < 0 or > 1 << 20) { problem = "bad counts"; return null; }
            var warm = new List<WarmEntry>(warmCount);
            for (int i = 0; i < warmCount; i++)
            {
                Hash128 page = Hash128.From(r.ReadBytes(16));
                ushort entry = r.ReadUInt16();
                if (entry >= PhysicalMemory.PageSize || (entry & 1) != 0 || !pages.ContainsKey(page)) { problem = "bad warm entry"; return null; }
                warm.Add(new WarmEntry(page, entry));
            }
            if (r.BaseStream.Position != body) { problem = "trailing bytes"; return null; }
            return new PendingBundle { StoreKey = key, Supersedes = supersedes, Pages = [.. pages.Values], Regions = regions, WarmEntries = warm };
        }
        catch (EndOfStreamException) { problem = "truncated"; return null; }
    }

    /// <summary>
    /// Turns the pending file into a bundle (assembly and index, the index renamed into place last) and deletes it;
    /// the superseded bundles that are IL go now, precompiled ones when this bundle is precompiled
    /// (<see cref="BundleFiles.ReplaceAssembly"/>). Returns the index's path, or null with the reason.
    /// </summary>
    public static unsafe string? Build(string pendingPath, out string? problem)
    {
        var pending = TryRead(File.ReadAllBytes(pendingPath), out problem);
        if (pending is null) return null;
        string dir = Path.GetDirectoryName(pendingPath)!, id = Path.GetFileNameWithoutExtension(pendingPath);
        // The saved pages, one after another in a scratch guest memory, so the regions are read as in the run.
        var at = new Dictionary<Hash128, ulong>();
        using var ram = new PhysicalMemory(0, Math.Max(1, (ulong)pending.Pages.Count) * PhysicalMemory.PageSize);
        foreach (var page in pending.Pages)
        {
            ulong pa = (ulong)at.Count * PhysicalMemory.PageSize;
            at[page.Hash] = pa;
            page.Bytes.CopyTo(new Span<byte>(ram.HostPointer(pa), (int)PhysicalMemory.PageSize));
        }
        var regions = new List<(Hash128 Page, GuestRegion Region, bool Warm, bool Optimised)>();
        foreach (var r in pending.Regions)
            if (GuestRegion.FromBlocks(ram, at[r.Page], r.Offsets) is { } region) regions.Add((r.Page, region, r.Warm, r.Optimised && !r.Warm));
        ReadWarmRegions(pending, ram, at, regions);
        string dll = $"{id}.dll", name = $"rvjit_cache_{id}";
        string tmpDll = Path.Combine(dir, $".{id}.dll.tmp"), tmpIndex = Path.Combine(dir, $".{id}.idx.tmp");
        var sizes = BundleAssembly.Write(tmpDll, name, [.. regions.Select(r => r.Region)], [.. regions.Select(r => r.Optimised)]);
        File.Move(tmpDll, Path.Combine(dir, dll), overwrite: true);
        Hash128 assemblyHash = BundleIndex.HashFile(Path.Combine(dir, dll), out long length);
        var index = new BundleIndex
        {
            StoreKey = pending.StoreKey, AssemblyFile = dll, AssemblyName = name, AssemblyLength = length, AssemblyHash = assemblyHash,
            Regions = [.. regions.Select((r, i) => new StoredRegion(r.Page,
                [.. r.Region.Order.Select(b => (ushort)(b.EntryPa & PhysicalMemory.PageOffsetMask))],
                sizes[i].LinkSlots, r.Region.InstructionCount, sizes[i].IlBytes, r.Warm, sizes[i].EntryMask))],
            Supersedes = pending.Supersedes,
        };
        File.WriteAllBytes(tmpIndex, index.ToBytes());
        string indexPath = Path.Combine(dir, id + ".idx");
        File.Move(tmpIndex, indexPath, overwrite: true);
        File.Delete(pendingPath);
        foreach (string old in pending.Supersedes)
        {
            string oldIndex = Path.Combine(dir, old + ".idx");
            try
            {
                if (BundleIndex.TryRead(File.ReadAllBytes(oldIndex), null, out _) is { } o && !PersistentCode.IsNative(o)) PersistentCode.DeleteBundle(oldIndex);
            }
            catch (IOException) { }
        }
        return indexPath;
    }

    /// <summary>Adds a region for each warm entry (the most run first) that no region added so far starts or holds, read
    /// as the run reads a hot entry's: branch targets only where the run had entered them (its page's <see cref="SavedPage.Ran"/>).</summary>
    private static void ReadWarmRegions(PendingBundle pending, PhysicalMemory ram, Dictionary<Hash128, ulong> at,
        List<(Hash128 Page, GuestRegion Region, bool Warm, bool Optimised)> regions)
    {
        if (pending.WarmEntries.Count == 0) return;
        var ranByPa = new Dictionary<ulong, byte[]?>();
        foreach (var page in pending.Pages) ranByPa[at[page.Hash]] = page.Ran;
        // An optimised region is entered only at its entry blocks (Emit.RegionEntries): a pc inside one of its loops that
        // ran warm from elsewhere (the Go HTTP server's second run: thousands of interpreter runs each for such pcs) needs
        // a region of its own.
        var covered = new HashSet<ulong>();
        foreach (var r in regions)
        {
            bool[]? entry = r.Optimised ? Emit.RegionEntries.Of(r.Region).Entry : null;
            for (int b = 0; b < r.Region.Order.Count; b++)
                if (entry is null || entry[b]) covered.Add(r.Region.Order[b].EntryPa);
        }
        var hot = new HashSet<ulong>(covered); // the run's compiled regions' entries
        bool HasRun(ulong pa) => ranByPa.TryGetValue(pa & ~PhysicalMemory.PageOffsetMask, out var ran)
                                 && (ran is null || (ran[(int)(pa & PhysicalMemory.PageOffsetMask) >> 4] >> ((int)(pa >> 1) & 7) & 1) != 0);
        IEnumerable<ulong> RanIn(ulong pagePa)
        {
            if (!ranByPa.TryGetValue(pagePa, out var ran) || ran is null) yield break;
            for (int parcel = 0; parcel < RanBytes * 8; parcel++)
                if ((ran[parcel >> 3] >> (parcel & 7) & 1) != 0) yield return pagePa + (ulong)(2 * parcel);
        }
        int added = 0;
        bool Take(Hash128 page, ulong pa)
        {
            if (covered.Contains(pa)) return false;
            // A warm region leaves to the hot regions' entries rather than taking their code in the quick shape: a hot
            // loop swallowed by the warm region read from the code before it ran there (precompiled quick code, promoted
            // only after LoadedPromoteFactor times the quick count) instead of in its optimised region.
            var region = GuestRegion.Read(ram, pa, GuestRegion.MaxBlocks, hasRun: HasRun, ranInPage: RanIn, servedElsewhere: hot.Contains);
            if (region.InstructionCount == 0 || region.SecondPagePa != GuestBlock.NoPage) return false;
            foreach (var b in region.Order) covered.Add(b.EntryPa);
            regions.Add((page, region, true, false));
            added++;
            return true;
        }
        var exits = new List<ulong>();
        foreach (var entry in pending.WarmEntries)
        {
            if (added >= MaxWarmRegions) break;
            ulong pa = at[entry.Page] + entry.Entry;
            if (!Take(entry.Page, pa)) continue;
            // The region's ways out in its page that the run took or that are always taken (a fall-through, a call's
            // return point) get regions too, unless one holds them already: the interpreter runs on through a branch
            // not taken, so code after one never counted as an entry of its own, while the region leaves there (a Go
            // function's entry is a loop header through its stack-growth call, and its region keeps only that loop:
            // the Go HTTP server's second run handed thousands of such fall-throughs each to the interpreter). One
            // level only: their own exits would take code that never ran.
            exits.Clear();
            var region = regions[^1].Region;
            foreach (var b in region.Order)
                foreach (long target in b.RegionSuccessors())
                {
                    ulong t = (ulong)((long)b.EntryPa + target);
                    if ((t & ~PhysicalMemory.PageOffsetMask) != (pa & ~PhysicalMemory.PageOffsetMask) || region.Blocks.ContainsKey(t)) continue;
                    if (target == b.EndOffset || HasRun(t)) exits.Add(t);
                }
            foreach (ulong t in exits)
                if (added < MaxWarmRegions) Take(entry.Page, t);
        }
    }
}
