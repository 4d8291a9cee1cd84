// The virtio-mmio transport's registers seen from the host side, without a guest: feature negotiation (a
// driver without VERSION_1, as xv6's, is taken as QEMU takes it),
// what a reset keeps, the legacy ring layout, the empty slot's version, and the raw image's capacity.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public class VirtioTransportTests
{
    private const ulong RamBase = 0x8000_0000;

    private sealed class Lines : IInterruptSink
    {
        public bool High;
        public void SetLevel(int irq, bool high) => High = high;
    }

    private static uint Read(IMmioDevice d, ulong offset)
    {
        Assert.True(d.Read(offset, 4, out ulong v));
        return (uint)v;
    }

    private static void Write(IMmioDevice d, ulong offset, uint value) => Assert.True(d.Write(offset, 4, value));

    [Fact]
    public void FeaturesOkNeedsNothingUnofferedAndTakesADriverWithoutVersion1()
    {
        using var ram = new PhysicalMemory(RamBase, 1 << 20);
        var t = new VirtioMmio(0x1000_1000, new VirtioRng(), ram, null, 1, legacy: false);
        Write(t, 0x14, 1);
        Assert.Equal(1u, Read(t, 0x10) & 1); // VERSION_1 offered in the high word
        foreach (var (low, high, accepted) in new[] { (0u, 0u, true), (0u, 1u, true), (1u << 27, 1u, false), (0u, 3u, false) })
        {
            Write(t, 0x70, 0);
            Write(t, 0x70, 3);
            Write(t, 0x24, 0); Write(t, 0x20, low);
            Write(t, 0x24, 1); Write(t, 0x20, high);
            Write(t, 0x70, 3 | 8);
            Assert.Equal(accepted, (Read(t, 0x70) & 8) != 0);
        }
    }

    [Fact]
    public void LegacyResetKeepsGuestPageSizeAndPlacesTheUsedRingAtTheAlignment()
    {
        using var ram = new PhysicalMemory(RamBase, 1 << 20);
        var lines = new Lines();
        var t = new VirtioMmio(0x1000_1000, new VirtioRng(), ram, lines, 1, legacy: true);
        Assert.Equal(1u, Read(t, 0x04));
        Write(t, 0x28, 4096); // GuestPageSize, before the reset as Linux does
        Write(t, 0x70, 0);
        Write(t, 0x30, 0);
        Write(t, 0x38, 4);
        Write(t, 0x3c, 4096);
        ulong desc = RamBase + 0x10000;
        Write(t, 0x40, (uint)(desc >> 12));
        Assert.Equal((uint)(desc >> 12), Read(t, 0x40));
        Write(t, 0x70, 7);
        // One 16-byte writable buffer: descriptor 0, available ring right after the 4 descriptors.
        var span = ram.Span(desc, 8192);
        BitConverter.TryWriteBytes(span, RamBase + 0x20000);
        BitConverter.TryWriteBytes(span[8..], 16u);
        BitConverter.TryWriteBytes(span[12..], (ushort)2);
        BitConverter.TryWriteBytes(span[(64 + 2)..], (ushort)1); // avail idx 1, ring[0] = 0
        Write(t, 0x50, 0);
        Assert.Equal((ushort)1, BitConverter.ToUInt16(span[(4096 + 2)..])); // used idx at the next 4 KiB boundary
        Assert.Equal(16u, BitConverter.ToUInt32(span[(4096 + 8)..]));
        Assert.True(lines.High);
        Assert.Equal(1u, Read(t, 0x60));
        Write(t, 0x64, 1);
        Assert.False(lines.High);
        // The reset forgets the queue's place but not the page size.
        Write(t, 0x70, 0);
        Assert.Equal(0u, Read(t, 0x40));
        Write(t, 0x40, (uint)(desc >> 12));
        Assert.Equal((uint)(desc >> 12), Read(t, 0x40));
        Assert.Null(t.LastError);
    }

    [Fact]
    public unsafe void RandomRingsNeverLeadOutsideRam()
    {
        // Descriptor tables, rings and indirect tables of random bytes (addresses biased into and around RAM):
        // every chain popped lies in RAM, and nothing throws.
        const ulong size = 64 << 10;
        using var ram = new PhysicalMemory(RamBase, size);
        var random = new Random(17);
        int chains = 0, errors = 0;
        for (int round = 0; round < 2000; round++)
        {
            var bytes = ram.Span(RamBase, (int)size);
            random.NextBytes(bytes);
            for (int i = 0; i + 16 <= 4096; i += 16)
            {
                // Half the descriptors point into RAM (some straddling its end), and some are indirect.
                if (random.Next(2) == 0) BitConverter.TryWriteBytes(bytes[i..], RamBase + (ulong)random.NextInt64((long)size));
                if (random.Next(2) == 0) BitConverter.TryWriteBytes(bytes[(i + 8)..], (uint)random.Next(4096));
                BitConverter.TryWriteBytes(bytes[(i + 12)..], (ushort)(random.Next(8) & (random.Next(4) == 0 ? 7 : 3)));
                BitConverter.TryWriteBytes(bytes[(i + 14)..], (ushort)random.Next(40));
            }
            BitConverter.TryWriteBytes(bytes[(4096 + 2)..], (ushort)random.Next(round % 10 == 0 ? 65536 : 33)); // available index
            for (int i = 0; i < 32; i++) BitConverter.TryWriteBytes(bytes[(4096 + 4 + 2 * i)..], (ushort)random.Next(36));
            var q = new Virtqueue(ram) { Size = 32, DescAddress = RamBase, AvailAddress = RamBase + 4096, UsedAddress = RamBase + 8192, Ready = true, EventIdx = round % 2 == 0 };
            for (int pop = 0; pop < 40; pop++)
            {
                var (chain, error) = q.Pop();
                if (error is not null) { errors++; break; }
                if (chain is null) break;
                chains++;
                foreach (var b in chain.Readable.Concat(chain.Writable)) Assert.True(ram.Contains(b.Address, b.Length));
                q.Push(chain.Head, (uint)chain.WritableLength);
            }
        }
        Assert.True(chains > 100 && errors > 100, $"{chains} chains, {errors} errors: the generator misses a side");
    }

    [Theory]
    [InlineData(true, 1u)]
    [InlineData(false, 2u)]
    public void EmptySlotsSayTheInterfaceVersion(bool legacy, uint version)
    {
        var slot = new VirtioMmioSlot(0x1000_1000, legacy);
        Assert.Equal(VirtioMmioSlot.MagicValue, Read(slot, 0));
        Assert.Equal(version, Read(slot, 4));
        Assert.Equal(0u, Read(slot, 8));
    }

    [Fact]
    public void ARawImageOfAPartialSectorReadsZerosPastItsEnd()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Enumerable.Repeat((byte)0x5A, 1000).ToArray());
            using var image = new BlockImage(path, readOnly: true, snapshot: false);
            Assert.Equal(2UL, image.Sectors);
            var sector = new byte[512];
            image.Read(512, sector);
            Assert.All(sector.AsSpan(0, 488).ToArray(), b => Assert.Equal(0x5A, b));
            Assert.All(sector.AsSpan(488).ToArray(), b => Assert.Equal(0, b));
            Assert.False(image.Write(0, sector));
            Assert.Throws<ArgumentException>(() => new BlockImage(path + ".missing", false, false));
        }
        finally { File.Delete(path); }
    }
}
