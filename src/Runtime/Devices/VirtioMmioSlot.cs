// An empty virtio-mmio transport slot, as QEMU's virt board has eight of at 0x1000_1000 + 0x1000*i.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A virtio-mmio slot with no device behind it: MagicValue "virt", Version 2 (1 with the legacy interface, as
/// QEMU's empty transports say), DeviceID 0 (drivers skip it), VendorID "QEMU"; every other register reads 0
/// and writes are ignored.
/// </summary>
public sealed class VirtioMmioSlot(ulong @base, bool legacy = false) : IMmioDevice
{
    public const uint MagicValue = 0x7472_6976, VendorQemu = 0x554D_4551;

    public string Name => "virtio-mmio";
    public ulong Base { get; } = @base;
    public ulong Size => 0x1000;

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = offset switch { 0x000 => MagicValue, 0x004 => legacy ? 1u : 2u, 0x00C => VendorQemu, _ => 0 };
        return true;
    }

    public bool Write(ulong offset, int size, ulong value) => true;
}
