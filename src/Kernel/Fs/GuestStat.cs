// The riscv64 struct stat (asm-generic/stat.h) that stat, fstat and newfstatat fill in.
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>The guest's 128-byte struct stat.</summary>
[StructLayout(LayoutKind.Sequential, Size = 128)]
public struct GuestStat
{
    public ulong Device;
    public ulong Inode;
    public uint Mode;
    public uint LinkCount;
    public uint Uid;
    public uint Gid;
    public ulong RawDevice;
    private ulong pad1;
    public long Size;
    public int BlockSize;
    private int pad2;
    public long Blocks;
    public long AccessSeconds;
    public ulong AccessNanoseconds;
    public long ModifySeconds;
    public ulong ModifyNanoseconds;
    public long ChangeSeconds;
    public ulong ChangeNanoseconds;

    public static GuestStat From(in StatxBuffer s) => new()
    {
        Device = s.Device,
        Inode = s.Inode,
        Mode = s.Mode,
        LinkCount = s.LinkCount,
        Uid = s.Uid,
        Gid = s.Gid,
        RawDevice = s.RawDevice,
        Size = (long)s.Size,
        BlockSize = (int)s.BlockSize,
        Blocks = (long)s.Blocks,
        AccessSeconds = s.AccessTime.Seconds,
        AccessNanoseconds = s.AccessTime.Nanoseconds,
        ModifySeconds = s.ModifyTime.Seconds,
        ModifyNanoseconds = s.ModifyTime.Nanoseconds,
        ChangeSeconds = s.ChangeTime.Seconds,
        ChangeNanoseconds = s.ChangeTime.Nanoseconds,
    };
}
