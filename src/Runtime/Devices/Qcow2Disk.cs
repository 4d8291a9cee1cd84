// QEMU's qcow2 image format, versions 2 and 3 (docs/interop/qcow2.txt in QEMU's source): a two-level table (L1
// in memory, L2 tables read on demand and cached) maps each guest cluster to a host cluster of the file, to a
// deflate-compressed cluster, to zeros, or to nothing (the backing file's data, else zeros). Writes allocate
// clusters at the end of the file and keep the refcounts exact, so `qemu-img check` finds the image clean.
//
// The header and every table entry come from a file that may be hostile: each offset is checked against the
// file before it is used, sizes are capped as QEMU caps them (L1 32 MiB, refcount table 8 MiB), and what rvjit
// does not implement (encryption, external data files, extended L2 entries, zstd compression) is refused when
// the image is opened. A corrupt table met later makes that request fail (an I/O error for the guest).
using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Devices;

public sealed class Qcow2Disk : IDiskFormat
{
    public static ReadOnlySpan<byte> Magic => [(byte)'Q', (byte)'F', (byte)'I', 0xFB];
    private const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00UL; // bits 9-55 of L1 and L2 entries
    private const ulong Copied = 1UL << 63, Compressed = 1UL << 62, ZeroFlag = 1;
    private const long MaxL1Bytes = 32 << 20, MaxRefcountTableBytes = 8 << 20; // QEMU's limits
    private const int MaxBackingDepth = 16;
    private const int L2CacheTables = 64;
    private const uint BackingFormatExtension = 0xE2792ACA, EncryptionExtension = 0x0537BE77;
    private const ulong IncompatDirty = 1, IncompatCorrupt = 2, IncompatExternalData = 4, IncompatCompressionType = 8,
        IncompatExtendedL2 = 16;

    private readonly SafeFileHandle file;
    private readonly string path;
    private readonly bool writable;
    private readonly int clusterBits, l2Bits, refcountOrder;
    private readonly long clusterSize;
    private readonly ulong[] l1;
    private readonly long l1Offset;
    private ulong[] refcountTable;
    private long refcountTableOffset;
    private bool growingRefcounts; // the in-memory refcount table is ahead of the file's
    private long fileLength;
    private readonly IDiskFormat? backing;
    private readonly Dictionary<long, ulong[]> l2Cache = [];
    private readonly Dictionary<long, byte[]> refcountBlockCache = [];
    private long decompressedAt = -1; // the host offset of the compressed cluster in decompressed
    private readonly byte[] decompressed;
    private readonly object gate = new();
    private readonly Action<string> warn;
    private bool warned;

    public long Size { get; }
    public int Version { get; }
    public string? BackingFile { get; }

    /// <summary>Opens the qcow2 image in <paramref name="file"/>; throws <see cref="ArgumentException"/> naming
    /// what is wrong or unsupported. <paramref name="warn"/> hears about corruption met later (once).</summary>
    public Qcow2Disk(SafeFileHandle file, string path, bool writable, Action<string>? warn = null, int depth = 0)
    {
        this.file = file;
        this.path = path;
        this.writable = writable;
        this.warn = warn ?? (m => Console.Error.WriteLine(m));
        fileLength = RandomAccess.GetLength(file);
        var h = new byte[112];
        if (ReadFile(0, h) < 72) Fail("the file is too short for a qcow2 header");
        if (!h.AsSpan(0, 4).SequenceEqual(Magic)) Fail("not a qcow2 image (no QFI\\xfb magic)");
        Version = (int)U32(h, 4);
        if (Version is not (2 or 3)) Fail($"qcow2 version {Version} is not supported (2 and 3 are)");
        ulong backingOffset = U64(h, 8);
        uint backingSize = U32(h, 16);
        uint bits = U32(h, 20);
        if (bits is < 9 or > 21) Fail($"cluster size 2^{bits} is not supported (2^9 to 2^21)");
        clusterBits = (int)bits;
        clusterSize = 1L << clusterBits;
        l2Bits = clusterBits - 3;
        ulong size = U64(h, 24);
        if (size > 1UL << 61) Fail($"virtual size {size} is too large");
        Size = (long)size;
        if (U32(h, 32) != 0) Fail("encrypted qcow2 images are not supported");
        uint l1Size = U32(h, 36);
        l1Offset = (long)U64(h, 40);
        refcountTableOffset = (long)U64(h, 48);
        uint refcountClusters = U32(h, 56);
        uint headerLength = 72;
        refcountOrder = 4;
        if (Version == 3)
        {
            if (ReadFile(0, h) < 104) Fail("the file is too short for a version 3 header");
            ulong incompatible = U64(h, 72), autoclear = U64(h, 88);
            refcountOrder = (int)U32(h, 96);
            headerLength = U32(h, 100);
            if (headerLength < 104 || headerLength > clusterSize || headerLength % 8 != 0)
                Fail($"header length {headerLength} is invalid");
            ulong known = IncompatDirty | IncompatCorrupt | IncompatExternalData | IncompatCompressionType | IncompatExtendedL2;
            if ((incompatible & ~known) != 0) Fail($"unsupported incompatible features 0x{incompatible & ~known:x}");
            if ((incompatible & IncompatExternalData) != 0) Fail("external data files are not supported");
            if ((incompatible & IncompatExtendedL2) != 0) Fail("extended L2 entries (subclusters) are not supported");
            if ((incompatible & IncompatCompressionType) != 0 && headerLength > 104 && h[104] != 0)
                Fail($"compression type {h[104]} (zstd) is not supported; only deflate");
            if (writable && (incompatible & IncompatCorrupt) != 0)
                Fail("the image is marked corrupt; open it with readonly=on, or repair it with qemu-img check -r all");
            if (writable && (incompatible & IncompatDirty) != 0)
                Fail("the image is dirty (lazy refcounts not written back); repair it with qemu-img check -r all");
            if (refcountOrder > 6) Fail($"refcount order {refcountOrder} is invalid");
            if (writable && refcountOrder < 3)
                Fail($"{1 << refcountOrder}-bit refcounts are not supported for writing; open it with readonly=on or snapshot=on");
            if (writable && autoclear != 0)
            {
                // Bitmaps and the like that rvjit does not keep up to date: clearing the bits marks them stale,
                // as QEMU does for autoclear features it does not know.
                Span<byte> zero = stackalloc byte[8];
                WriteFileOrFail(88, zero);
            }
        }
        long l2Entries = 1L << l2Bits;
        ulong needed = (ulong)((size + ((ulong)clusterSize << l2Bits) - 1) >> (clusterBits + l2Bits));
        if ((long)l1Size * 8 > MaxL1Bytes) Fail($"L1 table of {l1Size} entries is too large");
        if (l1Size < needed) Fail($"L1 table of {l1Size} entries cannot map {size} bytes");
        if (l1Size > 0) CheckRange(l1Offset, l1Size * 8L, "L1 table");
        if ((long)refcountClusters * clusterSize > MaxRefcountTableBytes) Fail($"refcount table of {refcountClusters} clusters is too large");
        if (refcountClusters == 0) Fail("the refcount table is empty");
        CheckRange(refcountTableOffset, refcountClusters * clusterSize, "refcount table");

        l1 = ReadTable(l1Offset, (int)l1Size);
        refcountTable = ReadTable(refcountTableOffset, (int)(refcountClusters * clusterSize / 8));
        decompressed = new byte[clusterSize];

        string? backingFormat = null;
        ReadExtensions(headerLength, backingOffset, ref backingFormat);
        if (backingOffset != 0)
        {
            if (backingSize is 0 or > 1023 || backingOffset + backingSize > (ulong)clusterSize)
                Fail("the backing file name is outside the header cluster or too long");
            var name = new byte[backingSize];
            if (ReadFile((long)backingOffset, name) != name.Length) Fail("the backing file name is past the end of the file");
            BackingFile = System.Text.Encoding.UTF8.GetString(name);
            if (depth + 1 >= MaxBackingDepth) Fail($"backing chain longer than {MaxBackingDepth} images (a loop?)");
            backing = BlockImage.OpenBacking(BackingFile, path, backingFormat, depth + 1);
        }
    }

    private void ReadExtensions(uint at, ulong backingOffset, ref string? backingFormat)
    {
        long end = backingOffset != 0 ? Math.Min((long)backingOffset, clusterSize) : clusterSize;
        var head = new byte[8];
        long pos = at;
        while (pos + 8 <= end)
        {
            if (ReadFile(pos, head) < 8) break;
            uint type = U32(head, 0), length = U32(head, 4);
            if (type == 0) break;
            if (pos + 8 + length > end) Fail($"header extension 0x{type:x} runs past the header cluster");
            if (type == EncryptionExtension) Fail("encrypted qcow2 images are not supported");
            if (type == BackingFormatExtension)
            {
                var fmt = new byte[length];
                ReadFile(pos + 8, fmt);
                backingFormat = System.Text.Encoding.ASCII.GetString(fmt).TrimEnd('\0');
            }
            pos += 8 + ((length + 7) & ~7u);
        }
    }

    // ---- Reading

    public bool Read(long offset, Span<byte> dest)
    {
        lock (gate)
        {
            while (!dest.IsEmpty)
            {
                long inCluster = offset & (clusterSize - 1);
                int n = (int)Math.Min(dest.Length, clusterSize - inCluster);
                if (!ReadInCluster(offset, dest[..n])) return false;
                offset += n;
                dest = dest[n..];
            }
            return true;
        }
    }

    /// <summary>Reads a piece of one guest cluster.</summary>
    private bool ReadInCluster(long offset, Span<byte> dest)
    {
        long vcluster = offset >> clusterBits, inCluster = offset & (clusterSize - 1);
        if (!TryL2Entry(vcluster, out ulong entry)) return false;
        if ((entry & Compressed) != 0)
        {
            if (!Decompress(entry)) return false;
            decompressed.AsSpan((int)inCluster, dest.Length).CopyTo(dest);
            return true;
        }
        if ((entry & ZeroFlag) != 0 && Version == 3)
        {
            dest.Clear();
            return true;
        }
        long host = (long)(entry & OffsetMask);
        if (host == 0) return ReadBacking(offset, dest);
        if (!DataClusterValid(host)) return false;
        int got = ReadFile(host + inCluster, dest);
        if (got < 0) return false;
        dest[got..].Clear(); // a last cluster the file ends inside
        return true;
    }

    private bool ReadBacking(long offset, Span<byte> dest)
    {
        if (backing is null || offset >= backing.Size)
        {
            dest.Clear();
            return true;
        }
        int n = (int)Math.Min(dest.Length, backing.Size - offset);
        dest[n..].Clear();
        return backing.Read(offset, dest[..n]);
    }

    private bool Decompress(ulong entry)
    {
        int sizeBits = clusterBits - 8;
        int offsetBits = 62 - sizeBits;
        long host = (long)(entry & ((1UL << offsetBits) - 1));
        long sectors = (long)((entry >> offsetBits) & ((1UL << sizeBits) - 1));
        if (host == decompressedAt) return true;
        long length = (sectors + 1) * 512 - (host & 511);
        if (host < clusterSize || host >= fileLength) return Corrupt($"compressed cluster at 0x{host:x} is outside the file");
        length = Math.Min(length, fileLength - host); // QEMU's estimate may run past the end of the file
        var input = new byte[length];
        if (ReadFile(host, input) != length) return Corrupt($"compressed cluster at 0x{host:x} could not be read");
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(input), CompressionMode.Decompress);
            int got = 0;
            while (got < decompressed.Length)
            {
                int n = inflater.Read(decompressed, got, decompressed.Length - got);
                if (n == 0) break;
                got += n;
            }
            if (got != decompressed.Length) return Corrupt($"compressed cluster at 0x{host:x} inflates to {got} bytes, not {clusterSize}");
        }
        catch (InvalidDataException)
        {
            decompressedAt = -1;
            return Corrupt($"compressed cluster at 0x{host:x} is not valid deflate data");
        }
        decompressedAt = host;
        return true;
    }

    // ---- Tables

    /// <summary>The L2 entry of guest cluster <paramref name="vcluster"/> (0 when its L2 table is absent).</summary>
    private bool TryL2Entry(long vcluster, out ulong entry)
    {
        entry = 0;
        long l1Index = vcluster >> l2Bits;
        if (l1Index >= l1.Length) return Corrupt($"guest cluster {vcluster} is beyond the L1 table");
        long l2 = (long)(l1[l1Index] & OffsetMask);
        if (l2 == 0) return true;
        if (!TryL2Table(l2, out var table)) return false;
        entry = table[vcluster & ((1L << l2Bits) - 1)];
        return true;
    }

    private bool TryL2Table(long l2, out ulong[] table)
    {
        if (l2Cache.TryGetValue(l2, out table!)) return true;
        if ((l2 & (clusterSize - 1)) != 0 || l2 < clusterSize || l2 + clusterSize > fileLength)
            return Corrupt($"L2 table at 0x{l2:x} is misaligned or outside the file");
        if (IsTableRegion(l2)) return Corrupt($"L2 table at 0x{l2:x} overlaps the L1 or refcount table");
        table = ReadTable(l2, 1 << l2Bits);
        if (l2Cache.Count >= L2CacheTables) l2Cache.Clear();
        l2Cache[l2] = table;
        return true;
    }

    private bool DataClusterValid(long host)
    {
        if ((host & (clusterSize - 1)) != 0 || host < clusterSize || host >= fileLength)
            return Corrupt($"data cluster at 0x{host:x} is misaligned or outside the file");
        return true;
    }

    private bool IsTableRegion(long host) =>
        (host < l1Offset + l1.Length * 8L && host + clusterSize > l1Offset)
        || (host < refcountTableOffset + refcountTable.Length * 8L && host + clusterSize > refcountTableOffset);

    // ---- Writing

    public bool Write(long offset, ReadOnlySpan<byte> source)
    {
        if (!writable) return false;
        lock (gate)
        {
            try
            {
                while (!source.IsEmpty)
                {
                    long inCluster = offset & (clusterSize - 1);
                    int n = (int)Math.Min(source.Length, clusterSize - inCluster);
                    if (!WriteInCluster(offset, source[..n])) return false;
                    offset += n;
                    source = source[n..];
                }
                return true;
            }
            catch (IOException e)
            {
                return Corrupt($"host I/O error: {e.Message}");
            }
        }
    }

    private bool WriteInCluster(long offset, ReadOnlySpan<byte> source)
    {
        long vcluster = offset >> clusterBits, inCluster = offset & (clusterSize - 1);
        long l1Index = vcluster >> l2Bits;
        int l2Index = (int)(vcluster & ((1L << l2Bits) - 1));
        if (l1Index >= l1.Length) return Corrupt($"guest cluster {vcluster} is beyond the L1 table");
        if (!TryWritableL2(l1Index, out long l2, out var table)) return false;
        ulong entry = table[l2Index];
        long host = (long)(entry & OffsetMask);
        bool inPlace = (entry & Copied) != 0 && (entry & Compressed) == 0 && (entry & ZeroFlag) == 0 && host != 0;
        if (inPlace)
        {
            if (!DataClusterValid(host)) return false;
            if (IsTableRegion(host) || l2Cache.ContainsKey(host)) return Corrupt($"data cluster at 0x{host:x} overlaps metadata");
            WriteFile(host + inCluster, source);
            return true;
        }
        // A new cluster: the old contents (backing file, zeros, compressed or shared data) with the write on top.
        var cluster = new byte[clusterSize];
        if (source.Length < clusterSize && !ReadInCluster(vcluster << clusterBits, cluster)) return false;
        source.CopyTo(cluster.AsSpan((int)inCluster));
        if (!TryAllocate(out long fresh)) return false;
        WriteFile(fresh, cluster);
        table[l2Index] = (ulong)fresh | Copied;
        WriteEntry(l2 + l2Index * 8L, table[l2Index]);
        // The old cluster loses this reference (a snapshot may keep it).
        if ((entry & Compressed) != 0) return ReleaseCompressed(entry);
        if (host != 0) return AddRefcount(host, -1);
        return true;
    }

    /// <summary>The L2 table of <paramref name="l1Index"/>, made this image's own (allocated, or copied when a
    /// snapshot shares it).</summary>
    private bool TryWritableL2(long l1Index, out long l2, out ulong[] table)
    {
        ulong l1Entry = l1[l1Index];
        l2 = (long)(l1Entry & OffsetMask);
        table = [];
        if (l2 != 0 && (l1Entry & Copied) != 0) return TryL2Table(l2, out table);
        ulong[] contents;
        if (l2 == 0) contents = new ulong[1 << l2Bits];
        else
        {
            if (!TryL2Table(l2, out var shared)) return false;
            contents = (ulong[])shared.Clone();
        }
        if (!TryAllocate(out long fresh)) return false;
        WriteTable(fresh, contents);
        l2Cache[fresh] = contents;
        l1[l1Index] = (ulong)fresh | Copied;
        WriteEntry(l1Offset + l1Index * 8, l1[l1Index]);
        if (l2 != 0)
        {
            l2Cache.Remove(l2);
            if (!AddRefcount(l2, -1)) return false;
        }
        l2 = fresh;
        table = contents;
        return true;
    }

    private bool ReleaseCompressed(ulong entry)
    {
        int sizeBits = clusterBits - 8;
        int offsetBits = 62 - sizeBits;
        long host = (long)(entry & ((1UL << offsetBits) - 1));
        long sectors = (long)((entry >> offsetBits) & ((1UL << sizeBits) - 1));
        long last = host + (sectors + 1) * 512 - (host & 511) - 1;
        for (long c = host & ~(clusterSize - 1); c <= last; c += clusterSize)
            if (c < fileLength && !AddRefcount(c, -1)) return false;
        if (decompressedAt == host) decompressedAt = -1;
        return true;
    }

    // ---- Refcounts and allocation

    /// <summary>A new cluster at the end of the file, its refcount 1 (written before anything points at it).</summary>
    private bool TryAllocate(out long host)
    {
        host = AlignedEnd();
        fileLength = host + clusterSize;
        return AddRefcount(host, +1);
    }

    private long AlignedEnd() => (fileLength + clusterSize - 1) & ~(clusterSize - 1);

    private bool AddRefcount(long host, int delta)
    {
        long clusterIndex = host >> clusterBits;
        int blockBits = clusterBits + 3 - refcountOrder; // log2 of the refcounts one block holds
        long tableIndex = clusterIndex >> blockBits;
        if (tableIndex >= refcountTable.Length && !GrowRefcountTable(tableIndex)) return false;
        long block = (long)(refcountTable[tableIndex] & ~(ulong)(clusterSize - 1));
        if (block == 0)
        {
            if (delta < 0) return Corrupt($"cluster 0x{host:x} has no refcount to drop");
            block = AlignedEnd();
            fileLength = block + clusterSize;
            var zeros = new byte[clusterSize];
            WriteFile(block, zeros);
            refcountBlockCache[block] = zeros;
            refcountTable[tableIndex] = (ulong)block;
            if (!growingRefcounts) WriteEntry(refcountTableOffset + tableIndex * 8, (ulong)block);
            if (!AddRefcount(block, +1)) return false; // the block counts itself (or another block does)
        }
        if (!TryRefcountBlock(block, out var data)) return false;
        long index = clusterIndex & ((1L << blockBits) - 1);
        int width = 1 << (refcountOrder - 3);
        var at = data.AsSpan((int)(index * width), width);
        ulong value = width switch
        {
            1 => at[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(at),
            4 => BinaryPrimitives.ReadUInt32BigEndian(at),
            _ => BinaryPrimitives.ReadUInt64BigEndian(at),
        };
        ulong max = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
        if (delta < 0 && value == 0) return Corrupt($"cluster 0x{host:x} has refcount 0 but is in use");
        if (delta > 0 && value == max) return Corrupt($"cluster 0x{host:x} has the largest refcount");
        value = delta > 0 ? value + 1 : value - 1;
        switch (width)
        {
            case 1: at[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32BigEndian(at, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64BigEndian(at, value); break;
        }
        WriteFile(block + index * width, at);
        return true;
    }

    private bool TryRefcountBlock(long block, out byte[] data)
    {
        if (refcountBlockCache.TryGetValue(block, out data!)) return true;
        if (block < clusterSize || block + clusterSize > fileLength) return Corrupt($"refcount block at 0x{block:x} is outside the file");
        if (IsTableRegion(block) || l2Cache.ContainsKey(block)) return Corrupt($"refcount block at 0x{block:x} overlaps other metadata");
        data = new byte[clusterSize];
        if (ReadFile(block, data) != clusterSize) return Corrupt($"refcount block at 0x{block:x} could not be read");
        if (refcountBlockCache.Count >= L2CacheTables) refcountBlockCache.Clear();
        refcountBlockCache[block] = data;
        return true;
    }

    /// <summary>Moves the refcount table to a larger one at the end of the file (it covers the file's clusters
    /// only; a growing image outgrows it), then frees the old one.</summary>
    private bool GrowRefcountTable(long neededIndex)
    {
        if (growingRefcounts) return Corrupt("the refcount table cannot cover its own growth");
        long oldOffset = refcountTableOffset, oldClusters = refcountTable.Length * 8L / clusterSize;
        long entries = Math.Max(neededIndex + 2, refcountTable.Length * 2L); // room for the blocks of its own clusters
        long clusters = (entries * 8 + clusterSize - 1) / clusterSize;
        if (clusters * clusterSize > MaxRefcountTableBytes) return Corrupt("the refcount table would exceed 8 MiB");
        growingRefcounts = true;
        var table = new ulong[clusters * clusterSize / 8];
        refcountTable.CopyTo(table, 0);
        refcountTable = table;
        long at = AlignedEnd();
        fileLength = at + clusters * clusterSize;
        for (long c = 0; c < clusters; c++)
            if (!AddRefcount(at + c * clusterSize, +1)) { growingRefcounts = false; return false; }
        WriteTable(at, refcountTable);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(header, (ulong)at);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)clusters);
        WriteFile(48, header);
        refcountTableOffset = at;
        growingRefcounts = false;
        for (long c = 0; c < oldClusters; c++)
            if (!AddRefcount(oldOffset + c * clusterSize, -1)) return false;
        return true;
    }

    public bool Flush()
    {
        if (!writable) return true;
        try
        {
            RandomAccess.FlushToDisk(file);
            return true;
        }
        catch (IOException) { return false; }
    }

    public void Dispose()
    {
        backing?.Dispose();
        file.Dispose();
    }

    // ---- File access

    private bool Corrupt(string what)
    {
        if (!warned) warn($"rvjit: qcow2 image {path}: {what}; the request fails");
        warned = true;
        return false;
    }

    private void CheckRange(long offset, long length, string what)
    {
        if (offset <= 0 || (offset & (clusterSize - 1)) != 0 || offset > fileLength || length > fileLength - offset)
            Fail($"the {what} (0x{offset:x}, {length} bytes) is misaligned or outside the file");
    }

    private void Fail(string what) => throw new ArgumentException($"qcow2 image {path}: {what}");

    private int ReadFile(long offset, Span<byte> dest)
    {
        int got = 0;
        try
        {
            while (got < dest.Length)
            {
                int n = RandomAccess.Read(file, dest[got..], offset + got);
                if (n <= 0) break;
                got += n;
            }
        }
        catch (IOException) { return -1; }
        return got;
    }

    private void WriteFile(long offset, ReadOnlySpan<byte> source)
    {
        RandomAccess.Write(file, source, offset);
        fileLength = Math.Max(fileLength, offset + source.Length);
    }

    private void WriteFileOrFail(long offset, ReadOnlySpan<byte> source)
    {
        try { WriteFile(offset, source); }
        catch (IOException e) { Fail($"could not write the header: {e.Message}"); }
    }

    private void WriteEntry(long offset, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        WriteFile(offset, b);
    }

    private ulong[] ReadTable(long offset, int entries)
    {
        var bytes = new byte[entries * 8L];
        int got = ReadFile(offset, bytes);
        if (got < 0) got = 0;
        bytes.AsSpan(got).Clear();
        var table = new ulong[entries];
        for (int i = 0; i < entries; i++) table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        return table;
    }

    private void WriteTable(long offset, ulong[] table)
    {
        var bytes = new byte[table.Length * 8L];
        for (int i = 0; i < table.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), table[i]);
        WriteFile(offset, bytes);
    }

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(at));
}
