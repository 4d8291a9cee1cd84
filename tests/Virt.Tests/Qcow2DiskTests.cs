// qcow2 images behind the virtio-blk device (BlockImage, Qcow2Disk): images qemu-img makes are read as qemu-img
// reads them and written so that `qemu-img check` finds them clean and `qemu-img convert` sees the data, with
// small and large clusters, version 2 and 3, compressed clusters, a backing file and snapshot mode; malformed or
// hostile images (made here byte by byte) get a clear error when opened or fail the request, never more.
using System.Buffers.Binary;
using RvJit.Runtime.Devices;

namespace RvJit.Virt.Tests;

public sealed class Qcow2DiskTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rvjit-qcow2-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string In(string name) => Path.Combine(dir, name);

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>The image's guest-visible bytes as qemu-img reads them.</summary>
    private byte[] QemuReads(string image)
    {
        string raw = In("converted.raw");
        File.Delete(raw);
        DebianKernel.QemuImgOk("convert", "-O", "raw", image, raw);
        return File.ReadAllBytes(raw);
    }

    private static void Clean(string image)
    {
        var (status, output) = DebianKernel.RunQemuImg("check", image);
        Assert.True(status == 0 && output.Contains("No errors were found on the image."), output);
    }

    [Theory]
    [InlineData("1.1", 65536)]
    [InlineData("0.10", 65536)] // version 2
    [InlineData("1.1", 512)] // 16-bit refcounts of 512-byte clusters: the refcount table grows
    [InlineData("1.1", 2097152)]
    public void WritesThatQemuImgReadsAndChecksClean(string compat, int clusterSize)
    {
        string image = In("disk.qcow2");
        const int size = 16 << 20;
        DebianKernel.QemuImgOk("create", "-f", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}", image, size.ToString());
        var expected = new byte[size];
        using (var disk = new BlockImage(image, readOnly: false, snapshot: false))
        {
            Assert.Equal("qcow2", disk.Format);
            Assert.Equal((ulong)size / 512, disk.Sectors);
            // Pieces inside a cluster, across clusters and L2 tables, then the whole disk and some rewrites.
            foreach (var (offset, length, seed) in new[] { (512, 1024, 1), (65536 - 512, 4096, 2), (size - 4096, 4096, 3), (0, size, 4), (8192, 512, 5), (1 << 20, 300 * 512, 6) })
            {
                var data = Pattern(length, seed);
                Assert.True(disk.Write(offset, data));
                data.CopyTo(expected, offset);
            }
            var back = new byte[size];
            Assert.True(disk.Read(0, back));
            Assert.Equal(expected, back);
            Assert.True(disk.Flush());
        }
        Clean(image);
        Assert.Equal(expected, QemuReads(image));
    }

    [Fact]
    public void ReadsWhatQemuImgWroteAndCompressedClusters()
    {
        string raw = In("source.raw"), plain = In("plain.qcow2"), compressed = In("compressed.qcow2");
        var data = Pattern(4 << 20, 7);
        Array.Clear(data, 1 << 20, 1 << 20); // a zero run qemu-img leaves unallocated
        for (int i = 2 << 20; i < 3 << 20; i++) data[i] = (byte)(i / 4096); // compressible
        File.WriteAllBytes(raw, data);
        DebianKernel.QemuImgOk("convert", "-f", "raw", "-O", "qcow2", raw, plain);
        DebianKernel.QemuImgOk("convert", "-c", "-f", "raw", "-O", "qcow2", "-o", "cluster_size=4096", raw, compressed);
        foreach (string image in new[] { plain, compressed })
        {
            using var disk = new BlockImage(image, readOnly: true, snapshot: false);
            var back = new byte[data.Length];
            Assert.True(disk.Read(0, back));
            Assert.Equal(data, back);
        }
        // Writing into compressed clusters replaces them (their refcounts dropped) and leaves the image clean.
        var patch = Pattern(6000, 8);
        using (var disk = new BlockImage(compressed, readOnly: false, snapshot: false))
            Assert.True(disk.Write((2 << 20) + 1024, patch[..5632]));
        patch[..5632].CopyTo(data, (2 << 20) + 1024);
        Clean(compressed);
        Assert.Equal(data, QemuReads(compressed));
    }

    [Fact]
    public void ReadsThroughABackingFileAndWritesOnlyTheOverlay()
    {
        string baseImage = In("base.raw"), overlay = In("overlay.qcow2");
        var data = Pattern(2 << 20, 9);
        File.WriteAllBytes(baseImage, data);
        DebianKernel.QemuImgOk("create", "-f", "qcow2", "-b", "base.raw", "-F", "raw", overlay, (4 << 20).ToString());
        var expected = new byte[4 << 20];
        data.CopyTo(expected, 0);
        using (var disk = new BlockImage(overlay, readOnly: false, snapshot: false))
        {
            var back = new byte[expected.Length];
            Assert.True(disk.Read(0, back));
            Assert.Equal(expected, back); // past the backing file's end: zeros
            var patch = Pattern(1536, 10);
            Assert.True(disk.Write(4096 + 512, patch));
            patch.CopyTo(expected, 4096 + 512);
        }
        Assert.Equal(data, File.ReadAllBytes(baseImage));
        Clean(overlay);
        Assert.Equal(expected, QemuReads(overlay));
    }

    [Fact]
    public void WritesCopyClustersAnInternalSnapshotShares()
    {
        string image = In("snapshots.qcow2"), raw = In("first.raw");
        var first = Pattern(256 << 10, 12);
        File.WriteAllBytes(raw, first);
        DebianKernel.QemuImgOk("convert", "-f", "raw", "-O", "qcow2", raw, image);
        DebianKernel.QemuImgOk("snapshot", "-c", "first", image);
        var expected = (byte[])first.Clone();
        using (var disk = new BlockImage(image, readOnly: false, snapshot: false))
        {
            foreach (var (offset, seed) in new[] { (512, 13), (70000 & ~511, 14), (200 << 10, 15) })
            {
                var data = Pattern(4096, seed);
                Assert.True(disk.Write(offset, data));
                data.CopyTo(expected, offset);
            }
        }
        Clean(image);
        Assert.Equal(expected, QemuReads(image));
        DebianKernel.QemuImgOk("snapshot", "-a", "first", image); // the snapshot kept the old clusters
        Assert.Equal(first, QemuReads(image));
        Clean(image);
    }

    [Fact]
    public void SnapshotModeNeverWritesTheFile()
    {
        string image = In("snap.qcow2");
        DebianKernel.QemuImgOk("create", "-f", "qcow2", image, "1M");
        byte[] before = File.ReadAllBytes(image);
        using (var disk = new BlockImage(image, readOnly: false, snapshot: true))
        {
            var data = Pattern(4096, 11);
            Assert.True(disk.Write(8192, data));
            var back = new byte[4096];
            Assert.True(disk.Read(8192, back));
            Assert.Equal(data, back);
        }
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void AProbedRawImageMayNotBecomeQcow2()
    {
        string image = In("raw.img");
        File.WriteAllBytes(image, new byte[65536]);
        var header = new byte[512];
        header[0] = (byte)'Q'; header[1] = (byte)'F'; header[2] = (byte)'I'; header[3] = 0xFB; header[7] = 3;
        using (var probed = new BlockImage(image, readOnly: false, snapshot: false))
        {
            Assert.Equal("raw", probed.Format);
            Assert.False(probed.Write(0, header));
            Assert.True(probed.Write(512, header));
        }
        using (var named = new BlockImage(image, readOnly: false, snapshot: false, format: "raw"))
            Assert.True(named.Write(0, header));
    }

    // ---- Hand-made images: 512-byte clusters, a 64 KiB disk. Cluster 0 header, 1 refcount table, 2 refcount
    // block, 3 L1 table, 4 L2 table, 5 the data of guest cluster 0.
    private const int Cluster = 512;

    private static byte[] HandMade(int version = 3)
    {
        var f = new byte[6 * Cluster];
        var h = f.AsSpan();
        h[0] = (byte)'Q'; h[1] = (byte)'F'; h[2] = (byte)'I'; h[3] = 0xFB;
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], (uint)version);
        BinaryPrimitives.WriteUInt32BigEndian(h[20..], 9); // cluster bits
        BinaryPrimitives.WriteUInt64BigEndian(h[24..], 65536); // size
        BinaryPrimitives.WriteUInt32BigEndian(h[36..], 2); // L1 entries (each maps 64 clusters of 512 bytes)
        BinaryPrimitives.WriteUInt64BigEndian(h[40..], 3 * Cluster);
        BinaryPrimitives.WriteUInt64BigEndian(h[48..], 1 * Cluster);
        BinaryPrimitives.WriteUInt32BigEndian(h[56..], 1);
        if (version == 3)
        {
            BinaryPrimitives.WriteUInt32BigEndian(h[96..], 4); // 16-bit refcounts
            BinaryPrimitives.WriteUInt32BigEndian(h[100..], 104);
        }
        BinaryPrimitives.WriteUInt64BigEndian(h[Cluster..], 2 * Cluster); // refcount table -> block
        for (int c = 0; c < 6; c++) BinaryPrimitives.WriteUInt16BigEndian(h[(2 * Cluster + 2 * c)..], 1);
        BinaryPrimitives.WriteUInt64BigEndian(h[(3 * Cluster)..], 4 * Cluster | 1UL << 63); // L1[0] -> L2
        BinaryPrimitives.WriteUInt64BigEndian(h[(4 * Cluster)..], 5 * Cluster | 1UL << 63); // L2[0] -> data
        "hand-made"u8.CopyTo(h[(5 * Cluster)..]);
        return f;
    }

    private string Save(byte[] image, string name = "hand.qcow2")
    {
        string path = In(name);
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void AHandMadeImageIsCleanAndReadable()
    {
        string path = Save(HandMade());
        Clean(path); // the layout below is a valid image: the failures that follow come from the mutations
        using var disk = new BlockImage(path, readOnly: false, snapshot: false);
        var back = new byte[Cluster];
        Assert.True(disk.Read(0, back));
        Assert.Equal("hand-made"u8.ToArray(), back[..9]);
        Assert.True(disk.Write(40 * Cluster, Pattern(Cluster, 1))); // a new L2 entry in the same table
        Assert.True(disk.Write(64 * Cluster, Pattern(Cluster, 2))); // a new L2 table
    }

    public static TheoryData<string, int, long, string> MalformedHeaders => new()
    {
        { "bad magic", 0, 0x51464900, "not a qcow2 image" },
        { "version 4", 4, 4, "qcow2 version 4 is not supported" },
        { "huge clusters", 20, 30, "cluster size 2^30 is not supported" },
        { "tiny clusters", 20, 8, "cluster size 2^8 is not supported" },
        { "huge size", -24, long.MaxValue, "is too large" },
        { "encryption", 32, 1, "encrypted qcow2 images are not supported" },
        { "L1 too small", 36, 1, "L1 table of 1 entries cannot map" },
        { "L1 too large", 36, 0x1000_0000, "L1 table of 268435456 entries is too large" },
        { "L1 past the end", -40, 1 << 20, "L1 table (0x100000, 16 bytes) is misaligned or outside the file" },
        { "L1 misaligned", -40, 3 * Cluster + 8, "misaligned or outside the file" },
        { "refcount table past the end", -48, 1L << 40, "refcount table" },
        { "refcount table too large", 56, 1 << 20, "refcount table of 1048576 clusters is too large" },
        { "unknown incompatible feature", -72, 1 << 20, "unsupported incompatible features 0x100000" },
        { "external data file", -72, 4, "external data files are not supported" },
        { "extended L2", -72, 16, "extended L2 entries" },
        { "corrupt", -72, 2, "marked corrupt" },
        { "dirty", -72, 1, "dirty" },
        { "refcount order 7", 96, 7, "refcount order 7 is invalid" },
        { "header length", 100, 4096, "header length 4096 is invalid" },
    };

    /// <summary>A negative field offset writes 64 bits there, a positive one 32 bits.</summary>
    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void MalformedHeadersAreRefusedWithAClearError(string what, int field, long value, string message)
    {
        var image = HandMade();
        if (field < 0) BinaryPrimitives.WriteInt64BigEndian(image.AsSpan(-field), value);
        else BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(field), (uint)value);
        string path = Save(image);
        var e = Assert.Throws<ArgumentException>(() => new BlockImage(path, readOnly: false, snapshot: false, format: "qcow2"));
        Assert.Contains(message, e.Message);
        Assert.Contains(path, e.Message);
        _ = what;
    }

    [Fact]
    public void ACorruptOrDirtyImageOpensReadOnly()
    {
        var image = HandMade();
        image[79] = 3; // dirty and corrupt
        using var disk = new BlockImage(Save(image), readOnly: true, snapshot: false);
        Assert.Equal(65536UL / 512, disk.Sectors);
    }

    [Fact]
    public void TruncatedFilesAndOtherFormatsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new BlockImage(Save(HandMade()[..40]), false, false, "qcow2"));
        Assert.Contains("too short", e.Message);
        var zstd = HandMade();
        BinaryPrimitives.WriteUInt64BigEndian(zstd.AsSpan(72), 8);
        BinaryPrimitives.WriteUInt32BigEndian(zstd.AsSpan(100), 112);
        zstd[104] = 1;
        e = Assert.Throws<ArgumentException>(() => new BlockImage(Save(zstd), false, false));
        Assert.Contains("zstd", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BlockImage(Save(HandMade()), false, false, "vmdk"));
        Assert.Contains("format 'vmdk' is not supported", e.Message);
    }

    public static TheoryData<string, int, ulong> HostileTables => new()
    {
        { "refcount block is the L1 table", 1 * Cluster, 3 * Cluster },
        { "L2 table past the end", 3 * Cluster, 1UL << 40 | 1UL << 63 },
        { "L2 table is the L1 table", 3 * Cluster, 3 * Cluster | 1UL << 63 },
        { "data past the end", 4 * Cluster, 1UL << 50 | 1UL << 63 },
        { "data is the header", 4 * Cluster, 0x200UL - 0x200 | 1 << 9 | 1UL << 63 },
        { "compressed past the end", 4 * Cluster, 1UL << 62 | 1UL << 40 },
        { "compressed garbage", 4 * Cluster, 1UL << 62 | 2 * Cluster },
    };

    [Theory]
    [MemberData(nameof(HostileTables))]
    public void HostileTablesFailTheRequestOnly(string what, int entryAt, ulong entry)
    {
        var image = HandMade();
        BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(entryAt), entry);
        string path = Save(image);
        var warnings = new List<string>();
        using var disk = new BlockImage(path, readOnly: false, snapshot: false, warn: warnings.Add);
        var back = new byte[Cluster];
        bool read = disk.Read(0, back);
        bool wrote = disk.Write(what.StartsWith("refcount", StringComparison.Ordinal) ? 40 * Cluster : 0, Pattern(Cluster, 3));
        if (what is "data is the header" or "refcount block is the L1 table")
        {
            // Cluster 1 (the refcount table) as data, or the L1 table as a refcount block: the image's bytes may be
            // read, but a write that would overwrite the tables fails.
            Assert.True(read);
            Assert.False(wrote);
        }
        else
        {
            Assert.False(read, what);
        }
        Assert.NotEmpty(warnings);
        Assert.Contains(path, warnings[0]);
        Assert.True(File.ReadAllBytes(path).AsSpan(0, Cluster).SequenceEqual(image.AsSpan(0, Cluster))); // the header survived
    }

    /// <summary>Random damage to a valid image (bytes of the header and tables set to random values, 64-bit fields
    /// to edge values): opening it either works or throws ArgumentException, and then every read and write of the
    /// guest's disk returns true or false; nothing else escapes, and the file does not grow without bound.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomlyDamagedImagesNeverThrowOnGuestRequests(int seed)
    {
        var random = new Random(seed);
        ulong[] edges = [0, 1, 0x200, 0x1FF, 1UL << 63, 1UL << 62, 0x00FF_FFFF_FFFF_FE00, ulong.MaxValue, 5 * Cluster, 1UL << 62 | 5 * Cluster];
        int opened = 0;
        for (int round = 0; round < 300; round++)
        {
            var image = HandMade(version: random.Next(2) == 0 ? 2 : 3);
            for (int n = random.Next(1, 4); n > 0; n--)
            {
                int at = random.Next(5) switch { 0 => random.Next(112), _ => random.Next(Cluster, image.Length - 8) & ~7 };
                if (random.Next(2) == 0) image[at] = (byte)random.Next(256);
                else BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(at & ~7), edges[random.Next(edges.Length)]);
            }
            string path = Save(image, $"damaged-{seed}-{round}.qcow2");
            BlockImage disk;
            try { disk = new BlockImage(path, readOnly: false, snapshot: false, format: "qcow2", warn: _ => { }); }
            catch (ArgumentException) { continue; }
            opened++;
            using (disk)
            {
                long size = (long)disk.Sectors * 512;
                var buffer = new byte[4096];
                for (int i = 0; i < 8; i++)
                {
                    long offset = Math.Max(0, (random.NextInt64(Math.Max(1, size)) & ~511) - (i % 2) * 4096);
                    int length = (int)Math.Min(buffer.Length, size - offset) & ~511;
                    if (length <= 0) continue;
                    _ = disk.Read(offset, buffer.AsSpan(0, length));
                    _ = disk.Write(offset, buffer.AsSpan(0, length));
                }
            }
            Assert.True(new FileInfo(path).Length < 16 << 20, $"round {round}: the image grew to {new FileInfo(path).Length} bytes");
            File.Delete(path);
        }
        Assert.True(opened > 30, $"only {opened} of 300 damaged images opened: the damage is too blunt to test the guest's requests");
    }

    [Fact]
    public void BackingFilesOutsideTheImagesDirectoryAndLoopsAreRefused()
    {
        Directory.CreateDirectory(In("sub"));
        string outside = In("outside.raw");
        File.WriteAllBytes(outside, new byte[65536]);
        string overlay = In("sub/overlay.qcow2");
        DebianKernel.QemuImgOk("create", "-f", "qcow2", "-b", outside, "-F", "raw", overlay, "64K");
        var e = Assert.Throws<ArgumentException>(() => new BlockImage(overlay, false, false));
        Assert.Contains("outside the image's directory", e.Message);

        File.CreateSymbolicLink(In("sub/link.raw"), "/etc/hostname");
        DebianKernel.QemuImgOk("create", "-f", "qcow2", "-b", "link.raw", "-F", "raw", "-u", overlay, "64K");
        e = Assert.Throws<ArgumentException>(() => new BlockImage(overlay, false, false));
        Assert.Contains("outside the image's directory", e.Message);

        Directory.CreateSymbolicLink(In("sub/etc"), "/etc");
        DebianKernel.QemuImgOk("create", "-f", "qcow2", "-b", "etc/hostname", "-F", "raw", "-u", overlay, "64K");
        e = Assert.Throws<ArgumentException>(() => new BlockImage(overlay, false, false));
        Assert.Contains("outside the image's directory", e.Message);

        // An image that is its own backing file.
        string loop = In("sub/loop.qcow2");
        DebianKernel.QemuImgOk("create", "-f", "qcow2", loop, "64K");
        DebianKernel.QemuImgOk("rebase", "-u", "-f", "qcow2", "-b", "loop.qcow2", "-F", "qcow2", loop);
        e = Assert.Throws<ArgumentException>(() => new BlockImage(loop, false, false));
        Assert.Contains("backing chain longer than", e.Message);
    }
}
