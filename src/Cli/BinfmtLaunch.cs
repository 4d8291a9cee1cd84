namespace RvJit.Cli;

/// <summary>
/// Recognises rvjit started by the kernel's binfmt_misc (see <see cref="BinfmtCommand"/>) and turns the
/// arguments the kernel passes into a `run` command line. With the entry's flags P and O the kernel calls
/// `rvjit PATH ARGV0 ARGS...` (PATH as the caller gave it to execve) and puts the opened program's descriptor in the auxiliary vector
/// (AT_EXECFD), which no shell-started rvjit has: that is the test, so a program named like a command
/// cannot be mistaken for one.
/// </summary>
internal static class BinfmtLaunch
{
    private const ulong AtNull = 0, AtExecFd = 2;

    /// <summary>The `run` arguments when binfmt_misc started this process, else null.</summary>
    public static string[]? RunArguments(string[] args)
    {
        if (args.Length < 2 || !StartedWithExecFd()) return null;
        return ["run", "-0", args[1], "--", args[0], .. args[2..]];
    }

    private static bool StartedWithExecFd()
    {
        byte[] auxv;
        try { auxv = File.ReadAllBytes("/proc/self/auxv"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        for (int i = 0; i + 16 <= auxv.Length; i += 16)
        {
            ulong type = BitConverter.ToUInt64(auxv, i);
            if (type == AtNull) break;
            if (type == AtExecFd) return true;
        }
        return false;
    }
}
