// Focused tests of the named RISC-V F/D rules: canonical NaNs, NaN boxing, signed zeros in fmin/fmax and sums,
// comparison signalling, fcvt saturation, tininess after rounding, overflow per mode, RMM ties, flag accrual.
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public sealed class FloatOpsRulesTests
{
    private const int RNE = RoundingMode.RNE, RTZ = RoundingMode.RTZ, RDN = RoundingMode.RDN;
    private const int RUP = RoundingMode.RUP, RMM = RoundingMode.RMM;

    private static ulong D(double v) => BitConverter.DoubleToUInt64Bits(v);
    private static ulong S(float v) => FloatOps.Box(BitConverter.SingleToUInt32Bits(v));
    private static ulong BoxedS(uint bits) => FloatOps.Box(bits);

    private const ulong QNaND = 0x7FF8_0000_0000_0000, SNaND = 0x7FF4_0000_0000_0001;
    private const ulong NegPayloadNaND = 0xFFF8_DEAD_BEEF_0001;
    private const ulong SNaNS = 0xFFFF_FFFF_7FA0_0001, NegNaNS = 0xFFFF_FFFF_FFC1_2345;
    private const ulong Unboxed1 = 0x0000_0000_3F80_0000; // 1.0f without its NaN box

    // ---- Canonical NaN ----

    [Fact]
    public void NaNResultsAreCanonicalWhateverTheInputPayloadOrSign()
    {
        uint f = 0;
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FaddD(NegPayloadNaND, D(1), RNE, ref f));
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FmulD(D(2), NegPayloadNaND, RNE, ref f));
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FcvtDS(NegNaNS, RNE, ref f));
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FcvtSD(NegPayloadNaND, RNE, ref f));
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FsqrtS(NegNaNS, RNE, ref f));
        Assert.Equal(0u, f); // quiet NaNs raise nothing
    }

    [Fact]
    public void InvalidOperationsGiveTheCanonicalNaNNotTheHostDefaultNaN()
    {
        uint f = 0;
        // x86 produces the negative "default NaN" 0xFFF8... for these; RISC-V wants 0x7FF8...
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FaddD(D(double.PositiveInfinity), D(double.NegativeInfinity), RNE, ref f));
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FsqrtD(D(-1), RNE, ref f));
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FdivS(S(0), S(0), RNE, ref f));
        Assert.Equal(FFlags.NV, f);
    }

    [Fact]
    public void SignallingNaNOperandsRaiseInvalid()
    {
        uint f = 0;
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FaddD(SNaND, D(1), RNE, ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FmulS(S(1), SNaNS, RNE, ref f));
        Assert.Equal(FFlags.NV, f);
    }

    [Fact]
    public void ZeroTimesInfinityInFmaIsInvalidEvenWithAQuietNaNAddend()
    {
        uint f = 0;
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FmaddD(D(0), D(double.PositiveInfinity), QNaND, RNE, ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNS,
            FloatOps.FnmaddS(S(float.NegativeInfinity), S(-0f), BoxedS(0x7FC0_0000), RNE, ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0; // a finite product with a quiet NaN addend is quiet
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FmaddD(D(2), D(3), QNaND, RNE, ref f));
        Assert.Equal(0u, f);
    }

    // ---- NaN boxing ----

    [Fact]
    public void ImproperlyBoxedSingleReadsAsCanonicalQuietNaN()
    {
        uint f = 0;
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FaddS(Unboxed1, S(1), RNE, ref f));
        Assert.Equal(0u, f); // the canonical NaN is quiet
        Assert.Equal(1UL << 9, FloatOps.FclassS(Unboxed1));
        Assert.Equal(0UL, FloatOps.FeqS(Unboxed1, Unboxed1, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(0UL, FloatOps.FltS(Unboxed1, S(2), ref f));
        Assert.Equal(FFlags.NV, f); // flt signals on any NaN
        Assert.Equal(S(2), FloatOps.FminS(Unboxed1, S(2), ref f));
        Assert.Equal(0x7FF8_0000_0000_0000UL, FloatOps.FcvtDS(0x7FFF_FFFF_3F80_0000, RNE, ref f));
    }

    [Fact]
    public void SignInjectionUnboxesItsOperandsAndBoxesTheResult()
    {
        Assert.Equal(0xFFFF_FFFF_FFC0_0000UL, FloatOps.FsgnjS(Unboxed1, S(-1)));
        Assert.Equal(S(-1), FloatOps.FsgnjnS(S(1), S(1)));
        Assert.Equal(S(1), FloatOps.FsgnjxS(S(-1), S(-3)));
        Assert.Equal(D(-2.5), FloatOps.FsgnjD(D(2.5), D(-0.0)));
        Assert.Equal(D(2.5), FloatOps.FsgnjnD(D(2.5), D(-1)));
        Assert.Equal(D(-2.5), FloatOps.FsgnjxD(D(-2.5), D(7)));
    }

    [Fact]
    public void SingleResultsAreAlwaysBoxed()
    {
        uint f = 0;
        Assert.Equal(0xFFFF_FFFF_4000_0000UL, FloatOps.FaddS(S(1), S(1), RNE, ref f));
        Assert.Equal(0xFFFF_FFFF_0000_0000UL, FloatOps.FmulS(S(0), S(5), RNE, ref f));
        Assert.Equal(0xFFFF_FFFF_3F80_0000UL, FloatOps.FcvtSW(0xDEAD_BEEF_0000_0001, RNE, ref f)); // low 32 bits only
        Assert.Equal(0xFFFF_FFFF_9ABC_DEF0UL, FloatOps.FmvWX(0x1234_5678_9ABC_DEF0));
    }

    [Fact]
    public void FmvXWSignExtendsTheLowWordWithoutUnboxing()
    {
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, FloatOps.FmvXW(0x0000_0000_8000_0000));
        Assert.Equal(0x0000_0000_3F80_0000UL, FloatOps.FmvXW(0x1234_5678_3F80_0000));
        Assert.Equal(0x1234_5678_9ABC_DEF0UL, FloatOps.FmvXD(FloatOps.FmvDX(0x1234_5678_9ABC_DEF0)));
    }

    // ---- Signed zeros, min/max ----

    [Fact]
    public void MinMaxOrderNegativeZeroBelowPositiveZero()
    {
        uint f = 0;
        Assert.Equal(S(-0f), FloatOps.FminS(S(0f), S(-0f), ref f));
        Assert.Equal(S(-0f), FloatOps.FminS(S(-0f), S(0f), ref f));
        Assert.Equal(S(0f), FloatOps.FmaxS(S(-0f), S(0f), ref f));
        Assert.Equal(D(-0.0), FloatOps.FminD(D(0.0), D(-0.0), ref f));
        Assert.Equal(D(0.0), FloatOps.FmaxD(D(0.0), D(-0.0), ref f));
        Assert.Equal(0u, f);
    }

    [Fact]
    public void MinMaxReturnTheNonNaNOperandAndSignalOnlyForSignallingNaN()
    {
        uint f = 0;
        Assert.Equal(D(1), FloatOps.FminD(QNaND, D(1), ref f));
        Assert.Equal(D(-3), FloatOps.FmaxD(D(-3), QNaND, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(D(1), FloatOps.FminD(SNaND, D(1), ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(FloatOps.CanonicalNaND, FloatOps.FmaxD(NegPayloadNaND, QNaND, ref f));
        Assert.Equal(FloatOps.BoxedCanonicalNaNS, FloatOps.FminS(SNaNS, NegNaNS, ref f));
        Assert.Equal(FFlags.NV, f);
    }

    [Fact]
    public void ExactZeroSumsArePositiveExceptWhenRoundingDown()
    {
        uint f = 0;
        Assert.Equal(D(0.0), FloatOps.FaddD(D(3), D(-3), RNE, ref f));
        Assert.Equal(D(-0.0), FloatOps.FaddD(D(3), D(-3), RDN, ref f));
        Assert.Equal(D(-0.0), FloatOps.FsubD(D(-0.0), D(0.0), RUP, ref f));
        Assert.Equal(D(-0.0), FloatOps.FaddD(D(0.0), D(-0.0), RDN, ref f));
        Assert.Equal(D(0.0), FloatOps.FaddD(D(0.0), D(0.0), RDN, ref f));
        Assert.Equal(S(-0f), FloatOps.FsubS(S(1.5f), S(1.5f), RDN, ref f));
        Assert.Equal(S(0f), FloatOps.FmsubS(S(2), S(3), S(6), RTZ, ref f));
        Assert.Equal(D(-0.0), FloatOps.FmaddD(D(2), D(3), D(-6), RDN, ref f));
        Assert.Equal(0u, f);
    }

    // ---- Comparisons ----

    [Fact]
    public void FeqIsQuietWhileFltAndFleSignalOnQuietNaN()
    {
        uint f = 0;
        Assert.Equal(0UL, FloatOps.FeqD(QNaND, QNaND, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(0UL, FloatOps.FeqD(SNaND, D(1), ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(0UL, FloatOps.FleD(QNaND, D(1), ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(1UL, FloatOps.FeqS(S(0f), S(-0f), ref f));
        Assert.Equal(1UL, FloatOps.FleS(S(-0f), S(0f), ref f));
        Assert.Equal(0UL, FloatOps.FltS(S(-0f), S(0f), ref f));
        Assert.Equal(0u, f);
    }

    [Fact]
    public void FclassReportsEachClass()
    {
        Assert.Equal(1UL << 0, FloatOps.FclassD(D(double.NegativeInfinity)));
        Assert.Equal(1UL << 1, FloatOps.FclassD(D(-1)));
        Assert.Equal(1UL << 2, FloatOps.FclassD(0x8000_0000_0000_0001));
        Assert.Equal(1UL << 3, FloatOps.FclassD(D(-0.0)));
        Assert.Equal(1UL << 4, FloatOps.FclassS(S(0f)));
        Assert.Equal(1UL << 5, FloatOps.FclassS(BoxedS(0x0000_0001)));
        Assert.Equal(1UL << 6, FloatOps.FclassS(S(1)));
        Assert.Equal(1UL << 7, FloatOps.FclassS(S(float.PositiveInfinity)));
        Assert.Equal(1UL << 8, FloatOps.FclassS(SNaNS));
        Assert.Equal(1UL << 9, FloatOps.FclassD(NegPayloadNaND));
    }

    // ---- fcvt to integer: saturation ----

    [Theory]
    [InlineData(double.NaN, RNE, 0x7FFF_FFFFUL, FFlags.NV)]
    [InlineData(double.PositiveInfinity, RNE, 0x7FFF_FFFFUL, FFlags.NV)]
    [InlineData(double.NegativeInfinity, RNE, 0xFFFF_FFFF_8000_0000UL, FFlags.NV)]
    [InlineData(2147483647.5, RNE, 0x7FFF_FFFFUL, FFlags.NV)]   // rounds to 2^31: out of range, NV without NX
    [InlineData(2147483647.5, RTZ, 0x7FFF_FFFFUL, FFlags.NX)]
    [InlineData(-2147483648.5, RTZ, 0xFFFF_FFFF_8000_0000UL, FFlags.NX)]
    [InlineData(-2147483648.5, RDN, 0xFFFF_FFFF_8000_0000UL, FFlags.NV)]
    [InlineData(-2.5, RMM, 0xFFFF_FFFF_FFFF_FFFDUL, FFlags.NX)]
    [InlineData(-2.5, RNE, 0xFFFF_FFFF_FFFF_FFFEUL, FFlags.NX)]
    public void FcvtWDSaturatesOnTheRoundedValue(double x, int rm, ulong expected, uint flags)
    {
        uint f = 0;
        Assert.Equal(expected, FloatOps.FcvtWD(D(x), rm, ref f));
        Assert.Equal(flags, f);
    }

    [Theory]
    [InlineData(double.NaN, RNE, ulong.MaxValue, FFlags.NV)]             // 2^32-1, sign-extended
    [InlineData(4294967295.0, RNE, ulong.MaxValue, 0u)]                  // in range, still sign-extended
    [InlineData(2147483648.0, RNE, 0xFFFF_FFFF_8000_0000UL, 0u)]
    [InlineData(4294967296.0, RNE, ulong.MaxValue, FFlags.NV)]
    [InlineData(-1.0, RNE, 0UL, FFlags.NV)]
    [InlineData(-0.4, RTZ, 0UL, FFlags.NX)]                               // rounds to -0: in range
    [InlineData(-0.6, RNE, 0UL, FFlags.NV)]                               // rounds to -1: out of range
    public void FcvtWuDSaturatesAndSignExtends(double x, int rm, ulong expected, uint flags)
    {
        uint f = 0;
        Assert.Equal(expected, FloatOps.FcvtWuD(D(x), rm, ref f));
        Assert.Equal(flags, f);
    }

    [Fact]
    public void Fcvt64BitLimits()
    {
        uint f = 0;
        Assert.Equal(0x8000_0000_0000_0000UL, FloatOps.FcvtLD(D(-9223372036854775808.0), RNE, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(0x7FFF_FFFF_FFFF_FFFFUL, FloatOps.FcvtLD(D(9223372036854775808.0), RNE, ref f));
        Assert.Equal(FFlags.NV, f);
        f = 0;
        Assert.Equal(ulong.MaxValue, FloatOps.FcvtLuS(S(float.PositiveInfinity), RNE, ref f));
        Assert.Equal(0xFFFF_FF00_0000_0000UL, FloatOps.FcvtLuS(S(18446742974197923840f), RNE, ref f));
        Assert.Equal(0x7FFF_FFFF_FFFF_FFFFUL, FloatOps.FcvtLS(S(float.NaN), RNE, ref f));
        Assert.Equal(0UL, FloatOps.FcvtLuD(D(double.NegativeInfinity), RNE, ref f));
        Assert.Equal(FFlags.NV, f);
    }

    // ---- Tininess after rounding, overflow, division by zero ----

    [Fact]
    public void TininessIsDetectedAfterRounding()
    {
        // -(2^-1022 - 2^-1074) * (1 + 2^-52) = -(2^-1022 - 2^-1126): tiny before rounding only.
        const ulong maxSubnormalNeg = 0x800F_FFFF_FFFF_FFFF, onePlusUlp = 0x3FF0_0000_0000_0001;
        uint f = 0;
        Assert.Equal(0x8010_0000_0000_0000UL, FloatOps.FmulD(maxSubnormalNeg, onePlusUlp, RNE, ref f));
        Assert.Equal(FFlags.NX, f); // rounds (unbounded exponent) to the smallest normal: not tiny, no UF
        f = 0;
        Assert.Equal(0x800F_FFFF_FFFF_FFFFUL, FloatOps.FmulD(maxSubnormalNeg, onePlusUlp, RTZ, ref f));
        Assert.Equal(FFlags.NX | FFlags.UF, f); // truncation keeps it tiny
        f = 0;
        Assert.Equal(0xFFFF_FFFF_8080_0000UL, FloatOps.FmulS(BoxedS(0x807F_FFFF), BoxedS(0x3F80_0001), RNE, ref f));
        Assert.Equal(FFlags.NX, f);
    }

    [Fact]
    public void ExactTinyResultsDoNotUnderflow()
    {
        uint f = 0;
        Assert.Equal(0x0000_0000_0000_0001UL, FloatOps.FmulD(D(Math.ScaleB(1, -1000)), D(Math.ScaleB(1, -74)), RNE, ref f));
        Assert.Equal(0u, f);
        Assert.Equal(0UL, FloatOps.FmulD(D(Math.ScaleB(1, -1000)), D(Math.ScaleB(1, -76)), RNE, ref f));
        Assert.Equal(FFlags.NX | FFlags.UF, f);
        f = 0;
        Assert.Equal(1UL, FloatOps.FmulD(D(Math.ScaleB(1, -1000)), D(Math.ScaleB(1, -76)), RUP, ref f));
        Assert.Equal(FFlags.NX | FFlags.UF, f);
    }

    [Theory]
    [InlineData(RNE, false, 0x7FF0_0000_0000_0000UL)]
    [InlineData(RTZ, false, 0x7FEF_FFFF_FFFF_FFFFUL)]
    [InlineData(RDN, false, 0x7FEF_FFFF_FFFF_FFFFUL)]
    [InlineData(RUP, false, 0x7FF0_0000_0000_0000UL)]
    [InlineData(RMM, false, 0x7FF0_0000_0000_0000UL)]
    [InlineData(RDN, true, 0xFFF0_0000_0000_0000UL)]
    [InlineData(RUP, true, 0xFFEF_FFFF_FFFF_FFFFUL)]
    public void OverflowGivesInfinityOrMaxFiniteByModeAndSetsOfNx(int rm, bool negative, ulong expected)
    {
        uint f = 0;
        Assert.Equal(expected, FloatOps.FmulD(D(negative ? -double.MaxValue : double.MaxValue), D(2), rm, ref f));
        Assert.Equal(FFlags.OF | FFlags.NX, f);
    }

    [Fact]
    public void RoundingUpPastMaxFiniteOverflowsWithoutTheHostOverflowing()
    {
        uint f = 0; // max + 1 is below max + ulp/2: nearest gives max, rounding up gives +inf
        Assert.Equal(D(double.MaxValue), FloatOps.FaddD(D(double.MaxValue), D(1), RNE, ref f));
        Assert.Equal(FFlags.NX, f);
        f = 0;
        Assert.Equal(D(double.PositiveInfinity), FloatOps.FaddD(D(double.MaxValue), D(1), RUP, ref f));
        Assert.Equal(FFlags.OF | FFlags.NX, f);
        f = 0;
        Assert.Equal(BoxedS(0x7F80_0000), FloatOps.FaddS(S(float.MaxValue), S(1), RUP, ref f));
        Assert.Equal(FFlags.OF | FFlags.NX, f);
    }

    [Fact]
    public void DivisionOfFiniteNonzeroByZeroRaisesDz()
    {
        uint f = 0;
        Assert.Equal(D(double.NegativeInfinity), FloatOps.FdivD(D(-1), D(0), RNE, ref f));
        Assert.Equal(FFlags.DZ, f);
        f = 0;
        Assert.Equal(S(float.PositiveInfinity), FloatOps.FdivS(S(-1), S(-0f), RTZ, ref f));
        Assert.Equal(FFlags.DZ, f);
        f = 0;
        Assert.Equal(D(double.PositiveInfinity), FloatOps.FdivD(D(double.PositiveInfinity), D(0), RNE, ref f));
        Assert.Equal(0u, f); // infinity / 0 is exact
    }

    // ---- Rounding modes ----

    [Fact]
    public void DirectedModesAndTiesAwayOnAHalfwaySum()
    {
        ulong one = D(1), half = D(Math.ScaleB(1, -53)); // 1 + 2^-53 is halfway between 1 and 1 + 2^-52
        ulong up = 0x3FF0_0000_0000_0001;
        uint f = 0;
        Assert.Equal(one, FloatOps.FaddD(one, half, RNE, ref f));
        Assert.Equal(up, FloatOps.FaddD(one, half, RMM, ref f));
        Assert.Equal(one, FloatOps.FaddD(one, half, RTZ, ref f));
        Assert.Equal(one, FloatOps.FaddD(one, half, RDN, ref f));
        Assert.Equal(up, FloatOps.FaddD(one, half, RUP, ref f));
        Assert.Equal(D(-1), FloatOps.FsubD(D(-1), half, RUP, ref f));
        Assert.Equal(0xBFF0_0000_0000_0001UL, FloatOps.FsubD(D(-1), half, RMM, ref f));
        Assert.Equal(FFlags.NX, f);
    }

    [Fact]
    public void SingleFmaRoundsOnce()
    {
        // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly; a rounded product would give 0.
        uint f = 0;
        Assert.Equal(S(-MathF.ScaleB(1, -46)), FloatOps.FmaddS(BoxedS(0x3F80_0001), BoxedS(0x3F7F_FFFE), S(-1), RNE, ref f));
        Assert.Equal(0u, f);
        ulong product = FloatOps.FmulS(BoxedS(0x3F80_0001), BoxedS(0x3F7F_FFFE), RNE, ref f);
        Assert.Equal(S(0f), FloatOps.FsubS(product, S(1), RNE, ref f)); // two roundings lose it
        Assert.Equal(FFlags.NX, f);
    }

    [Fact]
    public void IntegerToFloatRoundsTiesByMode()
    {
        const ulong tie = (1UL << 24) + 1; // halfway between 2^24 and 2^24 + 2 in single precision
        uint f = 0;
        Assert.Equal(S(16777216f), FloatOps.FcvtSL(tie, RNE, ref f));
        Assert.Equal(S(16777218f), FloatOps.FcvtSL(tie, RMM, ref f));
        Assert.Equal(S(-16777218f), FloatOps.FcvtSL(unchecked((ulong)-(long)tie), RDN, ref f));
        Assert.Equal(FFlags.NX, f);
        f = 0;
        Assert.Equal(D(-9223372036854775808.0), FloatOps.FcvtDL(0x8000_0000_0000_0000, RNE, ref f));
        Assert.Equal(D(18446744073709549568.0), FloatOps.FcvtDLu(ulong.MaxValue, RTZ, ref f));
        Assert.Equal(FFlags.NX, f);
    }

    [Fact]
    public void FlagsAccrueAndAreNeverCleared()
    {
        uint f = FFlags.NV | FFlags.DZ;
        FloatOps.FaddD(D(1), D(2), RNE, ref f); // exact: adds nothing
        Assert.Equal(FFlags.NV | FFlags.DZ, f);
        FloatOps.FdivD(D(1), D(3), RNE, ref f);
        Assert.Equal(FFlags.NV | FFlags.DZ | FFlags.NX, f);
    }

    [Fact]
    public void RoundingModeAndFlagConstantsMatchTheSpec()
    {
        Assert.Equal((0, 1, 2, 3, 4, 7), (RNE, RTZ, RDN, RUP, RMM, RoundingMode.Dynamic));
        Assert.Equal((1u, 2u, 4u, 8u, 16u), (FFlags.NX, FFlags.UF, FFlags.OF, FFlags.DZ, FFlags.NV));
        Assert.True(RoundingMode.IsValid(4));
        Assert.False(RoundingMode.IsValid(5));
        Assert.False(RoundingMode.IsValid(7));
    }
}
