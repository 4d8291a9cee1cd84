using System.Runtime.InteropServices;

namespace RvJit.Runtime.Memory;

/// <summary>
/// Asks Linux to back a large host block with transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c>), which
/// hosts whose THP mode is "madvise" (the common default) otherwise never do.
/// </summary>
internal static unsafe partial class HostHugePages
{
    private const int MadvHugePage = 14;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint addr, nuint length, int advice);

    public static void Advise(void* p, nuint bytes)
    {
        if (!OperatingSystem.IsLinux()) return;
        const ulong huge = 2UL << 20;
        ulong start = ((ulong)p + huge - 1) & ~(huge - 1), end = ((ulong)p + bytes) & ~(huge - 1);
        if (end <= start) return;
        try { Madvise((nint)start, (nuint)(end - start), MadvHugePage); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }
}
