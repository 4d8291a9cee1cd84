// What every System V IPC object has: a key, an id, owner and creator, permission bits (struct ipc64_perm).
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Ipc;

/// <summary>IPC_* flag and command values shared by the three kinds of objects (asm-generic/ipc.h, linux/ipc.h).</summary>
public static class IpcFlags
{
    public const int Private = 0;
    public const int Create = 0x200, Exclusive = 0x400, NoWait = 0x800;
    public const int Remove = 0, Set = 1, Stat = 2, Info = 3;
    public const int ReadAccess = 0x124, WriteAccess = 0x92; // S_IRUGO, S_IWUGO
}

/// <summary>
/// One message queue, semaphore set or shared memory segment. Its id encodes a table index and a sequence
/// number (id = sequence * 32768 + index, as Linux builds it) so a stale id of a removed object fails.
/// </summary>
public abstract class IpcObject
{
    public const int PermissionsSize = 48;

    public int Id { get; internal set; }
    public int Index { get; internal set; }
    public ushort Sequence { get; internal set; }
    public int Key { get; set; }
    public uint Uid, Gid, CreatorUid, CreatorGid;
    /// <summary>The low 9 bits are rwx for owner, group, others; shared memory adds SHM_DEST and SHM_LOCKED.</summary>
    public int Mode;
    /// <summary>Seconds since the epoch of the last IPC_SET or creation.</summary>
    public long ChangeTime;
    /// <summary>IPC_RMID has removed the object: blocked callers return EIDRM.</summary>
    public bool Removed { get; internal set; }

    protected IpcObject(int key, int mode, Credentials credentials)
    {
        Key = key;
        Mode = mode & 0x1ff;
        Uid = CreatorUid = credentials.Uid;
        Gid = CreatorGid = credentials.Gid;
        ChangeTime = Now;
    }

    public static long Now => KernelClock.RealtimeNanoseconds / 1_000_000_000;

    /// <summary>
    /// Linux's ipcperms: the bits <paramref name="requested"/> asks for (any of owner/group/other positions)
    /// must be granted by the owner's, group's or others' bits, whichever class the caller is in; root
    /// (CAP_IPC_OWNER) may do anything.
    /// </summary>
    public bool Allows(int requested, Credentials caller)
    {
        if (caller.Uid == 0) return true;
        int wanted = (requested >> 6 | requested >> 3 | requested) & 7;
        int granted = caller.Uid == Uid || caller.Uid == CreatorUid ? Mode >> 6
            : caller.Gid == Gid || caller.Gid == CreatorGid ? Mode >> 3 : Mode;
        return (wanted & ~granted & 7) == 0;
    }

    /// <summary>IPC_SET and IPC_RMID: the owner, the creator or root (CAP_SYS_ADMIN).</summary>
    public bool IsControlledBy(Credentials caller) => caller.Uid == 0 || caller.Uid == Uid || caller.Uid == CreatorUid;

    /// <summary>struct ipc64_perm: key, uid, gid, cuid, cgid, mode, seq (ushort), padding, two unused longs.</summary>
    public void WritePermissions(Span<byte> b)
    {
        MemoryMarshal.Write(b, Key);
        MemoryMarshal.Write(b[4..], Uid);
        MemoryMarshal.Write(b[8..], Gid);
        MemoryMarshal.Write(b[12..], CreatorUid);
        MemoryMarshal.Write(b[16..], CreatorGid);
        MemoryMarshal.Write(b[20..], Mode);
        MemoryMarshal.Write(b[24..], Sequence);
    }

    /// <summary>IPC_SET: the new owner and permission bits from a struct ipc64_perm.</summary>
    public void ReadPermissions(ReadOnlySpan<byte> b)
    {
        Uid = MemoryMarshal.Read<uint>(b[4..]);
        Gid = MemoryMarshal.Read<uint>(b[8..]);
        Mode = (Mode & ~0x1ff) | (MemoryMarshal.Read<int>(b[20..]) & 0x1ff);
        ChangeTime = Now;
    }
}
