namespace RvJit.Runtime.Isa;

/// <summary>
/// The ISA rvjit implements, as the ISA string Linux prints in /proc/cpuinfo: the single letters, then the
/// multi-letter extensions in canonical order (Zi*, Zf*, Zb*, each alphabetical).
/// </summary>
public static class IsaString
{
    /// <summary>The multi-letter extensions rvjit implements, in canonical order.</summary>
    public static readonly string[] NamedExtensions =
    [
        "zicond", "zicsr", "zifencei", "zihintpause", "zfh", "zfhmin", "zba", "zbb", "zbc", "zbkb", "zbkc", "zbkx", "zbs",
    ];

    /// <summary>rv64imafdc_zicond_..._zbs.</summary>
    public static string Rv64 { get; } = "rv64imafdc_" + string.Join("_", NamedExtensions);
}
