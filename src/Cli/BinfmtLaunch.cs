using System.Runtime.InteropServices;

namespace RvJit.Cli;

/// <summary>
/// Recognises rvjit started by the kernel's binfmt_misc (see <see cref="BinfmtCommand"/>) and turns the
/// arguments the kernel passes into a `run` command line. With the entry's flags P and O the kernel calls
/// `rvjit PATH ARGV0 ARGS...` (PATH as the caller gave it to execve) and puts the opened program's descriptor in the auxiliary vector
/// (AT_EXECFD), which no shell-started rvjit has: that is the test, so a program named like a command
/// cannot be mistaken for one.
/// </summary>
internal static partial class BinfmtLaunch
{
    private const ulong AtExecFd = 2;

    /// <summary>The `run` arguments when binfmt_misc started this process, else null.</summary>
    public static string[]? RunArguments(string[] args)
    {
        if (args.Length < 2 || !StartedWithExecFd()) return null;
        return ["run", "-0", args[1], "--", args[0], .. args[2..]];
    }

    // getauxval, not a read of /proc/self/auxv: every `rvjit run` asks, and File.ReadAllBytes was the start-up's first
    // .NET file open, which sets up reflection (see Runtime.HostFiles). glibc sets ENOENT when the entry is absent (the
    // value alone cannot tell: descriptor 0 is a valid AT_EXECFD); the marshaller clears errno before the call.
    private static bool StartedWithExecFd()
    {
        try
        {
            ulong value = GetAuxiliaryValue(AtExecFd);
            return value != 0 || Marshal.GetLastPInvokeError() != ENoEnt;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    private const int ENoEnt = 2;

    [LibraryImport("libc", EntryPoint = "getauxval", SetLastError = true)]
    private static partial ulong GetAuxiliaryValue(ulong type);
}
