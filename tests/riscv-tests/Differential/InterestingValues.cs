// Initial register values: a mix of edge cases (where implementations tend to go wrong) and random bits.
namespace RvJit.RiscvTests.Differential;

/// <summary>Picks initial integer values and floating-point bit patterns for a differential program.</summary>
public static class InterestingValues
{
    private static readonly ulong[] IntegerEdges =
    [
        0, 1, 2, 3, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE,
        0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0001,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0xFFFF_FFFF_8000_0000, 0xFFFF_FFFF_7FFF_FFFF,
        0x0000_0000_FFFF_FFFE, 0x0000_0001_8000_0000, 0x7FFF, 0x8000, 0xFFFF, 0xFFFF_FFFF_FFFF_8000,
        0x7F, 0x80, 0xFF, 0xFFFF_FFFF_FFFF_FF80, 31, 32, 63, 64, 0x800, 0xFFFF_FFFF_FFFF_F800,
        0x0101_0101_0101_0101, 0x8080_8080_8080_8080, 0x00FF_00FF_00FF_00FF,
    ];

    private static readonly ulong[] DoubleEdges =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000,                    // +0, -0
        0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,                    // 1, -1
        0x3FE0_0000_0000_0000, 0x3FF8_0000_0000_0000, 0x4004_0000_0000_0000, 0xC004_0000_0000_0000, // 0.5 1.5 2.5 -2.5
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,                    // +inf, -inf
        0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7FF8_0000_DEAD_BEEF, // qNaN, -qNaN, qNaN with payload
        0x7FF0_0000_0000_0001, 0x7FF4_0000_0000_0000, 0xFFF0_0000_0000_0042, // sNaN
        0x0000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x8008_0000_0000_0000, // subnormals
        0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF, // min normal, max finite
        0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0x41DF_FFFF_FFC0_0000, 0x41EF_FFFF_FFE0_0000, // 2^31, -2^31, 2^31-1, 2^32-1
        0x41F0_0000_0000_0000, 0x43E0_0000_0000_0000, 0xC3E0_0000_0000_0000, 0x43F0_0000_0000_0000, // 2^32, 2^63, -2^63, 2^64
        0x4340_0000_0000_0001, 0x3CB0_0000_0000_0000,                    // 2^53+2, 2^-52
    ];

    private static readonly uint[] SingleEdges =
    [
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0x3FC0_0000, 0x4020_0000, 0xC020_0000,
        0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FC0_1234,   // inf, qNaN
        0x7F80_0001, 0x7FA0_0000, 0xFF80_0042,                           // sNaN
        0x0000_0001, 0x007F_FFFF, 0x8040_0000, 0x0080_0000, 0x7F7F_FFFF,  // subnormals, min normal, max finite
        0x4F00_0000, 0xCF00_0000, 0x4F80_0000, 0x5F00_0000, 0xDF00_0000, 0x5F80_0000, // 2^31 -2^31 2^32 2^63 -2^63 2^64
        0x4B80_0001, 0x3400_0000,
    ];

    /// <summary>An initial value for an integer register.</summary>
    public static ulong Integer(SplitMix64 rng) => rng.Below(10) switch
    {
        < 4 => rng.Pick(IntegerEdges),
        < 6 => (ulong)(long)rng.Between(-2048, 2047),                      // fits an I-type immediate
        6 => (ulong)(long)(int)(uint)rng.Next(),                             // a sign-extended 32-bit value
        7 => (uint)rng.Next(),                                               // a zero-extended 32-bit value
        _ => rng.Next(),
    };

    /// <summary>An initial bit pattern for a floating-point register: doubles, NaN-boxed singles and halves, and
    /// singles that are not properly NaN-boxed (which single-precision instructions must read as the canonical NaN).</summary>
    public static ulong FloatBits(SplitMix64 rng) => rng.Below(15) switch
    {
        < 3 => rng.Pick(DoubleEdges),
        < 5 => NanBoxed(rng.Pick(SingleEdges)),
        5 => NanBoxed(RandomSingle(rng)),
        < 8 => RandomDouble(rng),
        8 => rng.Percent(50) ? rng.Pick(SingleEdges) : RandomSingle(rng),    // upper half zero: not NaN-boxed
        9 => 0xFFFF_0000_0000_0000 | rng.Pick(SingleEdges),                   // upper half almost all ones
        10 => NanBoxed(rng.Percent(50) ? RandomSingle(rng) : rng.Pick(SingleEdges)),
        11 => rng.Next(),
        _ => HalfBits(rng),
    };

    /// <summary>A NaN-boxed half (upper 48 bits all ones): edge cases, random halves, and the occasional
    /// half that is boxed only as a single (upper 32 bits ones), which half-precision instructions read as NaN.</summary>
    public static ulong HalfBits(SplitMix64 rng) => rng.Below(8) switch
    {
        < 3 => 0xFFFF_FFFF_FFFF_0000 | rng.Pick(HalfEdges),
        < 7 => 0xFFFF_FFFF_FFFF_0000 | (ulong)(((uint)rng.Below(2) << 15) | ((uint)(15 + rng.Between(-8, 8)) << 10) | ((uint)rng.Next() & 0x3FF)),
        _ => 0xFFFF_FFFF_0000_0000 | rng.Pick(HalfEdges),
    };

    private static readonly ushort[] HalfEdges =
    [
        0x0000, 0x8000, 0x3C00, 0xBC00, 0x3800, 0x3E00, 0x4100, 0xC100, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7E12, // inf, qNaN
        0x7C01, 0x7D00, 0xFC42, 0x0001, 0x03FF, 0x8200, 0x0400, 0x7BFF, 0xFBFF, 0x3C01, 0x1000, 0x5BFF,  // sNaN, subnormals
    ];

    /// <summary>A single in the upper-half-all-ones encoding RISC-V requires for single values in 64-bit registers.</summary>
    public static ulong NanBoxed(uint single) => 0xFFFF_FFFF_0000_0000 | single;

    /// <summary>A finite double of moderate magnitude (2^-40 .. 2^40), so arithmetic mostly stays in range.</summary>
    private static ulong RandomDouble(SplitMix64 rng)
    {
        ulong sign = (ulong)rng.Below(2) << 63;
        ulong exponent = (ulong)(1023 + rng.Between(-40, 40)) << 52;
        ulong fraction = rng.Next() & 0x000F_FFFF_FFFF_FFFF;
        if (rng.Percent(30)) fraction &= 0x000F_FF00_0000_0000;             // short fractions: exact results happen
        return sign | exponent | fraction;
    }

    private static uint RandomSingle(SplitMix64 rng)
    {
        uint sign = (uint)rng.Below(2) << 31;
        uint exponent = (uint)(127 + rng.Between(-20, 20)) << 23;
        uint fraction = (uint)rng.Next() & 0x007F_FFFF;
        if (rng.Percent(30)) fraction &= 0x007F_0000;
        return sign | exponent | fraction;
    }
}
