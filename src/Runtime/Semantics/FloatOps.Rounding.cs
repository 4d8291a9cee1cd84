// FloatOps: rounding machinery shared by all operations: the exact round-and-pack from a normalised significand
// (with RISC-V tininess-after-rounding underflow detection), fix-ups that turn a host round-to-nearest-even result
// into any rounding mode given the sign of its error, round-to-odd, and the error-free TwoSum.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>Rounds an exact value to a single: see <see cref="RoundPack"/>. Returns the unboxed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint RoundPackS(bool negative, int exp, ulong sig, int rm, ref uint fflags) =>
        (uint)RoundPack(negative, exp, sig, rm, ref fflags, fracBits: 23, bias: 127, signShift: 31);

    /// <summary>Rounds an exact value to a double: see <see cref="RoundPack"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong RoundPackD(bool negative, int exp, ulong sig, int rm, ref uint fflags) =>
        RoundPack(negative, exp, sig, rm, ref fflags, fracBits: 52, bias: 1023, signShift: 63);

    /// <summary>
    /// Rounds the nonzero value (-1)^negative * sig * 2^(exp-63) to the format with <paramref name="fracBits"/> stored
    /// fraction bits. <paramref name="sig"/> must have bit 63 set; its bit 0 is sticky (set whenever the true value
    /// lies strictly between sig and sig+1), which is enough because at least two bits lie below the kept ones.
    /// Underflow is signalled when the result is inexact and tiny after rounding (RISC-V), overflow per IEEE 754.
    /// </summary>
    private static ulong RoundPack(bool negative, int exp, ulong sig, int rm, ref uint fflags,
        int fracBits, int bias, int signShift)
    {
        int dropBits = 63 - fracBits;
        ulong half = 1UL << (dropBits - 1);
        ulong dropMask = (1UL << dropBits) - 1;
        ulong sign = negative ? 1UL << signShift : 0;
        int biased = exp + bias;

        if (biased <= 0)
        {
            // Tiny after rounding unless the value is in the binade just below the smallest normal and rounding
            // to full precision (unbounded exponent) carries it up to the smallest normal.
            bool tiny = biased < 0 || !RoundsUpToNextBinade(negative, sig, rm, dropBits, half, dropMask);
            sig = ShiftRightJam(sig, 1 - biased);
            ulong low = sig & dropMask;
            ulong kept = sig >> dropBits;
            if (low != 0)
            {
                fflags |= tiny ? FFlags.NX | FFlags.UF : FFlags.NX;
                kept += RoundIncrement(negative, rm, kept, low, half);
            }
            // A carry into bit fracBits yields exactly the encoding of the smallest normal.
            return sign | kept;
        }

        ulong rest = sig & dropMask;
        ulong mant = sig >> dropBits;
        if (rest != 0)
        {
            fflags |= FFlags.NX;
            mant += RoundIncrement(negative, rm, mant, rest, half);
            if ((mant >> (fracBits + 1)) != 0)
            {
                mant >>= 1;
                biased++;
            }
        }
        if (biased >= 2 * bias + 1)
            return OverflowResult(negative, rm, ref fflags, fracBits, bias, signShift);
        return sign | ((ulong)biased << fracBits) | (mant & ((1UL << fracBits) - 1));
    }

    /// <summary>Whether rounding the normalised sig to fracBits+1 bits carries out (all ones, rounded up).</summary>
    private static bool RoundsUpToNextBinade(bool negative, ulong sig, int rm, int dropBits, ulong half, ulong dropMask)
    {
        ulong kept = sig >> dropBits;
        ulong low = sig & dropMask;
        return low != 0 && kept == ulong.MaxValue >> dropBits && RoundIncrement(negative, rm, kept, low, half) != 0;
    }

    /// <summary>1 if the discarded nonzero bits <paramref name="low"/> make the kept value round away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RoundIncrement(bool negative, int rm, ulong kept, ulong low, ulong half) => rm switch
    {
        RoundingMode.RNE => low > half || (low == half && (kept & 1) != 0) ? 1UL : 0UL,
        RoundingMode.RTZ => 0,
        RoundingMode.RDN => negative ? 1UL : 0UL,
        RoundingMode.RUP => negative ? 0UL : 1UL,
        _ => low >= half ? 1UL : 0UL,
    };

    /// <summary>The overflowed result: infinity or the largest finite value, depending on mode and sign.</summary>
    private static ulong OverflowResult(bool negative, int rm, ref uint fflags, int fracBits, int bias, int signShift)
    {
        fflags |= FFlags.OF | FFlags.NX;
        ulong sign = negative ? 1UL << signShift : 0;
        ulong inf = (ulong)(2 * bias + 1) << fracBits;
        bool toInfinity = rm switch
        {
            RoundingMode.RTZ => false,
            RoundingMode.RDN => negative,
            RoundingMode.RUP => !negative,
            _ => true,
        };
        return sign | (toInfinity ? inf : inf - 1);
    }

    /// <summary>x shifted right by n, with any bits shifted out ORed into bit 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ShiftRightJam(ulong x, int n)
    {
        if (n == 0) return x;
        if (n < 64) return (x >> n) | ((x << (64 - n)) != 0 ? 1UL : 0UL);
        return x != 0 ? 1UL : 0UL;
    }

    /// <summary>128-bit x shifted right by n, with any bits shifted out ORed into bit 0.</summary>
    internal static UInt128 ShiftRightJam(UInt128 x, int n)
    {
        if (n == 0) return x;
        if (n < 128) return (x >> n) | ((x << (128 - n)) != UInt128.Zero ? UInt128.One : UInt128.Zero);
        return x != UInt128.Zero ? UInt128.One : UInt128.Zero;
    }

    /// <summary>Splits a finite nonzero single into exp and a normalised sig (value = sig * 2^(exp-63)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UnpackS(uint bits, out int exp, out ulong sig)
    {
        int e = (int)(bits >> 23) & 0xFF;
        ulong frac = bits & FracMaskS;
        if (e != 0)
        {
            sig = (frac | (1UL << 23)) << 40;
            exp = e - 127;
        }
        else
        {
            int lz = BitOperations.LeadingZeroCount(frac);
            sig = frac << lz;
            exp = -86 - lz;
        }
    }

    /// <summary>Splits a finite nonzero double into exp and a normalised sig (value = sig * 2^(exp-63)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UnpackD(ulong bits, out int exp, out ulong sig)
    {
        int e = (int)(bits >> 52) & 0x7FF;
        ulong frac = bits & FracMaskD;
        if (e != 0)
        {
            sig = (frac | (1UL << 52)) << 11;
            exp = e - 1023;
        }
        else
        {
            int lz = BitOperations.LeadingZeroCount(frac);
            sig = frac << lz;
            exp = -1011 - lz;
        }
    }

    /// <summary>The exact rounding error of s = x + y (computed in round-to-nearest): x + y - s (Knuth's TwoSum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double TwoSumError(double x, double y, double s)
    {
        double yv = s - x;
        double xv = s - yv;
        return (x - xv) + (y - yv);
    }

    /// <summary>
    /// Turns a nonzero round-to-nearest double s whose exact value is not s into the round-to-odd result: if s is even
    /// it is replaced by its neighbour towards the exact value. A round-to-odd double (53 bits) then rounds to a
    /// single (24 bits) exactly as the exact value would, in every mode, including tininess detection.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double RoundToOdd(double s, bool exactAboveS)
    {
        ulong bits = BitsOf(s);
        if ((bits & 1) == 0)
            bits = exactAboveS == (s > 0) ? bits + 1 : bits - 1;
        return AsDouble(bits);
    }

    /// <summary>
    /// Rounds a finite nonzero double (exact, or round-to-odd) to a single in mode rm, raising NX/UF/OF.
    /// Returns the NaN-boxed result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong RoundToSingle(double d, int rm, ref uint fflags)
    {
        float f = (float)d;
        uint fb = BitsOf(f);
        // Fast when the nearest-even result is normal and not in the lowest binade (tininess needs care there).
        if (((fb >> 23) & 0xFF) - 2u < 253u)
        {
            double err = d - f; // exact (Sterbenz)
            fflags |= InexactFlag(err != 0);
            if (rm != RoundingMode.RNE && err != 0)
                fb = AdjustS(fb, err, rm, ref fflags);
            return Box(fb);
        }
        return Box(RoundToSingleSlow(d, rm, ref fflags));
    }

    private static uint RoundToSingleSlow(double d, int rm, ref uint fflags)
    {
        ulong bits = BitsOf(d);
        UnpackD(bits, out int exp, out ulong sig);
        return RoundPackS((long)bits < 0, exp, sig, rm, ref fflags);
    }

    /// <summary>
    /// Converts the nearest-even single fb (normal, not in the lowest binade) to the result in mode rm, given the
    /// exact nonzero error err = exact - fb. Raises OF when a step away from zero leaves the finite range.
    /// </summary>
    private static uint AdjustS(uint fb, double err, int rm, ref uint fflags)
    {
        bool negative = (int)fb < 0;
        bool exactFurther = (err > 0) != negative; // |exact| > |fb|
        switch (rm)
        {
            case RoundingMode.RTZ:
                return exactFurther ? fb : fb - 1;
            case RoundingMode.RDN:
                if (err > 0) return fb;
                return negative ? StepAwayS(fb, ref fflags) : fb - 1;
            case RoundingMode.RUP:
                if (err < 0) return fb;
                return negative ? fb - 1 : StepAwayS(fb, ref fflags);
            case RoundingMode.RMM:
                // Differs from RNE only on a tie that RNE resolved towards zero: |err| is half an ulp above |fb|.
                if (exactFurther && (BitsOf(err) & ~SignD) == (ulong)(((fb >> 23) & 0xFF) + 872) << 52)
                    return StepAwayS(fb, ref fflags);
                return fb;
            default:
                return fb;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint StepAwayS(uint fb, ref uint fflags)
    {
        fb++;
        if ((fb & ExpMaskS) == ExpMaskS) fflags |= FFlags.OF;
        return fb;
    }

    /// <summary>
    /// Converts the nearest-even double rb (normal, |rb| &gt;= 2^-1021) to the result in mode rm, given the exact
    /// nonzero error err = exact - rb (only its sign matters, except for RMM where |err| is compared to half an ulp).
    /// </summary>
    internal static ulong AdjustD(ulong rb, double err, int rm, ref uint fflags)
    {
        bool negative = (long)rb < 0;
        bool exactFurther = (err > 0) != negative;
        switch (rm)
        {
            case RoundingMode.RTZ:
                return exactFurther ? rb : rb - 1;
            case RoundingMode.RDN:
                if (err > 0) return rb;
                return negative ? StepAwayD(rb, ref fflags) : rb - 1;
            case RoundingMode.RUP:
                if (err < 0) return rb;
                return negative ? rb - 1 : StepAwayD(rb, ref fflags);
            case RoundingMode.RMM:
                if (exactFurther && (BitsOf(err) & ~SignD) == HalfUlpBitsD(rb))
                    return StepAwayD(rb, ref fflags);
                return rb;
            default:
                return rb;
        }
    }

    /// <summary>Bits of half the spacing between |rb| and the next double away from zero (rb normal).</summary>
    private static ulong HalfUlpBitsD(ulong rb)
    {
        int e = (int)(rb >> 52) & 0x7FF;
        return e > 53 ? (ulong)(e - 53) << 52 : 1UL << (e - 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong StepAwayD(ulong rb, ref uint fflags)
    {
        rb++;
        if ((rb & ExpMaskD) == ExpMaskD) fflags |= FFlags.OF;
        return rb;
    }
}
