namespace RvJit.Translator;

/// <summary>
/// The link slots that lead into another physical page ("far links"), as made since they were last dropped.
/// A far link is valid while the mapping and the code it was made under are: the engine drops them all when
/// translation changes (the MMU's flush count moves: munmap, mprotect, mmap over old code, satp) and when any
/// translation is invalidated, replaced or flushed. Dropping costs one store per link made, and generated code
/// pays nothing to check a far link beyond what a same-page link costs.
/// </summary>
internal sealed class FarLinks
{
    /// <summary>A program that keeps relinking without ever flushing (a page entered under two virtual aliases
    /// in turn) cannot grow the list without bound: past this many, everything is dropped.</summary>
    private const int MaxHeld = 1 << 16;

    private readonly List<(BlockLinks Links, int Slot)> made = [];

    /// <summary>Times all far links were dropped (--stats).</summary>
    public long Drops { get; private set; }
    public long Made { get; private set; }

    public void Add(BlockLinks links, int slot)
    {
        // Invalidation may be reported on the thread of the hart that wrote the code.
        lock (made)
        {
            if (made.Count >= MaxHeld) DropAllLocked();
            made.Add((links, slot));
            Made++;
        }
    }

    public void DropAll()
    {
        lock (made) DropAllLocked();
    }

    private void DropAllLocked()
    {
        if (made.Count == 0) return;
        foreach (var (links, slot) in made) links.Clear(slot);
        made.Clear();
        Drops++;
    }
}
