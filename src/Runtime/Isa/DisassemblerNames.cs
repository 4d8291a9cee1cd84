// Register, rounding-mode and fence-set names as the disassembler prints them.
namespace RvJit.Runtime.Isa;

/// <summary>The ABI names of registers and the spellings of rounding modes and fence sets.</summary>
public static class RegisterNames
{
    private static readonly string[] integer =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] floating =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    // Encodings 5 and 6 are reserved; objdump prints them as "unknown".
    private static readonly string[] roundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"];

    /// <summary>The dynamic rounding mode (use frm); the disassembler leaves it out.</summary>
    public const int DynamicRoundingMode = 7;

    /// <summary>ABI name of integer register x<paramref name="index"/>.</summary>
    public static string Integer(int index) => integer[index & 31];

    /// <summary>ABI name of floating-point register f<paramref name="index"/>.</summary>
    public static string Float(int index) => floating[index & 31];

    /// <summary>Name of a 3-bit rounding-mode field.</summary>
    public static string RoundingMode(int rm) => roundingModes[rm & 7];

    /// <summary>A fence predecessor/successor set (bits i, o, r, w) as letters; the empty set is "unknown".</summary>
    public static string FenceSet(int bits)
    {
        bits &= 15;
        if (bits == 0) return "unknown";
        return string.Concat((bits & 8) != 0 ? "i" : "", (bits & 4) != 0 ? "o" : "", (bits & 2) != 0 ? "r" : "",
            (bits & 1) != 0 ? "w" : "");
    }
}
