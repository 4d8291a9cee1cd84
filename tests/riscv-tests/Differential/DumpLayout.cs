// What a differential test program prints at its end, in order: the single source of truth shared by the
// generator (which emits the name table) and the dump parser (which checks a dump is complete).
namespace RvJit.RiscvTests.Differential;

/// <summary>
/// The state dump of a differential program: one line `NAME 0123456789abcdef` per entry, in this order:
/// x1..x31, f0..f31 (raw 64-bit patterns), fcsr, then one checksum per 256-byte block of the 4 KiB scratch area
/// (m00..m15).
/// </summary>
public static class DumpLayout
{
    /// <summary>Size of the scratch data area the random loads, stores and atomics work on.</summary>
    public const int ScratchBytes = 4096;

    /// <summary>Bytes covered by one memory checksum line.</summary>
    public const int ChecksumBlockBytes = 256;

    /// <summary>Number of memory checksum lines.</summary>
    public const int ChecksumBlocks = ScratchBytes / ChecksumBlockBytes;

    /// <summary>Every dump entry name, in the order the program prints them.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>The name of the checksum line covering scratch byte <paramref name="offset"/> (0-based).</summary>
    public static string ChecksumName(int offset) => $"m{offset / ChecksumBlockBytes:d2}";

    private static string[] BuildNames()
    {
        var names = new List<string>();
        for (int i = 1; i < 32; i++) names.Add($"x{i}");
        for (int i = 0; i < 32; i++) names.Add($"f{i}");
        names.Add("fcsr");
        for (int i = 0; i < ChecksumBlocks; i++) names.Add($"m{i:d2}");
        return [.. names];
    }
}
