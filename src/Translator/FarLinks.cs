namespace RvJit.Translator;

/// <summary>
/// The link slots that lead into another physical page ("far links"), as made since they were last dropped.
/// A far link is valid while the mapping and the code it was made under are: the engine drops them all when
/// translation changes (the MMU's flush count moves: munmap, mprotect, mmap over old code, satp) and when any
/// translation is invalidated or flushed; a translation replaced by a larger or promoted region loses only the
/// far links that lead to it (replacements are frequent while a program warms up: speedtest1 has ~500).
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

    /// <summary>Empties the far links that lead to <paramref name="target"/> (a replaced translation).</summary>
    public void Unlink(BlockFunction target)
    {
        lock (made)
            made.RemoveAll(link =>
            {
                if (link.Links.Next[link.Slot] != target) return false;
                link.Links.Clear(link.Slot);
                return true;
            });
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
