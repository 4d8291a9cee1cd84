// Under valgrind, .NET's W^X double mapping hides JIT-written code from valgrind's self-modifying-code check.
namespace RvJit.Cli;

/// <summary>
/// .NET writes JIT code and patches stubs through a second (writable) mapping of a memfd, so valgrind,
/// which re-translates code only when it sees a store to the executable address (and never checks
/// file-backed mappings by default), keeps running stale translations: rvjit, which creates and collects
/// many dynamic methods, then jumps to 0 or fails with a NullReferenceException or
/// EntryPointNotFoundException somewhere unrelated. With DOTNET_EnableWriteXorExecute=0 code is written
/// in place, where valgrind sees it.
/// </summary>
internal static class ValgrindHint
{
    /// <summary>The warning for this process, or null when not under valgrind or when W^X is already off.</summary>
    public static string? Warning(Func<string, string?> environment)
    {
        bool underValgrind = environment("LD_PRELOAD")?.Contains("vgpreload", StringComparison.Ordinal) == true;
        bool writeXorExecute = environment("DOTNET_EnableWriteXorExecute") != "0";
        return underValgrind && writeXorExecute
            ? "warning: under valgrind, set DOTNET_EnableWriteXorExecute=0 (with W^X, valgrind runs stale translations of .NET's code and rvjit crashes at random)"
            : null;
    }
}
