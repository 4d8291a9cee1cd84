using System.Runtime.CompilerServices;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The interpreter's decode cache: decoded pages by physical page number. A page's first decode marks it as
/// code in <see cref="PhysicalMemory"/>, so any later store to it takes the MMU's slow path; one that overlaps
/// bytes decoded here (self-modifying code, the kernel loading a program) drops the page and bumps <see cref="Epoch"/>.
/// </summary>
internal sealed unsafe class DecodeCache
{
    private readonly PhysicalMemory ram;
    /// <summary>Decoded pages in chunks of <see cref="ChunkPages"/>, a chunk made when the first page of its stretch
    /// of RAM is decoded. One array of a slot per page of RAM was 4 MiB for 2 GiB of RAM: beyond the GC's large-object
    /// budget at start-up, so every short run paid a full collection (and 7% of a hello world's CPU). The owner makes
    /// chunks; any hart's thread may empty a slot (<see cref="Invalidate"/>), and finds no chunk only where no page was
    /// ever decoded (a chunk is published before its first page is marked as code).</summary>
    private readonly DecodedPage?[]?[] chunks;
    private const int ChunkShift = 9, ChunkPages = 1 << ChunkShift; // 2 MiB of RAM a chunk (a 4 KiB array)

    /// <summary>Incremented whenever a page is dropped: an engine holding a page re-fetches when it changes.</summary>
    public long Epoch;

    /// <summary>Counts for --stats.</summary>
    public readonly DecodeStatistics Statistics = new();

    /// <summary>The countdown every run's entry starts from (<see cref="CachedInstruction.Countdown"/>).</summary>
    private readonly short initialCountdown;

    public DecodeCache(PhysicalMemory ram, short initialCountdown)
    {
        this.ram = ram;
        this.initialCountdown = initialCountdown;
        chunks = new DecodedPage?[]?[((ram.Size >> PhysicalMemory.PageShift) + ChunkPages - 1) >> ChunkShift];
        ram.CodePageWritten += Invalidate;
    }

    /// <summary>The decoded page for a physical address in RAM; a new one marks its page as code, which empties every
    /// hart's store view of it (<see cref="PhysicalMemory.PageBecameCode"/>).</summary>
    public DecodedPage Get(ulong pa, out bool created)
    {
        ulong index = (pa - ram.Base) >> PhysicalMemory.PageShift;
        var chunk = chunks[index >> ChunkShift];
        if (chunk is null) Volatile.Write(ref chunks[index >> ChunkShift], chunk = new DecodedPage?[ChunkPages]);
        var page = chunk[index & (ChunkPages - 1)];
        created = page is null;
        if (page is null)
        {
            ulong pageBase = pa & ~(PhysicalMemory.PageSize - 1);
            page = new DecodedPage(ram, pageBase, ram.HostPointer(pageBase), Statistics, initialCountdown);
            Statistics.Pages++;
            chunk[index & (ChunkPages - 1)] = page;
            ram.WatchCode(pa); // each run claims the bytes it decodes (DecodedPage.MarkDecoded)
        }
        return page;
    }

    /// <summary>The decoded page holding physical address <paramref name="pa"/>, or null if it has none (or is not RAM).</summary>
    public DecodedPage? Find(ulong pa)
    {
        ulong index = (pa - ram.Base) >> PhysicalMemory.PageShift;
        return index >> ChunkShift < (ulong)chunks.Length ? chunks[index >> ChunkShift]?[index & (ChunkPages - 1)] : null;
    }

    /// <summary>The pages decoded now (for a translating engine's look at what ran, at exit).</summary>
    public IEnumerable<DecodedPage> Pages()
    {
        foreach (var chunk in chunks)
            if (chunk is not null)
                foreach (var page in chunk)
                    if (page is not null) yield return page;
    }

    /// <summary>The decoded page holding host address <paramref name="host"/> (inside RAM), or null if it has none yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DecodedPage? AtHost(byte* host)
    {
        ulong index = (ulong)(host - ram.Host) >> PhysicalMemory.PageShift;
        return chunks[index >> ChunkShift]?[index & (ChunkPages - 1)];
    }

    /// <summary>Drops the page. Raised by a store on any hart's host thread (the harts share RAM): the owner's
    /// interpreter sees the page gone, or the epoch moved, when it next looks (atomic: its own fence.i may bump it at once).</summary>
    public void Invalidate(ulong pagePa)
    {
        ulong index = (pagePa - ram.Base) >> PhysicalMemory.PageShift;
        if (Volatile.Read(ref chunks[index >> ChunkShift]) is { } chunk) Volatile.Write(ref chunk[index & (ChunkPages - 1)], null);
        Interlocked.Increment(ref Epoch);
    }
}

/// <summary>What the decode cache has done, for --stats: how much decoding the run layout costs.</summary>
internal sealed class DecodeStatistics
{
    /// <summary>Pages decoded (again after each invalidation).</summary>
    public long Pages;
    /// <summary>Runs decoded, and the slots they fill (instructions plus run ends).</summary>
    public long Runs, Slots;
}
