// The storage behind a virtio-blk device: a raw image file, read-write or read-only, or a snapshot that keeps
// the guest's writes in memory and never writes the file (QEMU's snapshot=on / -snapshot).
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A raw disk image. Its capacity is its size in 512-byte sectors, rounded up as QEMU does (the tail of a
/// partial last sector reads as zeros). Reads and writes go at byte offsets; the callers keep them inside the
/// capacity. Thread-safe (positioned I/O; the snapshot overlay has a lock).
/// </summary>
public sealed class BlockImage : IDisposable
{
    public const int SectorSize = 512;

    private readonly SafeFileHandle file;
    private readonly Dictionary<long, byte[]>? overlay; // sector -> contents, in snapshot mode
    private readonly long fileLength;

    public string Path { get; }
    public bool ReadOnly { get; }
    public bool Snapshot { get; }
    public ulong Sectors { get; }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="ArgumentException"/> with a clear message when it cannot.</summary>
    public BlockImage(string path, bool readOnly, bool snapshot)
    {
        Path = path;
        ReadOnly = readOnly;
        Snapshot = snapshot;
        if (Directory.Exists(path)) throw new ArgumentException($"could not open disk image {path}: Is a directory");
        try
        {
            file = File.OpenHandle(path, FileMode.Open, readOnly || snapshot ? FileAccess.Read : FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"could not open disk image {path}: {e.Message}");
        }
        fileLength = RandomAccess.GetLength(file);
        Sectors = (ulong)((fileLength + SectorSize - 1) / SectorSize);
        if (snapshot) overlay = [];
    }

    /// <summary>Reads <paramref name="dest"/>.Length bytes at <paramref name="offset"/> (sector-aligned).</summary>
    public void Read(long offset, Span<byte> dest)
    {
        int got = 0;
        while (got < dest.Length && offset + got < fileLength)
        {
            int n = RandomAccess.Read(file, dest[got..], offset + got);
            if (n <= 0) break;
            got += n;
        }
        dest[got..].Clear();
        if (overlay is null) return;
        lock (overlay)
        {
            for (int at = 0; at + SectorSize <= dest.Length; at += SectorSize)
                if (overlay.TryGetValue((offset + at) / SectorSize, out var sector)) sector.CopyTo(dest.Slice(at, SectorSize));
        }
    }

    /// <summary>Writes whole sectors at <paramref name="offset"/>; false on a read-only image or a host error.</summary>
    public bool Write(long offset, ReadOnlySpan<byte> source)
    {
        if (ReadOnly) return false;
        if (overlay is not null)
        {
            lock (overlay)
                for (int at = 0; at + SectorSize <= source.Length; at += SectorSize)
                    overlay[(offset + at) / SectorSize] = source.Slice(at, SectorSize).ToArray();
            return true;
        }
        try
        {
            RandomAccess.Write(file, source, offset);
            return true;
        }
        catch (IOException) { return false; }
    }

    /// <summary>Makes written data durable; false on a host error.</summary>
    public bool Flush()
    {
        if (ReadOnly || overlay is not null) return true;
        try
        {
            RandomAccess.FlushToDisk(file);
            return true;
        }
        catch (IOException) { return false; }
    }

    public void Dispose() => file.Dispose();
}
