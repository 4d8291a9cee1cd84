using System.Text;

namespace RvJit.Translator.Persist;

/// <summary>One region of a bundle: the guest page it was read from (by the hash of the page's bytes), its blocks'
/// offsets in that page (the entry first), and what the engine needs to install it. Its method is
/// <c>regions.r{index}</c> of the bundle's assembly. <paramref name="Warm"/>: saved for code that ran warm, not hot
/// (worth installing precompiled, not compiling again by RyuJIT). <paramref name="EntryMask"/>: 0 for a region emitted
/// in the quick shape (every block an entry, counting toward promotion); otherwise emitted optimised, with bit i set when
/// block i is one of its entries (<see cref="Emit.BlockEmitter.EmitPortable(GuestRegion, System.Reflection.Emit.ILGenerator, bool, out uint)"/>).</summary>
internal sealed record StoredRegion(Hash128 PageHash, ushort[] BlockOffsets, int LinkSlots, int GuestInstructions, int IlBytes, bool Warm = false,
    uint EntryMask = 0)
{
    public ushort EntryOffset => BlockOffsets[0];
    public bool Optimised => EntryMask != 0;
}

/// <summary>
/// A bundle's index file: which assembly holds its regions (and that file's length and hash), and the regions.
/// Nothing in it is trusted: <see cref="TryRead"/> checks the magic, the format version, the store key (the
/// rvjit build and settings it was made by), every bound, and a hash over the whole index, so a truncated,
/// stale or tampered index is refused; the assembly is checked against its recorded length and hash before
/// it is loaded.
/// </summary>
internal sealed class BundleIndex
{
    private const uint Magic = 0x434A5652; // "RVJC"
    public const int FormatVersion = 6; // 4: ContentHash digests instead of SHA-256; 5: regions emitted optimised; 6: warm entries in pending bundles
    /// <summary>Set in a region's link-slot count (at most <see cref="BlockLinks.MaxSlots"/>) for a warm region.</summary>
    private const int WarmBit = 0x80;
    /// <summary>Set in a region's link-slot count for a region emitted optimised: its entry mask follows.</summary>
    private const int OptimisedBit = 0x40;
    private const int MaxRegions = 1 << 20;

    public required Hash128 StoreKey { get; init; }
    /// <summary>The assembly's file name, in the index's directory (no directory part).</summary>
    public required string AssemblyFile { get; init; }
    public required string AssemblyName { get; init; }
    public required long AssemblyLength { get; init; }
    public required Hash128 AssemblyHash { get; init; }
    public required IReadOnlyList<StoredRegion> Regions { get; init; }
    /// <summary>Bundles (by id) whose every region this one holds: ignored once this one is precompiled, and
    /// deleted by the step that precompiles it (until then they are the native code for those regions).</summary>
    public IReadOnlyList<string> Supersedes { get; init; } = [];

    public static Hash128 Hash(ReadOnlySpan<byte> bytes) => ContentHash.Of(bytes);

    public static Hash128 HashFile(string path, out long length) => ContentHash.OfFile(path, out length);

    private static void Write128(BinaryWriter w, Hash128 v)
    {
        w.Write(v.Low);
        w.Write(v.High);
    }

    private static Hash128 Read128(BinaryReader r)
    {
        ulong low = r.ReadUInt64();
        return new Hash128(low, r.ReadUInt64());
    }

    public byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            Write128(w, StoreKey);
            w.Write(AssemblyFile);
            w.Write(AssemblyName);
            w.Write(AssemblyLength);
            Write128(w, AssemblyHash);
            w.Write(Supersedes.Count);
            foreach (string id in Supersedes) w.Write(id);
            w.Write(Regions.Count);
            foreach (var r in Regions)
            {
                Write128(w, r.PageHash);
                w.Write((ushort)r.BlockOffsets.Length);
                foreach (ushort o in r.BlockOffsets) w.Write(o);
                w.Write((byte)(r.LinkSlots | (r.Warm ? WarmBit : 0) | (r.Optimised ? OptimisedBit : 0)));
                if (r.Optimised) w.Write(r.EntryMask);
                w.Write(r.GuestInstructions);
                w.Write(r.IlBytes);
            }
        }
        memory.Write(Hash(memory.GetBuffer().AsSpan(0, (int)memory.Length)).ToBytes());
        return memory.ToArray();
    }

    /// <summary>The index in <paramref name="bytes"/>, or null with the reason it was refused.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="storeKey">The key it must have been made under (null: any, for rewriting an index).</param>
    /// <param name="problem">Why it was refused.</param>
    public static BundleIndex? TryRead(byte[] bytes, Hash128? storeKey, out string? problem)
    {
        problem = null;
        if (bytes.Length < 16 + 8) { problem = "truncated"; return null; }
        var body = bytes.AsSpan(0, bytes.Length - 16);
        if (Hash(body) != Hash128.From(bytes.AsSpan(bytes.Length - 16))) { problem = "checksum mismatch (truncated or modified)"; return null; }
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            if (r.ReadUInt32() != Magic) { problem = "not an rvjit cache index"; return null; }
            if (r.ReadInt32() != FormatVersion) { problem = "another format version"; return null; }
            Hash128 key = Read128(r);
            if (storeKey is { } expected && key != expected) { problem = "made by another rvjit build or settings"; return null; }
            string file = r.ReadString(), name = r.ReadString();
            if (file.Length == 0 || file != Path.GetFileName(file) || file.StartsWith('.')) { problem = "bad assembly file name"; return null; }
            if (name.Length == 0 || name.Length > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) { problem = "bad assembly name"; return null; }
            long length = r.ReadInt64();
            Hash128 hash = Read128(r);
            int superseded = r.ReadInt32();
            if (superseded < 0 || superseded > 1024) { problem = "bad counts"; return null; }
            var supersedes = new List<string>(superseded);
            for (int i = 0; i < superseded; i++)
            {
                string id = r.ReadString();
                if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit)) { problem = "bad bundle id"; return null; }
                supersedes.Add(id);
            }
            int count = r.ReadInt32();
            if (length <= 0 || count < 0 || count > MaxRegions) { problem = "bad counts"; return null; }
            var regions = new List<StoredRegion>(count);
            for (int i = 0; i < count; i++)
            {
                Hash128 page = Read128(r);
                int blocks = r.ReadUInt16();
                if (blocks is 0 or > GuestRegion.MaxBlocks) { problem = "bad region"; return null; }
                var offsets = new ushort[blocks];
                for (int b = 0; b < blocks; b++)
                {
                    offsets[b] = r.ReadUInt16();
                    if (offsets[b] >= Runtime.Memory.PhysicalMemory.PageSize || (offsets[b] & 1) != 0) { problem = "bad region"; return null; }
                }
                int slotsAndWarm = r.ReadByte();
                // The region's own entry (block 0) is always one; no block beyond the region's.
                uint entryMask = (slotsAndWarm & OptimisedBit) != 0 ? r.ReadUInt32() : 0;
                if ((slotsAndWarm & OptimisedBit) != 0 && ((entryMask & 1) == 0 || (blocks < 32 && entryMask >> blocks != 0))) { problem = "bad region"; return null; }
                int instructions = r.ReadInt32(), il = r.ReadInt32();
                int slots = slotsAndWarm & ~(WarmBit | OptimisedBit);
                if (slots > BlockLinks.MaxSlots || instructions <= 0 || instructions > GuestRegion.MaxInstructions || il <= 0) { problem = "bad region"; return null; }
                regions.Add(new StoredRegion(page, offsets, slots, instructions, il, (slotsAndWarm & WarmBit) != 0, entryMask));
            }
            if (r.BaseStream.Position != body.Length) { problem = "trailing bytes"; return null; }
            return new BundleIndex
            {
                StoreKey = key, AssemblyFile = file, AssemblyName = name, AssemblyLength = length, AssemblyHash = hash, Regions = regions, Supersedes = supersedes,
            };
        }
        catch (EndOfStreamException) { problem = "truncated"; return null; }
        catch (FormatException) { problem = "malformed"; return null; }
    }
}
