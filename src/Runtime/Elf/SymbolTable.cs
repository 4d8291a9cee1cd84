// Reading the symbol table (.symtab, or .dynsym for stripped files) into Symbol records.
using System.Buffers.Binary;

namespace RvJit.Runtime.Elf;

internal static class SymbolTable
{
    /// <summary>
    /// Decodes the first SHT_SYMTAB section, or the first SHT_DYNSYM if there is none; no table yields no
    /// symbols. The null symbol at index 0 is left out.
    /// </summary>
    public static Symbol[] Parse(ElfSource source, string fileName, Section[] sections)
    {
        int tableIndex = Find(sections, SectionType.SymTab);
        if (tableIndex < 0)
            tableIndex = Find(sections, SectionType.DynSym);
        if (tableIndex < 0)
            return [];

        var table = sections[tableIndex];
        string owner = $"section {tableIndex} ({table.Name})";
        if (table.EntrySize != ElfConstants.SymbolSize)
            throw ElfReading.Error(fileName, $"{owner}: bad sh_entsize {table.EntrySize} for a symbol table (expected {ElfConstants.SymbolSize})");
        if (table.Size % ElfConstants.SymbolSize != 0)
            throw ElfReading.Error(fileName, $"{owner}: size 0x{table.Size:x} is not a multiple of {ElfConstants.SymbolSize}");
        if (table.Link >= (uint)sections.Length || sections[table.Link].Type != SectionType.StrTab)
            throw ElfReading.Error(fileName, $"{owner}: sh_link {table.Link} does not name a string table");

        var strings = sections[table.Link];
        string namesLabel = $"string table section {strings.Index}";
        var names = ElfReading.Read(source, strings.Offset, strings.Size, fileName, namesLabel, ElfReading.MaxTableBytes).Span;
        var entries = ElfReading.Read(source, table.Offset, table.Size, fileName, owner, ElfReading.MaxTableBytes).Span;
        int count = entries.Length / ElfConstants.SymbolSize;
        if (count <= 1)
            return [];
        var symbols = new Symbol[count - 1];
        for (int i = 1; i < count; i++)
        {
            var entry = entries.Slice(i * ElfConstants.SymbolSize, ElfConstants.SymbolSize);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            byte info = entry[4];
            symbols[i - 1] = new Symbol(
                Index: i,
                Name: ReadName(names, nameOffset, fileName, i, owner, namesLabel),
                Value: BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                Size: BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
                Type: (SymbolType)(info & 0xf),
                Binding: (SymbolBinding)(info >> 4),
                Visibility: (SymbolVisibility)(entry[5] & 0x3),
                SectionIndex: BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]));
        }
        return symbols;
    }

    /// <summary>
    /// False when no symbol of the table <see cref="Parse"/> would decode can be called <paramref name="name"/>: its
    /// bytes and a terminating NUL do not occur in the table's string table, where every symbol name lies. One
    /// vectorised search instead of decoding thousands of symbols (a static glibc program; Go's tens of thousands).
    /// True when they occur, or when there is no usable string table (the decoding then decides).
    /// </summary>
    public static bool MayDefine(ElfSource source, string fileName, Section[] sections, string name)
    {
        int tableIndex = Find(sections, SectionType.SymTab);
        if (tableIndex < 0)
            tableIndex = Find(sections, SectionType.DynSym);
        if (tableIndex < 0)
            return false;
        var table = sections[tableIndex];
        if (table.Link >= (uint)sections.Length || sections[table.Link].Type != SectionType.StrTab)
            return true;
        var strings = sections[table.Link];
        var names = ElfReading.Read(source, strings.Offset, strings.Size, fileName, "string table", ElfReading.MaxTableBytes).Span;
        var wanted = new byte[System.Text.Encoding.UTF8.GetByteCount(name) + 1];
        System.Text.Encoding.UTF8.GetBytes(name, wanted);
        return names.IndexOf(wanted) >= 0;
    }

    /// <summary>A symbol's name; the label naming the symbol in an error is built only for a damaged entry (a static
    /// program has thousands of symbols, and their labels were a third of reading the table).</summary>
    private static string ReadName(ReadOnlySpan<byte> names, uint offset, string fileName, int index, string owner, string namesLabel)
    {
        if (offset < (uint)names.Length && names[(int)offset..].IndexOf((byte)0) is var length and >= 0)
            return System.Text.Encoding.UTF8.GetString(names.Slice((int)offset, length));
        return ElfReading.ReadString(names, offset, fileName, $"symbol {index} of {owner}", namesLabel);
    }

    private static int Find(Section[] sections, SectionType type)
    {
        for (int i = 0; i < sections.Length; i++)
        {
            if (sections[i].Type == type)
                return i;
        }
        return -1;
    }
}
