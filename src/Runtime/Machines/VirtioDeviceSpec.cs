namespace RvJit.Runtime.Machines;

/// <summary>A virtio device on the virt board's virtio-mmio slots or its PCIe bus (QEMU's -device / -drive).</summary>
public abstract record VirtioDeviceSpec
{
    /// <summary>QEMU's bus=virtio-mmio-bus.N: the slot N (0x1000_1000 + N * 0x1000, IRQ 1 + N), where kernels that
    /// hard-code a device's address (xv6's disk at 0x1000_1000) look; null: the highest slot still free.</summary>
    public int? Slot { get; init; }

    /// <summary>The device is a virtio-*-pci function on the PCIe host instead of a virtio-mmio one.</summary>
    public bool Pci { get; init; }

    /// <summary>QEMU's addr=N for a PCI device: its slot on bus 0; null: the first free slot (1, 2, ... in order).</summary>
    public int? PciSlot { get; init; }
}

/// <summary>virtio-blk-device on a raw or qcow2 image (<paramref name="Format"/> null: probed); <paramref name="Snapshot"/> keeps writes in memory (the file is never written).</summary>
public sealed record VirtioBlkSpec(string Path, bool ReadOnly = false, bool Snapshot = false, string? Serial = null, string? Format = null) : VirtioDeviceSpec;

/// <summary>virtio-rng-device: host randomness.</summary>
public sealed record VirtioRngSpec : VirtioDeviceSpec;

/// <summary>virtio-serial-device with a virtconsole on port 0: on the machine's console (stdio), into a file, or nowhere.</summary>
public sealed record VirtioConsoleSpec(bool Stdio = false, string? FilePath = null) : VirtioDeviceSpec;

/// <summary>virtio-net-device on a user-mode network (-netdev user); the MAC defaults to QEMU's (52:54:00:12:34:56,
/// then :57 and on for the next NICs).</summary>
public sealed record VirtioNetSpec(Net.UserNetworkOptions Network, Net.MacAddress? Mac = null) : VirtioDeviceSpec;
