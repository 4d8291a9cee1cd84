// virtio-blk (virtio 1.2 §5.2) on a raw image: read, write, flush, get-id, discard and write-zeroes requests,
// served on a host thread so that a guest waiting for its disk does not stop the harts.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.Devices;

/// <summary>
/// One request queue. A request is a 16-byte header (type, reserved, sector) in device-readable buffers, the
/// data (readable for writes, writable for reads), and a status byte, the last writable byte. Requests are
/// taken from the ring when the driver notifies and served in order on a worker task: the data moves between
/// the image and guest RAM in chunks of at most 1 MiB, the status is written, the chain goes to the used ring
/// with an interrupt. Discard and write-zeroes (offered as QEMU 7.2 offers them by default, one range a request)
/// take a range after the header: a discard succeeds and changes nothing (QEMU's -drive default, discard=ignore);
/// write-zeroes writes zeros. A request outside the capacity, with data that is not whole sectors, or a write to a
/// read-only image completes with IOERR; an unknown type with UNSUPP; a chain without room for the header or
/// the status is a driver error (DEVICE_NEEDS_RESET), as in QEMU.
/// </summary>
public sealed class VirtioBlk(BlockImage image, DeviceIo io, string? serial = null) : VirtioDevice
{
    public const uint TypeIn = 0, TypeOut = 1, TypeFlush = 4, TypeGetId = 8, TypeDiscard = 11, TypeWriteZeroes = 13;
    public const byte StatusOk = 0, StatusIoErr = 1, StatusUnsupported = 2;
    public const int FeatureSegMax = 2, FeatureRo = 5, FeatureBlkSize = 6, FeatureFlush = 9, FeatureDiscard = 13, FeatureWriteZeroes = 14;
    /// <summary>QEMU's default limit of a discard or write-zeroes range (BDRV_REQUEST_MAX_SECTORS).</summary>
    public const uint MaxRangeSectors = int.MaxValue >> 9;
    private const uint RangeUnmap = 1;
    public const int IdBytes = 20;
    private const int Chunk = 1 << 20;

    private sealed record Request(DescriptorChain Chain, uint Type, ulong Sector, int Generation);

    private readonly Queue<Request> work = new();
    private readonly object workGate = new();
    private bool serving;

    public override uint DeviceId => 2;
    public override string Name => "virtio-blk";
    public override int QueueCount => 1;
    public BlockImage Image => image;

    public override ulong Features =>
        (1UL << FeatureSegMax) | (1UL << FeatureBlkSize) | (1UL << FeatureFlush) | (1UL << FeatureDiscard) | (1UL << FeatureWriteZeroes)
        | (image.ReadOnly ? 1UL << FeatureRo : 0);

    // struct virtio_blk_config up to write_zeroes_may_unmap, as long as QEMU makes it with discard and write-zeroes
    // on (its length sets the size of virtio-pci's legacy I/O BAR): capacity, size_max, seg_max, geometry,
    // blk_size, topology, writeback, num_queues, the discard limits (one range of up to MaxRangeSectors, any
    // sector), the write-zeroes limits (the same, may unmap).
    public override byte[] Config()
    {
        var c = new byte[57];
        BinaryPrimitives.WriteUInt64LittleEndian(c, image.Sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(12), Virtqueue.MaxSize - 2);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(20), BlockImage.SectorSize);
        BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(34), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(36), MaxRangeSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(40), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(44), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(48), MaxRangeSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(52), 1);
        c[56] = 1;
        return c;
    }

    public override void Notify(int queue)
    {
        Span<byte> header = stackalloc byte[16];
        while (Transport.Pop(queue) is { } chain)
        {
            if (chain.ReadableLength < 16 || chain.WritableLength < 1)
            {
                Transport.Fail("virtio-blk request without its header or status byte");
                return;
            }
            Virtqueue.Gather(Transport.Ram, chain.Readable, 0, header);
            var request = new Request(chain, BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt64LittleEndian(header[8..]), Transport.Generation);
            io.Begin();
            lock (workGate)
            {
                work.Enqueue(request);
                if (!serving)
                {
                    serving = true;
                    Task.Run(Serve);
                }
            }
        }
    }

    private void Serve()
    {
        while (true)
        {
            Request r;
            lock (workGate)
            {
                if (work.Count == 0)
                {
                    serving = false;
                    Monitor.PulseAll(workGate);
                    return;
                }
                r = work.Dequeue();
            }
            byte status;
            try { status = Execute(r); }
            catch (IOException) { status = StatusIoErr; } // the host's disk failed: the guest sees an I/O error
            var chain = r.Chain;
            Virtqueue.Scatter(Transport.Ram, chain.Writable, chain.WritableLength - 1, [status]);
            // As QEMU: the used length is the size of the writable part (data and status).
            Transport.Complete(0, chain.Head, (uint)Math.Min(chain.WritableLength, uint.MaxValue), r.Generation);
            io.End();
        }
    }

    private byte Execute(Request r)
    {
        var chain = r.Chain;
        var ram = Transport.Ram;
        switch (r.Type)
        {
            case TypeIn:
            {
                ulong length = chain.WritableLength - 1;
                if (!InRange(r.Sector, length)) return StatusIoErr;
                var buffer = new byte[(int)Math.Min(length, Chunk)];
                for (ulong done = 0; done < length;)
                {
                    int n = (int)Math.Min(length - done, (ulong)buffer.Length);
                    if (!image.Read((long)(r.Sector * BlockImage.SectorSize + done), buffer.AsSpan(0, n))) return StatusIoErr;
                    Virtqueue.Scatter(ram, chain.Writable, done, buffer.AsSpan(0, n));
                    done += (ulong)n;
                }
                return StatusOk;
            }
            case TypeOut:
            {
                ulong length = chain.ReadableLength - 16;
                if (!InRange(r.Sector, length) || image.ReadOnly) return StatusIoErr;
                var buffer = new byte[(int)Math.Min(length, Chunk)];
                for (ulong done = 0; done < length;)
                {
                    int n = (int)Math.Min(length - done, (ulong)buffer.Length);
                    Virtqueue.Gather(ram, chain.Readable, 16 + done, buffer.AsSpan(0, n));
                    if (!image.Write((long)(r.Sector * BlockImage.SectorSize + done), buffer.AsSpan(0, n))) return StatusIoErr;
                    done += (ulong)n;
                }
                return StatusOk;
            }
            case TypeFlush:
                return image.Flush() ? StatusOk : StatusIoErr;
            case TypeGetId:
            {
                // QEMU's convention: the serial, NUL-terminated only when shorter than the 20 bytes.
                byte[] id = Encoding.ASCII.GetBytes((serial ?? "") + "\0");
                int n = (int)Math.Min((ulong)Math.Min(id.Length, IdBytes), chain.WritableLength - 1);
                Virtqueue.Scatter(ram, chain.Writable, 0, id.AsSpan(0, n));
                return StatusOk;
            }
            case TypeDiscard or TypeWriteZeroes:
                return DiscardOrWriteZeroes(chain, r.Type == TypeWriteZeroes);
            default:
                return StatusUnsupported;
        }
    }

    // One struct virtio_blk_discard_write_zeroes (sector, num_sectors, flags) after the header; more ranges than
    // the one the configuration allows, or flags the type does not take, are unsupported, as in QEMU.
    private byte DiscardOrWriteZeroes(DescriptorChain chain, bool zeroes)
    {
        ulong payload = chain.ReadableLength - 16;
        if (payload != 16) return payload > 16 && payload % 16 == 0 ? StatusUnsupported : StatusIoErr;
        Span<byte> range = stackalloc byte[16];
        Virtqueue.Gather(Transport.Ram, chain.Readable, 16, range);
        ulong sector = BinaryPrimitives.ReadUInt64LittleEndian(range);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(range[8..]), flags = BinaryPrimitives.ReadUInt32LittleEndian(range[12..]);
        if ((flags & ~(zeroes ? RangeUnmap : 0)) != 0) return StatusUnsupported;
        if (count > MaxRangeSectors || !InRange(sector, (ulong)count * BlockImage.SectorSize) || image.ReadOnly) return StatusIoErr;
        if (!zeroes) return StatusOk;
        var buffer = new byte[(int)Math.Min((ulong)count * BlockImage.SectorSize, Chunk)];
        ulong length = (ulong)count * BlockImage.SectorSize;
        for (ulong done = 0; done < length;)
        {
            int n = (int)Math.Min(length - done, (ulong)buffer.Length);
            if (!image.Write((long)(sector * BlockImage.SectorSize + done), buffer.AsSpan(0, n))) return StatusIoErr;
            done += (ulong)n;
        }
        return StatusOk;
    }

    // Whole sectors inside the capacity.
    private bool InRange(ulong sector, ulong length) =>
        length % BlockImage.SectorSize == 0 && sector <= image.Sectors && length / BlockImage.SectorSize <= image.Sectors - sector;

    public override void Drain()
    {
        lock (workGate)
            while (serving) Monitor.Wait(workGate);
    }
}
