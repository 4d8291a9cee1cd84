// P/Invoke declarations for the descriptor-relative (*at) calls: how the VFS reaches host files under a root descriptor.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Fs.Host;

internal static unsafe partial class LibC
{
    public const int OPath = 0x200000, ODirectory = 0x10000;
    public const long SysOpenat2 = 437; // the same number on every architecture (new calls are numbered alike)
    public const ulong ResolveNoMagicLinks = 0x02, ResolveInRoot = 0x10;

    /// <summary>struct open_how for openat2.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport(Lib, EntryPoint = "openat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int OpenAt(int dirfd, string path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "syscall", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    private static partial long Syscall(long number, int dirfd, string path, OpenHow* how, nuint size);

    /// <summary>openat2(2) (Linux 5.6+); -1 with ENOSYS where the host kernel lacks it.</summary>
    public static int OpenAt2(int dirfd, string path, in OpenHow how)
    {
        var h = how;
        return (int)Syscall(SysOpenat2, dirfd, path, &h, (nuint)sizeof(OpenHow));
    }

    [LibraryImport(Lib, EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial nint ReadLinkAt(int dirfd, string path, byte* buffer, nint size);

    [LibraryImport(Lib, EntryPoint = "mkdirat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int MkDirAt(int dirfd, string path, int mode);

    [LibraryImport(Lib, EntryPoint = "mknodat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int MkNodAt(int dirfd, string path, int mode, ulong dev);

    [LibraryImport(Lib, EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int UnlinkAt(int dirfd, string path, int flags);

    [LibraryImport(Lib, EntryPoint = "linkat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int LinkAt(int olddirfd, string oldPath, int newdirfd, string newPath, int flags);

    [LibraryImport(Lib, EntryPoint = "symlinkat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int SymlinkAt(string target, int newdirfd, string linkPath);

    /// <summary>fchmodat; with AT_SYMLINK_NOFOLLOW glibc changes the entry itself (EOPNOTSUPP for a symlink).</summary>
    [LibraryImport(Lib, EntryPoint = "fchmodat", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(FileNameMarshaller), SetLastError = true)]
    public static partial int FChModAt(int dirfd, string path, int mode, int flags);

    [LibraryImport(Lib, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);
}
