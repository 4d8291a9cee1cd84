// Where things go in a process's virtual address space (the Linux riscv64 Sv39 layout).
namespace RvJit.Kernel.Memory;

/// <summary>Fixed points of the user address space (Linux riscv64 with Sv39: TASK_SIZE = 2^38).</summary>
public static class MemoryLayout
{
    /// <summary>One past the highest user address.</summary>
    public const ulong UserLimit = PageTable.UserLimit;

    /// <summary>The initial stack ends here (grows down).</summary>
    public const ulong StackTop = UserLimit;

    /// <summary>Pages mapped for the initial stack; it grows on demand up to the stack limit.</summary>
    public const ulong InitialStackSize = 128 << 10;

    /// <summary>Default RLIMIT_STACK.</summary>
    public const ulong DefaultStackLimit = 8 << 20;

    /// <summary>mmap without a hint allocates downwards from here (Linux leaves 128 MiB for the stack).</summary>
    public const ulong MmapBase = UserLimit - (128UL << 20);

    /// <summary>Where a position-independent main program is loaded (ELF_ET_DYN_BASE: two thirds of TASK_SIZE).</summary>
    public const ulong PieBase = (UserLimit / 3 * 2) & ~Page.OffsetMask;

    /// <summary>Nothing is mapped below this (mmap_min_addr).</summary>
    public const ulong MinMapAddress = 0x10000;
}
