// Page faults: demand paging, stack growth and copy-on-write, for the hart and for kernel accesses alike.
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Memory;

/// <summary>What became of a page fault.</summary>
public enum FaultResult : byte
{
    /// <summary>The page is now mapped with the access allowed: retry the instruction.</summary>
    Handled,
    /// <summary>No mapping at the address (SIGSEGV, SEGV_MAPERR).</summary>
    NotMapped,
    /// <summary>A mapping exists but forbids the access (SIGSEGV, SEGV_ACCERR).</summary>
    AccessDenied,
    /// <summary>Guest RAM is exhausted (the process is killed).</summary>
    OutOfMemory,
}

public sealed unsafe partial class AddressSpace
{
    /// <summary>Counts for --stats: demand-filled pages and copy-on-write copies.</summary>
    public long DemandFills, CowCopies;

    // The last fault answered "Handled" although the page table already allowed it (a stale TLB entry, or another
    // hart's fault filled the page meanwhile), who took it, and the table version then: the same fault by the same
    // thread again with nothing changed cannot be either.
    private ulong staleFaultPage = ulong.MaxValue;
    private Access staleFaultAccess;
    private long staleFaultVersion;
    private int staleFaultBy;

    /// <summary>Counts page-table changes (mappings added, removed or changed).</summary>
    private long tableVersion;

    /// <summary>
    /// Resolves a fault at <paramref name="va"/> for <paramref name="access"/>. Handled means the page table
    /// now allows the access; a fault the handler cannot resolve in one step is AccessDenied (SIGSEGV), so a
    /// guest can never make it answer Handled forever without progress. <paramref name="faulter"/> names who
    /// faulted (a thread id; 0 for the kernel's own accesses); the caller flushes that hart's TLB entry for the page.
    /// </summary>
    public FaultResult HandleFault(ulong va, Access access, int faulter = 0)
    {
        if (va >= MemoryLayout.UserLimit) return FaultResult.NotMapped;
        ulong page = Page.AlignDown(va);
        var vma = Find(va) ?? TryGrowStack(va);
        if (vma is null) return FaultResult.NotMapped;

        bool allowed = access switch
        {
            // Write implies read (arch/riscv/mm/fault.c access_error); execute does not.
            Access.Load => (vma.Protection & (Protection.Read | Protection.Write)) != 0,
            Access.Store => (vma.Protection & Protection.Write) != 0,
            _ => (vma.Protection & Protection.Execute) != 0,
        };
        if (!allowed) return FaultResult.AccessDenied;

        var pte = table.Lookup(page);
        if (pte.IsMapped && Allows(pte, access))
        {
            // The entry already allows it: the faulting hart's TLB was stale, or another hart filled the page after
            // this one's walk. Only that hart needs a flush (the caller's); twice in a row means no progress.
            if (page == staleFaultPage && access == staleFaultAccess && tableVersion == staleFaultVersion && faulter == staleFaultBy)
                return FaultResult.AccessDenied;
            (staleFaultPage, staleFaultAccess, staleFaultVersion, staleFaultBy) = (page, access, tableVersion, faulter);
            return FaultResult.Handled;
        }
        if (!pte.IsMapped)
        {
            // A page from the page cache comes read-only: a store copies it right away (below).
            var filled = FillPage(vma, page);
            if (filled != FaultResult.Handled) return filled;
            pte = table.Lookup(page);
        }
        if (access == Access.Store && !pte.CanWrite)
        {
            var copied = BreakCopyOnWrite(vma, page, pte);
            if (copied != FaultResult.Handled) return copied;
        }
        else if (!Allows(pte, access))
        {
            // The entry lags behind the VMA's protection: refresh it.
            table.Set(page, PageTableEntry.UserLeaf(pte.Frame, EffectiveProtection(vma, pte.Frame)));
            OnTranslationsChanged((vma.Protection & Protection.Execute) != 0);
        }
        return Allows(table.Lookup(page), access) ? FaultResult.Handled : FaultResult.AccessDenied;
    }

    // A fault just below a grows-down VMA (within the stack limit) extends it.
    private Vma? TryGrowStack(ulong va)
    {
        int i = FirstEndingAbove(va);
        if (i == vmas.Count) return null;
        var stack = vmas[i];
        if ((stack.Flags & VmaFlags.GrowsDown) == 0 || va >= stack.Start) return null;
        if (stack.End - Page.AlignDown(va) > StackLimit) return null;
        ulong newStart = Page.AlignDown(va);
        // Keep a guard page between the stack and the mapping below it.
        if (i > 0 && vmas[i - 1].End + Page.Size > newStart) return null;
        MappedBytes += stack.Start - newStart;
        stack.Offset -= stack.Start - newStart;
        stack.Start = newStart;
        return stack;
    }

    private FaultResult FillPage(Vma vma, ulong page)
    {
        Frame frame;
        if (vma.Shared is { } shared)
        {
            if (!shared.TryGetFrame((vma.Offset + (page - vma.Start)) >> Page.Shift, out frame)) return FaultResult.OutOfMemory;
        }
        else if (Cache is { } cache && vma.Source?.CacheKey is { } version && page + Page.Size <= vma.SourceEnd &&
                 Page.IsAligned(vma.Offset + (page - vma.Start)))
        {
            // A whole file page: share the cached frame (read-only until written; then copied).
            if (!cache.TryGet(version, vma.Offset + (page - vma.Start), vma.Source, out frame)) return FaultResult.OutOfMemory;
        }
        else
        {
            if (!frames.TryAllocate(out frame)) return FaultResult.OutOfMemory;
            if (vma.Source is { } source && page < vma.SourceEnd)
            {
                int valid = (int)Math.Min(Page.Size, vma.SourceEnd - page);
                source.Read(vma.Offset + (page - vma.Start), frames.Bytes(frame)[..valid]);
            }
        }
        if (!MapPage(page, frame, EffectiveProtection(vma, frame)))
        {
            frames.Release(frame);
            return FaultResult.OutOfMemory;
        }
        DemandFills++;
        return FaultResult.Handled;
    }

    // A store to a private page shared with another address space: copy it (the seed's clone_frame), or,
    // when this is the last sharer, just make it writable again.
    private FaultResult BreakCopyOnWrite(Vma vma, ulong page, PageTableEntry pte)
    {
        var old = pte.Frame;
        if (vma.IsShared || frames.RefCount(old) == 1)
        {
            if (!table.Set(page, PageTableEntry.UserLeaf(old, vma.Protection))) return FaultResult.OutOfMemory;
        }
        else
        {
            if (!frames.TryAllocate(out var copy)) return FaultResult.OutOfMemory;
            frames.Bytes(old).CopyTo(frames.Bytes(copy));
            if (!table.Set(page, PageTableEntry.UserLeaf(copy, vma.Protection)))
            {
                frames.Release(copy);
                return FaultResult.OutOfMemory;
            }
            frames.Release(old);
            CowCopies++;
        }
        OnTranslationsChanged((vma.Protection & Protection.Execute) != 0);
        return FaultResult.Handled;
    }

    /// <summary>
    /// Host pointer to the byte at <paramref name="va"/> for a kernel access, faulting the page in like the
    /// hart would (copy_from_user/copy_to_user semantics); null when the guest pointer is bad (EFAULT).
    /// </summary>
    public byte* Translate(ulong va, Access access)
    {
        if (va >= MemoryLayout.UserLimit) return null;
        var pte = table.Lookup(va);
        if (!pte.IsMapped || !Allows(pte, access))
        {
            if (HandleFault(va, access) != FaultResult.Handled) return null;
            pte = table.Lookup(va);
            if (!pte.IsMapped || !Allows(pte, access)) return null;
        }
        return frames.HostPointer(pte.Frame) + (va & Page.OffsetMask);
    }

    /// <summary>The physical address behind <paramref name="va"/> if it is mapped now (no faulting).</summary>
    public bool TryGetPhysical(ulong va, out ulong pa)
    {
        var pte = table.Lookup(va);
        pa = pte.IsMapped ? pte.Frame.Address + (va & Page.OffsetMask) : 0;
        return pte.IsMapped;
    }

    private static bool Allows(PageTableEntry pte, Access access) => access switch
    {
        Access.Load => pte.CanRead,
        Access.Store => pte.CanWrite,
        _ => pte.CanExecute,
    };
}
