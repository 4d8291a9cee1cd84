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
        int result;
        do result = Statx(AtWorkingDirectory, path, flags, StatxType, buffer);
        while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);
        mode = result == 0 ? *(ushort*)(buffer + StatxModeOffset) : (ushort)0;
        return result == 0;
    }

    private const int AtWorkingDirectory = -100, SymlinkNoFollow = 0x100, StatxType = 1, StatxSize = 256, StatxModeOffset = 0x1c;
    private const ushort FileTypeMask = 0xF000, DirectoryType = 0x4000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
