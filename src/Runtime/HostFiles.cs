// Reading host files on the start-up path without File.OpenHandle's reflection.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime;

/// <summary>
/// Opens host files for reading through libc's open(2). .NET's own file APIs (File.OpenHandle, File.ReadAllBytes,
/// FileStream) get their SafeFileHandle from a P/Invoke marshaller that creates it with Activator.CreateInstance:
/// the first such open in a process sets up reflection's activator and JIT-compiles four methods the ReadyToRun image
/// lacks (about 2 ms of a static hello world's 65 ms of CPU). A handle made here from the descriptor is the same
/// SafeFileHandle, without that. Errors are the exceptions File.OpenHandle throws for them.
/// </summary>
public static unsafe partial class HostFiles
{
    private const int ReadOnly = 0, CloseOnExec = 0x80000;
    private const int EPerm = 1, ENoEnt = 2, EIntr = 4, EAcces = 13, ENotDir = 20;

    /// <summary>Opens <paramref name="path"/> for reading; the handle owns the descriptor.</summary>
    public static SafeFileHandle OpenRead(string path) => new(OpenDescriptor(path), ownsHandle: true);

    /// <summary>The whole file at <paramref name="path"/>, read to its end (procfs files, whose size is 0, too).</summary>
    public static byte[] ReadAllBytes(string path)
    {
        int fd = OpenDescriptor(path);
        try
        {
            var buffer = new byte[4096];
            int length = 0;
            while (true)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                nint n;
                fixed (byte* p = &buffer[length]) n = Read(fd, p, buffer.Length - length);
                if (n == 0) break;
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr) continue;
                    throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
                length += (int)n;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally { Close(fd); }
    }

    private static int OpenDescriptor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        while (true)
        {
            int fd = Open(path, ReadOnly | CloseOnExec);
            if (fd >= 0) return fd;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr) continue;
            string message = $"{path}: {Marshal.GetPInvokeErrorMessage(errno)}";
            throw errno switch
            {
                ENoEnt => new FileNotFoundException(message, path),
                ENotDir => new DirectoryNotFoundException(message),
                EAcces or EPerm => new UnauthorizedAccessException(message),
                _ => new IOException(message),
            };
        }
    }

    /// <summary>True when <paramref name="path"/> names anything (a dangling symbolic link too): what
    /// <c>File.Exists(path) || Directory.Exists(path)</c> tells, for the path as the kernel resolves it. One statx
    /// call: File.Exists made its full path first (the working directory, decoded), about 1 ms of a short run.</summary>
    public static bool Exists(string path) => !string.IsNullOrEmpty(path) && StatMode(path, SymlinkNoFollow, out _);

    /// <summary>True when <paramref name="path"/> is a directory, or a symbolic link to one (as Directory.Exists).</summary>
    public static bool IsDirectory(string path) =>
        !string.IsNullOrEmpty(path) && StatMode(path, 0, out ushort mode) && (mode & FileTypeMask) == DirectoryType;

    private static bool StatMode(string path, int flags, out ushort mode)
    {
        byte* buffer = stackalloc byte[StatxSize];
        bool found = StatxRetried(path, flags, StatxType, buffer);
        mode = found ? *(ushort*)(buffer + StatxModeOffset) : (ushort)0;
        return found;
    }

    /// <summary>statx(2) of <paramref name="path"/> into <paramref name="buffer"/>, again when a signal interrupts it; false on failure.</summary>
    private static bool StatxRetried(string path, int flags, uint mask, byte* buffer)
    {
        int result;
        do result = Statx(AtWorkingDirectory, path, flags, mask, buffer);
        while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);
        return result == 0;
    }

    /// <summary>The paths (<paramref name="directory"/> joined with the name) of the entries of <paramref name="directory"/> whose
    /// names end with <paramref name="suffix"/> (ordinal; directories left out); none when it does not exist. Through
    /// readdir(3): Directory.GetFiles set up its enumerator's generic types and pattern matching in every run that read
    /// the persistent cache, 3.5 ms of CPU (perf, Duktape's and gofmt's second runs).</summary>
    public static List<string> FilesEndingWith(string directory, string suffix)
    {
        var found = new List<string>();
        nint dir = OpenDir(directory);
        if (dir == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENoEnt or ENotDir) return found;
            throw errno is EAcces or EPerm ? new UnauthorizedAccessException($"{directory}: {Marshal.GetPInvokeErrorMessage(errno)}")
                : new IOException($"{directory}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        try
        {
            for (byte* entry = ReadDir(dir); entry is not null; entry = ReadDir(dir))
            {
                if (entry[DirentTypeOffset] == DirectoryEntryType) continue;
                string name = Marshal.PtrToStringUTF8((nint)(entry + DirentNameOffset))!;
                if (name.EndsWith(suffix, StringComparison.Ordinal)) found.Add(Path.Join(directory, name));
            }
        }
        finally { CloseDir(dir); }
        return found;
    }

    /// <summary>When the file at <paramref name="path"/> was last written (UTC), as File.GetLastWriteTimeUtc tells, in one statx
    /// call; for a missing file the earliest time it reports too (1601-01-01).</summary>
    public static DateTime LastWriteTimeUtc(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (!StatxRetried(path, 0, StatxModifiedTime, buffer)) return DateTime.FromFileTimeUtc(0);
        long seconds = *(long*)(buffer + StatxModifiedTimeOffset);
        uint nanoseconds = *(uint*)(buffer + StatxModifiedTimeOffset + 8);
        return DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanoseconds / 100);
    }

    /// <summary>What identifies an open file's version (<see cref="StampOf"/>): the device and inode it is, its size, and
    /// when its contents (mtime) and its inode (ctime: any write, rename or attribute change, which no caller can set
    /// back) last changed, in nanoseconds since 1970.</summary>
    public readonly record struct FileStamp(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds, long ChangedNanoseconds)
    {
        // Written out: the generated one compares each field through EqualityComparer<T>.Default.
        public bool Equals(FileStamp other) => Device == other.Device && Inode == other.Inode && Size == other.Size
            && ModifiedNanoseconds == other.ModifiedNanoseconds && ChangedNanoseconds == other.ChangedNanoseconds;
        public override int GetHashCode() => (int)Inode ^ (int)Size ^ (int)ChangedNanoseconds;
    }

    /// <summary>The stamp of the open file (one statx); false when the host cannot tell all of it.</summary>
    public static bool StampOf(SafeFileHandle file, out FileStamp stamp)
    {
        byte* buffer = stackalloc byte[StatxSize];
        stamp = default;
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            int fd = (int)file.DangerousGetHandle(), result;
            do result = Statx(fd, "", EmptyPath, StampFields, buffer);
            while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);
            if (result != 0 || (*(uint*)buffer & StampFields) != StampFields) return false;
        }
        finally { if (added) file.DangerousRelease(); }
        static long Nanoseconds(byte* at) => *(long*)at * 1_000_000_000 + *(uint*)(at + 8);
        ulong device = ((ulong)*(uint*)(buffer + StatxDeviceOffset) << 32) | *(uint*)(buffer + StatxDeviceOffset + 4);
        stamp = new FileStamp(device, *(ulong*)(buffer + StatxInodeOffset), *(long*)(buffer + StatxSizeOffset),
            Nanoseconds(buffer + StatxModifiedTimeOffset), Nanoseconds(buffer + StatxChangedTimeOffset));
        return true;
    }

    /// <summary>Reads the start of the file at <paramref name="path"/> into <paramref name="buffer"/> (up to its length) without
    /// throwing: false when it cannot be opened or read; <paramref name="length"/> is what was read. For small cache files
    /// whose absence is the common case (a first run), where an exception would cost more than the read.</summary>
    public static bool TryReadStart(string path, Span<byte> buffer, out int length)
    {
        length = 0;
        int fd;
        do fd = Open(path, ReadOnly | CloseOnExec);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);
        if (fd < 0) return false;
        try
        {
            while (length < buffer.Length)
            {
                nint n;
                fixed (byte* p = buffer[length..]) n = Read(fd, p, buffer.Length - length);
                if (n == 0) break;
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EIntr) continue;
                    return false;
                }
                length += (int)n;
            }
            return true;
        }
        finally { Close(fd); }
    }

    /// <summary>Writes all of <paramref name="bytes"/> to the descriptor <paramref name="fd"/> (again after a signal or a short
    /// write); false at the first error.</summary>
    public static bool TryWrite(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
            for (int done = 0; done < bytes.Length;)
            {
                nint n = Write(fd, p + done, bytes.Length - done);
                if (n > 0) done += (int)n;
                else if (n == 0 || Marshal.GetLastPInvokeError() != EIntr) return false;
            }
        return true;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> as a whole or not at all: to a new temporary file
    /// beside it (<c>.NAME.PID.tmp</c>), renamed over it; its directory and the directory above are made when missing
    /// (mode 0755, the file 0644). False, without throwing, when any step fails (a read-only cache): for files that only
    /// save work. The temporary name carries the process id, not a random number, and the directories are made without
    /// asking first: with <c>Random.Shared</c> (its seed read from /dev/urandom), hex formatting and two statx calls, a first
    /// run that wrote a program digest record used 1.03 of the CPU of one with this (Lua sort.lua, 41 pairs).</summary>
    public static bool TryReplace(string path, ReadOnlySpan<byte> bytes)
    {
        string? directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory)) return false;
        if (MakeDirectory(directory, DirectoryMode) != 0 && Marshal.GetLastPInvokeError() == ENoEnt)
        {
            string? parent = Path.GetDirectoryName(directory);
            if (!string.IsNullOrEmpty(parent)) MakeDirectory(parent, DirectoryMode);
            MakeDirectory(directory, DirectoryMode);
        }
        string tmp = Path.Join(directory, "." + Path.GetFileName(path) + "." + Environment.ProcessId.ToString() + ".tmp");
        int fd = OpenCreate(tmp, WriteOnly | Create | Exclusive | CloseOnExec, FileMode);
        if (fd < 0) return false; // no directory, not writable, or a crashed process's file of the same id (evicted within the hour)
        bool whole = TryWrite(fd, bytes);
        whole &= Close(fd) == 0;
        if (whole && Rename(tmp, path) == 0) return true;
        Unlink(tmp);
        return false;
    }

    // glibc's struct dirent on 64-bit Linux: d_ino, d_off (8 bytes each), d_reclen (2), d_type (1), d_name.
    private const int DirentTypeOffset = 18, DirentNameOffset = 19;
    private const byte DirectoryEntryType = 4; // DT_DIR
    private const uint StatxModifiedTime = 0x40; // STATX_MTIME
    private const int StatxModifiedTimeOffset = 0x70; // stx_mtime: tv_sec (8 bytes), tv_nsec (4)
    // struct statx: stx_ino, stx_size, stx_ctime, stx_dev_major and stx_dev_minor; STATX_INO | STATX_SIZE | STATX_MTIME | STATX_CTIME.
    private const int StatxInodeOffset = 0x20, StatxSizeOffset = 0x28, StatxChangedTimeOffset = 0x60, StatxDeviceOffset = 0x88;
    private const uint StampFields = 0x100 | 0x200 | 0x40 | 0x80;
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH: statx of the descriptor itself
    private const int WriteOnly = 1, Create = 0x40, Exclusive = 0x80;
    private const int DirectoryMode = 0x1ed, FileMode = 0x1a4; // 0755, 0644 (less the umask)

    [LibraryImport("libc", EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial byte* ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint dir);

    private const int AtWorkingDirectory = -100, SymlinkNoFollow = 0x100, StatxType = 1, StatxSize = 256, StatxModeOffset = 0x1c;
    private const ushort FileTypeMask = 0xF000, DirectoryType = 0x4000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenCreate(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeDirectory(string path, int mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
