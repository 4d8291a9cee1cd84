// virtio-blk's discard and write-zeroes requests (offered as QEMU 7.2 offers them), driven from C# through the
// modern virtio-mmio transport: the configuration space's limits, write-zeroes zeroing exactly its range, discard
// leaving the data (QEMU's -drive default, discard=ignore), and the refusals: several ranges, unknown flags, a range
// past the end, a read-only image.
using System.Buffers.Binary;
using RvJit.Runtime.Devices;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public sealed class VirtioBlkRangeTests : IDisposable
{
    private const ulong RamBase = 0x8000_0000, Desc = RamBase + 0x1_0000, Avail = Desc + 0x100, Used = Desc + 0x1000,
        Header = RamBase + 0x2_0000, Status = Header + 0x1000;
    private const int QueueSize = 8, Sectors = 16;

    private readonly PhysicalMemory ram = new(RamBase, 1 << 20);
    private readonly string path = Path.GetTempFileName();
    private ushort availIdx;

    public VirtioBlkRangeTests() => File.WriteAllBytes(path, Enumerable.Repeat((byte)0x5A, Sectors * 512).ToArray());

    public void Dispose()
    {
        ram.Dispose();
        File.Delete(path);
    }

    private static void W(VirtioMmio t, ulong offset, uint v) => Assert.True(t.Write(offset, 4, v));
    private static uint R(VirtioMmio t, ulong offset) { Assert.True(t.Read(offset, 4, out ulong v)); return (uint)v; }

    private (VirtioMmio, BlockImage) Bring(bool readOnly)
    {
        var image = new BlockImage(path, readOnly, snapshot: false);
        var t = new VirtioMmio(0x1000_1000, new VirtioBlk(image, new DeviceIo()), ram, null, 1, legacy: false);
        W(t, 0x70, 0);
        W(t, 0x70, 3);
        W(t, 0x24, 0); W(t, 0x20, 1u << VirtioBlk.FeatureDiscard | 1u << VirtioBlk.FeatureWriteZeroes);
        W(t, 0x24, 1); W(t, 0x20, 1);
        W(t, 0x70, 11);
        Assert.Equal(11u, R(t, 0x70)); // FEATURES_OK taken: both are offered
        W(t, 0x30, 0);
        W(t, 0x38, QueueSize);
        W(t, 0x80, (uint)Desc); W(t, 0x84, 0);
        W(t, 0x90, (uint)Avail); W(t, 0x94, 0);
        W(t, 0xa0, (uint)Used); W(t, 0xa4, 0);
        W(t, 0x44, 1);
        W(t, 0x70, 15);
        return (t, image);
    }

    private void Put(ulong at, int slot, uint length, bool writable, int? next)
    {
        var d = ram.Span(Desc + 16UL * (ulong)slot, 16);
        BinaryPrimitives.WriteUInt64LittleEndian(d, at);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], length);
        BinaryPrimitives.WriteUInt16LittleEndian(d[12..], (ushort)((next is null ? 0 : 1) | (writable ? 2 : 0)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[14..], (ushort)(next ?? 0));
    }

    /// <summary>A request of <paramref name="type"/> with the given ranges (sector, count, flags); its status byte.</summary>
    private byte Request(VirtioMmio t, uint type, params (ulong Sector, uint Count, uint Flags)[] ranges)
    {
        var h = ram.Span(Header, 16 + 16 * ranges.Length);
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, type);
        for (int i = 0; i < ranges.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(h[(16 + 16 * i)..], ranges[i].Sector);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(24 + 16 * i)..], ranges[i].Count);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(28 + 16 * i)..], ranges[i].Flags);
        }
        ram.Span(Status, 1)[0] = 0xff;
        Put(Header, 0, (uint)h.Length, writable: false, next: 1);
        Put(Status, 1, 1, writable: true, next: null);
        BinaryPrimitives.WriteUInt16LittleEndian(ram.Span(Avail + 4 + 2UL * (ulong)(availIdx % QueueSize), 2), 0);
        availIdx++;
        BinaryPrimitives.WriteUInt16LittleEndian(ram.Span(Avail + 2, 2), availIdx);
        ushort usedBefore = BinaryPrimitives.ReadUInt16LittleEndian(ram.Span(Used + 2, 2));
        W(t, 0x50, 0);
        var deadline = DateTime.UtcNow.AddSeconds(30); // the request is served on a worker task
        while (BinaryPrimitives.ReadUInt16LittleEndian(ram.Span(Used + 2, 2)) == usedBefore)
        {
            Assert.True(DateTime.UtcNow < deadline, "no completion");
            Thread.Sleep(1);
        }
        Assert.Null(t.LastError);
        return ram.Span(Status, 1)[0];
    }

    private byte[] Disk() => File.ReadAllBytes(path);

    [Fact]
    public void ConfigurationSpaceHasQemusLimits()
    {
        var (t, image) = Bring(readOnly: false);
        using (image)
        {
            uint Config(int at) => R(t, (ulong)(VirtioMmio.ConfigOffset + at));
            Assert.Equal((VirtioBlk.MaxRangeSectors, 1u, 1u), (Config(36), Config(40), Config(44))); // discard: sectors, ranges, alignment
            Assert.Equal((VirtioBlk.MaxRangeSectors, 1u, 1u), (Config(48), Config(52), Config(56))); // write-zeroes: sectors, ranges, may unmap
            Assert.Equal(57, t.Device.Config().Length);
        }
    }

    [Fact]
    public void WriteZeroesZerosItsRangeAndDiscardKeepsTheData()
    {
        var (t, image) = Bring(readOnly: false);
        using (image)
        {
            Assert.Equal(VirtioBlk.StatusOk, Request(t, VirtioBlk.TypeWriteZeroes, (3, 2, 0)));
            Assert.Equal(VirtioBlk.StatusOk, Request(t, VirtioBlk.TypeWriteZeroes, (9, 1, 1))); // may unmap
            Assert.Equal(VirtioBlk.StatusOk, Request(t, VirtioBlk.TypeDiscard, (0, Sectors, 0)));
        }
        byte[] disk = Disk();
        for (int s = 0; s < Sectors; s++)
            Assert.True(disk.AsSpan(s * 512, 512).IndexOfAnyExcept(s is 3 or 4 or 9 ? (byte)0 : (byte)0x5A) < 0, $"sector {s}");
    }

    [Fact]
    public void MalformedRangesAndReadOnlyImagesAreRefused()
    {
        var (t, image) = Bring(readOnly: false);
        using (image)
        {
            Assert.Equal(VirtioBlk.StatusUnsupported, Request(t, VirtioBlk.TypeWriteZeroes, (0, 1, 0), (2, 1, 0))); // one range only
            Assert.Equal(VirtioBlk.StatusUnsupported, Request(t, VirtioBlk.TypeDiscard, (0, 1, 1))); // discard takes no flags
            Assert.Equal(VirtioBlk.StatusUnsupported, Request(t, VirtioBlk.TypeWriteZeroes, (0, 1, 2)));
            Assert.Equal(VirtioBlk.StatusIoErr, Request(t, VirtioBlk.TypeWriteZeroes, (Sectors - 1, 2, 0))); // past the end
            Assert.Equal(VirtioBlk.StatusIoErr, Request(t, VirtioBlk.TypeWriteZeroes)); // no range
        }
        var (ro, roImage) = Bring(readOnly: true);
        using (roImage) Assert.Equal(VirtioBlk.StatusIoErr, Request(ro, VirtioBlk.TypeWriteZeroes, (0, 1, 0)));
        Assert.True(Disk().AsSpan().IndexOfAnyExcept((byte)0x5A) < 0);
    }
}
