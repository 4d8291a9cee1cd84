using System.Runtime.CompilerServices;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The interpreter's decode cache: decoded pages by physical page number. A page's first decode marks it as
/// code in <see cref="PhysicalMemory"/>, so any later store to it (self-modifying code, the kernel loading a
/// program) takes the MMU's slow path, which drops the page here and bumps <see cref="Epoch"/>.
/// </summary>
internal sealed unsafe class DecodeCache
{
    private readonly PhysicalMemory ram;
    private readonly DecodedPage?[] pages;

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
        pages = new DecodedPage?[ram.Size >> PhysicalMemory.PageShift];
        ram.CodePageWritten += Invalidate;
    }

    /// <summary>The decoded page for a physical address in RAM; a new one marks its page as code, which empties every
    /// hart's store view of it (<see cref="PhysicalMemory.PageBecameCode"/>).</summary>
    public DecodedPage Get(ulong pa, out bool created)
    {
        ulong index = (pa - ram.Base) >> PhysicalMemory.PageShift;
        var page = pages[index];
        created = page is null;
        if (page is null)
        {
            ulong pageBase = pa & ~(PhysicalMemory.PageSize - 1);
            page = new DecodedPage(pageBase, ram.HostPointer(pageBase), Statistics, initialCountdown);
            Statistics.Pages++;
            pages[index] = page;
            ram.MarkCode(pa);
        }
        return page;
    }

    /// <summary>The decoded page holding physical address <paramref name="pa"/>, or null if it has none (or is not RAM).</summary>
    public DecodedPage? Find(ulong pa)
    {
        ulong index = (pa - ram.Base) >> PhysicalMemory.PageShift;
        return index < (ulong)pages.Length ? pages[index] : null;
    }

    /// <summary>The pages decoded now (for a translating engine's look at what ran, at exit).</summary>
    public IEnumerable<DecodedPage> Pages()
    {
        foreach (var page in pages)
            if (page is not null) yield return page;
    }

    /// <summary>The decoded page holding host address <paramref name="host"/> (inside RAM), or null if it has none yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DecodedPage? AtHost(byte* host) => pages[(ulong)(host - ram.Host) >> PhysicalMemory.PageShift];

    /// <summary>Drops the page. Raised by a store on any hart's host thread (the harts share RAM): the owner's
    /// interpreter sees the page gone, or the epoch moved, when it next looks (atomic: its own fence.i may bump it at once).</summary>
    public void Invalidate(ulong pagePa)
    {
        Volatile.Write(ref pages[(pagePa - ram.Base) >> PhysicalMemory.PageShift], null);
        Interlocked.Increment(ref Epoch);
    }

    /// <summary>fence.i: drops everything (pages are re-marked when executed again).</summary>
    public void Clear()
    {
        Array.Clear(pages);
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
