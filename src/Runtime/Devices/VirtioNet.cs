// virtio-net (virtio 1.2 §5.1): an Ethernet device whose frames go to and come from a network backend (the
// user-mode network of -netdev user).
using System.Buffers.Binary;
using RvJit.Runtime.Net;

namespace RvJit.Runtime.Devices;

/// <summary>
/// Queue 0 receives, queue 1 transmits (no control queue, no multiqueue, no offloads). Offers VIRTIO_NET_F_MAC
/// (the configuration space holds the address) and VIRTIO_NET_F_STATUS (the link is up). Every buffer starts with
/// the virtio-net header: 12 bytes with VERSION_1 (or MRG_RXBUF, not offered), 10 on a legacy device. Frames the
/// guest transmits go to the backend on the hart's thread without waiting; frames for the guest wait (up to
/// <see cref="Backlog"/>, then they are dropped as a NIC drops them) until the driver posts receive buffers, and a
/// frame larger than the buffer is cut short. A transmit chain without room for its header, or a receive chain
/// without room for the header, is a driver error (DEVICE_NEEDS_RESET), as in QEMU.
/// </summary>
public sealed class VirtioNet : VirtioDevice
{
    public const int FeatureMac = 5, FeatureMergeableRxBuffers = 15, FeatureStatus = 16;
    public const int ReceiveQueue = 0, TransmitQueue = 1;
    public const ushort StatusLinkUp = 1;
    public const int Backlog = 512;
    /// <summary>The largest frame taken from the guest (a 64 KiB IP packet and its Ethernet header); larger ones are dropped.</summary>
    public const int MaxFrame = 65536 + EthernetFrame.HeaderLength;

    private readonly INetworkBackend backend;
    private readonly Action? wake;
    private readonly Queue<byte[]> incoming = new();
    private bool started;
    private long droppedIn, droppedOut;

    public VirtioNet(INetworkBackend backend, MacAddress mac, Action? wake = null)
    {
        this.backend = backend;
        this.wake = wake;
        Mac = mac;
        backend.Attach(Receive, mac);
    }

    public MacAddress Mac { get; }
    public override uint DeviceId => 1;
    public override string Name => "virtio-net";
    public override int QueueCount => 2;
    public override ulong Features => (1UL << FeatureMac) | (1UL << FeatureStatus);

    /// <summary>Frames for the guest dropped (no room in the backlog) and frames from it dropped (too large).</summary>
    public long DroppedIncoming => Interlocked.Read(ref droppedIn);
    public long DroppedOutgoing => Interlocked.Read(ref droppedOut);

    /// <summary>The header before each frame, as negotiated.</summary>
    public int HeaderLength => (Negotiated & (1UL << FeatureVersion1 | 1UL << FeatureMergeableRxBuffers)) != 0 ? 12 : 10;

    // struct virtio_net_config up to status (QEMU's size with MAC and STATUS offered).
    public override byte[] Config()
    {
        var c = new byte[8];
        Mac.Write(c);
        BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(6), StatusLinkUp);
        return c;
    }

    public override void Notify(int queue)
    {
        if (queue == ReceiveQueue) { Deliver(); return; }
        if (queue != TransmitQueue) return;
        int header = HeaderLength;
        while (Transport.Pop(TransmitQueue) is { } chain)
        {
            if (chain.ReadableLength < (ulong)header)
            {
                Transport.Fail("virtio-net header incorrect");
                return;
            }
            ulong length = chain.ReadableLength - (ulong)header;
            if (length > MaxFrame) Interlocked.Increment(ref droppedOut);
            else
            {
                var frame = new byte[(int)length];
                Virtqueue.Gather(Transport.Ram, chain.Readable, (ulong)header, frame);
                backend.Transmit(frame);
            }
            Transport.Complete(TransmitQueue, chain.Head, 0, Transport.Generation);
        }
    }

    /// <summary>A frame from the backend (any thread).</summary>
    public void Receive(byte[] frame)
    {
        lock (Transport.Gate)
        {
            // A driver that is not up (or a device that needs a reset) does not receive: the frame is lost.
            if (!started) return;
            if (incoming.Count >= Backlog) { Interlocked.Increment(ref droppedIn); return; }
            incoming.Enqueue(frame);
            Deliver();
        }
        wake?.Invoke();
    }

    public override void Started()
    {
        started = true;
        Deliver();
    }

    public override void Reset()
    {
        started = false;
        incoming.Clear();
    }

    // Fills posted receive buffers with waiting frames (under the gate).
    private void Deliver()
    {
        int header = HeaderLength;
        Span<byte> h = stackalloc byte[12];
        while (incoming.Count > 0 && Transport.Pop(ReceiveQueue) is { } chain)
        {
            byte[] frame = incoming.Dequeue();
            if (chain.WritableLength < (ulong)header)
            {
                Transport.Fail("virtio-net receive buffer smaller than its header");
                return;
            }
            h.Clear();
            if (header == 12) BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 1); // num_buffers
            Virtqueue.Scatter(Transport.Ram, chain.Writable, 0, h[..header]);
            int n = (int)Math.Min((ulong)frame.Length, chain.WritableLength - (ulong)header);
            Virtqueue.Scatter(Transport.Ram, chain.Writable, (ulong)header, frame.AsSpan(0, n));
            Transport.Complete(ReceiveQueue, chain.Head, (uint)(header + n), Transport.Generation);
        }
    }
}
