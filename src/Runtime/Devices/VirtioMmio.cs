// The virtio-mmio transport (virtio 1.2 §4.2) with a device behind it: the modern interface (version 2) or
// the legacy one (version 1, QEMU 7.2's default for virt: -global virtio-mmio.force-legacy=true).
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// Registers (32-bit accesses; the configuration space from 0x100 takes any size): magic, version, device
/// and vendor IDs, feature words with their selectors, queue selection, size, addresses (modern: 64-bit
/// descriptor/driver/device addresses and QueueReady; legacy: GuestPageSize, QueuePFN, QueueAlign),
/// QueueNotify, InterruptStatus/ACK, Status (0 resets), ConfigGeneration. The interrupt line (to the PLIC) is
/// high while InterruptStatus is not 0. A malformed queue sets DEVICE_NEEDS_RESET and the device stops
/// serving until the driver resets it, as QEMU's virtio_error does.
/// </summary>
public sealed class VirtioMmio : IMmioDevice, IVirtioTransport
{
    public const uint Magic = 0x7472_6976, VendorQemu = 0x554D_4551;
    public const uint StatusAcknowledge = 1, StatusDriver = 2, StatusDriverOk = 4, StatusFeaturesOk = 8, StatusNeedsReset = 0x40, StatusFailed = 0x80;
    public const uint InterruptUsedBuffer = 1, InterruptConfigChange = 2;
    public const int ConfigOffset = 0x100;

    private const int RegMagic = 0x000, RegVersion = 0x004, RegDeviceId = 0x008, RegVendorId = 0x00c,
        RegDeviceFeatures = 0x010, RegDeviceFeaturesSel = 0x014, RegDriverFeatures = 0x020, RegDriverFeaturesSel = 0x024,
        RegGuestPageSize = 0x028, RegQueueSel = 0x030, RegQueueNumMax = 0x034, RegQueueNum = 0x038, RegQueueAlign = 0x03c,
        RegQueuePfn = 0x040, RegQueueReady = 0x044, RegQueueNotify = 0x050, RegInterruptStatus = 0x060, RegInterruptAck = 0x064,
        RegStatus = 0x070, RegQueueDescLow = 0x080, RegQueueDescHigh = 0x084, RegQueueDriverLow = 0x090, RegQueueDriverHigh = 0x094,
        RegQueueDeviceLow = 0x0a0, RegQueueDeviceHigh = 0x0a4, RegConfigGeneration = 0x0fc;

    private readonly VirtioDevice device;
    private readonly IInterruptSink? irqSink;
    private readonly int irq;
    private readonly Virtqueue[] queues;
    private readonly uint[] legacyAlign, legacyPfn;
    private uint status, deviceFeaturesSel, driverFeaturesSel, queueSel, interruptStatus, guestPageShift, configGeneration;
    private ulong driverFeatures;
    private bool broken;
    private int generation;

    public VirtioMmio(ulong @base, VirtioDevice device, PhysicalMemory ram, IInterruptSink? irqSink, int irq, bool legacy)
    {
        Base = @base;
        this.device = device;
        this.irqSink = irqSink;
        this.irq = irq;
        Legacy = legacy;
        Ram = ram;
        queues = new Virtqueue[device.QueueCount];
        for (int i = 0; i < queues.Length; i++) queues[i] = new Virtqueue(ram) { Size = (uint)device.DefaultQueueSize };
        legacyAlign = new uint[queues.Length];
        legacyPfn = new uint[queues.Length];
        Array.Fill(legacyAlign, 4096u);
        device.Transport = this;
    }

    public string Name => "virtio-mmio " + device.Name;
    public ulong Base { get; }
    public ulong Size => 0x1000;
    public bool Legacy { get; }
    public PhysicalMemory Ram { get; }
    public Lock Gate { get; } = new();
    public int Generation => Volatile.Read(ref generation);
    public VirtioDevice Device => device;
    /// <summary>The last guest mistake that stopped the device (null if none since the last reset).</summary>
    public string? LastError { get; private set; }
    /// <summary>Called with each guest mistake that stops the device (QEMU prints these).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>What the device offers: its own features, indirect descriptors, event indices, and VERSION_1 when modern.</summary>
    public ulong OfferedFeatures =>
        device.Features | (1UL << VirtioDevice.FeatureRingIndirectDesc) | (1UL << VirtioDevice.FeatureRingEventIdx)
        | (Legacy ? 0 : 1UL << VirtioDevice.FeatureVersion1);

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        lock (Gate)
        {
            if (offset >= ConfigOffset)
            {
                byte[] config = device.Config();
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
        Virtqueue? q = queueSel < queues.Length ? queues[queueSel] : null;
        switch (reg)
        {
            case RegMagic: return Magic;
            case RegVersion: return Legacy ? 1u : 2u;
            case RegDeviceId: return device.DeviceId;
            case RegVendorId: return VendorQemu;
            case RegDeviceFeatures:
                if (Legacy) return deviceFeaturesSel == 0 ? (uint)OfferedFeatures : 0;
                return deviceFeaturesSel < 2 ? (uint)(OfferedFeatures >> (32 * (int)deviceFeaturesSel)) : 0;
            case RegQueueNumMax: return q is null ? 0 : (uint)Virtqueue.MaxSize;
            case RegQueuePfn: return Legacy && q is not null ? legacyPfn[queueSel] : 0;
            case RegQueueReady: return !Legacy && q is not null && q.Ready ? 1u : 0;
            case RegInterruptStatus: return interruptStatus;
            case RegStatus: return status;
            case RegQueueDescLow: return Legacy || q is null ? 0 : (uint)q.DescAddress;
            case RegQueueDescHigh: return Legacy || q is null ? 0 : (uint)(q.DescAddress >> 32);
            case RegQueueDriverLow: return Legacy || q is null ? 0 : (uint)q.AvailAddress;
            case RegQueueDriverHigh: return Legacy || q is null ? 0 : (uint)(q.AvailAddress >> 32);
            case RegQueueDeviceLow: return Legacy || q is null ? 0 : (uint)q.UsedAddress;
            case RegQueueDeviceHigh: return Legacy || q is null ? 0 : (uint)(q.UsedAddress >> 32);
            case RegConfigGeneration: return Legacy ? 0 : configGeneration;
            default: return 0;
        }
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (offset >= ConfigOffset)
        {
            lock (Gate)
                for (int i = 0; i < size; i++) device.WriteConfig((int)(offset - ConfigOffset) + i, (byte)(value >> (8 * i)));
            return true;
        }
        if (size != 4) return true;
        uint v = (uint)value;
        if (offset == RegStatus && v == 0)
        {
            // Requests still being served finish (into the old queues) before the reset.
            device.Drain();
            lock (Gate) ResetLocked();
            return true;
        }
        lock (Gate) WriteRegister((int)offset, v);
        return true;
    }

    private void WriteRegister(int reg, uint v)
    {
        Virtqueue? q = queueSel < queues.Length ? queues[queueSel] : null;
        switch (reg)
        {
            case RegDeviceFeaturesSel: deviceFeaturesSel = v; break;
            case RegDriverFeaturesSel: driverFeaturesSel = v; break;
            case RegDriverFeatures:
                if (Legacy)
                {
                    if (driverFeaturesSel == 0) { driverFeatures = v & OfferedFeatures; Apply(); }
                }
                else if (driverFeaturesSel < 2)
                {
                    int shift = 32 * (int)driverFeaturesSel;
                    driverFeatures = (driverFeatures & ~(0xFFFF_FFFFUL << shift)) | ((ulong)v << shift);
                }
                break;
            case RegGuestPageSize:
                if (Legacy) guestPageShift = v == 0 ? 0 : (uint)System.Numerics.BitOperations.TrailingZeroCount(v);
                break;
            case RegQueueSel: queueSel = v; break;
            case RegQueueNum:
                // As QEMU: a size of 0 or above the maximum is ignored.
                if (q is not null && v is > 0 and <= Virtqueue.MaxSize) { q.Size = v; if (Legacy) PlaceLegacyQueue(); }
                break;
            case RegQueueAlign:
                if (Legacy && q is not null) { legacyAlign[queueSel] = v; PlaceLegacyQueue(); }
                break;
            case RegQueuePfn:
                if (Legacy && q is not null) { legacyPfn[queueSel] = v; PlaceLegacyQueue(); }
                break;
            case RegQueueReady:
                if (!Legacy && q is not null) q.Ready = (v & 1) != 0;
                break;
            case RegQueueNotify:
                if (v < queues.Length && !broken) device.Notify((int)v);
                break;
            case RegInterruptAck:
                interruptStatus &= ~v;
                UpdateLine();
                break;
            case RegStatus: WriteStatus(v); break;
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
        var q = queues[queueSel];
        uint pfn = legacyPfn[queueSel];
        q.Ready = pfn != 0 && q.Size != 0;
        if (!q.Ready) return;
        ulong align = Math.Max(1u, legacyAlign[queueSel]);
        q.DescAddress = (ulong)pfn << (int)guestPageShift;
        q.AvailAddress = q.DescAddress + 16UL * q.Size;
        ulong availEnd = q.AvailAddress + 6 + 2UL * q.Size;
        q.UsedAddress = (availEnd + align - 1) / align * align;
    }

    private void WriteStatus(uint v)
    {
        if (!Legacy && (v & StatusFeaturesOk) != 0 && (status & StatusFeaturesOk) == 0)
        {
            // The device takes FEATURES_OK only for a subset of what it offered; otherwise the bit stays clear and
            // the driver gives up. A driver that leaves VERSION_1 out negotiates as a legacy one through these
            // registers: QEMU accepts that (it validates features only once VERSION_1 is in), and xv6's driver,
            // which writes only the low feature word, needs it.
            bool ok = (driverFeatures & ~OfferedFeatures) == 0;
            if (ok) Apply();
            else v &= ~StatusFeaturesOk;
        }
        bool starting = (v & StatusDriverOk) != 0 && (status & StatusDriverOk) == 0;
        status = (v & 0xFF & ~StatusNeedsReset) | (status & StatusNeedsReset);
        if (starting && !broken) device.Started();
    }

    private void Apply()
    {
        device.Negotiated = driverFeatures;
        bool eventIdx = (driverFeatures & (1UL << VirtioDevice.FeatureRingEventIdx)) != 0;
        foreach (var q in queues) q.EventIdx = eventIdx;
    }

    // A status write of 0 resets the device and its queues; the transport's own registers (the feature
    // selectors, GuestPageSize, QueueAlign) keep their values, as in QEMU: Linux writes GuestPageSize once,
    // before the reset of its probe.
    private void ResetLocked()
    {
        generation++;
        status = queueSel = interruptStatus = 0;
        driverFeatures = 0;
        broken = false;
        LastError = null;
        foreach (var q in queues)
        {
            q.Reset();
            q.Size = (uint)device.DefaultQueueSize;
        }
        Array.Clear(legacyPfn);
        device.Negotiated = 0;
        device.Reset();
        UpdateLine();
    }

    public DescriptorChain? Pop(int queue)
    {
        lock (Gate)
        {
            if (broken || (uint)queue >= queues.Length) return null;
            var (chain, error) = queues[queue].Pop();
            if (error is not null) Fail(error.Message);
            return chain;
        }
    }

    public void Complete(int queue, ushort head, uint written, int generation)
    {
        lock (Gate)
        {
            if (generation != this.generation || broken || (uint)queue >= queues.Length) return;
            if (queues[queue].Push(head, written)) interruptStatus |= InterruptUsedBuffer;
            UpdateLine();
        }
    }

    public void Fail(string message)
    {
        lock (Gate)
        {
            if (broken) return;
            broken = true;
            LastError = message;
            Log?.Invoke($"virtio-mmio@0x{Base:x} ({device.Name}): {message}");
            status |= StatusNeedsReset;
            if ((device.Negotiated & (1UL << VirtioDevice.FeatureVersion1)) != 0)
            {
                configGeneration++;
                interruptStatus |= InterruptConfigChange;
            }
            UpdateLine();
        }
    }

    private void UpdateLine() => irqSink?.SetLevel(irq, interruptStatus != 0);
}
