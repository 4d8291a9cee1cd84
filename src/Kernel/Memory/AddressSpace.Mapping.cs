// mmap, munmap, mprotect, mremap, madvise, msync and brk on an address space (results are addresses or -errno).
namespace RvJit.Kernel.Memory;

/// <summary>Placement and sharing options of <see cref="AddressSpace.Map"/> (kernel-side, not the MAP_* bits).</summary>
[Flags]
public enum MapOptions : byte
{
    None = 0,
    /// <summary>MAP_FIXED: exactly at the address, replacing what is there.</summary>
    Fixed = 1,
    /// <summary>MAP_FIXED_NOREPLACE: exactly at the address, EEXIST if anything is there.</summary>
    FixedNoReplace = 2,
    /// <summary>The mapping is a stack that grows down.</summary>
    GrowsDown = 4,
}

/// <summary>What backs a new mapping.</summary>
/// <param name="Source">File bytes for a private mapping (null: zero-filled).</param>
/// <param name="Offset">File offset of the first mapped byte.</param>
/// <param name="SourceLength">Bytes the source provides from <paramref name="Offset"/> (the rest reads as zero).</param>
/// <param name="Shared">The object behind a MAP_SHARED mapping (its mapping count already includes this one).</param>
/// <param name="Name">Path column of /proc/self/maps.</param>
public readonly record struct MapBacking(IPageSource? Source = null, ulong Offset = 0, ulong SourceLength = ulong.MaxValue,
    SharedPages? Shared = null, string Name = "")
{
    public static MapBacking Anonymous(string name = "") => new(Name: name);
}

public sealed unsafe partial class AddressSpace
{
    /// <summary>mmap: creates a mapping and returns its address, or -errno. Pages are filled on first touch.</summary>
    public long Map(ulong address, ulong length, Protection protection, MapOptions options, in MapBacking backing)
    {
        if (length == 0) return Errno.EINVAL.Fail();
        if (!Page.TryAlignUp(length, out length)) return Errno.ENOMEM.Fail();
        bool fixedPlace = (options & (MapOptions.Fixed | MapOptions.FixedNoReplace)) != 0;
        if (fixedPlace)
        {
            if (!Page.IsAligned(address)) return Errno.EINVAL.Fail();
            if (!IsUserRange(address, length)) return Errno.ENOMEM.Fail(); // length > 0: the range ends below the limit
            if (!IsFree(address, address + length))
            {
                if ((options & MapOptions.FixedNoReplace) != 0) return Errno.EEXIST.Fail();
                Unmap(address, length);
            }
        }
        else
        {
            address = Page.AlignDown(address);
            // A hint is honoured when the range there is free; otherwise search top-down.
            bool hintUsable = address >= MemoryLayout.MinMapAddress && IsUserRange(address, length) && IsFree(address, address + length);
            if (!hintUsable && !TryFindFree(length, out address)) return Errno.ENOMEM.Fail();
        }
        if (MappedBytes + length > SizeLimit) return Errno.ENOMEM.Fail();

        var vma = new Vma
        {
            Start = address,
            End = address + length,
            Protection = protection,
            Flags = (backing.Shared is null ? VmaFlags.None : VmaFlags.Shared) |
                    ((options & MapOptions.GrowsDown) != 0 ? VmaFlags.GrowsDown : VmaFlags.None),
            Source = backing.Source,
            Offset = backing.Offset,
            SourceEnd = backing.SourceLength >= length ? ulong.MaxValue : address + backing.SourceLength,
            Shared = backing.Shared,
            Name = backing.Name,
        };
        Insert(vma);
        return (long)address;
    }

    /// <summary>True when [<paramref name="address"/>, +<paramref name="length"/>) lies inside the user address
    /// space (Linux's access_ok: no wrap past 2^64, nothing above TASK_SIZE).</summary>
    public static bool IsUserRange(ulong address, ulong length) =>
        address <= MemoryLayout.UserLimit && length <= MemoryLayout.UserLimit - address;

    /// <summary>munmap: removes every mapping in the range (holes are fine). 0 or -errno; a range that is not
    /// inside the user address space is EINVAL and unmaps nothing (mm/mmap.c do_vmi_munmap).</summary>
    public long Unmap(ulong address, ulong length)
    {
        if (!Page.IsAligned(address) || !IsUserRange(address, length)) return Errno.EINVAL.Fail();
        ulong end = Page.AlignUp(address + length);
        if (end == address) return Errno.EINVAL.Fail();
        foreach (var v in Isolate(address, end))
        {
            ReleasePages(v.Start, v.End, (v.Protection & Protection.Execute) != 0);
            v.Release();
            vmas.Remove(v);
            MappedBytes -= v.Length;
            LayoutVersion++;
        }
        return 0;
    }

    /// <summary>mprotect: the whole range must be mapped (else ENOMEM). 0 or -errno.</summary>
    public long Protect(ulong address, ulong length, Protection protection)
    {
        if (!Page.IsAligned(address)) return Errno.EINVAL.Fail();
        if (length == 0) return 0;
        if (!Page.TryAlignUp(length, out length) || address + length < address) return Errno.ENOMEM.Fail();
        ulong end = address + length;
        if (!IsCovered(address, end)) return Errno.ENOMEM.Fail();
        bool mayTouchCode = (protection & Protection.Execute) != 0 || AnyExecutable(address, end);
        foreach (var v in Isolate(address, end))
        {
            v.Protection = protection;
            LayoutVersion++;
            var vma = v;
            table.ForEachLeaf(v.Start, v.End, (ulong va, ref ulong slot) =>
            {
                var frame = new PageTableEntry(slot).Frame;
                slot = PageTableEntry.UserLeaf(frame, EffectiveProtection(vma, frame)).Raw;
            });
        }
        OnTranslationsChanged(mayTouchCode);
        return 0;
    }

    /// <summary>True when VMAs cover every byte of [start, end).</summary>
    public bool IsCovered(ulong start, ulong end)
    {
        ulong at = start;
        for (int i = FirstEndingAbove(start); i < vmas.Count && at < end; i++)
        {
            if (vmas[i].Start > at) return false;
            at = vmas[i].End;
        }
        return at >= end;
    }

    /// <summary>madvise(MADV_DONTNEED) on [address, end) (already checked by the caller): private pages read
    /// back as zero (or file contents) on the next touch. A range with unmapped parts is ENOMEM and keeps its
    /// pages (Linux discards the mapped parts first; a range past the user space would take the stack).</summary>
    public long DiscardPages(ulong address, ulong end)
    {
        if (!IsCovered(address, end)) return Errno.ENOMEM.Fail();
        ReleasePages(address, end, AnyExecutable(address, end));
        return 0;
    }

    /// <summary>mremap: shrinks, grows in place, or (with <paramref name="mayMove"/>) moves the pages. New
    /// address or -errno. Checked in mm/mremap.c's order; nothing changes unless the whole request is valid.</summary>
    public long Remap(ulong oldAddress, ulong oldLength, ulong newLength, bool mayMove, ulong? fixedAddress)
    {
        if (!Page.IsAligned(oldAddress)) return Errno.EINVAL.Fail();
        if (fixedAddress is not null && !mayMove) return Errno.EINVAL.Fail();
        oldLength = Page.AlignUp(oldLength); // may round to 0 (an old length of 0 asks for a duplicate)
        if (!Page.TryAlignUp(newLength, out newLength) || newLength == 0) return Errno.EINVAL.Fail();
        var vma = Find(oldAddress);
        if (vma is null) return Errno.EFAULT.Fail();
        ulong inVma = vma.End - oldAddress;

        if (fixedAddress is { } target)
        {
            if (!Page.IsAligned(target) || !IsUserRange(target, newLength)) return Errno.EINVAL.Fail();
            // Overlap test without wrapping: the old range is clipped to the user space first.
            ulong oldEnd = IsUserRange(oldAddress, oldLength) ? oldAddress + oldLength : MemoryLayout.UserLimit;
            if (oldEnd > target && target + newLength > oldAddress) return Errno.EINVAL.Fail();
            if (oldLength == 0) return Errno.EINVAL.Fail(); // duplicating shared mappings is not supported
            if (Math.Min(oldLength, newLength) > inVma) return Errno.EFAULT.Fail();
            if (oldLength > newLength)
            {
                long r = Unmap(oldAddress + newLength, oldLength - newLength);
                if (ErrnoExtensions.IsError(r)) return r;
                oldLength = newLength;
            }
            Unmap(target, newLength);
            // Either unmap may have split the VMA: move the piece that holds the old range now.
            return MoveTo(Find(oldAddress)!, oldAddress, oldLength, newLength, target);
        }
        if (newLength <= oldLength)
        {
            if (newLength < oldLength)
            {
                long r = Unmap(oldAddress + newLength, oldLength - newLength);
                if (ErrnoExtensions.IsError(r)) return r;
            }
            return (long)oldAddress;
        }
        if (oldLength == 0) return Errno.EINVAL.Fail(); // duplicating shared mappings is not supported
        if (oldLength > inVma) return Errno.EFAULT.Fail();
        ulong grow = newLength - oldLength;
        if (oldLength == inVma && grow <= MemoryLayout.UserLimit - vma.End &&
            IsFree(vma.End, vma.End + grow) && MappedBytes + grow <= SizeLimit)
        {
            vma.End += grow;
            MappedBytes += grow;
            LayoutVersion++;
            return (long)oldAddress;
        }
        if (!mayMove) return Errno.ENOMEM.Fail();
        if (grow > SizeLimit - Math.Min(SizeLimit, MappedBytes) || !TryFindFree(newLength, out ulong moved)) return Errno.ENOMEM.Fail();
        return MoveTo(vma, oldAddress, oldLength, newLength, moved);
    }

    // Moves the pages of [old, old+oldLength) to a new VMA at target (frames move, nothing is copied).
    private long MoveTo(Vma vma, ulong old, ulong oldLength, ulong newLength, ulong target)
    {
        var moved = vma.Slice(old, old + oldLength);
        moved.Flags &= ~VmaFlags.Heap;
        if (moved.SourceEnd != ulong.MaxValue) moved.SourceEnd = moved.SourceEnd - old + target;
        moved.Start = target;
        moved.End = target + newLength;
        var pages = new List<(ulong Offset, ulong Raw)>();
        table.ForEachLeaf(old, old + oldLength, (ulong va, ref ulong slot) =>
        {
            pages.Add((va - old, slot));
            slot = 0;
        });
        ResidentPages -= pages.Count;
        // The old range now holds no pages; unmapping it only drops the VMA.
        Unmap(old, oldLength);
        Insert(moved);
        foreach (var (offset, raw) in pages)
        {
            if (!table.Set(target + offset, new PageTableEntry(raw))) frames.Release(new PageTableEntry(raw).Frame);
            else ResidentPages++;
        }
        OnTranslationsChanged();
        return (long)target;
    }

    /// <summary>msync on [address, end) (already checked by the caller): writes shared file pages in the range
    /// back to their files; ENOMEM when part of the range is unmapped.</summary>
    public long Sync(ulong address, ulong end)
    {
        if (!IsCovered(address, end)) return Errno.ENOMEM.Fail();
        for (int i = FirstEndingAbove(address); i < vmas.Count && vmas[i].Start < end; i++) vmas[i].Shared?.Sync();
        return 0;
    }

    /// <summary>brk: moves the program break; returns the new break, or the old one when it cannot move
    /// (below the start, or past the user address space: brk(-1) must not wrap to 0 and unmap the program).</summary>
    public ulong SetBrk(ulong requested)
    {
        if (requested < BrkStart || requested > MemoryLayout.UserLimit) return Brk;
        ulong oldTop = Page.AlignUp(Brk), newTop = Page.AlignUp(requested);
        if (newTop > oldTop)
        {
            if (newTop > MemoryLayout.UserLimit || !IsFree(oldTop, newTop) || MappedBytes + (newTop - oldTop) > SizeLimit) return Brk;
            var heap = oldTop > BrkStart ? Find(oldTop - 1) : null;
            if (heap is not null && (heap.Flags & VmaFlags.Heap) != 0 && heap.End == oldTop)
            {
                heap.End = newTop;
                MappedBytes += newTop - oldTop;
            }
            else
            {
                Insert(new Vma { Start = oldTop, End = newTop, Protection = Protection.Read | Protection.Write, Flags = VmaFlags.Heap, Name = "[heap]" });
            }
        }
        else if (newTop < oldTop)
        {
            Unmap(newTop, oldTop - newTop);
        }
        Brk = requested;
        return Brk;
    }

    /// <summary>Sets up an empty heap at <paramref name="start"/> (the page after the program's bss).</summary>
    public void InitializeBrk(ulong start)
    {
        BrkStart = Brk = start;
    }
}
