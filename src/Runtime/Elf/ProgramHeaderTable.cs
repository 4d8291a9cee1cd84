// Reading and validating the program header table: segment bounds, sizes, overlap, PT_INTERP.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.Elf;

internal static class ProgramHeaderTable
{
    /// <summary>Decodes and validates every program header; also returns the PT_INTERP string, if any.</summary>
    public static ProgramHeader[] Parse(
        ReadOnlySpan<byte> data, string fileName, ElfType type, ulong tableOffset, ushort entrySize, ushort count,
        out string? interpreter)
    {
        interpreter = null;
        if (count == 0)
        {
            if (type is ElfType.Exec or ElfType.Dyn)
                throw NoLoadSegment(fileName);
            return [];
        }
        if (count == ElfConstants.PhNumExtended)
            throw ElfReading.Error(fileName, "e_phnum is PN_XNUM (65535 or more program headers): not supported");
        if (entrySize != ElfConstants.ProgramHeaderSize)
            throw ElfReading.Error(fileName, $"bad e_phentsize {entrySize} (expected {ElfConstants.ProgramHeaderSize})");
        ulong tableSize = (ulong)count * ElfConstants.ProgramHeaderSize;
        if (!ElfReading.FitsInFile(tableOffset, tableSize, data.Length))
            throw ElfReading.Truncated(fileName, "program header table", tableOffset, tableSize, data.Length);

        var headers = new ProgramHeader[count];
        var table = data.Slice((int)tableOffset, (int)tableSize);
        int loadCount = 0;
        for (int i = 0; i < headers.Length; i++)
        {
            var header = Decode(table.Slice(i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize), i);
            Validate(header, data.Length, fileName);
            if (header.Type == SegmentType.Load)
                loadCount++;
            else if (header.Type == SegmentType.Interp)
            {
                if (interpreter != null)
                    throw ElfReading.Error(fileName, $"segment {i}: more than one PT_INTERP segment");
                interpreter = ReadInterpreter(data, header, fileName);
            }
            headers[i] = header;
        }
        if (loadCount == 0 && type is ElfType.Exec or ElfType.Dyn)
            throw NoLoadSegment(fileName);
        CheckLoadsDoNotOverlap(headers, loadCount, fileName);
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

    private static void Validate(in ProgramHeader header, int fileLength, string fileName)
    {
        int i = header.Index;
        if (!ElfReading.FitsInFile(header.Offset, header.FileSize, fileLength))
            throw ElfReading.Truncated(fileName, $"segment {i} data", header.Offset, header.FileSize, fileLength);
        // An end address of exactly 2^64 is rejected too: it cannot be represented as an exclusive bound.
        if (header.MemorySize != 0 && header.VirtualAddress + header.MemorySize <= header.VirtualAddress)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_vaddr 0x{header.VirtualAddress:x} + p_memsz 0x{header.MemorySize:x} overflows the address space");
        if (header.Type != SegmentType.Load)
            return;
        // Only PT_LOAD has these rules: e.g. PT_RISCV_ATTRIBUTES legitimately has p_memsz 0 with file bytes.
        if (header.FileSize > header.MemorySize)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_filesz 0x{header.FileSize:x} is larger than p_memsz 0x{header.MemorySize:x}");
        if (header.MemorySize != 0 && header.PhysicalAddress + header.MemorySize <= header.PhysicalAddress)
            throw ElfReading.Error(fileName,
                $"segment {i}: p_paddr 0x{header.PhysicalAddress:x} + p_memsz 0x{header.MemorySize:x} overflows the address space");
        if ((header.Align & (header.Align - 1)) != 0)
            throw ElfReading.Error(fileName, $"segment {i}: p_align 0x{header.Align:x} is not a power of two");
    }

    private static string ReadInterpreter(ReadOnlySpan<byte> data, in ProgramHeader header, string fileName)
    {
        int i = header.Index;
        if (header.FileSize > ElfConstants.MaxInterpreterLength)
            throw ElfReading.Error(fileName,
                $"segment {i}: PT_INTERP is too long (0x{header.FileSize:x} bytes, limit {ElfConstants.MaxInterpreterLength})");
        var bytes = data.Slice((int)header.Offset, (int)header.FileSize);
        if (bytes.IsEmpty || bytes[^1] != 0)
            throw ElfReading.Error(fileName, $"segment {i}: PT_INTERP is not NUL-terminated");
        var path = bytes[..^1];
        if (path.IsEmpty)
            throw ElfReading.Error(fileName, $"segment {i}: PT_INTERP is empty");
        if (path.Contains((byte)0))
            throw ElfReading.Error(fileName, $"segment {i}: PT_INTERP contains a NUL before its end");
        return Encoding.UTF8.GetString(path);
    }

    /// <summary>Sorts the non-empty PT_LOAD ranges by start address and checks neighbours for overlap.</summary>
    private static void CheckLoadsDoNotOverlap(ProgramHeader[] headers, int loadCount, string fileName)
    {
        if (loadCount < 2)
            return;
        var starts = new ulong[loadCount];
        var indexes = new int[loadCount];
        int n = 0;
        foreach (var header in headers)
        {
            if (header.Type != SegmentType.Load || header.MemorySize == 0)
                continue;
            starts[n] = header.VirtualAddress;
            indexes[n] = header.Index;
            n++;
        }
        Array.Sort(starts, indexes, 0, n);
        for (int k = 1; k < n; k++)
        {
            var previous = headers[indexes[k - 1]];
            var current = headers[indexes[k]];
            if (current.VirtualAddress < previous.VirtualAddress + previous.MemorySize)
            {
                var (first, second) = previous.Index < current.Index ? (previous, current) : (current, previous);
                throw ElfReading.Error(fileName,
                    $"PT_LOAD segments {first.Index} and {second.Index} overlap in virtual address space " +
                    $"({VirtualRange(first)} and {VirtualRange(second)})");
            }
        }
    }

    private static string VirtualRange(in ProgramHeader header) =>
        $"0x{header.VirtualAddress:x}-0x{header.VirtualAddress + header.MemorySize - 1:x}";
}
