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

    /// <summary>The flash banks' images (QEMU's -drive if=pflash,unit=0|1): index 0 at 0x2000_0000, 1 at 0x2200_0000;
    /// null or missing = a bank without a drive (it reads as zeros).</summary>
    public IReadOnlyList<PflashDrive?> Pflash { get; init; } = [];

    /// <summary>Named fw_cfg files (QEMU's -fw_cfg name=...,file=F|string=S), in command-line order.</summary>
    public IReadOnlyList<FwCfgFile> FwCfgFiles { get; init; } = [];

    /// <summary>Where the devices report guest mistakes that stop them (QEMU prints these on stderr).</summary>
    public Action<string>? DeviceLog { get; init; }

    /// <summary>Receives the UART's output bytes.</summary>
    public Stream? Console { get; init; }
}

/// <summary>A flash bank's raw image; writes go back to it unless <paramref name="ReadOnly"/> (the guest's programs and
/// erases then fail with QEMU's status bits) or <paramref name="Snapshot"/> (they stay in memory).</summary>
public sealed record PflashDrive(string Path, bool ReadOnly = false, bool Snapshot = false);

/// <summary>A file in fw_cfg's directory.</summary>
public sealed record FwCfgFile(string Name, byte[] Data);
