// Small helpers shared by the table parsers: bounds checks, string-table lookups and error construction.
using System.Text;

namespace RvJit.Runtime.Elf;

internal static class ElfReading
{
    /// <summary>A one-line error naming the file.</summary>
    public static ElfFormatException Error(string fileName, string problem) => new($"{fileName}: {problem}");

    /// <summary>True when [offset, offset + size) lies inside a file of <paramref name="length"/> bytes.</summary>
    public static bool FitsInFile(ulong offset, ulong size, int length) =>
        offset <= (ulong)length && size <= (ulong)length - offset;

    /// <summary>The error for a table or blob that runs past the end of the file.</summary>
    public static ElfFormatException Truncated(string fileName, string what, ulong offset, ulong size, int length) =>
        Error(fileName, $"truncated file: {what} at 0x{offset:x} (0x{size:x} bytes) extends past end of file (0x{length:x} bytes)");

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
