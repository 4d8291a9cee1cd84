// The host descriptors rvjit was started with beyond stdio, which the guest's first process gets too.
namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// The descriptors above 2 that rvjit inherited from whoever started it: those without FD_CLOEXEC. The .NET runtime
/// and rvjit open every descriptor of their own close-on-exec, so this holds at any time, not only at start-up.
/// </summary>
public static unsafe class InheritedDescriptors
{
    private const int ODirectoryCloExec = LibC.ODirectory | 0x80000; // O_RDONLY | O_DIRECTORY | O_CLOEXEC

    /// <summary>The descriptors, in no particular order (each goes to its own number). Not sorted: sorting a list of
    /// ints JIT-compiled the runtime's sort helper in every run. /proc/self/fd is read with readdir(3) and its names
    /// parsed as bytes: Directory.EnumerateFileSystemEntries and int.TryParse set up the enumerator's generic types,
    /// a char array pool and the current culture's number format in every run, 7% of a static empty program's CPU
    /// (perf, call graphs through the ReadyToRun image's map).</summary>
    public static int[] List()
    {
        var found = new List<int>();
        int fd = LibC.Open("/proc/self/fd", ODirectoryCloExec, 0);
        if (fd < 0) return [];
        nint dir = LibC.FdOpenDir(fd);
        if (dir == 0)
        {
            LibC.Close(fd);
            return [];
        }
        try
        {
            for (LibC.Dirent64* e = LibC.ReadDir(dir); e != null; e = LibC.ReadDir(dir))
                if (Number(e->Name) is int n && n > 2 && LibC.Fcntl(n, LibC.FGetFd, 0) is int fdFlags && fdFlags >= 0 && (fdFlags & LibC.FdCloExec) == 0)
                    found.Add(n);
        }
        finally { LibC.CloseDir(dir); } // closes fd too (close-on-exec, so never listed above)
        return [.. found];
    }

    /// <summary>A directory entry's name as a descriptor number; -1 for "." and "..".</summary>
    private static int Number(byte* name)
    {
        if (*name == 0) return -1;
        int n = 0;
        for (; *name != 0; name++)
        {
            if (*name is < (byte)'0' or > (byte)'9' || n >= int.MaxValue / 10) return -1;
            n = n * 10 + (*name - '0');
        }
        return n;
    }
}
