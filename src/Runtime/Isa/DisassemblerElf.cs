// The bridge from an ElfImage to the listing: sections, symbols and the RISC-V attributes objdump reads.
using System.Text;
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Isa;

/// <summary>
/// Disassembles an ELF file like `objdump -d`: every section with code and contents (or one named section),
/// symbols from .symtab (else .dynsym, with versions) plus PLT entries, GOT slots named through dynamic
/// relocations, CSR names per Tag_RISCV_priv_spec, extensions per Tag_RISCV_arch and gp-relative addresses
/// resolved through __global_pointer$.
/// </summary>
public static class DisassemblerElf
{
    private const uint AttributeArch = 5, AttributePrivSpec = 8, AttributePrivSpecMinor = 10, AttributePrivSpecRevision = 12;

    /// <summary>Writes the whole listing, starting with objdump's "FILE:     file format" header.</summary>
    /// <param name="displayName">The file name printed in the header (objdump prints the path it was given).</param>
    /// <param name="sectionName">Disassemble only this section (whatever its flags), like objdump -j.</param>
    /// <exception cref="ArgumentException">No section has that name.</exception>
    public static void Write(TextWriter output, ElfImage image, string displayName, string? sectionName = null)
    {
        var sections = SectionsToList(image, sectionName).ToList();
        if (sectionName is not null && !image.TryGetSection(sectionName, out _))
            throw new ArgumentException($"{displayName}: no section named '{sectionName}'", nameof(sectionName));
        output.Write($"\n{displayName}:     file format elf64-littleriscv\n\n");
        var listing = new DisassemblerListing(Symbols(image), Options(image), image.Type == ElfType.Rel, DynamicRelocations(image));
        foreach (var section in sections) listing.WriteSection(output, section);
    }

    /// <summary>The listing of <paramref name="image"/> as one string.</summary>
    public static string ToText(ElfImage image, string displayName, string? sectionName = null)
    {
        var text = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        Write(text, image, displayName, sectionName);
        return text.ToString();
    }

    /// <summary>Sections objdump -d shows: executable ones with file contents, in header order.</summary>
    public static IEnumerable<ListingSection> SectionsToList(ElfImage image, string? sectionName = null)
    {
        foreach (var s in image.Sections)
        {
            bool chosen = sectionName is null ? s.IsExecutable : s.Name == sectionName;
            if (!chosen || !s.HasFileData || s.Size == 0 || s.Index == 0) continue;
            yield return new ListingSection(s.Index, s.Name, s.Address,
                image.SectionBytes(s), s.IsExecutable);
        }
    }

    /// <summary>
    /// The symbols objdump names addresses with: the defined symbols of .symtab (or, in a stripped file, of
    /// .dynsym, with their versions), plus a synthetic "name@plt" symbol for each PLT entry. Section symbols
    /// take their section's name.
    /// </summary>
    public static IEnumerable<ListingSymbol> Symbols(ElfImage image)
    {
        var dynamic = DisassemblerElfDynamic.DynamicSymbols(image);
        bool hasSymtab = image.Sections.Any(s => s.Type == SectionType.SymTab);
        var defined = hasSymtab || dynamic.Length == 0
            ? StaticSymbols(image)
            : dynamic.OfType<ListingSymbol>().Where(s => !s.Has(ListingSymbolFlags.Undefined) && s.SectionName != "*COM*");
        return defined.Concat(DisassemblerElfDynamic.PltSymbols(image, dynamic));
    }

    /// <summary>Dynamic relocations (they name GOT slots); empty for files without .dynsym.</summary>
    public static IEnumerable<ListingRelocation> DynamicRelocations(ElfImage image) =>
        DisassemblerElfDynamic.Relocations(image, DisassemblerElfDynamic.DynamicSymbols(image));

    private static IEnumerable<ListingSymbol> StaticSymbols(ElfImage image)
    {
        foreach (var s in image.Symbols)
        {
            if (s.SectionIndex is Symbol.UndefinedSection or Symbol.CommonSection) continue;
            bool inSection = s.SectionIndex < image.Sections.Count && s.SectionIndex < 0xff00;
            int index = inSection ? s.SectionIndex : -1;
            string sectionName = inSection ? image.Sections[s.SectionIndex].Name : "*ABS*";
            string name = s.Type == SymbolType.Section && s.Name.Length == 0 && inSection ? sectionName : s.Name;
            yield return new ListingSymbol(name, s.Value, s.Size, index, sectionName, FlagsOf(s.Binding, s.Type, defined: true),
                SectionAddress: inSection ? image.Sections[s.SectionIndex].Address : 0);
        }
    }

    /// <summary>BFD's symbol flags for an ELF binding and type (globals count only when defined).</summary>
    internal static ListingSymbolFlags FlagsOf(SymbolBinding binding, SymbolType type, bool defined)
    {
        var flags = binding switch
        {
            SymbolBinding.Local => ListingSymbolFlags.Local,
            SymbolBinding.Global when defined => ListingSymbolFlags.Global,
            SymbolBinding.Weak => ListingSymbolFlags.Weak,
            _ => ListingSymbolFlags.None,
        };
        return flags | type switch
        {
            SymbolType.Func => ListingSymbolFlags.Function,
            SymbolType.Object => ListingSymbolFlags.Object,
            SymbolType.Section => ListingSymbolFlags.Section,
            SymbolType.File => ListingSymbolFlags.File,
            _ => ListingSymbolFlags.None,
        };
    }

    /// <summary>Privileged spec and ISA from .riscv.attributes, gp from __global_pointer$.</summary>
    public static DisassemblerOptions Options(ElfImage image)
    {
        var options = new DisassemblerOptions { Extensions = ExtensionSet.Rv64gc };
        foreach (var s in Symbols(image))
            if (s.Name == "__global_pointer$") options = options with { GlobalPointer = s.Value };
        var attributes = image.Sections.FirstOrDefault(s => s.Type == SectionType.RiscvAttributes);
        if (attributes.Index == 0) return options;
        var values = ReadAttributes(image.SectionData(attributes));
        if (values.TryGetValue(AttributeArch, out var arch) && arch is string isa && ExtensionSet.ParseArch(isa) is { } set)
            options = options with { Extensions = set };
        ulong Number(uint tag) => values.TryGetValue(tag, out var v) && v is ulong n ? n : 0;
        PrivSpec? spec = (Number(AttributePrivSpec), Number(AttributePrivSpecMinor), Number(AttributePrivSpecRevision)) switch
        {
            (1, 9, 1) => PrivSpec.V1_9_1,
            (1, 10, 0) => PrivSpec.V1_10,
            (1, 11, 0) => PrivSpec.V1_11,
            (1, 12, 0) => PrivSpec.V1_12,
            _ => null, // none or unknown: objdump uses the newest
        };
        return spec is { } p ? options with { PrivSpec = p } : options;
    }

    /// <summary>
    /// Reads the "riscv" vendor subsection of a build-attributes section ('A', then length-prefixed vendor
    /// subsections holding Tag_File sub-subsections of ULEB128 tag/value pairs). RISC-V's odd tags below 32
    /// and every odd tag above hold NUL-terminated strings; the rest hold ULEB128 numbers. Malformed data ends
    /// the reading: attributes only refine the output.
    /// </summary>
    public static Dictionary<uint, object> ReadAttributes(ReadOnlySpan<byte> data)
    {
        var values = new Dictionary<uint, object>();
        if (data.Length < 1 || data[0] != (byte)'A') return values;
        int pos = 1;
        while (pos + 4 <= data.Length)
        {
            int length = (int)BitConverter.ToUInt32(data[pos..]);
            if (length < 4 || pos + length > data.Length) break;
            var sub = data.Slice(pos + 4, length - 4);
            pos += length;
            int nul = sub.IndexOf((byte)0);
            if (nul < 0 || Encoding.ASCII.GetString(sub[..nul]) != "riscv") continue;
            int p = nul + 1;
            while (p < sub.Length)
            {
                int start = p;
                ulong kind = Uleb(sub, ref p);
                if (p + 4 > sub.Length) break;
                int end = start + (int)BitConverter.ToUInt32(sub[p..]); // the size counts the tag and itself
                p += 4;
                if (kind != 1 || end > sub.Length || end < p) break; // only whole-file attributes matter here
                while (p < end)
                {
                    uint tag = (uint)Uleb(sub, ref p);
                    if (tag % 2 == 1)
                    {
                        int stop = sub[p..end].IndexOf((byte)0);
                        if (stop < 0) return values;
                        values[tag] = Encoding.ASCII.GetString(sub.Slice(p, stop));
                        p += stop + 1;
                    }
                    else values[tag] = Uleb(sub, ref p);
                }
            }
        }
        return values;
    }

    private static ulong Uleb(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; pos < data.Length && shift < 64; shift += 7)
        {
            byte b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
        }
        return value;
    }
}
