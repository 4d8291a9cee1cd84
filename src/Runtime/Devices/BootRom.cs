// Read-only memory for the machine's reset vector and boot data (QEMU virt's "mrom" at 0x1000).
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A read-only device holding fixed bytes: loads of any size read them (little-endian), stores fault.
/// Instructions are not fetched from it (engines run from RAM): the machine starts harts with the
/// registers the reset code would set, and the ROM keeps the data the firmware reads (fw_dynamic_info).
/// </summary>
public sealed class BootRom(ulong @base, byte[] contents, ulong size) : IMmioDevice
{
    public const ulong DefaultBase = 0x1000, DefaultSize = 0xF000;

    public string Name => "mrom";
    public ulong Base { get; } = @base;
    public ulong Size { get; } = size;

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            ulong at = offset + (ulong)i;
            value = (value << 8) | (at < (ulong)contents.Length ? contents[at] : 0u);
        }
        return true;
    }

    public bool Write(ulong offset, int size, ulong value) => false;
}
