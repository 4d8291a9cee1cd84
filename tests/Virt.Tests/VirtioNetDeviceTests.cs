// The virtio-net device against a driver written here in C# (modern interface, no guest): the configuration
// space, the header lengths, frames both ways, and what a careless or hostile driver gets: frames before
// DRIVER_OK are lost, oversized frames are cut to the buffer or dropped, chains without room for the header ask
// for a reset, and a backlog that the driver never drains stays bounded.
using System.Buffers.Binary;
using RvJit.Runtime.Devices;
using RvJit.Runtime.Memory;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public sealed class VirtioNetDeviceTests : IDisposable
{
    private const ulong RamBase = 0x8000_0000, Rings = RamBase + 0x1_0000, Buffers = RamBase + 0x4_0000;
    private const int QueueSize = 8;

    private sealed class RecordingBackend : INetworkBackend
    {
        public readonly List<byte[]> Sent = [];
        public Action<byte[]>? Deliver;
        public bool Busy => false;
        public void Attach(Action<byte[]> receive, MacAddress mac) => Deliver = receive;
        public void Transmit(byte[] frame) { lock (Sent) Sent.Add(frame); }
        public void Dispose() { }
    }

    private readonly PhysicalMemory ram = new(RamBase, 1 << 20);
    private readonly RecordingBackend backend = new();
    private readonly VirtioNet device;
    private readonly VirtioMmio transport;
    private readonly ushort[] availIdx = new ushort[2];

    public VirtioNetDeviceTests()
    {
        device = new VirtioNet(backend, new MacAddress(0x5254_00AB_CDEF));
        transport = new VirtioMmio(0x1000_1000, device, ram, null, 1, legacy: false);
    }

    public void Dispose() => ram.Dispose();

    private void W(ulong offset, uint v) => Assert.True(transport.Write(offset, 4, v));
    private uint R(ulong offset) { Assert.True(transport.Read(offset, 4, out ulong v)); return (uint)v; }

    private static ulong Desc(int q) => Rings + (ulong)q * 0x3000;
    private static ulong Avail(int q) => Desc(q) + 16 * QueueSize;
    private static ulong Used(int q) => Desc(q) + 0x1000;

    // Feature negotiation (VERSION_1 plus what is asked), both queues, DRIVER_OK when `start`.
    private void Bring(ulong features, bool start = true)
    {
        W(0x70, 0);
        W(0x70, 3);
        W(0x24, 0); W(0x20, (uint)features);
        W(0x24, 1); W(0x20, 1);
        W(0x70, 11);
        for (int q = 0; q < 2; q++)
        {
            W(0x30, (uint)q);
            W(0x38, QueueSize);
            W(0x80, (uint)Desc(q)); W(0x84, 0);
            W(0x90, (uint)Avail(q)); W(0x94, 0);
            W(0xa0, (uint)Used(q)); W(0xa4, 0);
            W(0x44, 1);
        }
        if (start) W(0x70, 15);
    }

    // One buffer as descriptor `slot` of queue q, made available, and the queue notified.
    private void Offer(int q, int slot, ulong address, uint length, bool writable)
    {
        var d = ram.Span(Desc(q) + 16UL * (ulong)slot, 16);
        BinaryPrimitives.WriteUInt64LittleEndian(d, address);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], length);
        BinaryPrimitives.WriteUInt16LittleEndian(d[12..], (ushort)(writable ? 2 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(ram.Span(Avail(q) + 4 + 2UL * (ulong)(availIdx[q] % QueueSize), 2), (ushort)slot);
        availIdx[q]++;
        BinaryPrimitives.WriteUInt16LittleEndian(ram.Span(Avail(q) + 2, 2), availIdx[q]);
        W(0x50, (uint)q);
    }

    private ushort UsedIdx(int q) => BinaryPrimitives.ReadUInt16LittleEndian(ram.Span(Used(q) + 2, 2));
    private uint UsedLength(int q, int i) => BinaryPrimitives.ReadUInt32LittleEndian(ram.Span(Used(q) + 4 + 8UL * (ulong)i + 4, 4));

    [Fact]
    public void ConfigurationHoldsTheMacAndALinkThatIsUp()
    {
        Assert.Equal(1u, R(0x08));
        W(0x14, 0);
        Assert.Equal((1u << 5) | (1u << 16), R(0x10) & ((1u << 5) | (1u << 16)));
        Assert.True(transport.Read(0x100, 4, out ulong low));
        Assert.True(transport.Read(0x104, 4, out ulong high));
        Assert.Equal(0x00_54_52u, (uint)low & 0xFFFFFF);
        Assert.Equal(0xEF_CD_ABu, (uint)(low >> 24) | ((uint)high & 0xFFFF) << 8);
        Assert.Equal(1u, (uint)(high >> 16)); // VIRTIO_NET_S_LINK_UP
    }

    [Fact]
    public void FramesGoOutPastTheHeaderAndComeInBehindOne()
    {
        const int header = 12; // VERSION_1 (the legacy 10 bytes are in VirtioNetTests)
        Bring(1 << 5);
        Assert.Equal(header, device.HeaderLength);
        byte[] frame = [.. new byte[header], .. Enumerable.Range(0, 60).Select(i => (byte)i)];
        frame.CopyTo(ram.Span(Buffers, frame.Length));
        Offer(1, 0, Buffers, (uint)frame.Length, writable: false);
        Assert.Single(backend.Sent);
        Assert.Equal(frame[header..], backend.Sent[0]);
        Assert.Equal(1, UsedIdx(1));

        Offer(0, 0, Buffers + 0x1000, 2048, writable: true);
        backend.Deliver!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        Assert.Equal(1, UsedIdx(0));
        Assert.Equal((uint)(header + 15), UsedLength(0, 0));
        var got = ram.Span(Buffers + 0x1000, header + 15).ToArray();
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(got.AsSpan(10))); // num_buffers
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (byte)i), got[header..]);
        Assert.Null(transport.LastError);
    }

    [Fact]
    public void FramesBeforeDriverOkAreLostAndABigFrameIsCutToTheBuffer()
    {
        Bring(1 << 5, start: false);
        backend.Deliver!(new byte[100]); // not up yet: dropped
        W(0x70, 15);
        Offer(0, 0, Buffers, 12 + 50, writable: true);
        Assert.Equal(0, UsedIdx(0));
        backend.Deliver!(Enumerable.Repeat((byte)0xEE, 1514).ToArray());
        Assert.Equal(1, UsedIdx(0));
        Assert.Equal(62u, UsedLength(0, 0));
        Assert.Equal(0xEE, ram.Span(Buffers + 61, 1)[0]);
        Assert.Equal(0, ram.Span(Buffers + 62, 1)[0]);
        Assert.Null(transport.LastError);
    }

    [Fact]
    public void ATransmitChainShorterThanTheHeaderAsksForAReset()
    {
        Bring(1 << 5);
        Offer(1, 0, Buffers, 11, writable: false);
        Assert.Empty(backend.Sent);
        Assert.Equal(0x40u, R(0x70) & 0x40);
        Assert.Contains("header", transport.LastError);
        // After the reset the device works again.
        Bring(1 << 5);
        Array.Clear(availIdx);
        Assert.Null(transport.LastError);
        ram.Span(Buffers, 12 + 20).Clear();
        Offer(1, 0, Buffers, 12 + 20, writable: false);
        Assert.Single(backend.Sent);
    }

    [Fact]
    public void AReceiveBufferSmallerThanTheHeaderAsksForAReset()
    {
        Bring(1 << 5);
        Offer(0, 0, Buffers, 8, writable: true);
        backend.Deliver!(new byte[60]);
        Assert.Equal(0x40u, R(0x70) & 0x40);
        Assert.Contains("smaller than its header", transport.LastError);
        Assert.Equal(0, UsedIdx(0));
    }

    [Fact]
    public void AnOversizedTransmitIsDroppedAndABacklogStaysBounded()
    {
        Bring(1 << 5);
        // 70000 bytes of frame: more than any Ethernet frame with a 64 KiB packet.
        Offer(1, 0, Buffers, 12 + 70_000, writable: false);
        Assert.Empty(backend.Sent);
        Assert.Equal(1, device.DroppedOutgoing);
        Assert.Equal(1, UsedIdx(1));
        // A driver that posts no receive buffers: frames wait up to the backlog, the rest are counted and dropped.
        for (int i = 0; i < VirtioNet.Backlog + 100; i++) backend.Deliver!(new byte[60]);
        Assert.Equal(100, device.DroppedIncoming);
        Assert.Null(transport.LastError);
    }
}
