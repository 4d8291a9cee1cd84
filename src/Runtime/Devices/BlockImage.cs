// The storage behind a virtio-blk device: a raw or qcow2 image file, read-write or read-only, or a snapshot that
// keeps the guest's writes in memory and never writes the file (QEMU's snapshot=on / -snapshot).
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Devices;

/// <summary>
/// A disk image. Its capacity is its virtual size in 512-byte sectors, rounded up as QEMU does (the tail of a
/// partial last sector reads as zeros). Reads and writes go at byte offsets; the callers keep them inside the
/// capacity. The format is the one named (raw, qcow2) or, with none, found as QEMU finds it: qcow2's magic makes
/// a qcow2 image, anything else is raw, and then a guest write may not give sector 0 qcow2's magic (QEMU's
/// restriction on probed raw images: the next start would read the disk as a qcow2 image whose tables the guest
/// chose). Thread-safe (the formats lock; the snapshot overlay has a lock).
/// </summary>
public sealed class BlockImage : IDisposable
{
    public const int SectorSize = 512;

    private readonly IDiskFormat disk;
    private readonly Dictionary<long, byte[]>? overlay; // sector -> contents, in snapshot mode
    private readonly bool probedRaw;

    public string Path { get; }
    public bool ReadOnly { get; }
    public bool Snapshot { get; }
    public ulong Sectors { get; }
    /// <summary>"raw" or "qcow2".</summary>
    public string Format { get; }

    /// <summary>Opens <paramref name="path"/> as <paramref name="format"/> (null: probe); throws
    /// <see cref="ArgumentException"/> with a clear message when it cannot.</summary>
    public BlockImage(string path, bool readOnly, bool snapshot, string? format = null, Action<string>? warn = null)
    {
        Path = path;
        ReadOnly = readOnly;
        Snapshot = snapshot;
        var file = OpenFile(path, writable: !readOnly && !snapshot);
        try
        {
            Format = format ?? (IsQcow2(file) ? "qcow2" : "raw");
            probedRaw = format is null && Format == "raw";
            disk = Format switch
            {
                "raw" => new RawDisk(file),
                "qcow2" => new Qcow2Disk(file, path, writable: !readOnly && !snapshot, warn),
                _ => throw new ArgumentException($"disk image {path}: format '{format}' is not supported (raw, qcow2)"),
            };
        }
        catch
        {
            file.Dispose();
            throw;
        }
        Sectors = (ulong)((disk.Size + SectorSize - 1) / SectorSize);
        if (snapshot) overlay = [];
    }

    /// <summary>The backing file a qcow2 image names, read-only. Only files in the image's directory or below
    /// it are opened: the name comes from the image, which may be hostile, and must not show the guest any other
    /// host file.</summary>
    internal static IDiskFormat OpenBacking(string name, string imagePath, string? format, int depth)
    {
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(imagePath))!;
        string full = System.IO.Path.GetFullPath(name, dir);
        // Decided on the files as opened (their real paths, whatever symlinks led there), not on the names.
        string root;
        using (var image = OpenFile(imagePath, writable: false))
            root = System.IO.Path.GetDirectoryName(RealPath(image, imagePath))! + "/";
        var file = OpenFile(full, writable: false);
        try
        {
            if (!RealPath(file, full).StartsWith(root, StringComparison.Ordinal))
                throw new ArgumentException($"qcow2 image {imagePath}: backing file '{name}' is outside the image's directory (refused)");
            string fmt = format ?? (IsQcow2(file) ? "qcow2" : "raw");
            return fmt switch
            {
                "raw" => new RawDisk(file),
                "qcow2" => new Qcow2Disk(file, full, writable: false, depth: depth),
                _ => throw new ArgumentException($"qcow2 image {imagePath}: backing format '{fmt}' is not supported (raw, qcow2)"),
            };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The path an open file really has (Linux's /proc/self/fd link), else the full path it was opened by.</summary>
    private static string RealPath(SafeFileHandle file, string opened) =>
        new FileInfo($"/proc/self/fd/{file.DangerousGetHandle()}").LinkTarget ?? System.IO.Path.GetFullPath(opened);

    private static SafeFileHandle OpenFile(string path, bool writable)
    {
        if (Directory.Exists(path)) throw new ArgumentException($"could not open disk image {path}: Is a directory");
        try
        {
            return File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"could not open disk image {path}: {e.Message}");
        }
    }

    private static bool IsQcow2(SafeFileHandle file)
    {
        Span<byte> head = stackalloc byte[8];
        if (RandomAccess.Read(file, head, 0) < 8) return false;
        return head[..4].SequenceEqual(Qcow2Disk.Magic) && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[4..]) >= 2;
    }

    /// <summary>Reads <paramref name="dest"/>.Length bytes at <paramref name="offset"/> (sector-aligned); false
    /// when the image cannot give them (a corrupt table, a host error).</summary>
    public bool Read(long offset, Span<byte> dest)
    {
        int inside = (int)Math.Clamp(disk.Size - offset, 0, dest.Length);
        dest[inside..].Clear();
        if (inside > 0 && !disk.Read(offset, dest[..inside])) return false;
        if (overlay is null) return true;
        lock (overlay)
        {
            for (int at = 0; at + SectorSize <= dest.Length; at += SectorSize)
                if (overlay.TryGetValue((offset + at) / SectorSize, out var sector)) sector.CopyTo(dest.Slice(at, SectorSize));
        }
        return true;
    }

    /// <summary>Writes whole sectors at <paramref name="offset"/>; false on a read-only image or an error.</summary>
    public bool Write(long offset, ReadOnlySpan<byte> source)
    {
        if (ReadOnly) return false;
        if (probedRaw && offset == 0 && source.Length >= 8 && source[..4].SequenceEqual(Qcow2Disk.Magic)) return false;
        if (overlay is not null)
        {
            lock (overlay)
                for (int at = 0; at + SectorSize <= source.Length; at += SectorSize)
                    overlay[(offset + at) / SectorSize] = source.Slice(at, SectorSize).ToArray();
            return true;
        }
        if (Format == "raw") return disk.Write(offset, source);
        // The last sector of a virtual size that is not a multiple of 512 is written as far as the size goes.
        int inside = (int)Math.Clamp(disk.Size - offset, 0, source.Length);
        return inside == 0 || disk.Write(offset, source[..inside]);
    }

    /// <summary>Makes written data durable; false on a host error.</summary>
    public bool Flush() => ReadOnly || overlay is not null || disk.Flush();

    public void Dispose() => disk.Dispose();
}
