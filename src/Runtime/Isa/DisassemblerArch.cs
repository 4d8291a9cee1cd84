// Which ISA extensions the disassembler decodes, and reading them from an ELF arch string.
using System.Text.RegularExpressions;

namespace RvJit.Runtime.Isa;

/// <summary>
/// A set of <see cref="Extension"/> values. The disassembler prints instructions of extensions outside the
/// set as unknown words, as objdump does for an ELF whose Tag_RISCV_arch (or $x mapping symbol) lacks them.
/// </summary>
public readonly partial struct ExtensionSet : IEquatable<ExtensionSet>
{
    private readonly uint bits;

    private ExtensionSet(uint bits) => this.bits = bits;

    /// <summary>Every extension rvjit knows.</summary>
    public static ExtensionSet All { get; } = new(Enum.GetValues<Extension>().Aggregate(0u, (b, e) => b | Bit(e)));

    /// <summary>RV64GC: what objdump assumes for a file without an arch attribute.</summary>
    public static ExtensionSet Rv64gc { get; } = Of(Extension.I, Extension.M, Extension.A, Extension.F, Extension.D,
        Extension.C, Extension.Zicsr, Extension.Zifencei, Extension.Priv);

    public static ExtensionSet Of(params Extension[] extensions) =>
        new(extensions.Aggregate(0u, (b, e) => b | Bit(e)));

    public bool Contains(Extension extension) => (bits & Bit(extension)) != 0;

    public ExtensionSet With(Extension extension) => new(bits | Bit(extension));

    private static uint Bit(Extension e) => 1u << (int)e;

    /// <summary>
    /// Reads an ISA string such as "rv64gc", "rv64imafdc_zba_zbb" or an ELF attribute's
    /// "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0". Implied extensions are added the way binutils
    /// adds them: g = imafd + zicsr + zifencei, d implies f, zfh implies zfhmin, zfhmin implies f, f implies zicsr, and base I before version 2.1 still
    /// contained Zicsr and Zifencei. Unknown extensions are ignored; a string that is not an ISA string gives null.
    /// </summary>
    public static ExtensionSet? ParseArch(string arch)
    {
        string text = arch.Trim().ToLowerInvariant();
        if (!text.StartsWith("rv32") && !text.StartsWith("rv64")) return null;
        var set = Of(Extension.Priv);
        string[] parts = text[4..].Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0][0] is 'z' or 's' or 'x') return null;

        foreach (string part in parts)
        {
            if (part[0] is 'z' or 's' or 'x')
            {
                // A multi-letter extension, with an optional version.
                set = TrailingVersion().Replace(part, "") switch
                {
                    "zicsr" => set.With(Extension.Zicsr),
                    "zifencei" => set.With(Extension.Zifencei),
                    "zba" => set.With(Extension.Zba),
                    "zbb" => set.With(Extension.Zbb),
                    "zbs" => set.With(Extension.Zbs),
                    "zbc" => set.With(Extension.Zbc),
                    "zbkc" => set.With(Extension.Zbkc),
                    "zbkb" => set.With(Extension.Zbkb),
                    "zbkx" => set.With(Extension.Zbkx),
                    "zicond" => set.With(Extension.Zicond),
                    "zihintpause" => set.With(Extension.Zihintpause),
                    // Zfh contains Zfhmin; both build on F.
                    "zfh" => set.With(Extension.Zfh).With(Extension.Zfhmin).With(Extension.F),
                    "zfhmin" => set.With(Extension.Zfhmin).With(Extension.F),
                    "zicbom" => set.With(Extension.Zicbom),
                    "zicboz" => set.With(Extension.Zicboz),
                    "zicbop" => set.With(Extension.Zicbop),
                    _ => set,
                };
                continue;
            }
            // A run of single-letter extensions, each with an optional version (2p1, 2).
            foreach (Match m in SingleLetter().Matches(part))
            {
                char letter = m.Groups[1].Value[0];
                bool oldBase = letter == 'i' && m.Groups[2].Success && VersionBelow(m.Groups[2].Value, 2, 1);
                set = letter switch
                {
                    'i' or 'e' => oldBase ? set.With(Extension.I).With(Extension.Zicsr).With(Extension.Zifencei) : set.With(Extension.I),
                    'g' => set.With(Extension.I).With(Extension.M).With(Extension.A).With(Extension.F).With(Extension.D)
                              .With(Extension.Zicsr).With(Extension.Zifencei),
                    'm' => set.With(Extension.M),
                    'a' => set.With(Extension.A),
                    'f' => set.With(Extension.F),
                    'd' => set.With(Extension.D).With(Extension.F),
                    'c' => set.With(Extension.C),
                    _ => set,
                };
            }
        }
        if (set.Contains(Extension.F)) set = set.With(Extension.Zicsr);
        return set;
    }

    private static bool VersionBelow(string version, int major, int minor)
    {
        string[] p = version.Split('p');
        int maj = int.Parse(p[0]), min = p.Length > 1 && p[1].Length > 0 ? int.Parse(p[1]) : 0;
        return maj < major || (maj == major && min < minor);
    }

    [GeneratedRegex(@"([a-z])(\d+(?:p\d+)?)?")]
    private static partial Regex SingleLetter();

    [GeneratedRegex(@"\d+(p\d+)?$")]
    private static partial Regex TrailingVersion();

    public bool Equals(ExtensionSet other) => bits == other.bits;
    public override bool Equals(object? obj) => obj is ExtensionSet other && Equals(other);
    public override int GetHashCode() => (int)bits;
    public static bool operator ==(ExtensionSet a, ExtensionSet b) => a.bits == b.bits;
    public static bool operator !=(ExtensionSet a, ExtensionSet b) => a.bits != b.bits;

    public override string ToString() =>
        string.Join(",", Enum.GetValues<Extension>().Where(Contains));
}
