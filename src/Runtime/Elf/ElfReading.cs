// Small helpers shared by the table parsers: bounds checks, string-table lookups and error construction.
using System.Text;

namespace RvJit.Runtime.Elf;

internal static class ElfReading
{
    /// <summary>Largest section header, string or symbol table read into memory (a hostile file may claim gigabytes).</summary>
    public const ulong MaxTableBytes = 256UL << 20;

    /// <summary>A one-line error naming the file.</summary>
    public static ElfFormatException Error(string fileName, string problem) => new($"{fileName}: {problem}");

    /// <summary>True when [offset, offset + size) lies inside a file of <paramref name="length"/> bytes.</summary>
    public static bool FitsInFile(ulong offset, ulong size, ulong length) =>
        offset <= length && size <= length - offset;

    /// <summary>The error for a table or blob that runs past the end of the file.</summary>
    public static ElfFormatException Truncated(string fileName, string what, ulong offset, ulong size, ulong length) =>
        Error(fileName, $"truncated file: {what} at 0x{offset:x} (0x{size:x} bytes) extends past end of file (0x{length:x} bytes)");

    /// <summary>
    /// The bytes [offset, offset + size) of the file (a slice when the source is an array, else a fresh copy),
    /// throwing a one-line error if they are not wholly inside it, longer than <paramref name="limit"/>, or unreadable.
    /// </summary>
    public static ReadOnlyMemory<byte> Read(ElfSource source, ulong offset, ulong size, string fileName, string what, ulong limit = int.MaxValue)
    {
        if (!FitsInFile(offset, size, source.Length))
            throw Truncated(fileName, what, offset, size, source.Length);
        if (size > limit || size > int.MaxValue)
            throw Error(fileName, $"{what} at 0x{offset:x} is too large (0x{size:x} bytes, limit 0x{Math.Min(limit, int.MaxValue):x})");
        if (source.TrySlice(offset, size) is { } slice)
            return slice;
        var bytes = new byte[size];
        ReadInto(source, offset, bytes, fileName, what);
        return bytes;
    }

    /// <summary>
    /// Copies the bytes [offset, offset + destination.Length) of the file into <paramref name="destination"/>,
    /// throwing a one-line error if they are not wholly inside it or cannot be read.
    /// </summary>
    public static void ReadInto(ElfSource source, ulong offset, Span<byte> destination, string fileName, string what)
    {
        ulong size = (ulong)destination.Length;
        if (!FitsInFile(offset, size, source.Length))
            throw Truncated(fileName, what, offset, size, source.Length);
        if (!source.TryRead(offset, destination))
            throw Error(fileName, $"cannot read {what} at 0x{offset:x} (0x{size:x} bytes)");
    }

    /// <summary>
    /// Reads the NUL-terminated string at <paramref name="offset"/> in <paramref name="table"/>, throwing a
    /// one-line error mentioning <paramref name="owner"/> (e.g. "section 3") if it is not wholly inside the table.
    /// </summary>
    public static string ReadString(ReadOnlySpan<byte> table, uint offset, string fileName, string owner, string tableName)
    {
        if (offset >= (uint)table.Length)
            throw Error(fileName, $"{owner}: name offset 0x{offset:x} lies outside {tableName} (0x{table.Length:x} bytes)");
        var tail = table[(int)offset..];
        int end = tail.IndexOf((byte)0);
        if (end < 0)
            throw Error(fileName, $"{owner}: name at 0x{offset:x} is not NUL-terminated inside {tableName}");
        return end == 0 ? string.Empty : Encoding.UTF8.GetString(tail[..end]);
    }
}
