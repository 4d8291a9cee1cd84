// Memory system calls: brk, mmap, munmap, mprotect, mremap, madvise, msync, mlock family, mincore.
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Syscalls;

/// <summary>The mmap family, translated from the MAP_*/PROT_* ABI bits to <see cref="AddressSpace"/> operations.</summary>
public static class MemorySyscalls
{
    private const ulong MapShared = 1, MapPrivate = 2, MapSharedValidate = 3, MapTypeMask = 0xf, MapFixed = 0x10,
        MapAnonymous = 0x20, MapGrowsDown = 0x100, MapFixedNoReplace = 0x100000;
    private const ulong MremapMayMove = 1, MremapFixed = 2, MremapDontUnmap = 4;
    private const int MadvDontNeed = 4, MadvFree = 8, MadvRemove = 9;

    public static void Register(SyscallTable t)
    {
        t.Add("brk", "#p", c => (long)c.Process.Space.SetBrk(c.A0));
        t.Add("mmap", "#p,u,P,M,i,x", Mmap);
        t.Add("munmap", "p,u", c => c.Process.Space.Unmap(c.A0, c.A1));
        t.Add("mprotect", "p,u,P", c => (c.A2 & ~0x0300_0007UL) != 0 ? Errno.EINVAL.Fail() : c.Process.Space.Protect(c.A0, c.A1, (Protection)(c.A2 & 7)));
        t.Add("mremap", "#p,u,u,x,p", Mremap);
        t.Add("madvise", "p,u,i", Madvise);
        t.Add("msync", "p,u,x", c => c.Process.Space.Sync(c.A0, c.A1));
        t.Add("mlock", "p,u", c => 0);
        t.Add("munlock", "p,u", c => 0);
        t.Add("mlock2", "p,u,x", c => 0);
        t.Add("mlockall", "x", c => 0);
        t.Add("munlockall", "", c => 0);
        t.Add("mincore", "p,u,p", Mincore);
        t.Add("membarrier", "i,x,i", c => c.A0 == 0 ? 0x1 | 0x8 : 0);
    }

    private static long Mmap(SyscallContext c)
    {
        ulong address = c.A0, length = c.A1, prot = c.A2, flags = c.A3, offset = c.A5;
        int fd = (int)c.A4;
        if ((offset & Page.OffsetMask) != 0 || length == 0) return Errno.EINVAL.Fail();
        ulong type = flags & MapTypeMask;
        if (type is not (MapShared or MapPrivate or MapSharedValidate)) return Errno.EINVAL.Fail();
        bool shared = type != MapPrivate;
        var protection = (Protection)(prot & 7);
        var options = MapOptions.None;
        if ((flags & MapFixedNoReplace) != 0) options |= MapOptions.FixedNoReplace;
        else if ((flags & MapFixed) != 0) options |= MapOptions.Fixed;
        if ((flags & MapGrowsDown) != 0) options |= MapOptions.GrowsDown;

        MapBacking backing;
        if ((flags & MapAnonymous) != 0)
        {
            backing = shared ? new MapBacking(Shared: new SharedPages(c.Kernel.Frames), Name: "/dev/zero (deleted)") : MapBacking.Anonymous();
        }
        else
        {
            if (c.File((ulong)fd) is not { } file) return Errno.EBADF.Fail();
            if (!file.CanRead) return Errno.EACCES.Fail();
            string name = file.DisplayPath;
            if (shared)
            {
                if ((protection & Protection.Write) != 0 && !file.CanWrite) return Errno.EACCES.Fail();
                var pages = file.MapShared(c.Kernel);
                if (pages is null) return Errno.ENODEV.Fail();
                backing = new MapBacking(Offset: offset, Shared: pages, Name: name);
            }
            else
            {
                var source = file.PageSource;
                if (source is null) return Errno.ENODEV.Fail();
                ulong size = file.MappableSize;
                ulong available = size == ulong.MaxValue ? ulong.MaxValue : size > offset ? size - offset : 0;
                backing = new MapBacking(source, offset, available, Name: name);
            }
        }
        long r = c.Process.Space.Map(address, length, protection, options, backing);
        if (ErrnoExtensions.IsError(r))
        {
            backing.Shared?.RemoveMapping();
            backing.Source?.RemoveMapping();
        }
        return r;
    }

    private static long Mremap(SyscallContext c)
    {
        ulong flags = c.A3;
        if ((flags & ~(MremapMayMove | MremapFixed | MremapDontUnmap)) != 0 || (flags & MremapDontUnmap) != 0) return Errno.EINVAL.Fail();
        ulong? target = (flags & MremapFixed) != 0 ? c.A4 : null;
        return c.Process.Space.Remap(c.A0, c.A1, c.A2, (flags & MremapMayMove) != 0, target);
    }

    private static long Madvise(SyscallContext c)
    {
        if ((c.A0 & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        return (int)c.A2 switch
        {
            MadvDontNeed or MadvFree or MadvRemove => c.Process.Space.DiscardPages(c.A0, c.A1),
            _ => 0,
        };
    }

    private static long Mincore(SyscallContext c)
    {
        if ((c.A0 & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        ulong pages = (c.A1 + Page.OffsetMask) >> Page.Shift;
        var space = c.Process.Space;
        if (!space.IsCovered(c.A0, c.A0 + (pages << Page.Shift))) return Errno.ENOMEM.Fail();
        var vector = new byte[pages];
        for (ulong i = 0; i < pages; i++) vector[i] = space.TryGetPhysical(c.A0 + (i << Page.Shift), out _) ? (byte)1 : (byte)0;
        return c.Memory.Write(c.A2, vector) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }
}
