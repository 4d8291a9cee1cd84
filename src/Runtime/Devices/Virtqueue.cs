// A split virtqueue (virtio 1.2 §2.7) as the device sees it: the descriptor table, the available ring the
// driver fills and the used ring the device fills, all in guest RAM, every address checked against RAM.
using System.Runtime.CompilerServices;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>A guest mistake in a virtqueue: the device stops and asks for a reset (DEVICE_NEEDS_RESET).</summary>
public sealed record VirtqueueError(string Message);

/// <summary>One buffer of a descriptor chain: guest-physical, already checked to lie in RAM.</summary>
public readonly record struct GuestBuffer(ulong Address, uint Length);

/// <summary>
/// A descriptor chain popped from the available ring: its head (what goes back in the used ring), the
/// device-readable buffers, then the device-writable ones (the spec's order; a readable buffer after a writable
/// one is an error, as in QEMU).
/// </summary>
public sealed class DescriptorChain(ushort head, List<GuestBuffer> readable, List<GuestBuffer> writable)
{
    public ushort Head { get; } = head;
    public IReadOnlyList<GuestBuffer> Readable { get; } = readable;
    public IReadOnlyList<GuestBuffer> Writable { get; } = writable;
    public ulong ReadableLength { get; } = Sum(readable);
    public ulong WritableLength { get; } = Sum(writable);

    private static ulong Sum(List<GuestBuffer> list)
    {
        ulong n = 0;
        foreach (var b in list) n += b.Length;
        return n;
    }
}

/// <summary>
/// The device side of one split virtqueue. Free-running 16-bit indices; the slot of index i is i % Size.
/// Every ring and buffer address is checked against guest RAM before it is touched: a chain that loops,
/// leaves RAM, has an empty buffer, nests indirect tables or is longer than the queue allows gives a <see cref="VirtqueueError"/>.
/// Not thread-safe: the transport serialises access under its lock.
/// </summary>
public sealed unsafe class Virtqueue(PhysicalMemory ram)
{
    public const int MaxSize = 1024;
    public const ushort DescNext = 1, DescWrite = 2, DescIndirect = 4;
    public const ushort AvailNoInterrupt = 1;
    /// <summary>Bytes of data a chain may describe in all (it bounds host copies; QEMU's iovecs bound theirs).</summary>
    public const ulong MaxChainBytes = 1UL << 30;

    private ushort lastAvail, usedIdx;

    public uint Size { get; set; }
    public ulong DescAddress { get; set; }
    public ulong AvailAddress { get; set; }
    public ulong UsedAddress { get; set; }
    public bool Ready { get; set; }
    /// <summary>VIRTIO_RING_F_EVENT_IDX was negotiated: used_event / avail_event suppress notifications.</summary>
    public bool EventIdx { get; set; }

    public void Reset()
    {
        Size = 0;
        DescAddress = AvailAddress = UsedAddress = 0;
        Ready = false;
        lastAvail = usedIdx = 0;
    }

    /// <summary>The rings lie in RAM (checked when the queue is used, since the driver sets the addresses piecewise).</summary>
    private VirtqueueError? CheckLayout()
    {
        if (Size == 0 || Size > MaxSize) return new VirtqueueError($"queue size {Size}");
        if (!ram.ContainsRam(DescAddress, 16UL * Size)) return new VirtqueueError($"descriptor table 0x{DescAddress:x} outside RAM");
        if (!ram.ContainsRam(AvailAddress, 6UL + 2 * Size)) return new VirtqueueError($"available ring 0x{AvailAddress:x} outside RAM");
        if (!ram.ContainsRam(UsedAddress, 6UL + 8 * Size)) return new VirtqueueError($"used ring 0x{UsedAddress:x} outside RAM");
        return null;
    }

    /// <summary>Takes the next available chain: null when the ring is empty; an error for a malformed ring or chain.</summary>
    public (DescriptorChain? Chain, VirtqueueError? Error) Pop()
    {
        if (!Ready) return (null, null);
        if (CheckLayout() is { } bad) return (null, bad);
        ushort availIdx = Volatile.Read(ref *(ushort*)ram.HostPointer(AvailAddress + 2));
        ushort waiting = (ushort)(availIdx - lastAvail);
        if (waiting == 0) return (null, null);
        if (waiting > Size) return (null, new VirtqueueError($"available index moved from {lastAvail} to {availIdx} (queue size {Size})"));
        ushort head = Unsafe.ReadUnaligned<ushort>(ram.HostPointer(AvailAddress + 4 + 2UL * (lastAvail % Size)));
        var (chain, error) = Walk(head);
        if (error is not null) return (null, error);
        lastAvail++;
        if (EventIdx) PublishAvailEvent();
        return (chain, null);
    }

    // avail_event (after the used ring's entries): notify me when the driver passes this index. The full fence
    // orders it before the next read of the available index (the driver does the mirror image), so a buffer
    // made available meanwhile is either seen or notified.
    private void PublishAvailEvent()
    {
        ulong at = UsedAddress + 4 + 8UL * Size;
        ram.NoteStore(at, 2);
        Volatile.Write(ref *(ushort*)ram.HostPointer(at), lastAvail);
        Thread.MemoryBarrier();
    }

    private (DescriptorChain?, VirtqueueError?) Walk(ushort head)
    {
        if (head >= Size) return (null, new VirtqueueError($"head descriptor {head} beyond queue size {Size}"));
        var readable = new List<GuestBuffer>();
        var writable = new List<GuestBuffer>();
        ulong table = DescAddress;
        uint tableSize = Size;
        uint index = head, seen = 0;
        bool indirect = false;
        ulong total = 0;
        while (true)
        {
            if (++seen > tableSize) return (null, new VirtqueueError("descriptor chain loops or is longer than its table"));
            byte* d = ram.HostPointer(table + 16UL * index);
            ulong addr = Unsafe.ReadUnaligned<ulong>(d);
            uint len = Unsafe.ReadUnaligned<uint>(d + 8);
            ushort flags = Unsafe.ReadUnaligned<ushort>(d + 12);
            ushort next = Unsafe.ReadUnaligned<ushort>(d + 14);
            if ((flags & DescIndirect) != 0)
            {
                if (indirect) return (null, new VirtqueueError("an indirect descriptor inside an indirect table"));
                if (len == 0 || len % 16 != 0 || len / 16 > MaxSize) return (null, new VirtqueueError($"indirect table of {len} bytes"));
                if (!ram.ContainsRam(addr, len)) return (null, new VirtqueueError($"indirect table 0x{addr:x}+{len} outside RAM"));
                // The table replaces the rest of the chain (NEXT beside INDIRECT is ignored, as QEMU does).
                indirect = true;
                table = addr;
                tableSize = len / 16;
                index = 0;
                seen = 0;
                continue;
            }
            // QEMU refuses empty buffers too.
            if (len == 0) return (null, new VirtqueueError("a zero-sized buffer"));
            if (!ram.ContainsRam(addr, len)) return (null, new VirtqueueError($"buffer 0x{addr:x}+{len} outside RAM"));
            total += len;
            if (total > MaxChainBytes) return (null, new VirtqueueError("descriptor chain longer than 1 GiB"));
            if ((flags & DescWrite) != 0) writable.Add(new GuestBuffer(addr, len));
            else if (writable.Count != 0) return (null, new VirtqueueError("a device-readable buffer after a device-writable one"));
            else readable.Add(new GuestBuffer(addr, len));
            if ((flags & DescNext) == 0) break;
            if (next >= tableSize) return (null, new VirtqueueError($"next descriptor {next} beyond table size {tableSize}"));
            index = next;
        }
        return (new DescriptorChain(head, readable, writable), null);
    }

    /// <summary>Returns a chain to the driver with <paramref name="written"/> bytes written into its writable
    /// buffers; true when the driver wants an interrupt for it.</summary>
    public bool Push(ushort head, uint written)
    {
        if (!Ready || CheckLayout() is not null) return false;
        byte* used = ram.HostPointer(UsedAddress);
        ulong elem = UsedAddress + 4 + 8UL * (usedIdx % Size);
        ram.NoteStore(elem, 8);
        Unsafe.WriteUnaligned(ram.HostPointer(elem), (uint)head);
        Unsafe.WriteUnaligned(ram.HostPointer(elem + 4), written);
        ushort old = usedIdx++;
        ram.NoteStore(UsedAddress + 2, 2);
        // The element is visible before the index that publishes it.
        Volatile.Write(ref *(ushort*)(used + 2), usedIdx);
        Thread.MemoryBarrier();
        if (EventIdx)
        {
            ushort usedEvent = Volatile.Read(ref *(ushort*)ram.HostPointer(AvailAddress + 4 + 2UL * Size));
            return (ushort)(usedIdx - usedEvent - 1) < (ushort)(usedIdx - old);
        }
        return (Volatile.Read(ref *(ushort*)ram.HostPointer(AvailAddress)) & AvailNoInterrupt) == 0;
    }

    /// <summary>Copies guest bytes of <paramref name="buffers"/>, from byte <paramref name="skip"/> on, into <paramref name="dest"/>; returns the count.</summary>
    public static int Gather(PhysicalMemory ram, IReadOnlyList<GuestBuffer> buffers, ulong skip, Span<byte> dest)
    {
        int done = 0;
        foreach (var b in buffers)
        {
            if (done == dest.Length) break;
            if (skip >= b.Length) { skip -= b.Length; continue; }
            int n = (int)Math.Min(b.Length - skip, (ulong)(dest.Length - done));
            new ReadOnlySpan<byte>(ram.HostPointer(b.Address + skip), n).CopyTo(dest[done..]);
            done += n;
            skip = 0;
        }
        return done;
    }

    /// <summary>Copies <paramref name="source"/> into the guest buffers from byte <paramref name="skip"/> on; returns the count.</summary>
    public static int Scatter(PhysicalMemory ram, IReadOnlyList<GuestBuffer> buffers, ulong skip, ReadOnlySpan<byte> source)
    {
        int done = 0;
        foreach (var b in buffers)
        {
            if (done == source.Length) break;
            if (skip >= b.Length) { skip -= b.Length; continue; }
            int n = (int)Math.Min(b.Length - skip, (ulong)(source.Length - done));
            ram.NoteStore(b.Address + skip, (ulong)n);
            source.Slice(done, n).CopyTo(new Span<byte>(ram.HostPointer(b.Address + skip), n));
            done += n;
            skip = 0;
        }
        return done;
    }

    /// <summary>The guest memory of <paramref name="buffers"/> from byte <paramref name="skip"/>, <paramref name="length"/>
    /// bytes in all, as host spans (for file I/O straight into or out of guest RAM). Marks code pages written when
    /// <paramref name="forWrite"/>.</summary>
    public static List<(IntPtr Pointer, int Length)> Segments(PhysicalMemory ram, IReadOnlyList<GuestBuffer> buffers, ulong skip, ulong length, bool forWrite)
    {
        var list = new List<(IntPtr, int)>();
        foreach (var b in buffers)
        {
            if (length == 0) break;
            if (skip >= b.Length) { skip -= b.Length; continue; }
            ulong n = Math.Min(b.Length - skip, length);
            if (forWrite) ram.NoteStore(b.Address + skip, n);
            list.Add(((IntPtr)ram.HostPointer(b.Address + skip), (int)n));
            length -= n;
            skip = 0;
        }
        return list;
    }
}
