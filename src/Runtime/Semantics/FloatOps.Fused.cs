// FloatOps: fused multiply-add family (fmadd, fmsub, fnmsub, fnmadd in S and D) with a single rounding.
// All four reduce to x*y + z with operand signs flipped. Singles: the product is exact in double and the sum's
// error comes from TwoSum, then round-to-odd and one rounding. Doubles: host FMA plus an exact error (ErrFma).
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>fmadd.s: a*b + c with one rounding.</summary>
    public static ulong FmaddS(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaS(Unbox(a), Unbox(b), Unbox(c), rm, ref fflags);

    /// <summary>fmsub.s: a*b - c with one rounding.</summary>
    public static ulong FmsubS(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaS(Unbox(a), Unbox(b), Unbox(c) ^ SignS, rm, ref fflags);

    /// <summary>fnmsub.s: -(a*b) + c with one rounding.</summary>
    public static ulong FnmsubS(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaS(Unbox(a) ^ SignS, Unbox(b), Unbox(c), rm, ref fflags);

    /// <summary>fnmadd.s: -(a*b) - c with one rounding.</summary>
    public static ulong FnmaddS(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaS(Unbox(a) ^ SignS, Unbox(b), Unbox(c) ^ SignS, rm, ref fflags);

    /// <summary>fmadd.d: a*b + c with one rounding.</summary>
    public static ulong FmaddD(ulong a, ulong b, ulong c, int rm, ref uint fflags) => FmaD(a, b, c, rm, ref fflags);

    /// <summary>fmsub.d: a*b - c with one rounding.</summary>
    public static ulong FmsubD(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaD(a, b, c ^ SignD, rm, ref fflags);

    /// <summary>fnmsub.d: -(a*b) + c with one rounding.</summary>
    public static ulong FnmsubD(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaD(a ^ SignD, b, c, rm, ref fflags);

    /// <summary>fnmadd.d: -(a*b) - c with one rounding.</summary>
    public static ulong FnmaddD(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        FmaD(a ^ SignD, b, c ^ SignD, rm, ref fflags);

    /// <summary>x*y + z for unboxed singles (NaN operands may carry flipped signs; NaN results are canonical).</summary>
    private static ulong FmaS(uint x, uint y, uint z, int rm, ref uint fflags)
    {
        double p = (double)AsFloat(x) * AsFloat(y); // exact
        double w = AsFloat(z);
        double s = p + w;
        if (double.IsFinite(s))
        {
            double err = TwoSumError(p, w, s);
            if (err != 0) s = RoundToOdd(s, err > 0);
            else if (s == 0) return Box((uint)ZeroSumSign((BitsOf(p) >> 32) & SignS, z & SignS, rm));
            return RoundToSingle(s, rm, ref fflags);
        }
        return Box(FmaSpecialS(x, y, z, ref fflags));
    }

    /// <summary>x*y + z for singles where some operand is NaN or infinite.</summary>
    private static uint FmaSpecialS(uint x, uint y, uint z, ref uint fflags)
    {
        bool infTimesZero = (IsInfS(x) && IsZeroS(y)) || (IsZeroS(x) && IsInfS(y));
        if (IsNaNS(x) || IsNaNS(y) || IsNaNS(z))
        {
            // 0 * inf is invalid even when the addend is a quiet NaN.
            if (IsSignalingS(x) || IsSignalingS(y) || IsSignalingS(z) || infTimesZero) fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        if (infTimesZero)
        {
            fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        uint productSign = (x ^ y) & SignS;
        if (IsInfS(x) || IsInfS(y))
        {
            if (IsInfS(z) && (z & SignS) != productSign)
            {
                fflags |= FFlags.NV;
                return CanonicalNaNS;
            }
            return productSign | InfS;
        }
        return z; // infinite addend, finite product
    }

    /// <summary>
    /// x*y + z for doubles (NaN operands may carry flipped signs; NaN results are canonical). The host FMA gives the
    /// nearest-even result r1; Boldo and Muller's ErrFma then yields the exact error as r2 + r3 with
    /// |r3| &lt;= ulp(r2)/2, so r2 carries its sign and r2 == 0 exactly when r1 is exact. That needs the product's
    /// error to be representable and nothing near the range ends; everything else takes the exact integer path.
    /// </summary>
    private static ulong FmaD(ulong x, ulong y, ulong z, int rm, ref uint fflags)
    {
        double a = AsDouble(x), b = AsDouble(y), c = AsDouble(z);
        double r1 = Math.FusedMultiplyAdd(a, b, c);
        ulong r1Bits = BitsOf(r1);
        if (InexactAlreadyRaised(fflags, rm) && IsFmaFastRange(r1Bits)) return r1Bits;
        double u1 = a * b;
        if (IsFmaFastRange(r1Bits) && IsFmaFastRange(BitsOf(u1)) && ((uint)(z >> 52) & 0x7FF) <= FmaFastMaxExp)
        {
            double u2 = Math.FusedMultiplyAdd(a, b, -u1); // a*b = u1 + u2 exactly
            double alpha1 = c + u2;
            double alpha2 = TwoSumError(c, u2, alpha1);
            double beta1 = u1 + alpha1;
            double beta2 = TwoSumError(u1, alpha1, beta1);
            double gamma = (beta1 - r1) + beta2;
            double r2 = gamma + alpha2;
            fflags |= InexactFlag(r2 != 0);
            if (rm == RoundingMode.RNE || r2 == 0) return r1Bits;
            // A tie needs the error to be exactly r2 (r3 == 0); otherwise RMM agrees with RNE.
            if (rm == RoundingMode.RMM && alpha2 - (r2 - gamma) != 0) return r1Bits;
            return AdjustD(r1Bits, r2, rm, ref fflags);
        }
        return FmaExactD(x, y, z, rm, ref fflags);
    }

    /// <summary>Largest biased exponent allowed in the FMA fast path (|v| &lt; 2^1021: no intermediate overflow).</summary>
    private const uint FmaFastMaxExp = 2043;

    /// <summary>Biased exponent in [55, 2043]: |v| in [2^-968, 2^1021), far from underflow and overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFmaFastRange(ulong bits) => ((uint)(bits >> 52) & 0x7FF) - 55u <= FmaFastMaxExp - 55u;

    /// <summary>Exact-path x*y + z for doubles, including all special operands.</summary>
    internal static ulong FmaExactD(ulong x, ulong y, ulong z, int rm, ref uint fflags)
    {
        bool infTimesZero = (IsInfD(x) && IsZeroD(y)) || (IsZeroD(x) && IsInfD(y));
        if (IsNaND(x) || IsNaND(y) || IsNaND(z))
        {
            if (IsSignalingD(x) || IsSignalingD(y) || IsSignalingD(z) || infTimesZero) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (infTimesZero)
        {
            fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        ulong productSign = (x ^ y) & SignD;
        if (IsInfD(x) || IsInfD(y))
        {
            if (IsInfD(z) && (z & SignD) != productSign)
            {
                fflags |= FFlags.NV;
                return CanonicalNaND;
            }
            return productSign | InfD;
        }
        if (IsInfD(z)) return z;
        if (IsZeroD(x) || IsZeroD(y))
            return IsZeroD(z) ? ZeroSumSign(productSign, z & SignD, rm) : z;
        if (IsZeroD(z)) return MulExactD(x, y, rm, ref fflags);
        UnpackD(x, out int ex, out ulong mx);
        UnpackD(y, out int ey, out ulong my);
        UnpackD(z, out int ez, out ulong mz);
        if (!ExactFma(productSign != 0, ex, mx, ey, my, (long)z < 0, ez, mz, out bool negative, out int exp, out ulong sig))
            return ZeroSumSign(productSign, z & SignD, rm);
        return RoundPackD(negative, exp, sig, rm, ref fflags);
    }
}
