using System.Runtime.InteropServices;

namespace RvJit.Runtime.Hart;

/// <summary>
/// Memory in the host's low 2 GiB (Linux x86-64 <c>MAP_32BIT</c>): a table there has an address that fits an
/// x86 32-bit displacement, so generated code can name it as a constant instead of holding it in a register.
/// Null where the host cannot give such memory; callers then allocate normally.
/// </summary>
internal static unsafe partial class LowMemory
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, Map32Bit = 0x40;

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint addr, nuint length);

    public static void* TryAllocate(nuint bytes)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        try
        {
            nint p = Mmap(0, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous | Map32Bit, -1, 0);
            return p == -1 || (ulong)p + bytes > int.MaxValue ? null : (void*)p;
        }
        catch (DllNotFoundException) { return null; }
        catch (EntryPointNotFoundException) { return null; }
    }

    /// <summary>As <see cref="TryAllocate"/>, aligned to 2 MiB and advised to be backed by huge pages
    /// (<see cref="Memory.HostHugePages"/>): the TLB views are read at random pages' entries, and their 4 KiB pages
    /// took host TLB entries of their own. Freed with <see cref="Free"/> like the rest.</summary>
    public static void* TryAllocateHuge(nuint bytes)
    {
        const nuint huge = 2u << 20;
        byte* raw = (byte*)TryAllocate(bytes + huge);
        if (raw == null) return null;
        byte* aligned = (byte*)(((nuint)raw + huge - 1) & ~(huge - 1));
        if (aligned > raw) Munmap((nint)raw, (nuint)(aligned - raw));
        nuint tail = (nuint)(raw + bytes + huge - (aligned + bytes));
        if (tail > 0) Munmap((nint)(aligned + bytes), tail);
        Memory.HostHugePages.Advise(aligned, bytes);
        return aligned;
    }

    public static void Free(void* p, nuint bytes) => Munmap((nint)p, bytes);
}
