// A process's address space: its VMAs and page table, and the lookups everything else builds on.
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Memory;

/// <summary>
/// The virtual memory of one process: a sorted list of <see cref="Vma"/>s and the Sv39 <see cref="PageTable"/>
/// the hart walks. Pages are filled lazily (faults, AddressSpace.Faults.cs); mmap-family operations are in
/// AddressSpace.Mapping.cs and fork in AddressSpace.Fork.cs. Whenever a mapping that the hart may have
/// cached changes, <see cref="TranslationsChanged"/> is raised so the kernel can flush the TLB.
/// </summary>
public sealed unsafe partial class AddressSpace : IDisposable
{
    private readonly FrameAllocator frames;
    private readonly PageTable table;
    private readonly List<Vma> vmas = [];
    private bool disposed;

    public AddressSpace(FrameAllocator frames)
    {
        this.frames = frames;
        table = new PageTable(frames);
        Memory = new UserMemory(this);
    }

    public FrameAllocator Frames => frames;
    public PageTable Table => table;
    public IReadOnlyList<Vma> Areas => vmas;

    /// <summary>The only way the kernel reads and writes this process's memory.</summary>
    public UserMemory Memory { get; }

    /// <summary>satp for this address space.</summary>
    public ulong Satp => table.Satp;

    /// <summary>Raised after page-table entries changed (the hart's TLB may hold stale translations).</summary>
    public event Action? TranslationsChanged;

    /// <summary>Start of the brk heap (just past the program's bss) and the current break.</summary>
    public ulong BrkStart, Brk;

    /// <summary>RLIMIT_STACK: how far the stack may grow below its top.</summary>
    public ulong StackLimit = MemoryLayout.DefaultStackLimit;

    /// <summary>RLIMIT_AS: total bytes of mappings allowed.</summary>
    public ulong SizeLimit = ulong.MaxValue;

    /// <summary>Shared frames for private file pages (null: every mapping reads its own copy).</summary>
    public PageCache? Cache { get; set; }

    /// <summary>Processes using this address space (vfork children with CLONE_VM share their parent's).</summary>
    public int Users { get; set; } = 1;

    /// <summary>Total bytes of all VMAs.</summary>
    public ulong MappedBytes { get; private set; }

    /// <summary>Resident pages (frames mapped into the page table).</summary>
    public long ResidentPages { get; private set; }

    /// <summary>Counts changes that may leave a hart's TLB stale (entries removed or made stricter, frames
    /// replaced); a hart that last loaded the space at an older generation flushes before running it again.</summary>
    public long Generation { get; private set; }

    /// <summary>The <see cref="Generation"/> of the last change that may have reached executable pages. Code caches
    /// keyed by virtual pc (the jump caches, the interpreter's entries) must go only after such a change: Go's heap
    /// gives memory back with madvise and munmap about once per 50 requests of the HTTP server, and emptying the jump
    /// caches at each sent 8 M calls through the dispatcher to find translations again.</summary>
    public long CodeGeneration { get; private set; }

    /// <summary>Counts changes of the mappings themselves (added, removed, moved, protection changed), for whoever
    /// keeps a view of them (the profiler's symbol snapshots, <see cref="Debug.GuestSymbols"/>).</summary>
    public long LayoutVersion { get; private set; }

    /// <param name="mayTouchCode">False only when no page the change reaches is executable, before or after it.</param>
    private void OnTranslationsChanged(bool mayTouchCode = true)
    {
        tableVersion++;
        Generation++;
        if (mayTouchCode) CodeGeneration = Generation;
        TranslationsChanged?.Invoke();
    }

    // ---------------------------------------------------------------------------------------------------
    // VMA list
    // ---------------------------------------------------------------------------------------------------

    /// <summary>Index of the first VMA whose End is above <paramref name="va"/> (vmas.Count if none).</summary>
    private int FirstEndingAbove(ulong va)
    {
        int lo = 0, hi = vmas.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (vmas[mid].End <= va) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>True when a VMA overlapping [start, end) is executable.</summary>
    private bool AnyExecutable(ulong start, ulong end)
    {
        for (int i = FirstEndingAbove(start); i < vmas.Count && vmas[i].Start < end; i++)
            if ((vmas[i].Protection & Protection.Execute) != 0) return true;
        return false;
    }

    /// <summary>The VMA containing <paramref name="va"/>, or null.</summary>
    public Vma? Find(ulong va)
    {
        int i = FirstEndingAbove(va);
        return i < vmas.Count && vmas[i].Start <= va ? vmas[i] : null;
    }

    /// <summary>True when no VMA overlaps [start, end).</summary>
    public bool IsFree(ulong start, ulong end)
    {
        int i = FirstEndingAbove(start);
        return i == vmas.Count || vmas[i].Start >= end;
    }

    private void Insert(Vma vma)
    {
        int i = FirstEndingAbove(vma.Start);
        vmas.Insert(i, vma);
        MappedBytes += vma.Length;
        LayoutVersion++;
    }

    /// <summary>Splits VMAs so that <paramref name="va"/> is a boundary (no VMA straddles it).</summary>
    private void SplitAt(ulong va)
    {
        int i = FirstEndingAbove(va);
        if (i == vmas.Count) return;
        var v = vmas[i];
        if (v.Start >= va) return;
        var upper = v.Slice(va, v.End);
        v.End = va;
        vmas.Insert(i + 1, upper);
    }

    /// <summary>The VMAs inside [start, end) after splitting at both ends.</summary>
    private List<Vma> Isolate(ulong start, ulong end)
    {
        SplitAt(start);
        SplitAt(end);
        var result = new List<Vma>();
        for (int i = FirstEndingAbove(start); i < vmas.Count && vmas[i].Start < end; i++) result.Add(vmas[i]);
        return result;
    }

    /// <summary>A free, page-aligned range of <paramref name="length"/> bytes, searched downwards from the mmap base.</summary>
    public bool TryFindFree(ulong length, out ulong start, ulong below = MemoryLayout.MmapBase)
    {
        ulong top = below;
        int i = FirstEndingAbove(below);
        if (i < vmas.Count && vmas[i].Start < below) top = vmas[i].Start;
        for (int j = i - 1; ; j--)
        {
            ulong floor = j >= 0 ? vmas[j].End : MemoryLayout.MinMapAddress;
            if (top > floor && top - floor >= length)
            {
                start = top - length;
                return true;
            }
            if (j < 0) break;
            top = vmas[j].Start;
        }
        start = 0;
        return false;
    }

    // ---------------------------------------------------------------------------------------------------
    // Pages
    // ---------------------------------------------------------------------------------------------------

    /// <summary>Maps one page; false when a directory frame could not be allocated.</summary>
    private bool MapPage(ulong va, Frame frame, Protection protection)
    {
        if (!table.Set(va, PageTableEntry.UserLeaf(frame, protection))) return false;
        ResidentPages++;
        tableVersion++;
        return true;
    }

    /// <summary>Drops every page in [start, end) from the page table and releases its frame.</summary>
    private void ReleasePages(ulong start, ulong end, bool mayHoldCode)
    {
        bool any = false;
        table.ForEachLeaf(start, end, (ulong va, ref ulong slot) =>
        {
            frames.Release(new PageTableEntry(slot).Frame);
            slot = 0;
            ResidentPages--;
            any = true;
        });
        if (any) OnTranslationsChanged(mayHoldCode);
    }

    /// <summary>The page table permission a page of <paramref name="vma"/> gets: write implies read (RISC-V
    /// has no write-only pages; Linux maps PROT_WRITE readable), and private pages shared with another
    /// address space or the page cache stay read-only until written (copy-on-write).</summary>
    private Protection EffectiveProtection(Vma vma, Frame frame)
    {
        var p = vma.Protection;
        if ((p & Protection.Write) != 0) p |= Protection.Read;
        if ((p & Protection.Write) != 0 && !vma.IsShared && frames.RefCount(frame) > 1) p &= ~Protection.Write;
        return p;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var v in vmas)
        {
            ReleasePages(v.Start, v.End, mayHoldCode: true);
            v.Release();
        }
        vmas.Clear();
        MappedBytes = 0;
        table.Dispose();
    }
}
