// What objdump reads from a dynamically linked file to name addresses: dynamic symbols with their versions,
// the PLT entries ("name@plt") and the dynamic relocations that name GOT slots.
using System.Buffers.Binary;
using System.Text;
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Isa;

/// <summary>
/// Reads .dynsym (with .gnu.version, .gnu.version_d and .gnu.version_r), the dynamic relocation sections and
/// .plt of an ELF file for the listing. Everything here is optional: a file without these sections gives
/// empty results, and malformed tables are read as far as they make sense.
/// </summary>
internal static class DisassemblerElfDynamic
{
    private const int SymbolSize = 24, RelaSize = 24, RelSize = 16;
    private const int PltHeaderSize = 32, PltEntrySize = 16; // the RISC-V psABI PLT layout
    private const ushort VersionHidden = 0x8000, VersionMask = 0x7fff, VerFlagBase = 1;

    /// <summary>The .dynsym entries (index 0 included, as null), defined or not, with version names.</summary>
    public static ListingSymbol?[] DynamicSymbols(ElfImage image)
    {
        var dynsym = image.Sections.FirstOrDefault(s => s.Type == SectionType.DynSym);
        if (dynsym.Index == 0 || dynsym.Link >= image.Sections.Count) return [];
        var data = image.SectionData(dynsym);
        var strings = image.SectionData(image.Sections[(int)dynsym.Link]);
        int count = data.Length / SymbolSize;
        var versions = new Versions(image, count);
        var symbols = new ListingSymbol?[count];
        for (int i = 1; i < count; i++)
        {
            var entry = data.Slice(i * SymbolSize, SymbolSize);
            string name = ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(entry));
            byte info = entry[4];
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            bool defined = shndx != Symbol.UndefinedSection && shndx != Symbol.CommonSection;
            bool inSection = defined && shndx < image.Sections.Count && shndx < 0xff00;
            var flags = DisassemblerElf.FlagsOf((SymbolBinding)(info >> 4), (SymbolType)(info & 15), defined);
            if (!defined) flags |= ListingSymbolFlags.Undefined;
            var (version, hidden) = versions.Of(i, name);
            symbols[i] = new ListingSymbol(name, value, size, inSection ? shndx : -1,
                inSection ? image.Sections[shndx].Name : defined ? "*ABS*" : "*UND*", flags, version, hidden || !defined,
                inSection ? image.Sections[shndx].Address : 0);
        }
        return symbols;
    }

    /// <summary>Relocations of every REL/RELA section that refers to .dynsym, in file order.</summary>
    public static IEnumerable<ListingRelocation> Relocations(ElfImage image, ListingSymbol?[] dynamicSymbols)
    {
        var dynsym = image.Sections.FirstOrDefault(s => s.Type == SectionType.DynSym);
        if (dynsym.Index == 0) yield break;
        foreach (var section in image.Sections)
        {
            if (section.Link != dynsym.Index || section.Type is not (SectionType.Rela or SectionType.Rel)) continue;
            foreach (var (address, symbolIndex, _) in ReadRelocations(image, section))
            {
                var symbol = symbolIndex > 0 && symbolIndex < dynamicSymbols.Length ? dynamicSymbols[symbolIndex] : null;
                yield return new ListingRelocation(address, symbol is { SectionIndex: -1 } s && !s.Has(ListingSymbolFlags.Undefined) ? null : symbol);
            }
        }
    }

    /// <summary>BFD's synthetic "name@plt" symbols: one per .rela.plt entry, at .plt + 32 + 16 * index.</summary>
    public static IEnumerable<ListingSymbol> PltSymbols(ElfImage image, ListingSymbol?[] dynamicSymbols)
    {
        if (!image.TryGetSection(".rela.plt", out var relocations) && !image.TryGetSection(".rel.plt", out relocations)) yield break;
        var dynsym = image.Sections.FirstOrDefault(s => s.Type == SectionType.DynSym);
        if (dynsym.Index == 0 || relocations.Link != dynsym.Index) yield break;
        if (relocations.Type is not (SectionType.Rela or SectionType.Rel) || !image.TryGetSection(".plt", out var plt)) yield break;
        int index = 0;
        foreach (var (_, symbolIndex, addend) in ReadRelocations(image, relocations))
        {
            ulong address = plt.Address + PltHeaderSize + (ulong)index++ * PltEntrySize;
            if (symbolIndex <= 0 || symbolIndex >= dynamicSymbols.Length || dynamicSymbols[symbolIndex] is not { } target) continue;
            var flags = target.Flags & ~ListingSymbolFlags.Undefined;
            if ((flags & ListingSymbolFlags.Local) == 0) flags |= ListingSymbolFlags.Global;
            string name = target.Name + (addend != 0 ? $"+0x{addend:x}" : "") + "@plt";
            yield return new ListingSymbol(name, address, 0, plt.Index, plt.Name, flags | ListingSymbolFlags.Synthetic,
                SectionAddress: plt.Address);
        }
    }

    private static List<(ulong Address, int Symbol, long Addend)> ReadRelocations(ElfImage image, in Section section)
    {
        var list = new List<(ulong, int, long)>();
        if (!section.HasFileData) return list;
        var data = image.SectionData(section);
        int size = section.Type == SectionType.Rela ? RelaSize : RelSize;
        for (int at = 0; at + size <= data.Length; at += size)
        {
            ulong info = BinaryPrimitives.ReadUInt64LittleEndian(data[(at + 8)..]);
            long addend = size == RelaSize ? BinaryPrimitives.ReadInt64LittleEndian(data[(at + 16)..]) : 0;
            list.Add((BinaryPrimitives.ReadUInt64LittleEndian(data[at..]), (int)(info >> 32), addend));
        }
        return list;
    }

    private static string ReadString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length) return "";
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>Symbol versions: .gnu.version gives each dynamic symbol an index into the version definitions
    /// (.gnu.version_d) or needs (.gnu.version_r); bit 15 hides the version (printed name@V, not name@@V).</summary>
    private sealed class Versions
    {
        private readonly ushort[] indexes;
        private readonly Dictionary<int, (string Name, ushort Flags)> definitions = [];
        private readonly Dictionary<int, string> needs = [];
        private readonly int definitionCount;
        private readonly bool present;

        public Versions(ElfImage image, int symbolCount)
        {
            indexes = new ushort[symbolCount];
            var versym = image.Sections.FirstOrDefault(s => s.Type == SectionType.GnuVerSym);
            var verdef = image.Sections.FirstOrDefault(s => s.Type == SectionType.GnuVerDef);
            var verneed = image.Sections.FirstOrDefault(s => s.Type == SectionType.GnuVerNeed);
            present = versym.Index != 0 && (verdef.Index != 0 || verneed.Index != 0);
            if (!present) return;
            var v = image.SectionData(versym);
            for (int i = 0; i < symbolCount && 2 * i + 2 <= v.Length; i++) indexes[i] = BinaryPrimitives.ReadUInt16LittleEndian(v[(2 * i)..]);
            if (verdef.Index != 0 && verdef.Link < image.Sections.Count)
            {
                var d = image.SectionData(verdef);
                var strings = image.SectionData(image.Sections[(int)verdef.Link]);
                for (int at = 0, n = 0; at + 20 <= d.Length && n < 4096; n++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(d[(at + 2)..]);
                    ushort ndx = BinaryPrimitives.ReadUInt16LittleEndian(d[(at + 4)..]);
                    uint aux = BinaryPrimitives.ReadUInt32LittleEndian(d[(at + 12)..]);
                    uint next = BinaryPrimitives.ReadUInt32LittleEndian(d[(at + 16)..]);
                    string name = at + aux + 8 <= d.Length ? ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(d[(int)(at + aux)..])) : "";
                    definitions[ndx] = (name, flags);
                    definitionCount = Math.Max(definitionCount, ndx);
                    if (next == 0) break;
                    at += (int)next;
                }
            }
            if (verneed.Index != 0 && verneed.Link < image.Sections.Count)
            {
                var d = image.SectionData(verneed);
                var strings = image.SectionData(image.Sections[(int)verneed.Link]);
                for (int at = 0, n = 0; at + 16 <= d.Length && n < 4096; n++)
                {
                    ushort count = BinaryPrimitives.ReadUInt16LittleEndian(d[(at + 2)..]);
                    uint aux = BinaryPrimitives.ReadUInt32LittleEndian(d[(at + 8)..]);
                    uint next = BinaryPrimitives.ReadUInt32LittleEndian(d[(at + 12)..]);
                    for (int a = at + (int)aux, k = 0; k < count && a + 16 <= d.Length; k++)
                    {
                        ushort other = BinaryPrimitives.ReadUInt16LittleEndian(d[(a + 6)..]);
                        needs.TryAdd(other, ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(d[(a + 8)..])));
                        uint nextAux = BinaryPrimitives.ReadUInt32LittleEndian(d[(a + 12)..]);
                        if (nextAux == 0) break;
                        a += (int)nextAux;
                    }
                    if (next == 0) break;
                    at += (int)next;
                }
            }
        }

        /// <summary>The version name objdump prints for dynamic symbol <paramref name="index"/> and whether it is hidden.</summary>
        public (string? Name, bool Hidden) Of(int index, string symbolName)
        {
            if (!present || index >= indexes.Length) return (null, false);
            bool hidden = (indexes[index] & VersionHidden) != 0;
            int number = indexes[index] & VersionMask;
            if (number == 0) return ("", hidden);
            if (number == 1 && (number > definitionCount || (definitions.TryGetValue(1, out var first) && first.Flags == VerFlagBase)))
                return ("Base", hidden);
            if (number <= definitionCount)
                return (definitions.TryGetValue(number, out var d) ? d.Name : "", hidden);
            return needs.TryGetValue(number, out string? need) ? (need, true) : ("<corrupt>", hidden);
        }
    }
}
