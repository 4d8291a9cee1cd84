// The host descriptors rvjit was started with beyond stdio, which the guest's first process gets too.
namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// The descriptors above 2 that rvjit inherited from whoever started it: those without FD_CLOEXEC. The .NET runtime
/// and rvjit open every descriptor of their own close-on-exec, so this holds at any time, not only at start-up.
/// </summary>
public static class InheritedDescriptors
{
    /// <summary>The descriptors, in no particular order (each goes to its own number). Not sorted: sorting a list of
    /// ints JIT-compiled the runtime's sort helper in every run.</summary>
    public static int[] List()
    {
        var found = new List<int>();
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
                if (int.TryParse(Path.GetFileName(entry), out int fd) && fd > 2 && LibC.Fcntl(fd, LibC.FGetFd, 0) is int fdFlags && fdFlags >= 0 && (fdFlags & LibC.FdCloExec) == 0)
                    found.Add(fd);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [.. found];
    }
}
