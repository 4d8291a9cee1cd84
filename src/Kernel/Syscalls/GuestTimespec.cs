// A guest's struct timespec (two 64-bit fields on riscv64), read and checked as Linux checks it, and written back.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Syscalls;

internal static class GuestTimespec
{
    /// <summary>What a time too large to add to a clock's reading stands for: about 146 years, never reached.</summary>
    public const long Forever = long.MaxValue / 2;

    /// <summary>
    /// Reads the timespec at <paramref name="address"/> as nanoseconds: EFAULT when it cannot be read, EINVAL when
    /// tv_sec is negative or tv_nsec outside [0, 1e9) (Linux's timespec64_valid); a time past <see cref="Forever"/> is
    /// <see cref="Forever"/>, so callers may add it to a clock's reading.
    /// </summary>
    public static Errno Read(SyscallContext c, ulong address, out long nanoseconds)
    {
        nanoseconds = 0;
        if (c.Memory.Read(address, out long seconds) != Errno.Success || c.Memory.Read(address + 8, out long fraction) != Errno.Success)
            return Errno.EFAULT;
        if (seconds < 0 || fraction is < 0 or >= 1_000_000_000) return Errno.EINVAL;
        nanoseconds = seconds >= Forever / 1_000_000_000 ? Forever : seconds * 1_000_000_000 + fraction;
        return Errno.Success;
    }

    /// <summary>Writes <paramref name="nanoseconds"/> (not negative) as a timespec at <paramref name="address"/>.</summary>
    public static Errno Write(SyscallContext c, ulong address, long nanoseconds)
    {
        Span<long> ts = [nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000];
        return c.Memory.Write(address, MemoryMarshal.AsBytes(ts));
    }
}
