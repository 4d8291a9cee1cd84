// Reading and validating the section header table and resolving section names.
using System.Buffers.Binary;

namespace RvJit.Runtime.Elf;

internal static class SectionTable
{
    /// <summary>
    /// Decodes and validates every section header, reading only the table and the section name table.
    /// A file without a table (e_shoff 0, e.g. stripped by sstrip) yields no sections; a broken one is an
    /// error, which <see cref="ElfImage"/> turns into a warning (no loader needs sections).
    /// </summary>
    public static Section[] Parse(
        ElfSource source, string fileName, ulong tableOffset, ushort entrySize, ushort count, ushort nameTableIndex)
    {
        if (tableOffset == 0)
            return [];
        if (entrySize != ElfConstants.SectionHeaderSize)
            throw ElfReading.Error(fileName, $"bad e_shentsize {entrySize} (expected {ElfConstants.SectionHeaderSize})");
        ulong length = source.Length;

        // With 0xff00 or more sections, e_shnum is 0 and e_shstrndx SHN_XINDEX; section 0 holds the real values.
        var first = ElfReading.Read(source, tableOffset, ElfConstants.SectionHeaderSize, fileName, "section header table").Span;
        ulong total = count != 0 ? count : BinaryPrimitives.ReadUInt64LittleEndian(first[32..]);
        uint nameIndex = nameTableIndex == ElfConstants.ShIndexExtended
            ? BinaryPrimitives.ReadUInt32LittleEndian(first[40..])
            : nameTableIndex;
        if (total == 0)
            return [];
        if (total > (length - tableOffset) / ElfConstants.SectionHeaderSize)
            throw ElfReading.Error(fileName,
                $"truncated file: section header table at 0x{tableOffset:x} ({total} entries of {ElfConstants.SectionHeaderSize} bytes) " +
                $"extends past end of file (0x{length:x} bytes)");

        var table = ElfReading.Read(source, tableOffset, total * ElfConstants.SectionHeaderSize, fileName,
            "section header table", ElfReading.MaxTableBytes).Span;
        var sections = new Section[(int)total];
        var nameOffsets = new uint[sections.Length];
        for (int i = 0; i < sections.Length; i++)
        {
            var entry = table.Slice(i * ElfConstants.SectionHeaderSize, ElfConstants.SectionHeaderSize);
            nameOffsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            sections[i] = Decode(entry, i);
            Validate(sections[i], length, fileName);
        }
        if (nameIndex == 0)
            return sections;

        if (nameIndex >= total)
            throw ElfReading.Error(fileName, $"section name table index {nameIndex} is out of range ({total} sections)");
        var nameSection = sections[nameIndex];
        if (nameSection.Type != SectionType.StrTab)
            throw ElfReading.Error(fileName,
                $"section name table (section {nameIndex}) has type 0x{nameSection.RawType:x}, not SHT_STRTAB");
        var names = ElfReading.Read(source, nameSection.Offset, nameSection.Size, fileName,
            "the section name table", ElfReading.MaxTableBytes).Span;
        for (int i = 0; i < sections.Length; i++)
        {
            if (nameOffsets[i] == 0 && sections[i].Type == SectionType.Null)
                continue;
            sections[i] = sections[i] with
            {
                Name = ReadName(names, nameOffsets[i], fileName, i),
            };
        }
        return sections;
    }

    /// <summary>A section's name; the label naming the section in an error is built only for a damaged entry (formatting
    /// one per section was most of a static program's section table read, the first string formatting of a run).</summary>
    private static string ReadName(ReadOnlySpan<byte> names, uint offset, string fileName, int index)
    {
        if (offset < (uint)names.Length && names[(int)offset..].IndexOf((byte)0) is var length and >= 0)
            return length == 0 ? string.Empty : System.Text.Encoding.UTF8.GetString(names.Slice((int)offset, length));
        return ElfReading.ReadString(names, offset, fileName, $"section {index}", "the section name table");
    }

    private static Section Decode(ReadOnlySpan<byte> entry, int index) => new(
        Index: index,
        Name: string.Empty,
        Type: (SectionType)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
        Flags: (SectionFlags)BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
        Address: BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
        Offset: BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]),
        Size: BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
        Link: BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]),
        Info: BinaryPrimitives.ReadUInt32LittleEndian(entry[44..]),
        AddressAlign: BinaryPrimitives.ReadUInt64LittleEndian(entry[48..]),
        EntrySize: BinaryPrimitives.ReadUInt64LittleEndian(entry[56..]));

    private static void Validate(in Section section, ulong fileLength, string fileName)
    {
        if (section.Type == SectionType.Null)
            return;
        if (section.HasFileData && !ElfReading.FitsInFile(section.Offset, section.Size, fileLength))
            throw ElfReading.Truncated(fileName, $"section {section.Index} data", section.Offset, section.Size, fileLength);
        if (section.IsAlloc && section.Size != 0 && section.Address + section.Size <= section.Address)
            throw ElfReading.Error(fileName,
                $"section {section.Index}: sh_addr 0x{section.Address:x} + sh_size 0x{section.Size:x} overflows the address space");
    }
}
