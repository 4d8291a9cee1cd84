using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Memory;

/// <summary>
/// The guest physical address space: RAM plus memory-mapped devices. Devices are checked first, so one
/// may overlay RAM (HTIF's tohost lives inside the test image). This is the slow path: the MMU's TLB
/// views give generated code and the interpreter direct host pointers into RAM for everything else.
/// </summary>
public sealed unsafe class Bus
{
    private IMmioDevice[] devices = [];
    /// <summary>Each device's range, read once at <see cref="Attach"/> (fixed for a device's life): looking a physical
    /// address up through the interface's Base and Size cost two interface calls a device, on every page-table read.</summary>
    private (ulong Base, ulong Size)[] ranges = [];

    public PhysicalMemory Ram { get; }

    public Bus(PhysicalMemory ram) => Ram = ram;

    public IReadOnlyList<IMmioDevice> Devices => devices;

    /// <summary>
    /// Adds a device; RAM pages it overlays are flagged so that no TLB view caches them. Only the overlap
    /// with RAM is walked: a device may span gigabytes (HTIF with tohost and fromhost far apart).
    /// </summary>
    public void Attach(IMmioDevice device)
    {
        if (device.Size == 0 || device.Base + (device.Size - 1) < device.Base)
            throw new ArgumentOutOfRangeException(nameof(device), $"device {device.Name} at 0x{device.Base:x} (0x{device.Size:x} bytes) is empty or wraps past 2^64");
        devices = [.. devices, device];
        ranges = [.. ranges, (device.Base, device.Size)];
        ulong last = Math.Min(device.Base + (device.Size - 1), Ram.End - 1);
        for (ulong pa = Math.Max(device.Base, Ram.Base) & ~(PhysicalMemory.PageSize - 1); pa <= last; pa += PhysicalMemory.PageSize)
            Ram.SetPageFlag(pa, PhysicalMemory.FlagIo);
    }

    private IMmioDevice? DeviceAt(ulong pa, int size)
    {
        var r = ranges;
        for (int i = 0; i < r.Length; i++)
            if (pa - r[i].Base < r[i].Size && (ulong)size <= r[i].Size - (pa - r[i].Base))
                return devices[i];
        return null;
    }

    /// <summary>RAM that no device overlays (<see cref="Attach"/> flags the pages a device covers): no device lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsPlainRam(ulong pa, int size) =>
        Ram.Contains(pa, (ulong)size) && ((Ram.PageFlags(pa) | Ram.PageFlags(pa + (ulong)(size - 1))) & PhysicalMemory.FlagIo) == 0;

    /// <summary>Reads 1, 2, 4 or 8 bytes (little-endian) from RAM or a device; false = access fault.</summary>
    public bool Read(ulong pa, int size, out ulong value)
    {
        if (IsPlainRam(pa, size))
        {
            value = LoadHost(Ram.HostPointer(pa), size);
            return true;
        }
        if (devices.Length != 0 && DeviceAt(pa, size) is { } dev)
            return dev.Read(pa - dev.Base, size, out value);
        if (!Ram.Contains(pa, (ulong)size)) { value = 0; return false; }
        value = LoadHost(Ram.HostPointer(pa), size);
        return true;
    }

    /// <summary>Writes 1, 2, 4 or 8 bytes to RAM or a device; false = access fault. Notifies code caches.</summary>
    public bool Write(ulong pa, int size, ulong value)
    {
        if (devices.Length != 0 && !IsPlainRam(pa, size) && DeviceAt(pa, size) is { } dev)
            return dev.Write(pa - dev.Base, size, value);
        if (!Ram.Contains(pa, (ulong)size)) return false;
        Ram.NoteStore(pa, (ulong)size);
        StoreHost(Ram.HostPointer(pa), size, value);
        Ram.NoteStoreDone(pa, (ulong)size);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LoadHost(byte* p, int size) => size switch
    {
        1 => *p,
        2 => Unsafe.ReadUnaligned<ushort>(p),
        4 => Unsafe.ReadUnaligned<uint>(p),
        _ => Unsafe.ReadUnaligned<ulong>(p),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreHost(byte* p, int size, ulong value)
    {
        switch (size)
        {
            case 1: *p = (byte)value; break;
            case 2: Unsafe.WriteUnaligned(p, (ushort)value); break;
            case 4: Unsafe.WriteUnaligned(p, (uint)value); break;
            default: Unsafe.WriteUnaligned(p, value); break;
        }
    }
}
