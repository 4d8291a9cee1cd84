using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using RvJit.Runtime;

namespace RvJit.Translator.Persist;

/// <summary>
/// Program files' digests (<see cref="ContentHash"/>, what selects a program's bundles) remembered in the cache, so that
/// a second run of the same file does not read and hash it again (Lua's 0.8 MB binary: about 0.5 ms of a 45 ms run).
/// One small file per program file under <c>ROOT/programs/</c>, named by the file's device and inode, holding the
/// file's stamp (<see cref="HostFiles.FileStamp"/>: device, inode, size, mtime and ctime in nanoseconds) and its digest.
/// A digest is used only while the file's stamp is the same; any write, rename or attribute change moves the ctime,
/// which no one can set back, so a changed file is hashed again. A stamp is remembered only once the file has not
/// changed for <see cref="SettledNanoseconds"/>: a file written again within the same timestamp tick as the hash, with
/// the same size, would otherwise keep its stamp (git's "racily clean" entries). A record that is truncated or fails
/// its check is ignored with a warning and written again; a hostile record can only name another program's bundles,
/// whose regions are still checked against the guest pages they are installed in (they miss).
/// </summary>
public static class ProgramDigests
{
    public const string DirectoryName = "programs";
    /// <summary>How long a file must have stayed unchanged before its stamp is remembered: 2 s, at least a timestamp tick of
    /// every filesystem (a few milliseconds on most; whole seconds where only seconds are stored, 2 s on FAT).</summary>
    public const long SettledNanoseconds = 2_000_000_000;

    private static ReadOnlySpan<byte> Tag => "rvjit-program/1\n"u8;
    private const int StampAt = 16, DigestAt = StampAt + 40, CheckAt = DigestAt + 16, RecordLength = CheckAt + 16;

    /// <summary>The digest of the open <paramref name="file"/> (read from its start), remembered under <paramref name="root"/>:
    /// from its record when the file's stamp matches, else hashed (and recorded when the file has settled).
    /// <paramref name="now"/>: the time to compare the file's changes with (the host's clock; tests pass their own).</summary>
    public static Hash128 Of(string root, SafeFileHandle file, Action<string> warn, DateTime? now = null)
    {
        if (!HostFiles.StampOf(file, out var stamp)) return ContentHash.OfFile(file, out _);
        string path = RecordPath(root, stamp);
        Span<byte> record = stackalloc byte[RecordLength + 1];
        if (HostFiles.TryReadStart(path, record, out int length)) // one byte more than a record: a longer file is refused
        {
            if (TryParse(record[..length], out var recorded, out Hash128 digest))
            {
                if (recorded == stamp) return digest;
            }
            else warn($"ignoring {path}: not a program digest record");
        }
        Hash128 hashed = ContentHash.OfFile(file, out _);
        long nanoseconds = ((now ?? DateTime.UtcNow) - DateTime.UnixEpoch).Ticks * 100;
        if (nanoseconds - Math.Max(stamp.ModifiedNanoseconds, stamp.ChangedNanoseconds) >= SettledNanoseconds)
        {
            Format(stamp, hashed, record);
            HostFiles.TryReplace(path, record[..RecordLength]); // a cache that cannot be written only costs the next run a hash
        }
        return hashed;
    }

    /// <summary>Where the record of the file with <paramref name="stamp"/> lives (named by its device and inode).</summary>
    public static string RecordPath(string root, HostFiles.FileStamp stamp)
    {
        Span<byte> name = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(name, stamp.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(name[8..], stamp.Inode);
        return Path.Join(root, DirectoryName, ContentHash.Of(name).ToString());
    }

    private static void Format(HostFiles.FileStamp stamp, Hash128 digest, Span<byte> record)
    {
        Tag.CopyTo(record);
        BinaryPrimitives.WriteUInt64LittleEndian(record[StampAt..], stamp.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(record[(StampAt + 8)..], stamp.Inode);
        BinaryPrimitives.WriteInt64LittleEndian(record[(StampAt + 16)..], stamp.Size);
        BinaryPrimitives.WriteInt64LittleEndian(record[(StampAt + 24)..], stamp.ModifiedNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(record[(StampAt + 32)..], stamp.ChangedNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(record[DigestAt..], digest.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(record[(DigestAt + 8)..], digest.High);
        var check = ContentHash.Of(record[..CheckAt]);
        BinaryPrimitives.WriteUInt64LittleEndian(record[CheckAt..], check.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(record[(CheckAt + 8)..], check.High);
    }

    private static bool TryParse(ReadOnlySpan<byte> record, out HostFiles.FileStamp stamp, out Hash128 digest)
    {
        stamp = default;
        digest = default;
        if (record.Length != RecordLength || !record[..Tag.Length].SequenceEqual(Tag)
            || ContentHash.Of(record[..CheckAt]) != Hash128.From(record[CheckAt..])) return false;
        stamp = new HostFiles.FileStamp(BinaryPrimitives.ReadUInt64LittleEndian(record[StampAt..]),
            BinaryPrimitives.ReadUInt64LittleEndian(record[(StampAt + 8)..]), BinaryPrimitives.ReadInt64LittleEndian(record[(StampAt + 16)..]),
            BinaryPrimitives.ReadInt64LittleEndian(record[(StampAt + 24)..]), BinaryPrimitives.ReadInt64LittleEndian(record[(StampAt + 32)..]));
        digest = Hash128.From(record[DigestAt..]);
        return true;
    }
}
