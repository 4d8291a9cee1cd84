// Small safe wrappers over LibC for the path-based host operations the VFS needs.
using System.Runtime.InteropServices;
using System.Text;

namespace RvJit.Kernel.Fs.Host;

/// <summary>Host file operations by path, returning errno values instead of throwing.</summary>
internal static unsafe class HostFiles
{
    private const uint StatxAll = 0xfff;

    public static bool TryStat(string hostPath, bool followSymlinks, out StatxBuffer stat, out Errno error)
    {
        StatxBuffer s;
        int r = LibC.Statx(LibC.AtFdCwd, hostPath, followSymlinks ? 0 : LibC.AtSymlinkNoFollow, StatxAll, &s);
        stat = s;
        error = r < 0 ? LibC.LastError : Errno.Success;
        return r == 0;
    }

    public static Errno StatFd(int fd, out StatxBuffer stat)
    {
        StatxBuffer s;
        int r = LibC.Statx(fd, "", LibC.AtEmptyPath, StatxAll, &s);
        stat = s;
        return r < 0 ? LibC.LastError : Errno.Success;
    }

    /// <summary>A symlink's target (null on error).</summary>
    public static string? ReadLink(string hostPath)
    {
        byte* buffer = stackalloc byte[4096];
        nint n = LibC.ReadLink(hostPath, buffer, 4096);
        return n < 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Every entry of a host directory except "." and "..": name, inode, d_type.</summary>
    public static Errno List(string hostPath, List<DirectoryEntry> into)
    {
        nint dir = LibC.OpenDir(hostPath);
        if (dir == 0) return LibC.LastError;
        try
        {
            while (true)
            {
                LibC.Dirent64* e = LibC.ReadDir(dir);
                if (e == null) break;
                string name = Marshal.PtrToStringUTF8((nint)e->Name) ?? "";
                if (name is "." or "..") continue;
                into.Add(new DirectoryEntry(name, e->Inode, e->Type));
            }
        }
        finally { LibC.CloseDir(dir); }
        return Errno.Success;
    }

    public static Errno Result(int r) => r < 0 ? LibC.LastError : Errno.Success;
}
