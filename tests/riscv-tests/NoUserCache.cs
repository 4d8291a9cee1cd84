using System.Runtime.CompilerServices;

namespace RvJit.RiscvTests;

/// <summary>
/// The tests run rvjit as a child process in places; none of them may read or write the user's translation
/// cache. RVJIT_CACHE=off (inherited by the children) turns it off unless a test names a directory with --cache.
/// </summary>
internal static class NoUserCache
{
    [ModuleInitializer]
    internal static void TurnOff() => Environment.SetEnvironmentVariable("RVJIT_CACHE", "off");
}
