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
    private const ulong ProtKnown = 0x7 | 0x8 /* PROT_SEM */, ProtGrowsDown = 0x0100_0000, ProtGrowsUp = 0x0200_0000;
    private const ulong MsAsync = 1, MsInvalidate = 2, MsSync = 4;
    private const ulong MlockOnFault = 1, MclCurrent = 1, MclFuture = 2, MclOnFault = 4;

    public static void Register(SyscallTable t)
    {
        t.Add("brk", "#p", c => (long)c.Process.Space.SetBrk(c.A0));
        t.Add("mmap", "#p,u,P,M,i,x", Mmap);
        t.Add("munmap", "p,u", c => c.Process.Space.Unmap(c.A0, c.A1));
        t.Add("mprotect", "p,u,P", Mprotect);
        t.Add("mremap", "#p,u,u,x,p", Mremap);
        t.Add("madvise", "p,u,i", Madvise);
        t.Add("msync", "p,u,x", Msync);
        t.Add("mlock", "p,u", c => Mlock(c, c.A0, c.A1, limited: true));
        t.Add("munlock", "p,u", c => Mlock(c, c.A0, c.A1, limited: false));
        t.Add("mlock2", "p,u,x", c => (c.A2 & ~MlockOnFault) != 0 ? Errno.EINVAL.Fail() : Mlock(c, c.A0, c.A1, limited: true));
        t.Add("mlockall", "x", c => c.A0 == 0 || (c.A0 & ~(MclCurrent | MclFuture | MclOnFault)) != 0 || c.A0 == MclOnFault ? Errno.EINVAL.Fail() : 0);
        t.Add("munlockall", "", c => 0);
        t.Add("mincore", "p,u,p", Mincore);
        t.Add("membarrier", "i,x,i", Membarrier);
    }

    /// <summary>membarrier: QUERY offers GLOBAL, GLOBAL_EXPEDITED and PRIVATE_EXPEDITED (and their registrations). A barrier must order
    /// memory on every hart running the process's threads; the harts are host threads of rvjit, so the host's
    /// process-wide barrier (Linux's own membarrier, run by the runtime) gives exactly that.</summary>
    private static long Membarrier(SyscallContext c)
    {
        const ulong Query = 0, Global = 1, GlobalExpedited = 2, RegisterGlobalExpedited = 4, PrivateExpedited = 8, RegisterPrivateExpedited = 16;
        if (c.A1 != 0) return Errno.EINVAL.Fail(); // flags: only MEMBARRIER_CMD_FLAG_CPU, for the rseq commands
        switch (c.A0)
        {
            case Query: return (long)(Global | GlobalExpedited | RegisterGlobalExpedited | PrivateExpedited | RegisterPrivateExpedited);
            case Global or GlobalExpedited or PrivateExpedited:
                Interlocked.MemoryBarrierProcessWide();
                return 0;
            case RegisterGlobalExpedited or RegisterPrivateExpedited: return 0;
            default: return Errno.EINVAL.Fail();
        }
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
            // mm/mmap.c file_mmap_ok: the mapped file range must end below MAX_LFS_FILESIZE (a length past
            // the user space is ENOMEM from placement first).
            if (Page.TryAlignUp(length, out ulong span) && span <= MemoryLayout.UserLimit &&
                (offset >> Page.Shift) > ((ulong)long.MaxValue - span) >> Page.Shift)
                return Errno.EOVERFLOW.Fail();
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

    // mm/mprotect.c: PROT_SEM is accepted (and means nothing here); PROT_GROWSDOWN and PROT_GROWSUP not both.
    private static long Mprotect(SyscallContext c)
    {
        ulong prot = c.A2;
        if ((prot & ~(ProtKnown | ProtGrowsDown | ProtGrowsUp)) != 0) return Errno.EINVAL.Fail();
        if ((prot & (ProtGrowsDown | ProtGrowsUp)) == (ProtGrowsDown | ProtGrowsUp)) return Errno.EINVAL.Fail();
        return c.Process.Space.Protect(c.A0, c.A1, (Protection)(prot & 7));
    }

    private static long Madvise(SyscallContext c)
    {
        int advice = (int)c.A2;
        if (!IsKnownAdvice(advice) || (c.A0 & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        // mm/madvise.c: a length that rounds up to 0, or an end that wraps, is EINVAL; an empty range is 0.
        if (!Page.TryAlignUp(c.A1, out ulong length)) return Errno.EINVAL.Fail();
        ulong end = c.A0 + length;
        if (end < c.A0) return Errno.EINVAL.Fail();
        if (end == c.A0) return 0;
        var space = c.Process.Space;
        return advice switch
        {
            MadvDontNeed or MadvFree or MadvRemove => space.DiscardPages(c.A0, end),
            _ => space.IsCovered(c.A0, end) ? 0 : Errno.ENOMEM.Fail(),
        };
    }

    // The advice values Linux 6.x knows on riscv64 (MADV_NORMAL..MADV_DONTNEED, MADV_FREE..MADV_COLLAPSE,
    // MADV_HWPOISON, MADV_SOFT_OFFLINE); MADV_GUARD_* are left out: a no-op would silently drop the guard.
    private static bool IsKnownAdvice(int advice) => advice is (>= 0 and <= 4) or (>= 8 and <= 25) or 100 or 101;

    // mm/msync.c: flags, alignment, then a length rounded up (wrapping to 0 means nothing to do), an end
    // that wraps is ENOMEM, unmapped parts ENOMEM.
    private static long Msync(SyscallContext c)
    {
        ulong flags = c.A2;
        if ((flags & ~(MsAsync | MsInvalidate | MsSync)) != 0 || (c.A0 & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        if ((flags & MsAsync) != 0 && (flags & MsSync) != 0) return Errno.EINVAL.Fail();
        ulong end = c.A0 + Page.AlignUp(c.A1);
        if (end < c.A0) return Errno.ENOMEM.Fail();
        if (end == c.A0) return 0;
        return c.Process.Space.Sync(c.A0, end);
    }

    // mm/mlock.c: the range is widened to whole pages; over RLIMIT_MEMLOCK is ENOMEM (unless uid 0), an
    // end that wraps EINVAL, unmapped parts ENOMEM. Nothing is actually locked (guest RAM never swaps).
    private static long Mlock(SyscallContext c, ulong address, ulong length, bool limited)
    {
        ulong start = Page.AlignDown(address);
        ulong span = Page.AlignUp(length + (address & Page.OffsetMask)); // wraps as Linux's PAGE_ALIGN does
        if (limited && c.Kernel.Credentials.Uid != 0 && span > c.Process.Limits[Tasks.Resource.MemLock].Soft) return Errno.ENOMEM.Fail();
        ulong end = start + span;
        if (end < start) return Errno.EINVAL.Fail();
        if (end == start) return 0;
        return c.Process.Space.IsCovered(start, end) ? 0 : Errno.ENOMEM.Fail();
    }

    // mm/mincore.c: the range must lie in the user address space (ENOMEM) and be mapped (ENOMEM); the vector
    // is written in bounded chunks, so the host never allocates in proportion to a guest length.
    private static long Mincore(SyscallContext c)
    {
        ulong start = c.A0, length = c.A1, vector = c.A2;
        if ((start & Page.OffsetMask) != 0) return Errno.EINVAL.Fail();
        if (!AddressSpace.IsUserRange(start, length)) return Errno.ENOMEM.Fail();
        ulong pages = (length >> Page.Shift) + ((length & Page.OffsetMask) != 0 ? 1UL : 0);
        if (!AddressSpace.IsUserRange(vector, pages)) return Errno.EFAULT.Fail();
        var space = c.Process.Space;
        if (!space.IsCovered(start, start + (pages << Page.Shift))) return Errno.ENOMEM.Fail();
        Span<byte> chunk = stackalloc byte[512];
        for (ulong done = 0; done < pages;)
        {
            int n = (int)Math.Min((ulong)chunk.Length, pages - done);
            for (int i = 0; i < n; i++) chunk[i] = space.TryGetPhysical(start + ((done + (ulong)i) << Page.Shift), out _) ? (byte)1 : (byte)0;
            if (c.Memory.Write(vector + done, chunk[..n]) != Errno.Success) return Errno.EFAULT.Fail();
            done += (ulong)n;
        }
        return 0;
    }
}
