using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Runtime.Memory;

/// <summary>
/// Guest RAM: one contiguous block of native memory mapped at <see cref="Base"/> in the guest physical
/// address space, plus a word of flags per 4 KiB page. The flags tell the MMU which pages may not be
/// cached in a TLB view: pages holding decoded or translated code may not be written through the fast path
/// (so writes to them invalidate the code), and pages overlaid by a device register (HTIF's tohost) may not
/// be accessed through the fast path at all. Harts on several host threads update the flags at once, so every
/// change is one atomic read-modify-write of the page's flag word (no thread loses another's bit).
/// </summary>
public sealed unsafe class PhysicalMemory : IDisposable
{
    public const int PageShift = 12;
    public const ulong PageSize = 1UL << PageShift;
    public const ulong PageOffsetMask = PageSize - 1;

    /// <summary>The page holds code that a decode or translation cache depends on.</summary>
    public const byte FlagCode = 1;
    /// <summary>A device register overlays part of this page: every access goes to the bus.</summary>
    public const byte FlagIo = 2;
    /// <summary>A store TLB view has held the page (set at the fill, never cleared): a page without it is in no store
    /// view, so making it code needs no scan of the store views (<see cref="Hart.Mmu.FlushStoresTo"/>).</summary>
    public const byte FlagStoreMapped = 4;
    /// <summary>No instruction may be fetched from this page (a hole or a device window in a RAM block that also
    /// maps flash below RAM, as the virt board's): the fetch faults.</summary>
    public const byte FlagNoFetch = 8;

    // An int a page, not a byte: Interlocked's And/Or (which return the old value) work on 32-bit words. Native and
    // zeroed: the host commits its pages only where flags are set, and a managed array of 2 MiB (2 GiB of RAM) used
    // up the GC's large-object budget at start-up, so every short run paid a full collection. Freed by the finalizer,
    // not Dispose: a compile thread may still mark a page as code while its machine is being disposed.
    private readonly int* pageFlags;

    /// <summary>Per page, which 64-byte chunks hold bytes that were decoded or translated (bit i: bytes 64i..64i+63).
    /// A store into a code page invalidates its code only when it overlaps a marked chunk, so data next to code
    /// (a bare-metal program's .data after its .text, a kernel's variables beside its functions) can be written
    /// without dropping the code. Bits are only ever set: a stale bit costs one needless invalidation, while
    /// clearing one could race with a decoder marking the same page again on another hart.</summary>
    private readonly ulong* codeChunks;
    /// <summary>Bytes of a page a bit of <see cref="codeChunks"/> stands for.</summary>
    public const int CodeChunkSize = 64;

    public ulong Base { get; }
    public ulong Size { get; }
    /// <summary>Host address of guest physical address <see cref="Base"/>.</summary>
    public byte* Host { get; private set; }

    /// <summary>Raised (with the page's physical address) when a store reaches a page marked <see cref="FlagCode"/>;
    /// the mark is cleared first. Decode and translation caches subscribe to drop what they hold for that page.</summary>
    public event Action<ulong>? CodePageWritten { add => codePageWritten.Add(value); remove => codePageWritten.Remove(value); }
    private readonly PageHandlers codePageWritten = new();

    /// <summary>Where guest RAM begins in the block: below it the block holds what is not RAM but must be fetched from in
    /// place (the virt board's flash, and the holes up to RAM). Device DMA and the debugger reach only [RamStart, End).</summary>
    public ulong RamStart { get; }

    public PhysicalMemory(ulong @base, ulong size, ulong? ramStart = null)
    {
        if (size == 0 || (size & (PageSize - 1)) != 0) throw new ArgumentException("RAM size must be a non-zero multiple of 4 KiB");
        if ((@base & (PageSize - 1)) != 0) throw new ArgumentException("RAM base must be page aligned");
        Base = @base;
        Size = size;
        RamStart = ramStart ?? @base;
        if (RamStart - @base >= size) throw new ArgumentException("RAM must start inside the block");
        // Zeroed pages are committed lazily by the host OS, so a large RAM costs only what the guest touches.
        Host = (byte*)NativeMemory.AllocZeroed((nuint)size);
        // Huge pages: a program whose data outgrows the host's TLB reach (lzip's 32 MiB match tree) spent ~12% of its
        // CPU on host TLB misses with 4 KiB pages. Frames are handed out from the bottom, so the huge pages fill up.
        HostHugePages.Advise(Host, (nuint)size);
        pageFlags = (int*)NativeMemory.AllocZeroed((nuint)(size >> PageShift), sizeof(int));
        codeChunks = (ulong*)NativeMemory.AllocZeroed((nuint)(size >> PageShift), sizeof(ulong));
    }

    public ulong End => Base + Size;

    /// <summary>True when [pa, pa + length) lies entirely in RAM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong pa, ulong length) => pa - Base < Size && length <= Size - (pa - Base);

    /// <summary>True when [pa, pa + length) lies entirely in guest RAM (from <see cref="RamStart"/>): what devices may
    /// reach by DMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ContainsRam(ulong pa, ulong length) => pa - RamStart < End - RamStart && length <= End - pa;

    /// <summary>Host pointer for a physical address known to be in RAM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* HostPointer(ulong pa) => Host + (pa - Base);

    /// <summary>The physical address of a host pointer into RAM (the inverse of <see cref="HostPointer"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong AddressOf(byte* host) => (ulong)(host - Host) + Base;

    public Span<byte> Span(ulong pa, int length)
    {
        if (!Contains(pa, (ulong)length)) throw new ArgumentOutOfRangeException(nameof(pa), $"0x{pa:x}+{length} is outside RAM");
        return new Span<byte>(HostPointer(pa), length);
    }

    public byte PageFlags(ulong pa) => (byte)Volatile.Read(ref FlagWord((pa - Base) >> PageShift));

    public void SetPageFlag(ulong pa, byte flag) => Interlocked.Or(ref FlagWord((pa - Base) >> PageShift), flag);

    /// <summary>Sets <paramref name="flag"/> on every page of [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void SetPageFlags(ulong from, ulong to, byte flag)
    {
        for (ulong pa = from & ~PageOffsetMask; pa < to; pa += PageSize) SetPageFlag(pa, flag);
    }

    /// <summary>Raised (with the page's address) when a page that a store TLB view has held becomes code: every hart's
    /// MMU drops its store entries for it (<see cref="Hart.Mmu.FlushStoresTo"/>), so that a store from any hart, not
    /// only the one that decoded or translated the page, takes the slow path and invalidates the code.</summary>
    public event Action<ulong>? PageBecameCode { add => pageBecameCode.Add(value); remove => pageBecameCode.Remove(value); }
    private readonly PageHandlers pageBecameCode = new();

    /// <summary>Marks the page of <paramref name="pa"/> as holding code in every byte: any store to it drops what depends on it.</summary>
    public void MarkCode(ulong pa)
    {
        WatchCode(pa);
        MarkCodeBytes(pa & ~PageOffsetMask, (int)PageSize);
    }

    /// <summary>Marks the page of <paramref name="pa"/> as holding code whose bytes are claimed as they are read
    /// (<see cref="MarkCodeBytes"/>); the store TLB views of every hart lose their
    /// entries for it (<see cref="PageBecameCode"/>). The interlocked update is also a full fence: the scans of the
    /// store views that follow cannot be ordered before the mark (see <see cref="Hart.Mmu.FlushStoresTo"/>).</summary>
    public void WatchCode(ulong pa)
    {
        int old = Interlocked.Or(ref FlagWord((pa - Base) >> PageShift), FlagCode);
        if ((old & FlagCode) == 0 && (old & FlagStoreMapped) != 0) pageBecameCode.Raise(pa & ~PageOffsetMask);
    }

    /// <summary>Notes that the bytes [<paramref name="pa"/>, +<paramref name="length"/>) of a page marked as code are
    /// about to be read to decode or translate them (before reading: a store on another hart then either sees the
    /// mark or its bytes are the ones read). Must stay within one page.</summary>
    public void MarkCodeBytes(ulong pa, int length)
    {
        ulong index = (pa - Base) >> PageShift;
        FlagWord(index); // bounds
        ulong bits = ChunkBits(pa & PageOffsetMask, ((pa & PageOffsetMask) + (ulong)length - 1) & PageOffsetMask);
        if ((Volatile.Read(ref codeChunks[index]) & bits) != bits) Interlocked.Or(ref codeChunks[index], bits);
    }

    /// <summary>The chunks of a page whose bytes were decoded or translated (see <see cref="MarkCodeBytes"/>).</summary>
    public ulong CodeChunks(ulong pa) { ulong index = (pa - Base) >> PageShift; FlagWord(index); return Volatile.Read(ref codeChunks[index]); }

    /// <summary>The chunk bits covering page offsets <paramref name="first"/>..<paramref name="last"/> (inclusive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ChunkBits(ulong first, ulong last) =>
        (ulong.MaxValue << (int)(first / CodeChunkSize)) & (ulong.MaxValue >> (63 - (int)(last / CodeChunkSize)));

    public bool IsCode(ulong pa) => (Volatile.Read(ref FlagWord((pa - Base) >> PageShift)) & FlagCode) != 0;

    /// <summary>Called before any store into RAM that did not go through a store TLB hit: if the page holds
    /// code and the store overlaps bytes that were decoded or translated, clears the mark and tells the caches. When
    /// stores from several harts reach the page at once, the one whose atomic clear saw the mark tells the caches, once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NoteStore(ulong pa, ulong length)
    {
        ulong first = (pa - Base) >> PageShift, last = (pa + length - 1 - Base) >> PageShift;
        for (ulong p = first; p <= last; p++)
        {
            if ((Volatile.Read(ref FlagWord(p)) & FlagCode) == 0) continue; // the common case: no atomic needed
            if (!OverlapsCode(p, pa, length)) continue; // data beside the code: the code stays
            if ((Interlocked.And(ref FlagWord(p), ~FlagCode) & FlagCode) == 0) continue; // another store cleared it
            codePageWritten.Raise(Base + (p << PageShift));
        }
    }

    /// <summary>Called after a store that <see cref="NoteStore"/> let through: a hart that decoded or translated the
    /// page between the note and the store may hold the bytes from before it (the note came first, so that the
    /// storing hart's own code is dropped before its store). A full fence orders the store before the second look
    /// (the decoding side marks, fences, then reads), so one of the two sees the other.</summary>
    public void NoteStoreDone(ulong pa, ulong length)
    {
        Interlocked.MemoryBarrier();
        NoteStore(pa, length);
    }

    private bool OverlapsCode(ulong page, ulong pa, ulong length)
    {
        ulong start = Base + (page << PageShift);
        ulong from = Math.Max(pa, start) - start, to = Math.Min(pa + length, start + PageSize) - 1 - start;
        return (Volatile.Read(ref codeChunks[page]) & ChunkBits(from, to)) != 0;
    }

    /// <summary>The flag word of page <paramref name="index"/>, bounds-checked as the managed array it replaced was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int FlagWord(ulong index)
    {
        if (index >= Size >> PageShift) ThrowOutside(index);
        return ref pageFlags[index];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutside(ulong index) =>
        throw new IndexOutOfRangeException($"page 0x{Base + (index << PageShift):x} is outside RAM");

    ~PhysicalMemory()
    {
        NativeMemory.Free(pageFlags);
        NativeMemory.Free(codeChunks);
    }

    public void Dispose()
    {
        if (Host != null) { NativeMemory.Free(Host); Host = null; }
    }
}
