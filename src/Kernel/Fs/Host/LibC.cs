// P/Invoke declarations for the host C library: the file system calls the VFS forwards to the host.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// Host (Linux) libc entry points. Errors come back as -1 with the host errno in
/// Marshal.GetLastPInvokeError(); Linux errno numbers are the same on x86-64, arm64 and riscv64, so they
/// pass to the guest unchanged. Open flags are also shared by x86-64 and riscv64 (asm-generic); on other
/// hosts <see cref="HostOpenFlags"/> translates them.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int AtFdCwd = -100;
    public const int FDupFdCloExec = 1030, FGetFd = 1, FGetFl = 3, FSetFl = 4, FdCloExec = 1;
    public const int AtSymlinkNoFollow = 0x100, AtRemoveDir = 0x200, AtSymlinkFollow = 0x400, AtEmptyPath = 0x1000, AtEaccess = 0x200;

    [LibraryImport(Lib, EntryPoint = "open", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, ulong* softAndHard);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "pread64", SetLastError = true)]
    public static partial nint PRead(int fd, byte* buffer, nint count, long offset);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/> of the file, up to its end or a read
    /// error (the rest stays as it was: a file mapping's bytes past the end of the file read as zero).</summary>
    public static void PReadFully(int fd, Span<byte> destination, ulong offset)
    {
        while (!destination.IsEmpty)
        {
            nint n;
            fixed (byte* p = destination) n = PRead(fd, p, destination.Length, (long)offset);
            if (n <= 0) return;
            destination = destination[(int)n..];
            offset += (ulong)n;
        }
    }

    [LibraryImport(Lib, EntryPoint = "pwrite64", SetLastError = true)]
    public static partial nint PWrite(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Lib, EntryPoint = "lseek64", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "statx", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Lib, EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int RenameAt2(int olddirfd, string oldPath, int newdirfd, string newPath, uint flags);

    [LibraryImport(Lib, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChMod(int fd, int mode);

    [LibraryImport(Lib, EntryPoint = "fchownat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int FChOwnAt(int dirfd, string path, int owner, int group, int flags);

    [LibraryImport(Lib, EntryPoint = "fchown", SetLastError = true)]
    public static partial int FChOwn(int fd, int owner, int group);

    [LibraryImport(Lib, EntryPoint = "truncate64", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int Truncate(string path, long length);

    [LibraryImport(Lib, EntryPoint = "ftruncate64", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport(Lib, EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int FDataSync(int fd);

    [LibraryImport(Lib, EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int UTimensAt(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Lib, EntryPoint = "futimens", SetLastError = true)]
    public static partial int FUTimens(int fd, Timespec* times);

    [LibraryImport(Lib, EntryPoint = "fstatfs64", SetLastError = true)]
    public static partial int FStatFs(int fd, byte* buffer);

    [LibraryImport(Lib, EntryPoint = "faccessat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int FAccessAt(int dirfd, string path, int mode, int flags);

    [LibraryImport(Lib, EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, void* argument);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, ulong count, int timeoutMs);

    [LibraryImport(Lib, EntryPoint = "readdir64", SetLastError = true)]
    public static partial Dirent64* ReadDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "closedir")]
    public static partial int CloseDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "getrandom", SetLastError = true)]
    private static partial nint GetRandom(byte* buffer, nint length, uint flags);

    /// <summary>Fills <paramref name="buffer"/> from the host's random source (no crypto library to load at start-up).</summary>
    public static void FillRandom(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint done = 0;
            while (done < buffer.Length)
            {
                nint n = GetRandom(p + done, buffer.Length - done, 0);
                if (n <= 0) { System.Security.Cryptography.RandomNumberGenerator.Fill(buffer[(int)done..]); return; }
                done += n;
            }
        }
    }

    [LibraryImport(Lib, EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Lib, EntryPoint = "getuid")] public static partial uint GetUid();
    [LibraryImport(Lib, EntryPoint = "geteuid")] public static partial uint GetEuid();
    [LibraryImport(Lib, EntryPoint = "getgid")] public static partial uint GetGid();
    [LibraryImport(Lib, EntryPoint = "getgroups", SetLastError = true)] public static unsafe partial int GetGroups(int size, uint* list);
    [LibraryImport(Lib, EntryPoint = "getegid")] public static partial uint GetEgid();

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    /// <summary>The errno of the last failed call, as a guest <see cref="Errno"/>.</summary>
    public static Errno LastError => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>-errno for a failed call (result -1), else the result.</summary>
    public static long Check(long result) => result < 0 ? LastError.Fail() : result;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>glibc's struct dirent64 (the same on every 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Dirent64
    {
        public ulong Inode;
        public long Offset;
        public ushort RecordLength;
        public byte Type;
        public fixed byte Name[256];
    }
}
