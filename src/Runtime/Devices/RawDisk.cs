// A raw disk image: the file's bytes are the disk's bytes.
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A raw image file. Its size is the file's length; reads past the end of a partial last sector give zeros.
/// Thread-safe (positioned I/O).
/// </summary>
public sealed class RawDisk(SafeFileHandle file) : IDiskFormat
{
    public long Size { get; } = RandomAccess.GetLength(file);

    public bool Read(long offset, Span<byte> dest)
    {
        int got = 0;
        try
        {
            while (got < dest.Length && offset + got < Size)
            {
                int n = RandomAccess.Read(file, dest[got..], offset + got);
                if (n <= 0) break;
                got += n;
            }
        }
        catch (IOException) { return false; }
        dest[got..].Clear();
        return true;
    }

    public bool Write(long offset, ReadOnlySpan<byte> source)
    {
        try
        {
            RandomAccess.Write(file, source, offset);
            return true;
        }
        catch (IOException) { return false; }
    }

    public bool Flush()
    {
        try
        {
            RandomAccess.FlushToDisk(file);
            return true;
        }
        catch (IOException) { return false; }
    }

    public void Dispose() => file.Dispose();
}
