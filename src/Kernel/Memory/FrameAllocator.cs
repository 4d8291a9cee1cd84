// Hands out 4 KiB frames of guest RAM, with reference counts for copy-on-write sharing.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Memory;

namespace RvJit.Kernel.Memory;

/// <summary>
/// The physical frame allocator over guest RAM (page tables and user pages both come from here). Frames
/// never handed out are still zero and not yet committed by the host (RAM is lazily committed), so a large
/// RAM costs only what the guest uses. A frame is freed when its reference count drops to zero.
/// </summary>
public sealed unsafe class FrameAllocator
{
    private readonly PhysicalMemory ram;
    // Native and zeroed, committed by the host only where frames were handed out: a managed array of 2 MiB (2 GiB of
    // RAM) used up the GC's large-object budget at start-up, so every short run paid a full collection.
    private readonly int* refCounts;
    private readonly ulong frameCount;
    private ulong[] freeList = new ulong[256];
    private int freeCount;
    private readonly ulong firstNumber;
    private ulong nextUnused;

    public FrameAllocator(PhysicalMemory ram)
    {
        this.ram = ram;
        firstNumber = ram.Base >> Page.Shift;
        frameCount = ram.Size >> Page.Shift;
        refCounts = (int*)NativeMemory.AllocZeroed((nuint)frameCount, sizeof(int));
        nextUnused = firstNumber;
    }

    public PhysicalMemory Ram => ram;

    /// <summary>Frames currently allocated.</summary>
    public long InUse { get; private set; }

    /// <summary>Frames in RAM.</summary>
    public long Total => (long)frameCount;

    /// <summary>Frames still available.</summary>
    public long Free => Total - InUse;

    /// <summary>Allocates a zeroed frame with reference count 1; false when RAM is exhausted.</summary>
    public bool TryAllocate(out Frame frame)
    {
        if (freeCount > 0)
        {
            frame = new Frame(freeList[--freeCount]);
            // A recycled frame may hold old data and decoded code: zero it and tell the code caches.
            ram.NoteStore(frame.Address, Page.Size);
            new Span<byte>(HostPointer(frame), (int)Page.Size).Clear();
        }
        else if (nextUnused - firstNumber < frameCount)
        {
            frame = new Frame(nextUnused++);
        }
        else
        {
            frame = default;
            return false;
        }
        refCounts[Index(frame)] = 1;
        InUse++;
        return true;
    }

    /// <summary>Another owner (a forked page table, a shared mapping) holds <paramref name="frame"/>.</summary>
    public void AddRef(Frame frame)
    {
        ref int count = ref refCounts[Index(frame)];
        if (count <= 0) throw new InvalidOperationException($"AddRef on free {frame}");
        count++;
    }

    /// <summary>Drops one reference; the frame becomes free at zero.</summary>
    public void Release(Frame frame)
    {
        ref int count = ref refCounts[Index(frame)];
        if (count <= 0) throw new InvalidOperationException($"Release of free {frame}");
        if (--count == 0)
        {
            if (freeCount == freeList.Length) Array.Resize(ref freeList, freeCount * 2);
            freeList[freeCount++] = frame.Number;
            InUse--;
        }
    }

    public int RefCount(Frame frame) => refCounts[Index(frame)];

    /// <summary>Where the frame's bytes live in the host.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* HostPointer(Frame frame) => ram.HostPointer(frame.Address);

    public Span<byte> Bytes(Frame frame) => new(HostPointer(frame), (int)Page.Size);

    /// <summary>Marks a frame as written by the kernel so decode and translation caches drop its code.</summary>
    public void NoteWrite(Frame frame) => ram.NoteStore(frame.Address, Page.Size);

    private int Index(Frame frame)
    {
        ulong i = frame.Number - firstNumber;
        if (i >= frameCount) throw new ArgumentOutOfRangeException(nameof(frame), $"{frame} is outside RAM");
        return (int)i;
    }

    // Freed only once nothing can reach the allocator: a page table or a shared mapping may still release frames
    // while the kernel is being disposed.
    ~FrameAllocator() => NativeMemory.Free(refCounts);
}
