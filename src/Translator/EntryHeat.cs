namespace RvJit.Translator;

/// <summary>
/// Heat counted for every hart together: the entries each hart's interpreter has counted, by physical address, until
/// an entry's total reaches the hot threshold. Each interpreter counts in its own decode cache (its runs are its own),
/// and stops once every <see cref="SharedTranslations.HeatStride"/> entries to hand its count here.
///
/// Why: with each hart counting to the threshold alone, code that several harts share turned hot only at about the
/// threshold times the harts (the Go HTTP server of bench/parallel, 2 harts: hundreds of entries interpreted ~8,000
/// times each at 4,096), and a long run's code that runs once per request stayed in the interpreter for most of it.
/// The translation cache was already shared; now the decision to make a translation is too. Under the shared lock.
/// </summary>
internal sealed class EntryHeat(int threshold)
{
    private readonly Dictionary<ulong, int> counted = new();

    /// <summary>Adds <paramref name="entries"/> to the entry at <paramref name="pa"/>: true when the total has reached the
    /// threshold (the entry is hot; its count starts again from zero, for a mark that sends it back to counting).</summary>
    public bool Add(ulong pa, int entries)
    {
        int total = (counted.TryGetValue(pa, out int held) ? held : 0) + entries;
        if (total < threshold) { counted[pa] = total; return false; }
        counted.Remove(pa);
        return true;
    }

    /// <summary>The entries handed in for <paramref name="pa"/> that have not turned it hot yet.</summary>
    public int Of(ulong pa) => counted.TryGetValue(pa, out int held) ? held : 0;

    /// <summary>Entries being counted (for --stats).</summary>
    public int Count => counted.Count;
}
