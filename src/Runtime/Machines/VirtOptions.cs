namespace RvJit.Runtime.Machines;

/// <summary>What to boot on the virt machine, with QEMU's meaning of -bios, -kernel, -initrd, -append, -smp.</summary>
public sealed class VirtOptions
{
    /// <summary>RAM size, engine, limits and clock (RamBase is fixed at 0x8000_0000 on virt).</summary>
    public MachineOptions Machine { get; init; } = new();

    public int Harts { get; init; } = 1;

    /// <summary>M-mode firmware (ELF, or a raw binary loaded at RAM's base); null = `-bios none`.</summary>
    public string? Bios { get; init; }

    /// <summary>The kernel or payload: an ELF at its physical addresses, or a raw image (a Linux `Image`) at the
    /// first 2 MiB boundary past the firmware (RAM's base without firmware).</summary>
    public string? Kernel { get; init; }

    public string? Initrd { get; init; }

    /// <summary>The kernel command line (/chosen/bootargs).</summary>
    public string? Append { get; init; }

    /// <summary>A device tree to pass instead of the generated one.</summary>
    public byte[]? Dtb { get; init; }

    /// <summary>Virtio devices in command-line order: the first takes the highest slot (0x1000_8000, IRQ 8), as on QEMU.</summary>
    public IReadOnlyList<VirtioDeviceSpec> VirtioDevices { get; init; } = [];

    /// <summary>The legacy virtio-mmio interface (version 1), QEMU 7.2's default (-global virtio-mmio.force-legacy=true);
    /// false gives the modern one (version 2).</summary>
    public bool VirtioLegacy { get; init; } = true;

    /// <summary>Where the devices report guest mistakes that stop them (QEMU prints these on stderr).</summary>
    public Action<string>? DeviceLog { get; init; }

    /// <summary>Receives the UART's output bytes.</summary>
    public Stream? Console { get; init; }
}
