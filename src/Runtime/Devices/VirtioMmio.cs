// The virtio-mmio transport (virtio 1.2 §4.2) with a device behind it: the modern interface (version 2) or
// the legacy one (version 1, QEMU 7.2's default for virt: -global virtio-mmio.force-legacy=true).
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// Registers (32-bit accesses; the configuration space from 0x100 takes any size): magic, version, device
/// and vendor IDs, feature words with their selectors, queue selection, size, addresses (modern: 64-bit
/// descriptor/driver/device addresses and QueueReady; legacy: GuestPageSize, QueuePFN, QueueAlign),
/// QueueNotify, InterruptStatus/ACK, Status (0 resets), ConfigGeneration. The interrupt line (to the PLIC) is
/// high while InterruptStatus is not 0. The state behind the registers (status, features, queues, reset, the
/// device's side) is a <see cref="VirtioCore"/>, shared with virtio-pci.
/// </summary>
public sealed class VirtioMmio : IMmioDevice
{
    public const uint Magic = 0x7472_6976, VendorQemu = 0x554D_4551;
    public const uint StatusAcknowledge = VirtioCore.StatusAcknowledge, StatusDriver = VirtioCore.StatusDriver,
        StatusDriverOk = VirtioCore.StatusDriverOk, StatusFeaturesOk = VirtioCore.StatusFeaturesOk,
        StatusNeedsReset = VirtioCore.StatusNeedsReset, StatusFailed = VirtioCore.StatusFailed;
    public const uint InterruptUsedBuffer = VirtioCore.InterruptUsedBuffer, InterruptConfigChange = VirtioCore.InterruptConfigChange;
    public const int ConfigOffset = 0x100;

    private const int RegMagic = 0x000, RegVersion = 0x004, RegDeviceId = 0x008, RegVendorId = 0x00c,
        RegDeviceFeatures = 0x010, RegDeviceFeaturesSel = 0x014, RegDriverFeatures = 0x020, RegDriverFeaturesSel = 0x024,
        RegGuestPageSize = 0x028, RegQueueSel = 0x030, RegQueueNumMax = 0x034, RegQueueNum = 0x038, RegQueueAlign = 0x03c,
        RegQueuePfn = 0x040, RegQueueReady = 0x044, RegQueueNotify = 0x050, RegInterruptStatus = 0x060, RegInterruptAck = 0x064,
        RegStatus = 0x070, RegQueueDescLow = 0x080, RegQueueDescHigh = 0x084, RegQueueDriverLow = 0x090, RegQueueDriverHigh = 0x094,
        RegQueueDeviceLow = 0x0a0, RegQueueDeviceHigh = 0x0a4, RegConfigGeneration = 0x0fc;

    private readonly VirtioCore core;
    private readonly IInterruptSink? irqSink;
    private readonly int irq;
    private readonly uint[] legacyAlign, legacyPfn;
    private uint guestPageShift;

    public VirtioMmio(ulong @base, VirtioDevice device, PhysicalMemory ram, IInterruptSink? irqSink, int irq, bool legacy)
    {
        Base = @base;
        this.irqSink = irqSink;
        this.irq = irq;
        Legacy = legacy;
        legacyAlign = new uint[device.QueueCount];
        legacyPfn = new uint[device.QueueCount];
        Array.Fill(legacyAlign, 4096u);
        core = new VirtioCore(device, ram, $"virtio-mmio@0x{@base:x}", offerVersion1: !legacy)
        {
            InterruptChanged = UpdateLine,
            TransportReset = () => Array.Clear(legacyPfn),
        };
    }

    public string Name => "virtio-mmio " + core.Device.Name;
    public ulong Base { get; }
    public ulong Size => 0x1000;
    public bool Legacy { get; }
    public VirtioDevice Device => core.Device;
    /// <summary>The transport-independent state (status, features, queues) behind these registers.</summary>
    public VirtioCore Core => core;
    /// <summary>The last guest mistake that stopped the device (null if none since the last reset).</summary>
    public string? LastError => core.LastError;
    /// <summary>Called with each guest mistake that stops the device (QEMU prints these).</summary>
    public Action<string>? Log { get => core.Log; init => core.Log = value; }

    /// <summary>What the device offers: its own features, indirect descriptors, event indices, and VERSION_1 when modern.</summary>
    public ulong OfferedFeatures => core.OfferedFeatures;

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        lock (core.Gate)
        {
            if (offset >= ConfigOffset)
            {
                byte[] config = core.Device.Config();
                for (int i = 0; i < size; i++)
                {
                    ulong at = offset - ConfigOffset + (ulong)i;
                    if (at < (ulong)config.Length) value |= (ulong)config[at] << (8 * i);
                }
                return true;
            }
            if (size != 4) return true; // QEMU logs a wrong-size access and reads 0
            value = ReadRegister((int)offset);
        }
        return true;
    }

    private uint ReadRegister(int reg)
    {
        Virtqueue? q = core.SelectedQueue;
        switch (reg)
        {
            case RegMagic: return Magic;
            case RegVersion: return Legacy ? 1u : 2u;
            case RegDeviceId: return core.Device.DeviceId;
            case RegVendorId: return VendorQemu;
            case RegDeviceFeatures: return Legacy && core.DeviceFeaturesSelect != 0 ? 0 : core.DeviceFeatureWord;
            case RegQueueNumMax: return q is null ? 0 : (uint)Virtqueue.MaxSize;
            case RegQueuePfn: return Legacy && q is not null ? legacyPfn[core.QueueSelect] : 0;
            case RegQueueReady: return !Legacy && q is not null && q.Ready ? 1u : 0;
            case RegInterruptStatus: return core.InterruptStatus;
            case RegStatus: return core.Status;
            case RegQueueDescLow: return Legacy || q is null ? 0 : (uint)q.DescAddress;
            case RegQueueDescHigh: return Legacy || q is null ? 0 : (uint)(q.DescAddress >> 32);
            case RegQueueDriverLow: return Legacy || q is null ? 0 : (uint)q.AvailAddress;
            case RegQueueDriverHigh: return Legacy || q is null ? 0 : (uint)(q.AvailAddress >> 32);
            case RegQueueDeviceLow: return Legacy || q is null ? 0 : (uint)q.UsedAddress;
            case RegQueueDeviceHigh: return Legacy || q is null ? 0 : (uint)(q.UsedAddress >> 32);
            case RegConfigGeneration: return Legacy ? 0 : core.ConfigGeneration;
            default: return 0;
        }
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (offset >= ConfigOffset)
        {
            lock (core.Gate)
                for (int i = 0; i < size; i++) core.Device.WriteConfig((int)(offset - ConfigOffset) + i, (byte)(value >> (8 * i)));
            return true;
        }
        if (size != 4) return true;
        uint v = (uint)value;
        if (offset == RegStatus && v == 0)
        {
            core.Reset();
            return true;
        }
        lock (core.Gate) WriteRegister((int)offset, v);
        return true;
    }

    private void WriteRegister(int reg, uint v)
    {
        Virtqueue? q = core.SelectedQueue;
        switch (reg)
        {
            case RegDeviceFeaturesSel: core.DeviceFeaturesSelect = v; break;
            case RegDriverFeaturesSel: core.DriverFeaturesSelect = v; break;
            case RegDriverFeatures:
                if (!Legacy) core.WriteDriverFeatureWord(v);
                else if (core.DriverFeaturesSelect == 0) core.WriteLegacyDriverFeatures(v);
                break;
            case RegGuestPageSize:
                if (Legacy) guestPageShift = v == 0 ? 0 : (uint)System.Numerics.BitOperations.TrailingZeroCount(v);
                break;
            case RegQueueSel: core.QueueSelect = v; break;
            case RegQueueNum:
                // As QEMU: a size of 0 or above the maximum is ignored.
                if (q is not null && v is > 0 and <= Virtqueue.MaxSize) { q.Size = v; if (Legacy) PlaceLegacyQueue(); }
                break;
            case RegQueueAlign:
                if (Legacy && q is not null) { legacyAlign[core.QueueSelect] = v; PlaceLegacyQueue(); }
                break;
            case RegQueuePfn:
                if (Legacy && q is not null) { legacyPfn[core.QueueSelect] = v; PlaceLegacyQueue(); }
                break;
            case RegQueueReady:
                if (!Legacy && q is not null) q.Ready = (v & 1) != 0;
                break;
            case RegQueueNotify: core.Notify(v); break;
            case RegInterruptAck: core.Acknowledge(v); break;
            case RegStatus: core.WriteStatus(v, Legacy); break;
            case RegQueueDescLow: if (!Legacy && q is not null) q.DescAddress = Low(q.DescAddress, v); break;
            case RegQueueDescHigh: if (!Legacy && q is not null) q.DescAddress = High(q.DescAddress, v); break;
            case RegQueueDriverLow: if (!Legacy && q is not null) q.AvailAddress = Low(q.AvailAddress, v); break;
            case RegQueueDriverHigh: if (!Legacy && q is not null) q.AvailAddress = High(q.AvailAddress, v); break;
            case RegQueueDeviceLow: if (!Legacy && q is not null) q.UsedAddress = Low(q.UsedAddress, v); break;
            case RegQueueDeviceHigh: if (!Legacy && q is not null) q.UsedAddress = High(q.UsedAddress, v); break;
        }
    }

    private static ulong Low(ulong old, uint v) => (old & 0xFFFF_FFFF_0000_0000UL) | v;
    private static ulong High(ulong old, uint v) => (old & 0xFFFF_FFFFUL) | ((ulong)v << 32);

    // Legacy layout (virtio 0.9.5): descriptors at PFN * page size, the available ring right after them, the
    // used ring at the next QueueAlign boundary. PFN 0 takes the queue out of use.
    private void PlaceLegacyQueue()
    {
        var q = core.Queue((int)core.QueueSelect);
        uint pfn = legacyPfn[core.QueueSelect];
        q.Ready = pfn != 0 && q.Size != 0;
        if (!q.Ready) return;
        ulong align = Math.Max(1u, legacyAlign[core.QueueSelect]);
        q.DescAddress = (ulong)pfn << (int)guestPageShift;
        q.AvailAddress = q.DescAddress + 16UL * q.Size;
        ulong availEnd = q.AvailAddress + 6 + 2UL * q.Size;
        q.UsedAddress = (availEnd + align - 1) / align * align;
    }

    private void UpdateLine() => irqSink?.SetLevel(irq, core.InterruptStatus != 0);
}
