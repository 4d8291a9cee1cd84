// A System V shared memory segment: pages every attachment (shmat) maps, kept until removed and detached.
using System.Runtime.InteropServices;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Ipc;

/// <summary>
/// One segment. Its pages are a <see cref="SharedPages"/> object that holds one mapping for the segment
/// itself while it is not removed, plus one per VMA that maps it (attachments, their forks and splits),
/// so the attach count is Linux's shm_nattch. IPC_RMID of an attached segment marks it SHM_DEST and makes
/// its key private; the pages go with the last detach.
/// </summary>
public sealed class SharedSegment : IpcObject
{
    public const ulong MinSize = 1, MaxSize = ulong.MaxValue - (1UL << 24); // SHMMIN, SHMMAX (and SHMALL, in pages)
    public const int MaxSegments = 4096;
    public const int Destroyed = 0x200, Locked = 0x400; // SHM_DEST, SHM_LOCKED in shm_perm.mode
    public const int StructSize = 112;

    public SharedSegment(int key, int mode, Credentials credentials, ulong size, int creatorPid, FrameAllocator frames, Action released)
        : base(key, mode, credentials)
    {
        Size = size;
        CreatorPid = creatorPid;
        Pages = new SharedPages(frames, released: released);
    }

    public ulong Size { get; }
    public SharedPages Pages { get; }
    public int CreatorPid, LastPid;
    public long AttachTime, DetachTime;

    public bool IsDestroyed => (Mode & Destroyed) != 0;

    /// <summary>The VMAs that map the segment (the segment's own reference excluded).</summary>
    public int Attachments => Pages.Mappings - (IsDestroyed ? 0 : 1);

    /// <summary>struct shmid64_ds.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[StructSize];
        var s = b.AsSpan();
        WritePermissions(s);
        MemoryMarshal.Write(s[48..], Size);
        MemoryMarshal.Write(s[56..], AttachTime);
        MemoryMarshal.Write(s[64..], DetachTime);
        MemoryMarshal.Write(s[72..], ChangeTime);
        MemoryMarshal.Write(s[80..], CreatorPid);
        MemoryMarshal.Write(s[84..], LastPid);
        MemoryMarshal.Write(s[88..], (ulong)Attachments);
        return b;
    }
}
