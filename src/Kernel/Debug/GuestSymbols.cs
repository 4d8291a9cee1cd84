// Guest code addresses named by function: the ELF symbol tables (.symtab, else .dynsym) of the files a process
// maps executable - the program, its dynamic linker, its shared libraries - placed where the mappings put them.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RvJit.Kernel.Memory;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Debug;

/// <summary>Where a guest pc lies: the mapped file (its name), the function and the offset into it, and the
/// address in the file's own ELF numbering (what `nm` and `objdump` print).</summary>
public readonly record struct GuestLocation(string? Module, string? Function, ulong FunctionOffset, ulong ElfAddress)
{
    /// <summary>The symbol table that named it, and the function's index there (-1: none), for the profiler's counters.</summary>
    internal ModuleSymbols? Owner { get; init; }
    internal int FunctionIndex { get; init; }

    /// <summary>The function's name, or "[unknown]" when the file has no symbol there or the pc is in no file.</summary>
    public string FunctionName => Function ?? "[unknown]";

    /// <summary>The file name, or "[anon]" for code outside any file mapping (code the guest wrote itself).</summary>
    public string ModuleName => Module ?? "[anon]";
}

/// <summary>
/// Names guest pcs for --profile and --perf-map. The kernel hands it each address space a hart is about to run
/// (<see cref="Enter"/>, holding the kernel lock, once per time slice); it answers with a snapshot of the space's
/// executable file mappings that never changes afterwards, so it is read without any lock while guest code runs
/// (by the profiler after each sample, by the translator when it names a region). A snapshot is made again only
/// when the space's <see cref="AddressSpace.LayoutVersion"/> moved (an mmap, munmap, mprotect, mremap). A file's
/// symbols are read once (by file version: device, inode, mtime, size) while a mapping holds it open.
/// </summary>
public sealed class GuestSymbols
{
    private readonly Lock gate = new();
    private readonly ConditionalWeakTable<AddressSpace, MappingSnapshot> snapshots = new();
    private readonly Dictionary<FileVersion, ModuleSymbols> byVersion = new();
    private readonly ConditionalWeakTable<IPageSource, ModuleSymbols> bySource = new();
    private readonly ConcurrentDictionary<Hart, MappingSnapshot> current = new();

    /// <summary>The snapshot of <paramref name="space"/>'s executable mappings, made again if they changed. Holding the kernel lock.</summary>
    public MappingSnapshot For(AddressSpace space)
    {
        lock (gate)
        {
            if (snapshots.TryGetValue(space, out var snapshot) && snapshot.LayoutVersion == space.LayoutVersion) return snapshot;
            snapshot = Build(space);
            snapshots.AddOrUpdate(space, snapshot);
            return snapshot;
        }
    }

    /// <summary><paramref name="hart"/> runs <paramref name="space"/> from now on; its snapshot. Holding the kernel lock.</summary>
    public MappingSnapshot Enter(Hart hart, AddressSpace space)
    {
        var snapshot = For(space);
        if (!current.TryGetValue(hart, out var held) || held != snapshot) current[hart] = snapshot;
        return snapshot;
    }

    /// <summary>Where <paramref name="pc"/> lies in the address space <paramref name="hart"/> runs (any thread, no lock).</summary>
    public GuestLocation Resolve(Hart hart, ulong pc) =>
        current.TryGetValue(hart, out var snapshot) ? snapshot.Resolve(pc) : default;

    /// <summary>The name --perf-map gives a translated region entered at <paramref name="pc"/>:
    /// `rvjit:FUNCTION+0xOFFSET [0xPC] FILE` (`rvjit:[0xPC] FILE` without a symbol there).</summary>
    public string RegionLabel(Hart hart, ulong pc) => Label(Resolve(hart, pc), pc);

    /// <summary>See <see cref="RegionLabel"/>.</summary>
    public static string Label(GuestLocation where, ulong pc)
    {
        string function = where.Function is { } f ? $"{f}+0x{where.FunctionOffset:x} " : "";
        string module = where.Module is { } m ? $" {m}" : "";
        return $"rvjit:{function}[0x{pc:x}]{module}";
    }

    private MappingSnapshot Build(AddressSpace space)
    {
        var entries = new List<MappingSnapshot.Entry>();
        foreach (var vma in space.Areas)
        {
            if ((vma.Protection & Protection.Execute) == 0 || vma.Source is not { } source) continue;
            entries.Add(new MappingSnapshot.Entry(vma.Start, vma.End, vma.Offset, ModuleOf(source, vma.Name)));
        }
        return new MappingSnapshot(space.LayoutVersion, [.. entries]);
    }

    private ModuleSymbols ModuleOf(IPageSource source, string path)
    {
        string name = Path.GetFileName(path) is { Length: > 0 } n ? n : path;
        if (source.CacheKey is { } version)
        {
            if (!byVersion.TryGetValue(version, out var known)) byVersion[version] = known = ModuleSymbols.Read(source, version.Size, name);
            return known;
        }
        return bySource.GetValue(source, s => ModuleSymbols.Read(s, null, name));
    }
}

/// <summary>The executable file mappings of one address space at one <see cref="AddressSpace.LayoutVersion"/>; immutable.</summary>
public sealed class MappingSnapshot
{
    internal readonly record struct Entry(ulong Start, ulong End, ulong Offset, ModuleSymbols Module);

    private readonly Entry[] entries; // sorted by Start, disjoint (VMAs are)

    internal MappingSnapshot(long layoutVersion, Entry[] entries)
    {
        LayoutVersion = layoutVersion;
        this.entries = entries;
    }

    public long LayoutVersion { get; }

    public GuestLocation Resolve(ulong pc)
    {
        int lo = 0, hi = entries.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var e = entries[mid];
            if (pc < e.Start) hi = mid - 1;
            else if (pc >= e.End) lo = mid + 1;
            else return e.Module.Resolve(e.Offset + (pc - e.Start));
        }
        return default;
    }
}

/// <summary>One ELF file's functions in its own address numbering, and its PT_LOAD segments to get there from a file offset.</summary>
internal sealed class ModuleSymbols
{
    private readonly string name;
    private readonly ProgramHeader[] loads;
    private readonly ulong[] starts;
    private readonly ulong[] sizes;
    private readonly string[] names;

    private ModuleSymbols(string name, ProgramHeader[] loads, List<Symbol> functions)
    {
        this.name = name;
        this.loads = loads;
        starts = [.. functions.Select(f => f.Value)];
        sizes = [.. functions.Select(f => f.Size)];
        names = [.. functions.Select(f => f.Name)];
    }

    /// <summary>Reads the file's headers and symbol table through <paramref name="source"/> (the mapping's own bytes, so
    /// it works inside a --root jail and for files since deleted). A file that is no ELF, or whose tables are damaged,
    /// has no symbols: its pcs are reported by file name only.</summary>
    public static ModuleSymbols Read(IPageSource source, ulong? length, string name)
    {
        try
        {
            // Without a known length (an in-memory image), reads past the end are zeros, which ELF tables never need.
            using var image = ElfImage.Parse(ElfSource.FromReader(length ?? (1UL << 32), (offset, destination) =>
            {
                destination.Clear();
                source.Read(offset, destination);
                return true;
            }), name);
            var loads = image.ProgramHeaders.Where(h => h.Type == SegmentType.Load).ToArray();
            var functions = image.Symbols
                .Where(s => s.Type is SymbolType.Func or SymbolType.GnuIfunc && s.IsDefined && s.SectionIndex != Symbol.AbsoluteSection && s.Name.Length > 0)
                .OrderBy(s => s.Value).ThenBy(Preference).ToList();
            // One name per address: aliases (memcpy and __memcpy) keep the one perf would show, a global plain name.
            var distinct = new List<Symbol>(functions.Count);
            foreach (var f in functions)
                if (distinct.Count == 0 || distinct[^1].Value != f.Value) distinct.Add(f);
            return new ModuleSymbols(name, loads, distinct);
        }
        catch (ElfFormatException)
        {
            return new ModuleSymbols(name, [], []);
        }
    }

    private static int Preference(Symbol s) =>
        (s.Binding switch { SymbolBinding.Global => 0, SymbolBinding.Weak => 1, _ => 2 }) * 100 + Math.Min(s.Name.TakeWhile(c => c == '_').Count(), 9) * 10 + Math.Min(s.Name.Length, 9);

    /// <summary>Where the byte at <paramref name="fileOffset"/> of this file lies.</summary>
    public GuestLocation Resolve(ulong fileOffset)
    {
        ulong address = fileOffset;
        foreach (var load in loads)
            if (fileOffset >= load.Offset && fileOffset - load.Offset < load.FileSize) { address = load.VirtualAddress + (fileOffset - load.Offset); break; }
        int i = Array.BinarySearch(starts, address);
        if (i < 0) i = ~i - 1;
        // The closest function at or below; one with a size must contain the address (a gap has no name).
        if (i >= 0 && (sizes[i] == 0 || address - starts[i] < sizes[i]))
            return new GuestLocation(name, names[i], address - starts[i], address) { Owner = this, FunctionIndex = i };
        return new GuestLocation(name, null, 0, address) { Owner = this, FunctionIndex = -1 };
    }

    /// <summary>The functions, in index order (<see cref="GuestLocation.FunctionIndex"/>).</summary>
    public int FunctionCount => names.Length;
    public string Name => name;
    public string FunctionName(int index) => names[index];
}
