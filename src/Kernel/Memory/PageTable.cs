// A process's Sv39 page tables, built by the kernel in guest physical memory (user mappings only).
using RvJit.Runtime.Memory;

namespace RvJit.Kernel.Memory;

/// <summary>
/// A three-level Sv39 page table living in frames of guest RAM, so the hart's MMU (and the translator's
/// inlined TLB) walk it directly. It holds only 4 KiB user leaves; the kernel has no mappings in it. The
/// table owns its directory frames; leaf frames are owned by the <see cref="AddressSpace"/> that maps them.
/// </summary>
public sealed unsafe class PageTable : IDisposable
{
    /// <summary>User virtual addresses are below 2^38 (the lower half of the Sv39 space).</summary>
    public const ulong UserLimit = 1UL << 38;
    private const int Levels = 3;

    private readonly FrameAllocator frames;
    private ulong[] directories = new ulong[8];
    private int directoryCount;
    private bool disposed;

    public PageTable(FrameAllocator frames)
    {
        this.frames = frames;
        if (!frames.TryAllocate(out var root)) throw new OutOfGuestMemoryException();
        Root = root;
        AddDirectory(root);
    }

    public Frame Root { get; }

    private void AddDirectory(Frame f)
    {
        if (directoryCount == directories.Length) Array.Resize(ref directories, directoryCount * 2);
        directories[directoryCount++] = f.Number;
    }

    /// <summary>The satp value selecting this table (MODE = Sv39, ASID 0).</summary>
    public ulong Satp => (8UL << 60) | Root.Number;

    private static int IndexAt(ulong va, int level) => (int)((va >> (Page.Shift + 9 * level)) & 0x1FF);

    private ulong* Slot(Frame table, int index) => (ulong*)frames.HostPointer(table) + index;

    /// <summary>
    /// The leaf slot for <paramref name="va"/>, or null when an intermediate table is missing and
    /// <paramref name="create"/> is false (or RAM ran out). Directory writes are plain stores: directory
    /// frames never hold code, so no cache needs telling.
    /// </summary>
    public ulong* LeafSlot(ulong va, bool create)
    {
        if (va >= UserLimit) return null;
        Frame table = Root;
        for (int level = Levels - 1; level > 0; level--)
        {
            ulong* slot = Slot(table, IndexAt(va, level));
            var pte = new PageTableEntry(*slot);
            if (!pte.IsValid)
            {
                if (!create || !frames.TryAllocate(out var next)) return null;
                AddDirectory(next);
                *slot = PageTableEntry.Branch(next).Raw;
                table = next;
            }
            else table = pte.Frame;
        }
        return Slot(table, IndexAt(va, 0));
    }

    /// <summary>The entry for <paramref name="va"/> (empty when unmapped).</summary>
    public PageTableEntry Lookup(ulong va)
    {
        ulong* slot = LeafSlot(va, create: false);
        return slot == null ? PageTableEntry.Empty : new PageTableEntry(*slot);
    }

    /// <summary>Sets the leaf for <paramref name="va"/>; false when a directory frame could not be allocated.</summary>
    public bool Set(ulong va, PageTableEntry entry)
    {
        ulong* slot = LeafSlot(va, create: true);
        if (slot == null) return false;
        *slot = entry.Raw;
        return true;
    }

    /// <summary>Clears the leaf for <paramref name="va"/> and returns what it held.</summary>
    public PageTableEntry Clear(ulong va)
    {
        ulong* slot = LeafSlot(va, create: false);
        if (slot == null) return PageTableEntry.Empty;
        var old = new PageTableEntry(*slot);
        *slot = 0;
        return old;
    }

    /// <summary>Calls <paramref name="visit"/> for every valid leaf in [start, end), in address order,
    /// skipping absent directories. The visitor may rewrite the slot.</summary>
    public void ForEachLeaf(ulong start, ulong end, LeafVisitor visit)
    {
        end = Math.Min(end, UserLimit);
        if (start >= end) return;
        Walk(Root, Levels - 1, 0, start, end, visit);
    }

    public delegate void LeafVisitor(ulong va, ref ulong slot);

    private void Walk(Frame table, int level, ulong tableBase, ulong start, ulong end, LeafVisitor visit)
    {
        ulong span = 1UL << (Page.Shift + 9 * level);
        for (int i = 0; i < 512; i++)
        {
            ulong va = tableBase + (ulong)i * span;
            if (va + span <= start) continue;
            if (va >= end) break;
            ulong* slot = Slot(table, i);
            var pte = new PageTableEntry(*slot);
            if (!pte.IsValid) continue;
            if (level == 0) visit(va, ref *slot);
            else Walk(pte.Frame, level - 1, va, start, end, visit);
        }
    }

    /// <summary>Frees the directory frames (leaves must have been released by the owner).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        for (int i = 0; i < directoryCount; i++) frames.Release(new Frame(directories[i]));
        directoryCount = 0;
    }
}

/// <summary>Guest RAM is exhausted while building kernel structures.</summary>
public sealed class OutOfGuestMemoryException() : Exception("guest RAM exhausted");
