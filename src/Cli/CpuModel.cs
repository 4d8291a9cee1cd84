namespace RvJit.Cli;

/// <summary>
/// qemu-user's `-cpu MODEL` for rvjit, which always implements one CPU: RV64GC with the extensions of
/// <see cref="RvJit.Runtime.Isa.IsaString"/> (Zba, Zbb, Zbs, Zbc, Zbkb, Zbkc, Zbkx, Zicond, Zihintpause, Zfh...). The
/// models that describe it are accepted (qemu's `rv64` and `any`, an ISA string such as `rv64gc` or
/// `rv64imafdc_zba`, qemu's `rv64,zba=true` properties); asking for an extension rvjit lacks, or for turning
/// one off, is refused with what is supported.
/// </summary>
internal static class CpuModel
{
    public const string Models = "rv64, any";
    public static readonly string[] BaseExtensions = ["i", "m", "a", "f", "d", "c", "g"];
    /// <summary>Named extensions, lower case (qemu 7.2 spells some properties with a capital: Zfh, Zihintpause).</summary>
    public static readonly string[] NamedExtensions = RvJit.Runtime.Isa.IsaString.NamedExtensions;
    public static string Supported => $"models {Models} (RV64GC), extensions {string.Join(", ", NamedExtensions)}; e.g. rv64,zba=true or rv64gc_zbb";

    public static string HelpText => $"""
        Available CPUs (rvjit implements one: {RvJit.Runtime.Isa.IsaString.Rv64}):
          rv64
          any
        Extensions (all always on; as properties, e.g. -cpu rv64,zbb=true, or in an ISA string, rv64gc_zbb):
          {string.Join(" ", BaseExtensions.Where(e => e != "g").Concat(NamedExtensions))}

        """;

    /// <summary>Checks <paramref name="model"/>; throws <see cref="QemuStyleException"/> naming what is supported.</summary>
    public static void Check(string model)
    {
        string[] parts = model.Split(',');
        string name = parts[0].ToLowerInvariant();
        if (name is not ("rv64" or "any") && !IsSupportedIsaString(name))
            throw new QemuStyleException($"unable to find CPU model '{parts[0]}' (supported: {Supported})");
        foreach (string property in parts.Skip(1))
        {
            int eq = property.IndexOf('=');
            string ext = (eq < 0 ? property : property[..eq]).ToLowerInvariant();
            string value = eq < 0 ? "on" : property[(eq + 1)..].ToLowerInvariant();
            bool known = NamedExtensions.Contains(ext) || BaseExtensions.Contains(ext);
            if (!known) throw new QemuStyleException($"-cpu: rvjit does not implement '{ext}' (supported: {Supported})");
            if (value is "false" or "off" or "no" or "0")
                throw new QemuStyleException($"-cpu: rvjit cannot turn off '{ext}' (it always implements {Supported})");
            if (value is not ("true" or "on" or "yes" or "1")) throw new QemuStyleException($"-cpu: '{property}': expected {ext}=true or {ext}=false");
        }
    }

    /// <summary>rv64 followed by base letters (imafdcg) and _-separated named extensions, all implemented.</summary>
    private static bool IsSupportedIsaString(string isa)
    {
        if (!isa.StartsWith("rv64", StringComparison.Ordinal) || isa.Length == 4) return false;
        string[] pieces = isa[4..].Split('_');
        if (pieces[0].Any(c => !BaseExtensions.Contains(c.ToString()))) return false;
        return pieces.Skip(1).All(NamedExtensions.Contains);
    }
}
