// objdump's view of a symbol table: which symbols count, how they sort, and which one names an address.
namespace RvJit.Runtime.Isa;

/// <summary>The symbol attributes objdump (through BFD) uses when it picks a name.</summary>
[Flags]
public enum ListingSymbolFlags : ushort
{
    None = 0,
    Local = 1 << 0,
    Global = 1 << 1,
    Weak = 1 << 2,
    Function = 1 << 3,
    Object = 1 << 4,
    /// <summary>An STT_SECTION symbol (BFD names it after its section).</summary>
    Section = 1 << 5,
    /// <summary>An STT_FILE symbol.</summary>
    File = 1 << 6,
    /// <summary>Made up by the reader, not in the file: "name@plt" for each PLT entry.</summary>
    Synthetic = 1 << 7,
    /// <summary>Not defined in this file (only relocation targets are; the listing never sorts these).</summary>
    Undefined = 1 << 8,
}

/// <summary>A symbol as the listing sees it. <paramref name="SectionIndex"/> is -1 for absolute symbols.
/// <paramref name="Version"/> is a dynamic symbol's version name (printed as name@@VERSION, or name@VERSION
/// when <paramref name="HiddenVersion"/>). <paramref name="SectionAddress"/> is its section's address (0 for
/// absolute symbols): objdump compares the section-relative value in one place.</summary>
public sealed record ListingSymbol(string Name, ulong Value, ulong Size, int SectionIndex, string SectionName, ListingSymbolFlags Flags,
    string? Version = null, bool HiddenVersion = false, ulong SectionAddress = 0)
{
    /// <summary>The name as printed, with the version objdump appends to dynamic symbols.</summary>
    public string DisplayName => string.IsNullOrEmpty(Version) ? Name : $"{Name}{(HiddenVersion ? "@" : "@@")}{Version}";

    internal bool Has(ListingSymbolFlags flag) => (Flags & flag) != 0;

    /// <summary>Debugging symbols (section and file symbols) are dropped unless they name a .plt/.got section.</summary>
    internal bool IsUseful =>
        Name.Length > 0
        && ((Flags & (ListingSymbolFlags.Section | ListingSymbolFlags.File)) == 0 || Name.StartsWith(".plt") || Name.StartsWith(".got"));

    /// <summary>RISC-V mapping symbols ($x, $xrv64..., $d) and the assembler's fake label are never printed.</summary>
    internal bool IsPrintable => Name != ".L0 " && !IsMappingSymbol(Name);

    internal static bool IsMappingSymbol(string name) => name is "$x" or "$d" || name.StartsWith("$xrv");
}

/// <summary>
/// The symbols in the order objdump sorts them for one section (by value; at equal values: symbols of that
/// section first, then real names before file names, functions before objects before others, globals before
/// locals, larger before smaller, names without a leading '.' first, then by name), with objdump's lookup of the
/// symbol that names an address.
/// </summary>
internal sealed class SortedSymbols
{
    private readonly ListingSymbol[] sorted;
    private readonly int sectionIndex;
    private readonly IReadOnlyList<ListingRelocation> relocations;

    /// <param name="relocations">Dynamic relocations sorted by address: an address without a symbol of its own
    /// that a relocation patches is named after the relocation's symbol (a GOT slot after its function).</param>
    public SortedSymbols(IEnumerable<ListingSymbol> useful, int sectionIndex, string sectionName,
        IReadOnlyList<ListingRelocation>? relocations = null)
    {
        this.sectionIndex = sectionIndex;
        this.relocations = relocations ?? [];
        // Stable, like glibc's merge-sorting qsort: symbols objdump cannot tell apart (one name, two versions)
        // keep the file's order.
        sorted = useful.Select((symbol, index) => (symbol, index))
            .OrderBy(x => x, Comparer<(ListingSymbol Symbol, int Index)>.Create((a, b) =>
            {
                int c = Compare(a.Symbol, b.Symbol, sectionName);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            }))
            .Select(x => x.symbol).ToArray();
    }

    public int Count => sorted.Length;
    public ListingSymbol this[int place] => sorted[place];

    private static int Compare(ListingSymbol a, ListingSymbol b, string sectionName)
    {
        if (a.Value != b.Value) return a.Value < b.Value ? -1 : 1;
        bool aHere = a.SectionName == sectionName, bHere = b.SectionName == sectionName;
        if (aHere != bHere) return aHere ? -1 : 1;
        bool aCompiled = a.Name.Contains("gnu_compiled") || a.Name.Contains("gcc2_compiled");
        bool bCompiled = b.Name.Contains("gnu_compiled") || b.Name.Contains("gcc2_compiled");
        if (aCompiled != bCompiled) return aCompiled ? 1 : -1;
        bool aFile = IsFileName(a), bFile = IsFileName(b);
        if (aFile != bFile) return aFile ? 1 : -1;
        // BFD marks section and file symbols as debugging symbols.
        bool aDebug = (a.Flags & (ListingSymbolFlags.Section | ListingSymbolFlags.File)) != 0;
        bool bDebug = (b.Flags & (ListingSymbolFlags.Section | ListingSymbolFlags.File)) != 0;
        if (aDebug != bDebug) return aDebug ? 1 : -1;
        int c;
        if ((c = Prefer(a, b, ListingSymbolFlags.Section, last: true)) != 0) return c;
        if ((c = Prefer(a, b, ListingSymbolFlags.Function, last: false)) != 0) return c;
        if ((c = Prefer(a, b, ListingSymbolFlags.Object, last: false)) != 0) return c;
        if ((c = Prefer(a, b, ListingSymbolFlags.Local, last: true)) != 0) return c;
        if ((c = Prefer(a, b, ListingSymbolFlags.Global, last: false)) != 0) return c;
        ulong aSize = a.Has(ListingSymbolFlags.Section | ListingSymbolFlags.Synthetic) ? 0 : a.Size;
        ulong bSize = b.Has(ListingSymbolFlags.Section | ListingSymbolFlags.Synthetic) ? 0 : b.Size;
        if (aSize != bSize) return aSize > bSize ? -1 : 1;
        bool aDot = a.Name.StartsWith('.'), bDot = b.Name.StartsWith('.');
        if (aDot != bDot) return aDot ? 1 : -1;
        return string.CompareOrdinal(a.Name, b.Name);
    }

    private static int Prefer(ListingSymbol a, ListingSymbol b, ListingSymbolFlags flag, bool last)
    {
        bool aHas = (a.Flags & flag) != 0, bHas = (b.Flags & flag) != 0;
        if (aHas == bHas) return 0;
        return aHas == last ? 1 : -1;
    }

    private static bool IsFileName(ListingSymbol s) =>
        (s.Flags & ListingSymbolFlags.File) != 0
        || (s.Name.Length > 2 && s.Name[^2] == '.' && s.Name[^1] is 'o' or 'a');

    private bool Ok(int place, bool wantSection) =>
        (!wantSection || sorted[place].SectionIndex == sectionIndex) && sorted[place].IsPrintable;

    /// <summary>
    /// objdump's find_symbol_for_address: the first-sorted symbol at the highest value not above
    /// <paramref name="address"/>, preferring this section's; failing that an earlier printable one, then a
    /// later one. <paramref name="requireSection"/> restricts the choice to this section (used for labels).
    /// Returns the index into the sorted order, or -1.
    /// </summary>
    public int Find(ulong address, bool requireSection) => Find(address, requireSection, out _);

    /// <summary>Like <see cref="Find(ulong, bool)"/>, and the symbol to print: the found one, or the symbol of a
    /// dynamic relocation at exactly <paramref name="address"/> when no symbol starts there.</summary>
    public ListingSymbol? Lookup(ulong address, bool requireSection)
    {
        int place = Find(address, requireSection, out var relocated);
        return relocated ?? (place >= 0 ? sorted[place] : null);
    }

    private int Find(ulong address, bool requireSection, out ListingSymbol? relocated)
    {
        relocated = null;
        int count = sorted.Length;
        if (count < 1) return -1;
        int min = 0, max = count;
        while (min + 1 < max)
        {
            int middle = (max + min) / 2;
            ulong value = sorted[middle].Value;
            if (value > address) max = middle;
            else if (value < address) min = middle;
            else { min = middle; break; }
        }
        int place = min;
        while (place > 0 && sorted[place].Value == sorted[place - 1].Value) place--;

        for (min = place; min < max && sorted[min].Value == sorted[place].Value; min++)
            if (Ok(min, true)) return min;

        if (!Ok(place, requireSection))
        {
            int newPlace = count;
            for (int i = min - 1; i >= 0; i--)
            {
                if (!Ok(i, requireSection)) continue;
                if (newPlace == count) newPlace = i;
                if (sorted[i].Value != sorted[newPlace].Value) break;
                newPlace = i;
            }
            if (newPlace != count) place = newPlace;
            else
            {
                for (int i = place + 1; i < count; i++)
                    if (Ok(i, requireSection)) { place = i; break; }
            }
            if (!Ok(place, requireSection)) return -1;
        }
        // objdump tests the symbol's section-relative value here, so a relocation at the address usually wins
        // even over a symbol that starts there.
        var found = sorted[place];
        if (!requireSection && found.Value - found.SectionAddress != address && !found.Has(ListingSymbolFlags.Synthetic))
            relocated = RelocationSymbolAt(address);
        return place;
    }

    /// <summary>objdump's binary search of the dynamic relocations for one at exactly <paramref name="address"/>
    /// whose symbol is not absolute.</summary>
    private ListingSymbol? RelocationSymbolAt(ulong address)
    {
        int count = relocations.Count;
        if (count == 0 || relocations[0].Address > address || relocations[count - 1].Address < address) return null;
        int low = 0, high = count - 1;
        while (low <= high)
        {
            int middle = low + (high - low) / 2;
            ulong at = relocations[middle].Address;
            if (at == address)
            {
                int first = middle;
                while (first - 1 >= low && relocations[first - 1].Address == address) first--;
                for (int i = first; i <= high && relocations[i].Address == address; i++)
                    if (relocations[i].Symbol is { } symbol) return symbol;
                return null;
            }
            if (address < at) high = middle;
            else if (address >= relocations[middle + 1].Address) low = middle + 1;
            else return null;
        }
        return null;
    }

    /// <summary>"name", "name+0x10" or "name-0x10" for a symbol, or the section-relative form without one.
    /// An undefined symbol (a relocation's) has no value to be relative to.</summary>
    public static string Describe(ListingSymbol? symbol, ulong address, string sectionName, ulong sectionAddress)
    {
        if (symbol is null)
        {
            if (address < sectionAddress) return $"{sectionName}-0x{sectionAddress - address:x}";
            return address > sectionAddress ? $"{sectionName}+0x{address - sectionAddress:x}" : sectionName;
        }
        if (symbol.Value == address || symbol.Has(ListingSymbolFlags.Undefined)) return symbol.DisplayName;
        return symbol.Value > address
            ? $"{symbol.DisplayName}-0x{symbol.Value - address:x}"
            : $"{symbol.DisplayName}+0x{address - symbol.Value:x}";
    }
}

/// <summary>A dynamic relocation: the address it patches and its symbol (null for none or an absolute one).</summary>
public readonly record struct ListingRelocation(ulong Address, ListingSymbol? Symbol);

internal static class ListingRelocations
{
    /// <summary>objdump sorts dynamic relocations by address, keeping the file's order at equal addresses.</summary>
    public static ListingRelocation[] Sorted(IEnumerable<ListingRelocation> relocations) =>
        relocations.OrderBy(r => r.Address).ToArray();
}
