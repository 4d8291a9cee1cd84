// The virtio-pci transport (virtio 1.2 §4.1) with a device behind it, laid out as QEMU 7.2's transitional
// virtio-*-pci devices on virt: the legacy interface in an I/O BAR, an MSI-X table, and the modern interface's
// regions (common, ISR, device, notify) in a 64-bit memory BAR found through vendor capabilities.
using System.Buffers.Binary;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A transitional virtio PCI function (vendor 1af4, device 0x1000 + the legacy ID, revision 0, subsystem = the
/// virtio device ID), as QEMU puts virtio-*-pci on the root bus of virt: firmware that only knows the legacy
/// interface (U-Boot 2023.01 binds its legacy driver to these IDs) and modern drivers (Linux) both find it.
/// BAR0 (I/O): the legacy registers (host and guest features, queue PFN / size / select / notify, status, ISR,
/// then the MSI-X vectors when MSI-X is enabled, then the configuration space). BAR1 (32-bit memory, 4 KiB): the
/// MSI-X table of two vectors and its pending bits. BAR4 (64-bit prefetchable, 16 KiB): common configuration at
/// 0, ISR at 0x1000, device configuration at 0x2000, notifications at 0x3000 + 4 * queue. Capabilities at QEMU's
/// offsets, including VIRTIO_PCI_CAP_PCI_CFG (BAR access through configuration space).
/// Interrupts are INTx pin A (a level while the ISR is not 0, cleared by reading it): the virt board without AIA
/// has no MSI controller, so a guest that enables MSI-X gets no interrupts at all from this function. The device
/// touches guest memory only while bus mastering is enabled (notifications are dropped before).
/// </summary>
public sealed class VirtioPci : PciFunction
{
    public const ushort VendorVirtio = 0x1af4, LegacyDeviceBase = 0x1000;
    public const int LegacyBar = 0, MsixBar = 1, ModernBar = 4;
    public const ulong ModernBarSize = 0x4000, MsixBarSize = 0x1000;
    public const ulong CommonOffset = 0x0000, IsrOffset = 0x1000, DeviceConfigOffset = 0x2000, NotifyOffset = 0x3000, RegionSize = 0x1000;
    public const uint NotifyMultiplier = 4;
    public const int MsixVectors = 2;
    public const ushort NoVector = 0xffff;
    private const byte CapVendor = 0x09, CapMsix = 0x11;
    private const byte CfgCommon = 1, CfgNotify = 2, CfgIsr = 3, CfgDevice = 4, CfgPci = 5;
    private const byte MsixCap = 0x98, PciCfgCap = 0x84;

    // Legacy registers (virtio 0.9.5 PCI).
    private const int LegHostFeatures = 0, LegGuestFeatures = 4, LegQueuePfn = 8, LegQueueNum = 12, LegQueueSel = 14,
        LegQueueNotify = 16, LegStatus = 18, LegIsr = 19, LegConfigVector = 20, LegQueueVector = 22;
    private const int LegacyPageShift = 12, LegacyAlign = 4096;

    // Modern common configuration (virtio 1.2 §4.1.4.3): (offset, width) of each field.
    private const int ComDfSelect = 0x00, ComDf = 0x04, ComGfSelect = 0x08, ComGf = 0x0c, ComMsix = 0x10, ComNumQueues = 0x12,
        ComStatus = 0x14, ComGeneration = 0x15, ComQSelect = 0x16, ComQSize = 0x18, ComQMsix = 0x1a, ComQEnable = 0x1c,
        ComQNotifyOff = 0x1e, ComQDesc = 0x20, ComQDriver = 0x28, ComQDevice = 0x30, ComEnd = 0x38;
    private static readonly (int Offset, int Width)[] CommonFields =
    [
        (ComDfSelect, 4), (ComDf, 4), (ComGfSelect, 4), (ComGf, 4), (ComMsix, 2), (ComNumQueues, 2), (ComStatus, 1), (ComGeneration, 1),
        (ComQSelect, 2), (ComQSize, 2), (ComQMsix, 2), (ComQEnable, 2), (ComQNotifyOff, 2), (ComQDesc, 8), (ComQDriver, 8), (ComQDevice, 8),
    ];

    private readonly VirtioCore core;
    private readonly VirtioDevice device;
    private readonly ushort[] queueVector;
    private readonly byte[] msixTable = new byte[16 * MsixVectors];
    private readonly ulong legacySize;
    private ushort configVector = NoVector;

    public VirtioPci(VirtioDevice device, PhysicalMemory ram)
        : base(VendorVirtio, (ushort)(LegacyDeviceBase + LegacyId(device.DeviceId)), 0, ClassOf(device.DeviceId), VendorVirtio, (ushort)device.DeviceId, interruptPin: true)
    {
        this.device = device;
        queueVector = new ushort[device.QueueCount];
        // Transitional: VERSION_1 is offered (the legacy interface shows the low feature word only).
        core = new VirtioCore(device, ram, "virtio-pci", offerVersion1: true)
        {
            InterruptChanged = UpdateLine,
            TransportReset = () => { configVector = NoVector; Array.Fill(queueVector, NoVector); },
        };
        Array.Fill(queueVector, NoVector);
        legacySize = System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(LegConfigVector + 4 + device.Config().Length));
        DefineBar(LegacyBar, PciBarKind.Io, legacySize);
        DefineBar(MsixBar, PciBarKind.Memory32, MsixBarSize);
        DefineBar(ModernBar, PciBarKind.Memory64Prefetchable, ModernBarSize);

        // QEMU's list, head first: MSI-X at 0x98, then PCI_CFG, notify, device, ISR, common.
        AddCapability(MsixCap, CapMsix, [(byte)(MsixVectors - 1), 0, MsixBar, 0, 0, 0, MsixBar, 8, 0, 0], [0, 0xc0]);
        AddCapability(PciCfgCap, CapVendor, VendorBody(20, CfgPci, 0, 0, 0, 0), [0, 0, 0xff, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        AddCapability(0x70, CapVendor, VendorBody(20, CfgNotify, ModernBar, NotifyOffset, RegionSize, NotifyMultiplier));
        AddCapability(0x60, CapVendor, VendorBody(16, CfgDevice, ModernBar, DeviceConfigOffset, RegionSize));
        AddCapability(0x50, CapVendor, VendorBody(16, CfgIsr, ModernBar, IsrOffset, RegionSize));
        AddCapability(0x40, CapVendor, VendorBody(16, CfgCommon, ModernBar, CommonOffset, RegionSize));
    }

    // struct virtio_pci_cap after its ID and next bytes: cap_len, cfg_type, bar, id, padding, offset, length (and
    // the notify multiplier or the PCI_CFG data window).
    private static byte[] VendorBody(int length, byte type, int bar, ulong offset, ulong regionLength, uint? extra = null)
    {
        var b = new byte[length - 2];
        b[0] = (byte)length;
        b[1] = type;
        b[2] = (byte)bar;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(6), (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(10), (uint)regionLength);
        if (extra is uint x) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(14), x);
        return b;
    }

    /// <summary>The transitional device ID's offset for a virtio device type (virtio 1.2 §4.1.2.3): net 0, block 1,
    /// console 3, entropy 4 (ID 0x1005).</summary>
    private static ushort LegacyId(uint deviceId) => deviceId switch
    {
        1 => 0, 2 => 1, 3 => 3, 4 => 5, 5 => 2, 8 => 4, 9 => 9,
        _ => throw new ArgumentException($"virtio device {deviceId} has no transitional PCI ID"),
    };

    /// <summary>The class codes QEMU gives: network (0x0200), SCSI-class storage (0x0100), simple communication
    /// (0x0780), and "other, unclassified" (0x00ff) for the entropy device.</summary>
    private static uint ClassOf(uint deviceId) => deviceId switch
    {
        1 => 0x02_00_00, 2 => 0x01_00_00, 3 => 0x07_80_00, _ => 0x00_ff_00,
    };

    public string Name => "virtio-pci " + device.Name;
    public VirtioDevice Device => device;
    /// <summary>The transport-independent state (status, features, queues) behind these registers.</summary>
    public VirtioCore Core => core;
    public string? LastError => core.LastError;
    public Action<string>? Log { get => core.Log; init => core.Log = value; }

    private bool MsixEnabled => (ConfigByte(MsixCap + 3) & 0x80) != 0;

    public override ulong ReadBar(int bar, ulong offset, int size)
    {
        lock (core.Gate)
        {
            switch (bar)
            {
                case LegacyBar: return ReadLegacy((int)offset, size);
                case MsixBar:
                    return offset + (ulong)size <= (ulong)msixTable.Length ? Bytes(msixTable, (int)offset, size) : 0;
                default:
                    return (offset / RegionSize * RegionSize) switch
                    {
                        CommonOffset => ReadCommon((int)offset, size),
                        IsrOffset => core.TakeInterruptStatus(),
                        DeviceConfigOffset => Bytes(device.Config(), (int)(offset - DeviceConfigOffset), size),
                        _ => 0,
                    };
            }
        }
    }

    public override void WriteBar(int bar, ulong offset, int size, ulong value)
    {
        bool reset = bar == LegacyBar && offset == LegStatus && (byte)value == 0
            || bar == ModernBar && offset == ComStatus && (byte)value == 0;
        if (reset)
        {
            // Requests still being served finish (into the old queues) before the reset.
            core.Reset();
            return;
        }
        lock (core.Gate)
        {
            switch (bar)
            {
                case LegacyBar: WriteLegacy((int)offset, size, (uint)value); break;
                case MsixBar:
                    for (int i = 0; i < size; i++)
                        if (offset + (ulong)i < (ulong)msixTable.Length) msixTable[offset + (ulong)i] = (byte)(value >> (8 * i));
                    break;
                default:
                    if (offset < CommonOffset + RegionSize) WriteCommon((int)offset, size, value);
                    else if (offset >= DeviceConfigOffset && offset < DeviceConfigOffset + RegionSize)
                        for (int i = 0; i < size; i++) device.WriteConfig((int)(offset - DeviceConfigOffset) + i, (byte)(value >> (8 * i)));
                    else if (offset >= NotifyOffset && offset < NotifyOffset + RegionSize) Notify((int)((offset - NotifyOffset) / NotifyMultiplier));
                    break;
            }
        }
    }

    private static ulong Bytes(byte[] data, int offset, int size)
    {
        ulong v = 0;
        for (int i = 0; i < size; i++)
            if (offset + i >= 0 && offset + i < data.Length) v |= (ulong)data[offset + i] << (8 * i);
        return v;
    }

    // A device touches guest memory only while bus mastering is on.
    private void Notify(int queue)
    {
        if (BusMaster) core.Notify((uint)queue);
    }

    private ulong ReadLegacy(int offset, int size)
    {
        int configAt = MsixEnabled ? LegConfigVector + 4 : LegConfigVector;
        if (offset >= configAt) return Bytes(device.Config(), offset - configAt, size);
        Virtqueue? q = core.SelectedQueue;
        return offset switch
        {
            LegHostFeatures => (uint)core.OfferedFeatures,
            LegGuestFeatures => (uint)core.DriverFeatures,
            LegQueuePfn => q is { Ready: true } ? (uint)(q.DescAddress >> LegacyPageShift) : 0,
            LegQueueNum => q is null ? 0u : q.Size,
            LegQueueSel => core.QueueSelect,
            LegStatus => core.Status,
            LegIsr => core.TakeInterruptStatus(),
            LegConfigVector when MsixEnabled => configVector,
            LegQueueVector when MsixEnabled => q is null ? NoVector : queueVector[core.QueueSelect],
            _ => 0,
        };
    }

    private void WriteLegacy(int offset, int size, uint v)
    {
        int configAt = MsixEnabled ? LegConfigVector + 4 : LegConfigVector;
        if (offset >= configAt)
        {
            for (int i = 0; i < size; i++) device.WriteConfig(offset - configAt + i, (byte)(v >> (8 * i)));
            return;
        }
        Virtqueue? q = core.SelectedQueue;
        switch (offset)
        {
            case LegGuestFeatures: core.WriteLegacyDriverFeatures(v); break;
            case LegQueuePfn:
                if (q is null) break;
                // Legacy layout: descriptors at PFN * 4096, the available ring after them, the used ring at the next
                // 4096 boundary; PFN 0 takes the queue out of use.
                q.Ready = v != 0;
                q.DescAddress = (ulong)v << LegacyPageShift;
                q.AvailAddress = q.DescAddress + 16UL * q.Size;
                q.UsedAddress = (q.AvailAddress + 6 + 2UL * q.Size + LegacyAlign - 1) / LegacyAlign * LegacyAlign;
                break;
            case LegQueueSel: core.QueueSelect = (ushort)v; break;
            case LegQueueNotify: Notify((ushort)v); break;
            case LegStatus: core.WriteStatus((byte)v, legacy: true); break;
            case LegConfigVector when MsixEnabled: configVector = Vector(v); break;
            case LegQueueVector when MsixEnabled: if (q is not null) queueVector[core.QueueSelect] = Vector(v); break;
        }
    }

    // A vector the table lacks reads back as NO_VECTOR, so a driver sees that it was refused.
    private static ushort Vector(uint v) => v < MsixVectors ? (ushort)v : NoVector;

    private ulong CommonField(int field)
    {
        Virtqueue? q = core.SelectedQueue;
        return field switch
        {
            ComDfSelect => core.DeviceFeaturesSelect,
            ComDf => core.DeviceFeatureWord,
            ComGfSelect => core.DriverFeaturesSelect,
            ComGf => core.DriverFeatureWord,
            ComMsix => configVector,
            ComNumQueues => (ulong)core.QueueCount,
            ComStatus => core.Status,
            ComGeneration => core.ConfigGeneration & 0xff,
            ComQSelect => core.QueueSelect,
            ComQSize => q?.Size ?? 0,
            ComQMsix => q is null ? NoVector : queueVector[core.QueueSelect],
            ComQEnable => q is { Ready: true } ? 1u : 0,
            ComQNotifyOff => core.QueueSelect,
            ComQDesc => q?.DescAddress ?? 0,
            ComQDriver => q?.AvailAddress ?? 0,
            ComQDevice => q?.UsedAddress ?? 0,
            _ => 0,
        };
    }

    private void SetCommonField(int field, ulong v)
    {
        Virtqueue? q = core.SelectedQueue;
        switch (field)
        {
            case ComDfSelect: core.DeviceFeaturesSelect = (uint)v; break;
            case ComGfSelect: core.DriverFeaturesSelect = (uint)v; break;
            case ComGf: core.WriteDriverFeatureWord((uint)v); break;
            case ComMsix: configVector = Vector((uint)v); break;
            case ComStatus: core.WriteStatus((byte)v, legacy: false); break;
            case ComQSelect: core.QueueSelect = (uint)v; break;
            // As QEMU: a size of 0 or above the maximum is ignored.
            case ComQSize: if (q is not null && v is > 0 and <= Virtqueue.MaxSize) q.Size = (uint)v; break;
            case ComQMsix: if (q is not null) queueVector[core.QueueSelect] = Vector((uint)v); break;
            case ComQEnable: if (q is not null && (v & 1) != 0) q.Ready = true; break;
            case ComQDesc: if (q is not null) q.DescAddress = v; break;
            case ComQDriver: if (q is not null) q.AvailAddress = v; break;
            case ComQDevice: if (q is not null) q.UsedAddress = v; break;
        }
    }

    private ulong ReadCommon(int offset, int size)
    {
        ulong v = 0;
        for (int i = 0; i < size; i++)
        {
            int at = offset + i;
            foreach (var (o, w) in CommonFields)
                if (at >= o && at < o + w) v |= ((CommonField(o) >> (8 * (at - o))) & 0xff) << (8 * i);
        }
        return v;
    }

    // Any access size: each field the write covers takes the written bytes over its current value (the 64-bit
    // queue addresses arrive as two 32-bit halves).
    private void WriteCommon(int offset, int size, ulong value)
    {
        if (offset >= ComEnd) return;
        foreach (var (o, w) in CommonFields)
        {
            int from = Math.Max(o, offset), to = Math.Min(o + w, offset + size);
            if (from >= to) continue;
            ulong v = CommonField(o);
            for (int at = from; at < to; at++)
            {
                int shift = 8 * (at - o);
                v = (v & ~(0xffUL << shift)) | (((value >> (8 * (at - offset))) & 0xff) << shift);
            }
            SetCommonField(o, v);
        }
    }

    // INTx follows the ISR; with MSI-X enabled the function does not use INTx (and has no MSI controller to reach).
    private void UpdateLine() => RequestInterrupt(core.InterruptStatus != 0 && !MsixEnabled);

    protected override void ConfigWritten(int reg)
    {
        if (reg == (MsixCap & ~3)) lock (core.Gate) UpdateLine();
    }

    // VIRTIO_PCI_CAP_PCI_CFG: the guest sets bar, offset and length in the capability, then reads or writes its
    // data dword to reach that BAR without mapping it.
    protected override uint? ConfigRead(int reg)
    {
        if (reg != PciCfgCap + 16) return null;
        var (bar, offset, length) = PciCfgWindow();
        return length is 1 or 2 or 4 && bar == ModernBar ? (uint)ReadBar(bar, offset, length) : 0;
    }

    protected override bool ConfigWrite(int reg, int size, uint value)
    {
        if (reg != PciCfgCap + 16) return false;
        var (bar, offset, length) = PciCfgWindow();
        if (length is 1 or 2 or 4 && length <= size && bar == ModernBar) WriteBar(bar, offset, length, value);
        return true;
    }

    private (int Bar, ulong Offset, int Length) PciCfgWindow() =>
        (ConfigByte(PciCfgCap + 4),
         (ulong)(ConfigByte(PciCfgCap + 8) | ConfigByte(PciCfgCap + 9) << 8 | ConfigByte(PciCfgCap + 10) << 16 | ConfigByte(PciCfgCap + 11) << 24),
         ConfigByte(PciCfgCap + 12) | ConfigByte(PciCfgCap + 13) << 8);
}
