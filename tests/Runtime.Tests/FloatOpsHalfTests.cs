// Half precision (Zfh) against a reference rounding written independently here: the value to round is a double
// (sums and products of halves, and every fcvt.h.d input, are exact doubles), rounded by scaling to an integer
// count of quanta and rounding that integer in the requested mode; tininess is decided after rounding with an
// unbounded exponent, as RISC-V requires. Plus the named edge cases: tininess at the subnormal boundary, overflow
// per mode, ties, exact zeros, NaN-boxing.
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public sealed class FloatOpsHalfTests
{
    private const int RNE = RoundingMode.RNE, RTZ = RoundingMode.RTZ, RDN = RoundingMode.RDN;
    private const int RUP = RoundingMode.RUP, RMM = RoundingMode.RMM;
    private const uint NX = FFlags.NX, UF = FFlags.UF, OF = FFlags.OF, DZ = FFlags.DZ, NV = FFlags.NV;

    private static ulong H(uint bits) => 0xFFFF_FFFF_FFFF_0000 | bits;
    private static ulong D(double v) => BitConverter.DoubleToUInt64Bits(v);

    /// <summary>The value of a finite half.</summary>
    private static double ValueOf(uint h)
    {
        int e = (int)(h >> 10) & 0x1F;
        double magnitude = e == 0 ? (h & 0x3FF) * Math.Pow(2, -24) : (1024 + (h & 0x3FF)) * Math.Pow(2, e - 25);
        return (h & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /// <summary>An integer-valued double m (|m| &lt; 2^53) rounded to an integer in mode rm.</summary>
    private static double RoundInteger(double m, bool negative, int rm)
    {
        double floor = Math.Floor(m), rest = m - floor;
        if (rest == 0) return m;
        bool up = rm switch
        {
            RNE => rest > 0.5 || (rest == 0.5 && floor % 2 == 1),
            RTZ => false,
            RDN => negative,
            RUP => !negative,
            _ => rest >= 0.5,
        };
        return up ? floor + 1 : floor;
    }

    /// <summary>Reference rounding of a finite nonzero double to a half: (bits, flags).</summary>
    private static (uint Bits, uint Flags) Reference(double v, int rm)
    {
        bool negative = v < 0;
        double a = Math.Abs(v);
        uint sign = negative ? 0x8000u : 0;
        int exponent = Math.ILogB(a);
        // With an unbounded exponent: tiny if the rounded value is below 2^-14.
        double quantumUnbounded = Math.ScaleB(1, exponent - 10);
        bool tiny = RoundInteger(a / quantumUnbounded, negative, rm) * quantumUnbounded < Math.ScaleB(1, -14);
        double quantum = Math.ScaleB(1, Math.Max(exponent, -14) - 10);
        double rounded = RoundInteger(a / quantum, negative, rm) * quantum;
        uint flags = rounded != a ? NX : 0;
        if (rounded > 65504)
        {
            bool toInfinity = rm switch { RTZ => false, RDN => negative, RUP => !negative, _ => true };
            return (sign | (toInfinity ? 0x7C00u : 0x7BFFu), NX | OF);
        }
        if (tiny && flags != 0) flags |= UF;
        if (rounded == 0) return (sign, flags);
        int e = Math.ILogB(rounded);
        uint bits = e < -14
            ? (uint)(rounded / Math.ScaleB(1, -24))
            : (uint)((e + 15) << 10) | ((uint)(rounded / Math.ScaleB(1, e - 10)) - 1024);
        return (sign | bits, flags);
    }

    private static uint RandomFiniteHalf(Random random)
    {
        while (true)
        {
            uint h = (uint)random.Next(0x10000);
            if ((h & 0x7C00) != 0x7C00) return h;
        }
    }

    [Fact]
    public void Sums_differences_and_products_round_like_the_reference_in_every_mode()
    {
        var random = new Random(11);
        for (int i = 0; i < 40_000; i++)
        {
            uint a = RandomFiniteHalf(random), b = RandomFiniteHalf(random);
            int rm = i % 5;
            double x = ValueOf(a), y = ValueOf(b);
            Check("fadd.h", a, b, rm, x + y, FloatOps.FaddH);
            Check("fsub.h", a, b, rm, x - y, FloatOps.FsubH);
            Check("fmul.h", a, b, rm, x * y, FloatOps.FmulH);
        }
    }

    private delegate ulong Binary(ulong a, ulong b, int rm, ref uint fflags);

    private static void Check(string name, uint a, uint b, int rm, double exact, Binary op)
    {
        if (exact == 0) return;
        var (bits, flags) = Reference(exact, rm);
        uint f = 0;
        ulong result = op(H(a), H(b), rm, ref f);
        Assert.True(result == H(bits) && f == flags,
            $"{name} {a:x4} {b:x4} rm {rm}: expected {bits:x4} flags {flags}, got {result:x16} flags {f}");
    }

    [Fact]
    public void Narrowing_doubles_rounds_like_the_reference_in_every_mode()
    {
        var random = new Random(12);
        for (int i = 0; i < 60_000; i++)
        {
            // Exponents around the whole half range, from below the smallest subnormal to past overflow.
            double v = Math.ScaleB(1 + random.NextDouble(), random.Next(-27, 18));
            if (random.Next(4) == 0) v = Math.Round(v * 4096) / 4096; // short fractions: ties and exact results
            if (random.Next(2) == 0) v = -v;
            if (v == 0) continue;
            int rm = i % 5;
            var (bits, flags) = Reference(v, rm);
            uint f = 0;
            ulong result = FloatOps.FcvtHD(D(v), rm, ref f);
            Assert.True(result == H(bits) && f == flags,
                $"fcvt.h.d {v:R} rm {rm}: expected {bits:x4} flags {flags}, got {result:x16} flags {f}");
        }
    }

    [Theory]
    // Just below the smallest normal: rounds up to it under RNE with an unbounded exponent too, so not tiny.
    [InlineData(RNE, 0x0400u, NX)]
    [InlineData(RMM, 0x0400u, NX)]
    [InlineData(RUP, 0x0400u, NX)]
    [InlineData(RTZ, 0x03FFu, NX | UF)]
    [InlineData(RDN, 0x03FFu, NX | UF)]
    public void Tininess_is_detected_after_rounding(int rm, uint expected, uint flags)
    {
        uint f = 0;
        // 2^-14 - 2^-26: a quarter of a subnormal quantum below 2^-14, and a tie at 11 significant bits.
        double v = Math.ScaleB(1, -14) - Math.ScaleB(1, -26);
        Assert.Equal(H(expected), FloatOps.FcvtHD(D(v), rm, ref f));
        Assert.Equal(flags, f);
    }

    [Theory]
    [InlineData(RNE, 0x7C00u)]
    [InlineData(RMM, 0x7C00u)]
    [InlineData(RUP, 0x7C00u)]
    [InlineData(RTZ, 0x7BFFu)]
    [InlineData(RDN, 0x7BFFu)]
    public void Overflow_gives_infinity_or_the_largest_half_by_mode(int rm, uint expected)
    {
        uint f = 0;
        Assert.Equal(H(expected), FloatOps.FaddH(H(0x7BFF), H(0x7BFF), rm, ref f));
        Assert.Equal(OF | NX, f);
    }

    [Fact]
    public void Ties_go_to_even_under_rne_and_away_under_rmm()
    {
        uint f = 0;
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10; 1 + 3 * 2^-11 halfway between 1 + 2^-10 and 1 + 2^-9.
        Assert.Equal(H(0x3C00), FloatOps.FaddH(H(0x3C00), H(0x1000), RNE, ref f));
        Assert.Equal(H(0x3C01), FloatOps.FaddH(H(0x3C00), H(0x1000), RMM, ref f));
        Assert.Equal(H(0x3C02), FloatOps.FaddH(H(0x3C01), H(0x1000), RNE, ref f));
        Assert.Equal(H(0x3C02), FloatOps.FaddH(H(0x3C01), H(0x1000), RMM, ref f));
        Assert.Equal(NX, f);
    }

    [Fact]
    public void Exact_zero_sums_are_positive_except_under_rdn()
    {
        uint f = 0;
        Assert.Equal(H(0x0000), FloatOps.FaddH(H(0x3C00), H(0xBC00), RNE, ref f));
        Assert.Equal(H(0x8000), FloatOps.FaddH(H(0x3C00), H(0xBC00), RDN, ref f));
        Assert.Equal(H(0x8000), FloatOps.FaddH(H(0x8000), H(0x8000), RNE, ref f));
        Assert.Equal(H(0x0000), FloatOps.FaddH(H(0x0000), H(0x8000), RUP, ref f));
        Assert.Equal(H(0x8000), FloatOps.FmaddH(H(0x3C00), H(0x3C00), H(0xBC00), RDN, ref f));
        Assert.Equal(0u, f);
    }

    [Fact]
    public void Improperly_boxed_halves_read_as_the_canonical_NaN()
    {
        uint f = 0;
        ulong singleBoxed = 0xFFFF_FFFF_0000_3C00, almost = 0xFFFE_FFFF_FFFF_3C00;
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FaddH(singleBoxed, H(0x3C00), RNE, ref f));
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FmulH(almost, H(0x3C00), RNE, ref f));
        Assert.Equal(0x200UL, FloatOps.FclassH(singleBoxed));
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FcvtSH(singleBoxed, RNE, ref f));
        Assert.Equal(0u, f); // the canonical NaN is quiet
        Assert.Equal(0x3C00UL, FloatOps.FmvXH(singleBoxed)); // moves do not check the box
    }

    [Fact]
    public void Special_operands_give_canonical_NaNs_and_the_right_flags()
    {
        uint f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FaddH(H(0x7C00), H(0xFC00), RNE, ref f));
        Assert.Equal(NV, f);
        f = 0;
        Assert.Equal(H(0xFC00), FloatOps.FdivH(H(0xBC00), H(0x0000), RNE, ref f));
        Assert.Equal(DZ, f);
        f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FsqrtH(H(0xBC00), RNE, ref f));
        Assert.Equal(NV, f);
        f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FmaddH(H(0x7C00), H(0x0000), H(0x7E00), RNE, ref f));
        Assert.Equal(NV, f); // inf * 0 is invalid even with a quiet NaN addend
        f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNH, FloatOps.FminH(H(0x7C01), H(0x7E00), ref f));
        Assert.Equal(NV, f);
        f = 0;
        Assert.Equal(H(0x3C00), FloatOps.FmaxH(H(0x7C01), H(0x3C00), ref f));
        Assert.Equal(NV, f);
        f = 0;
        Assert.Equal(0x7FFF_FFFFUL, FloatOps.FcvtWH(H(0xFE00), RTZ, ref f)); // any NaN converts to the largest value
        Assert.Equal(NV, f);
    }

    [Fact]
    public void Integer_conversions_round_and_saturate()
    {
        uint f = 0;
        Assert.Equal(H(0x7C00), FloatOps.FcvtHL(65520, RNE, ref f)); // halfway to 65536: rounds to even, overflows
        Assert.Equal(OF | NX, f);
        f = 0;
        Assert.Equal(H(0x7BFF), FloatOps.FcvtHL(65520, RTZ, ref f)); // rounds to 65504 with any exponent: no overflow
        Assert.Equal(NX, f);
        f = 0;
        Assert.Equal(H(0x7BFF), FloatOps.FcvtHL(65536, RTZ, ref f));
        Assert.Equal(OF | NX, f);
        f = 0;
        Assert.Equal(H(0xFC00), FloatOps.FcvtHW(0xFFFF_FFFF_8000_0000, RNE, ref f));
        Assert.Equal(H(0x0000), FloatOps.FcvtHWu(0xFFFF_FFFF_0000_0000, RNE, ref f)); // low 32 bits only
        Assert.Equal(H(0x6800), FloatOps.FcvtHLu(2049, RNE, ref f)); // 2049 is a tie: to even 2048
        Assert.Equal(H(0x6801), FloatOps.FcvtHLu(2049, RUP, ref f));
        f = 0;
        Assert.Equal(0UL, FloatOps.FcvtWuH(H(0xBC00), RNE, ref f)); // -1 to unsigned saturates at 0
        Assert.Equal(NV, f);
        f = 0;
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, FloatOps.FcvtWH(H(0xBC00), RNE, ref f)); // -1 sign-extended
        Assert.Equal(0UL, FloatOps.FcvtWuH(H(0xB800), RTZ, ref f)); // -0.5 truncates to 0: inexact, not invalid
        Assert.Equal(NX, f);
    }

    [Fact]
    public void Widening_is_exact_and_keeps_the_value_of_subnormals()
    {
        uint f = 0;
        Assert.Equal(D(Math.ScaleB(1, -24)), FloatOps.FcvtDH(H(0x0001), RNE, ref f));
        Assert.Equal(FloatOps.Box(BitConverter.SingleToUInt32Bits(-65504f)), FloatOps.FcvtSH(H(0xFBFF), RDN, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FcvtDH(H(0x7C01), RNE, ref f));
        Assert.Equal(NV, f);
    }
}
