// Reading and validating the program header table the way Linux's loader (fs/binfmt_elf.c) does.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.Elf;

/// <summary>
/// The program header checks of Linux's load_elf_binary and load_elf_phdrs, and no others: what Linux
/// accepts is accepted here (non-power-of-two p_align, overlapping PT_LOADs, a second PT_INTERP, any
/// p_paddr or non-PT_LOAD field), because a program Linux runs must run under rvjit. Checks that belong to
/// one kind of loader live with it: page alignment of segments in the Linux loader, RAM placement by
/// p_paddr in <see cref="ElfLayoutCheck"/>.
/// </summary>
internal static class ProgramHeaderTable
{
    /// <summary>load_elf_phdrs: the whole table is at most one page (ELF_MIN_ALIGN), so at most 73 entries.</summary>
    public const int MaxTableBytes = 4096;

    /// <summary>Decodes and validates every program header; also returns the PT_INTERP string, if any.</summary>
    public static ProgramHeader[] Parse(
        ElfSource source, string fileName, ElfType type, ulong tableOffset, ushort entrySize, ushort count,
        out string? interpreter)
    {
        interpreter = null;
        if (count == 0)
        {
            if (type is ElfType.Exec or ElfType.Dyn)
                throw NoLoadSegment(fileName);
            return [];
        }
        if (entrySize != ElfConstants.ProgramHeaderSize)
            throw ElfReading.Error(fileName, $"bad e_phentsize {entrySize} (expected {ElfConstants.ProgramHeaderSize})");
        if (count == ElfConstants.PhNumExtended)
            throw ElfReading.Error(fileName, "e_phnum is PN_XNUM (65535 or more program headers): not supported");
        ulong tableSize = (ulong)count * ElfConstants.ProgramHeaderSize;
        if (tableSize > MaxTableBytes)
            throw ElfReading.Error(fileName,
                $"too many program headers (e_phnum {count}; Linux reads at most {MaxTableBytes / ElfConstants.ProgramHeaderSize})");
        var table = ElfReading.Read(source, tableOffset, tableSize, fileName, "program header table").Span;

        var headers = new ProgramHeader[count];
        int loadCount = 0;
        for (int i = 0; i < headers.Length; i++)
        {
            var header = Decode(table.Slice(i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize), i);
            if (header.Type == SegmentType.Load)
            {
                Validate(header, fileName);
                loadCount++;
            }
            // Linux uses the first PT_INTERP and never looks at another.
            else if (header.Type == SegmentType.Interp && interpreter is null)
                interpreter = ReadInterpreter(source, header, fileName);
            headers[i] = header;
        }
        if (loadCount == 0 && type is ElfType.Exec or ElfType.Dyn)
            throw NoLoadSegment(fileName);
        return headers;
    }

    private static ElfFormatException NoLoadSegment(string fileName) =>
        ElfReading.Error(fileName, "no PT_LOAD segment (an executable or shared object needs at least one)");

    private static ProgramHeader Decode(ReadOnlySpan<byte> entry, int index) => new(
        Index: index,
        Type: (SegmentType)BinaryPrimitives.ReadUInt32LittleEndian(entry),
        Flags: (SegmentFlags)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
        Offset: BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
        VirtualAddress: BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
        PhysicalAddress: BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]),
        FileSize: BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
        MemorySize: BinaryPrimitives.ReadUInt64LittleEndian(entry[40..]),
        Align: BinaryPrimitives.ReadUInt64LittleEndian(entry[48..]));

    // load_elf_binary's "set_brk can never work" check. File bytes past the end of the file are not an
    // error for Linux (mmap accepts them); the loaders read them as zeros.
    private static void Validate(in ProgramHeader header, string fileName)
    {
        int i = header.Index;
        if (header.FileSize > header.MemorySize)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_filesz 0x{header.FileSize:x} is larger than p_memsz 0x{header.MemorySize:x}");
        // An end address of exactly 2^64 is rejected too: it cannot be represented as an exclusive bound.
        if (header.MemorySize != 0 && header.VirtualAddress + header.MemorySize <= header.VirtualAddress)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_vaddr 0x{header.VirtualAddress:x} + p_memsz 0x{header.MemorySize:x} overflows the address space");
        if (header.FileSize != 0 && header.Offset + header.FileSize < header.Offset)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_offset 0x{header.Offset:x} + p_filesz 0x{header.FileSize:x} overflows");
    }

    // Linux: 2 <= p_filesz <= PATH_MAX, read from the file, last byte NUL; the path ends at its first NUL.
    private static string ReadInterpreter(ElfSource source, in ProgramHeader header, string fileName)
    {
        int i = header.Index;
        if (header.FileSize > ElfConstants.MaxInterpreterLength)
            throw ElfReading.Error(fileName,
                $"segment {i}: PT_INTERP is too long (0x{header.FileSize:x} bytes, limit {ElfConstants.MaxInterpreterLength})");
        if (header.FileSize < 2)
            throw ElfReading.Error(fileName, $"segment {i}: PT_INTERP is too short (0x{header.FileSize:x} bytes)");
        var bytes = ElfReading.Read(source, header.Offset, header.FileSize, fileName, $"segment {i} (PT_INTERP)").Span;
        if (bytes[^1] != 0)
            throw ElfReading.Error(fileName, $"segment {i}: PT_INTERP is not NUL-terminated");
        return Encoding.UTF8.GetString(bytes[..bytes.IndexOf((byte)0)]);
    }
}
