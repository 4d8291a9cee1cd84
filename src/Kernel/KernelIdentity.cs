// What uname and /proc report about the kernel and the machine.
namespace RvJit.Kernel;

/// <summary>The uname fields rvjit's kernel reports.</summary>
public static class KernelIdentity
{
    public const string SystemName = "Linux";
    public const string Release = "6.1.0";
    public const string Version = "#1 SMP rvjit";
    public const string Machine = "riscv64";
    public const string DomainName = "(none)";
    public static string NodeName => Environment.MachineName.ToLowerInvariant();
}

/// <summary>The identity every guest process runs with: the host user's (like qemu-user).</summary>
public sealed class Credentials
{
    public uint Uid { get; } = Fs.Host.LibC.GetUid();
    public uint Gid { get; } = Fs.Host.LibC.GetGid();

    /// <summary>The host process's supplementary groups, which the first guest process starts with (read when first
    /// asked: one system call few programs need).</summary>
    public uint[] HostGroups => hostGroups ??= ReadHostGroups();
    private uint[]? hostGroups;

    private static unsafe uint[] ReadHostGroups()
    {
        int count = Fs.Host.LibC.GetGroups(0, null);
        if (count <= 0) return [];
        var groups = new uint[count];
        fixed (uint* p = groups) count = Fs.Host.LibC.GetGroups(count, p);
        return count < 0 ? [] : groups[..count];
    }
}
