// struct statx: the architecture-independent stat record shared by the host and guest kernels.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// Linux struct statx (256 bytes, identical on every architecture). The VFS describes every file with it:
/// host files through the host's statx, virtual files by filling it in; the guest's statx gets it verbatim
/// and stat/fstat/newfstatat convert it to the riscv64 struct stat (<see cref="GuestStat"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
public struct StatxBuffer
{
    public const uint MaskBasicStats = 0x7ff, MaskBirthTime = 0x800;

    public uint Mask;
    public uint BlockSize;
    public ulong Attributes;
    public uint LinkCount;
    public uint Uid;
    public uint Gid;
    public ushort Mode;
    private ushort pad1;
    public ulong Inode;
    public ulong Size;
    public ulong Blocks;
    public ulong AttributesMask;
    public StatxTimestamp AccessTime;
    public StatxTimestamp BirthTime;
    public StatxTimestamp ChangeTime;
    public StatxTimestamp ModifyTime;
    public uint RdevMajor;
    public uint RdevMinor;
    public uint DevMajor;
    public uint DevMinor;

    public readonly uint FileType => Mode & StatMode.TypeMask;
    public readonly bool IsDirectory => FileType == StatMode.Directory;
    public readonly bool IsSymlink => FileType == StatMode.Symlink;
    public readonly bool IsRegular => FileType == StatMode.Regular;

    /// <summary>Device number in glibc's dev_t encoding (makedev).</summary>
    public readonly ulong Device => StatMode.MakeDev(DevMajor, DevMinor);
    public readonly ulong RawDevice => StatMode.MakeDev(RdevMajor, RdevMinor);

    /// <summary>A record for a file that exists only in the kernel (procfs, devices, pipes).</summary>
    public static StatxBuffer Virtual(uint mode, ulong inode, ulong size = 0, uint devMajor = 0, uint devMinor = 5, uint rdevMajor = 0, uint rdevMinor = 0)
    {
        var now = StatxTimestamp.Now;
        return new StatxBuffer
        {
            Mask = MaskBasicStats,
            BlockSize = 4096,
            LinkCount = 1,
            Uid = Host.LibC.GetUid(),
            Gid = Host.LibC.GetGid(),
            Mode = (ushort)mode,
            Inode = inode,
            Size = size,
            AccessTime = now,
            ModifyTime = now,
            ChangeTime = now,
            BirthTime = now,
            DevMajor = devMajor,
            DevMinor = devMinor,
            RdevMajor = rdevMajor,
            RdevMinor = rdevMinor,
        };
    }
}

[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct StatxTimestamp
{
    public long Seconds;
    public uint Nanoseconds;

    public static StatxTimestamp Now
    {
        get
        {
            long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
            return new StatxTimestamp { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = (uint)(ticks % TimeSpan.TicksPerSecond * 100) };
        }
    }
}

/// <summary>st_mode type bits and the dev_t encoding.</summary>
public static class StatMode
{
    public const uint TypeMask = 0xF000, Socket = 0xC000, Symlink = 0xA000, Regular = 0x8000, Block = 0x6000,
        Directory = 0x4000, CharDevice = 0x2000, Fifo = 0x1000;

    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfff) << 8) | (minor & 0xff) | ((ulong)(major & ~0xfffu) << 32) | ((ulong)(minor & ~0xffu) << 12);

    /// <summary>d_type for getdents64 from a mode.</summary>
    public static byte DirentType(uint mode) => (byte)((mode & TypeMask) >> 12);
}
