// System V shared memory: shmget, shmat, shmdt, shmctl.
using System.Runtime.InteropServices;
using RvJit.Kernel.Ipc;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Shared memory segments of the kernel's IPC namespace: an attachment is a MAP_SHARED mapping of the
/// segment's pages, so fork shares it and exec or exit detaches it like any shared mapping. Checks follow
/// ipc/shm.c's order.
/// </summary>
public static class SharedMemorySyscalls
{
    private const int ShmRdOnly = 0x1000, ShmRnd = 0x2000, ShmRemap = 0x4000, ShmExec = 0x8000;
    private const int ShmLock = 11, ShmUnlock = 12, ShmStat = 13, ShmInfo = 14, ShmStatAny = 15;
    private const ulong Shmlba = Page.Size;

    public static void Register(SyscallTable t)
    {
        t.Add("shmget", "i,u,x", ShmGet);
        t.Add("shmat", "i,p,x", ShmAt);
        t.Add("shmdt", "p", ShmDt);
        t.Add("shmctl", "i,i,p", ShmCtl);
    }

    private static long ShmGet(SyscallContext c)
    {
        var kernel = c.Kernel;
        var table = kernel.Ipc.SharedSegments;
        int key = (int)c.A0, flags = (int)c.A2;
        ulong size = c.A1;
        return table.Get(key, flags, kernel.Credentials,
            existing => existing.Size < size ? Errno.EINVAL : Errno.Success,
            () =>
            {
                if (size < SharedSegment.MinSize || size > SharedSegment.MaxSize) return Errno.EINVAL;
                SharedSegment? made = null;
                made = new SharedSegment(key, flags, kernel.Credentials, size, c.Process.Pid, kernel.Frames, () => table.Remove(made!));
                return made;
            });
    }

    private static long ShmAt(SyscallContext c)
    {
        int id = (int)c.A0, flags = (int)c.A2;
        ulong address = c.A1;
        if (id < 0) return Errno.EINVAL.Fail();
        var options = MapOptions.None;
        if (address != 0)
        {
            if ((address & (Shmlba - 1)) != 0)
            {
                if ((flags & ShmRnd) == 0) return Errno.EINVAL.Fail();
                address &= ~(Shmlba - 1);
                if (address == 0 && (flags & ShmRemap) != 0) return Errno.EINVAL.Fail();
            }
            options = MapOptions.Fixed;
        }
        else if ((flags & ShmRemap) != 0) return Errno.EINVAL.Fail();

        var protection = Protection.Read;
        int access = IpcFlags.ReadAccess;
        if ((flags & ShmRdOnly) == 0) { protection |= Protection.Write; access |= IpcFlags.WriteAccess; }
        if ((flags & ShmExec) != 0) { protection |= Protection.Execute; access |= 0x49; }

        var segment = c.Kernel.Ipc.SharedSegments.Find(id);
        if (segment is null) return Errno.EINVAL.Fail();
        if (!segment.Allows(access, c.Kernel.Credentials)) return Errno.EACCES.Fail();
        var space = c.Process.Space;
        if (!Page.TryAlignUp(segment.Size, out ulong length)) return Errno.EINVAL.Fail();
        // Without SHM_REMAP an attachment never replaces a mapping.
        if (options == MapOptions.Fixed && (flags & ShmRemap) == 0 &&
            (!AddressSpace.IsUserRange(address, length) || !space.IsFree(address, address + length)))
            return Errno.EINVAL.Fail();
        segment.Pages.AddMapping();
        long r = space.Map(address, segment.Size, protection, options, new MapBacking(Shared: segment.Pages, Name: $"/SYSV{segment.Key:x8} (deleted)"));
        if (ErrnoExtensions.IsError(r))
        {
            segment.Pages.RemoveMapping();
            return r;
        }
        segment.AttachTime = IpcObject.Now;
        segment.LastPid = c.Process.Pid;
        return r;
    }

    // The attachment starting exactly at the address goes: every VMA of that segment in [address, address + size).
    private static long ShmDt(SyscallContext c)
    {
        ulong address = c.A0;
        if ((address & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        var space = c.Process.Space;
        var first = space.Find(address);
        if (first is null || first.Start != address || first.Offset != 0 || first.Shared is null) return Errno.EINVAL.Fail();
        var segment = c.Kernel.Ipc.SharedSegments.All.FirstOrDefault(s => ReferenceEquals(s.Pages, first.Shared));
        if (segment is null) return Errno.EINVAL.Fail();
        Page.TryAlignUp(segment.Size, out ulong length);
        var parts = space.Areas.Where(v => ReferenceEquals(v.Shared, segment.Pages) && v.Start >= address && v.End <= address + length &&
            v.Offset == v.Start - address).Select(v => (v.Start, v.End)).ToList();
        segment.DetachTime = IpcObject.Now;
        segment.LastPid = c.Process.Pid;
        foreach (var (start, end) in parts) space.Unmap(start, end - start);
        return 0;
    }

    private static long ShmCtl(SyscallContext c)
    {
        int id = (int)c.A0, cmd = (int)c.A1;
        ulong buffer = c.A2;
        var table = c.Kernel.Ipc.SharedSegments;
        var credentials = c.Kernel.Credentials;
        if (cmd < 0 || id < 0) return Errno.EINVAL.Fail();
        switch (cmd)
        {
            case IpcFlags.Info:
            {
                // struct shminfo64: shmmax, shmmin, shmmni, shmseg, shmall, four unused.
                ulong[] info = [SharedSegment.MaxSize, SharedSegment.MinSize, SharedSegment.MaxSegments, SharedSegment.MaxSegments,
                    SharedSegment.MaxSize, 0, 0, 0, 0];
                if (c.Memory.Write(buffer, MemoryMarshal.AsBytes(info.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
                return table.HighestIndex;
            }
            case ShmInfo:
            {
                // struct shm_info: used_ids (int, padded), shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes.
                ulong pages = (ulong)table.All.Sum(s => (long)((s.Size + Page.Size - 1) >> Page.Shift));
                ulong[] info = [(ulong)table.Count, pages, pages, 0, 0, 0];
                if (c.Memory.Write(buffer, MemoryMarshal.AsBytes(info.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
                return table.HighestIndex;
            }
            case IpcFlags.Stat:
            case ShmStat:
            case ShmStatAny:
            {
                var segment = cmd == IpcFlags.Stat ? table.Find(id) : table.AtIndex(id);
                if (segment is null) return Errno.EINVAL.Fail();
                if (cmd != ShmStatAny && !segment.Allows(IpcFlags.ReadAccess, credentials)) return Errno.EACCES.Fail();
                if (c.Memory.Write(buffer, segment.ToBytes()) != Errno.Success) return Errno.EFAULT.Fail();
                return cmd == IpcFlags.Stat ? 0 : segment.Id;
            }
            case IpcFlags.Set:
            {
                var requested = new byte[SharedSegment.StructSize];
                if (c.Memory.Read(buffer, requested) != Errno.Success) return Errno.EFAULT.Fail();
                var segment = table.Find(id);
                if (segment is null) return Errno.EINVAL.Fail();
                if (!segment.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                segment.ReadPermissions(requested);
                return 0;
            }
            case IpcFlags.Remove:
            {
                var segment = table.Find(id);
                if (segment is null) return Errno.EINVAL.Fail();
                if (!segment.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                if (segment.IsDestroyed) return 0;
                // The key is free at once; the pages stay until the last attachment goes (then the table forgets it).
                segment.Key = IpcFlags.Private;
                segment.Mode |= SharedSegment.Destroyed;
                segment.Pages.RemoveMapping();
                return 0;
            }
            case ShmLock:
            case ShmUnlock:
            {
                var segment = table.Find(id);
                if (segment is null) return Errno.EINVAL.Fail();
                if (!segment.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                if (cmd == ShmLock) segment.Mode |= SharedSegment.Locked;
                else segment.Mode &= ~SharedSegment.Locked;
                return 0;
            }
            default:
                return Errno.EINVAL.Fail();
        }
    }
}
