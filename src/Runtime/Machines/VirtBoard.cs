namespace RvJit.Runtime.Machines;

/// <summary>The memory map and interrupt numbers of QEMU's `virt` board (hw/riscv/virt.c), which rvjit's
/// `--machine virt` follows so that firmware and kernels built for it run unchanged.</summary>
public static class VirtBoard
{
    public const ulong MromBase = 0x1000, MromSize = 0xF000;
    public const ulong TestBase = 0x10_0000;
    public const ulong RtcBase = 0x10_1000;
    public const ulong ClintBase = 0x0200_0000;
    public const ulong PlicBase = 0x0c00_0000, PlicSize = 0x60_0000;
    public const ulong UartBase = 0x1000_0000;
    public const ulong VirtioBase = 0x1000_1000, VirtioStride = 0x1000;
    public const ulong RamBase = 0x8000_0000;
    /// <summary>Two CFI flash banks (QEMU's pflash0 and pflash1), one after the other.</summary>
    public const ulong FlashBase = 0x2000_0000, FlashBankSize = 0x200_0000;
    public const int FlashBanks = 2;
    public const ulong FwCfgBase = 0x1010_0000;
    /// <summary>QEMU's platform bus window (no device on it: only its device-tree node).</summary>
    public const ulong PlatformBusBase = 0x400_0000, PlatformBusSize = 0x200_0000;
    public const uint UartIrq = 10, RtcIrq = 11, VirtioIrq = 1;
    public const int VirtioSlots = 8;

    /// <summary>The generic PCIe host (QEMU's gpex): ECAM configuration space, the I/O window (PCI I/O addresses from
    /// 0), the 32-bit memory window (PCI address = CPU address), INTA..INTD on PLIC sources 0x20..0x23.</summary>
    public const ulong PcieEcamBase = 0x3000_0000, PcieEcamSize = 0x1000_0000;
    public const ulong PciePioBase = 0x0300_0000, PciePioSize = 0x1_0000;
    public const ulong PcieMmioBase = 0x4000_0000, PcieMmioSize = 0x4000_0000;
    public const ulong PcieHighMmioSize = 0x4_0000_0000;
    public const uint PcieIrq = 0x20;
    public const int PcieIrqLines = 4;

    /// <summary>The 64-bit memory window (16 GiB): past RAM's end, aligned to its size, as QEMU 7.2 places it
    /// (0x4_0000_0000 for RAM up to 14 GiB).</summary>
    public static ulong PcieHighMmioBase(ulong ramSize) => (RamBase + ramSize + PcieHighMmioSize - 1) / PcieHighMmioSize * PcieHighMmioSize;

    /// <summary>Where QEMU's reset code keeps the boot data in the mrom: start address, DTB address, and
    /// the fw_dynamic_info structure.</summary>
    public const ulong ResetStartAddress = MromBase + 0x18, ResetFdtAddress = MromBase + 0x20, FwDynamicInfo = MromBase + 0x28;
}
