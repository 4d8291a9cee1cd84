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
    public const uint UartIrq = 10, RtcIrq = 11, VirtioIrq = 1;
    public const int VirtioSlots = 8;

    /// <summary>Where QEMU's reset code keeps the boot data in the mrom: start address, DTB address, and
    /// the fw_dynamic_info structure.</summary>
    public const ulong ResetStartAddress = MromBase + 0x18, ResetFdtAddress = MromBase + 0x20, FwDynamicInfo = MromBase + 0x28;
}
