// Auxiliary vector keys (AT_*) and the hardware capability bits rvjit reports.
namespace RvJit.Kernel.Loader;

/// <summary>AT_* keys of the auxiliary vector (linux/auxvec.h).</summary>
public static class AuxKey
{
    public const ulong Null = 0, Phdr = 3, Phent = 4, Phnum = 5, Pagesz = 6, Base = 7, Flags = 8, Entry = 9,
        Uid = 11, Euid = 12, Gid = 13, Egid = 14, Platform = 15, Hwcap = 16, Clktck = 17, Secure = 23,
        Random = 25, Hwcap2 = 26, Execfn = 31, SysinfoEhdr = 33, MinSigStkSz = 51;

    /// <summary>AT_HWCAP for RV64IMAFDC: one bit per single-letter extension (bit = letter - 'a').</summary>
    public const ulong HwcapRv64Gc =
        (1UL << ('i' - 'a')) | (1UL << ('m' - 'a')) | (1UL << ('a' - 'a')) |
        (1UL << ('f' - 'a')) | (1UL << ('d' - 'a')) | (1UL << ('c' - 'a'));

    /// <summary>sysconf(_SC_CLK_TCK).</summary>
    public const ulong ClockTicks = 100;
}
