// getrlimit/setrlimit/prlimit64 values of a process.
namespace RvJit.Kernel.Tasks;

/// <summary>RLIMIT_* resource numbers (asm-generic/resource.h).</summary>
public enum Resource
{
    Cpu = 0, FileSize = 1, Data = 2, Stack = 3, Core = 4, Rss = 5, NProc = 6, NoFile = 7, MemLock = 8,
    AddressSpace = 9, Locks = 10, SigPending = 11, MsgQueue = 12, Nice = 13, RtPrio = 14, RtTime = 15,
}

/// <summary>One process's resource limits (soft and hard), copied on fork.</summary>
public sealed class ResourceLimits
{
    public const int Count = 16;
    public const ulong Infinity = ulong.MaxValue;

    private readonly (ulong Soft, ulong Hard)[] limits = new (ulong, ulong)[Count];

    public ResourceLimits()
    {
        for (int i = 0; i < Count; i++) limits[i] = (Infinity, Infinity);
        limits[(int)Resource.Stack] = (8UL << 20, Infinity);
        limits[(int)Resource.NoFile] = (1024, 4096);
        limits[(int)Resource.Core] = (0, Infinity);
        limits[(int)Resource.NProc] = (4096, 4096);
        limits[(int)Resource.SigPending] = (4096, 4096);
        limits[(int)Resource.MemLock] = (8UL << 20, 8UL << 20);
        limits[(int)Resource.MsgQueue] = (819200, 819200);
        limits[(int)Resource.Nice] = (0, 0);
        limits[(int)Resource.RtPrio] = (0, 0);
    }

    /// <summary>The limits that say nothing about the guest's memory layout (stack, data, address space stay Linux's
    /// defaults: they place the guest's mappings), which a process started from the host has as the host gave them.</summary>
    private static readonly Resource[] FromHost =
    [
        Resource.Cpu, Resource.FileSize, Resource.Core, Resource.Rss, Resource.NProc, Resource.NoFile, Resource.MemLock,
        Resource.Locks, Resource.SigPending, Resource.MsgQueue, Resource.Nice, Resource.RtPrio, Resource.RtTime,
    ];

    /// <summary>Takes <see cref="FromHost"/>'s limits from the host process (rvjit's own), as qemu-user's getrlimit
    /// reports them: `ulimit -n` says what the shell that started the program set. Except a soft open-files limit
    /// below the hard one: the .NET runtime raised rvjit's to the hard one as it started (a container's are equal).</summary>
    public unsafe void InheritFromHost()
    {
        ulong* pair = stackalloc ulong[2];
        foreach (var r in FromHost)
            if (Fs.Host.LibC.GetRLimit((int)r, pair) == 0) limits[(int)r] = (pair[0], pair[1]);
    }

    public (ulong Soft, ulong Hard) this[Resource r]
    {
        get => limits[(int)r];
        set => limits[(int)r] = value;
    }

    public ResourceLimits Clone()
    {
        var c = new ResourceLimits();
        limits.CopyTo(c.limits, 0);
        return c;
    }
}
