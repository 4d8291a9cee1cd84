// FloatOps: double-precision arithmetic (fadd.d, fsub.d, fmul.d, fdiv.d, fsqrt.d). Each operation runs on the
// host's round-to-nearest-even arithmetic, recovers the exact error with an error-free transformation and fixes up
// flags and directed modes; operands or results near the ends of the range take the exact integer path.
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>fadd.d: a + b rounded in mode rm.</summary>
    public static ulong FaddD(ulong a, ulong b, int rm, ref uint fflags)
    {
        double x = AsDouble(a), y = AsDouble(b);
        double s = x + y;
        if (double.IsFinite(s))
        {
            if (InexactAlreadyRaised(fflags, rm)) return BitsOf(s);
            double err = TwoSumError(x, y, s);
            fflags |= InexactFlag(err != 0);
            // Sums are never tiny and inexact. The host's sign of an exact zero is right except under RDN.
            if (rm == RoundingMode.RNE) return BitsOf(s);
            if (err == 0) return s == 0 ? ZeroSumSign(a & SignD, b & SignD, rm) : BitsOf(s);
            return AdjustD(BitsOf(s), err, rm, ref fflags);
        }
        return AddSpecialD(a, b, rm, ref fflags);
    }

    /// <summary>fsub.d: a - b rounded in mode rm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsubD(ulong a, ulong b, int rm, ref uint fflags) => FaddD(a, b ^ SignD, rm, ref fflags);

    /// <summary>Addition when the host sum is not finite: NaN or infinite operands, or overflow.</summary>
    private static ulong AddSpecialD(ulong a, ulong b, int rm, ref uint fflags)
    {
        if (IsNaND(a) || IsNaND(b))
        {
            if (IsSignalingD(a) || IsSignalingD(b)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (IsInfD(a))
        {
            if (IsInfD(b) && ((a ^ b) & SignD) != 0)
            {
                fflags |= FFlags.NV;
                return CanonicalNaND;
            }
            return a;
        }
        if (IsInfD(b)) return b;
        return AddExactD(a, b, rm, ref fflags);
    }

    /// <summary>Exact-path addition of two finite doubles.</summary>
    internal static ulong AddExactD(ulong a, ulong b, int rm, ref uint fflags)
    {
        if (IsZeroD(a)) return IsZeroD(b) ? ZeroSumSign(a & SignD, b & SignD, rm) : b;
        if (IsZeroD(b)) return a;
        UnpackD(a, out int ea, out ulong ma);
        UnpackD(b, out int eb, out ulong mb);
        if (!ExactAdd((long)a < 0, ea, ma, (long)b < 0, eb, mb, out bool negative, out int exp, out ulong sig))
            return ZeroSumSign(a & SignD, b & SignD, rm);
        return RoundPackD(negative, exp, sig, rm, ref fflags);
    }

    /// <summary>fmul.d: a * b rounded in mode rm.</summary>
    public static ulong FmulD(ulong a, ulong b, int rm, ref uint fflags)
    {
        double x = AsDouble(a), y = AsDouble(b);
        double p = x * y;
        ulong pb = BitsOf(p);
        // |p| in [2^-968, max]: the product error is representable, so the FMA residual is exact.
        if (((uint)(pb >> 52) & 0x7FF) - 55u <= 2046u - 55u)
        {
            if (InexactAlreadyRaised(fflags, rm)) return pb;
            double err = Math.FusedMultiplyAdd(x, y, -p);
            fflags |= InexactFlag(err != 0);
            return rm == RoundingMode.RNE || err == 0 ? pb : AdjustD(pb, err, rm, ref fflags);
        }
        return MulSlowD(a, b, rm, ref fflags);
    }

    /// <summary>Multiplication with special operands, zero, tiny or overflowing results.</summary>
    private static ulong MulSlowD(ulong a, ulong b, int rm, ref uint fflags)
    {
        ulong sign = (a ^ b) & SignD;
        if (IsNaND(a) || IsNaND(b))
        {
            if (IsSignalingD(a) || IsSignalingD(b)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (IsInfD(a) || IsInfD(b))
        {
            if (IsZeroD(a) || IsZeroD(b))
            {
                fflags |= FFlags.NV;
                return CanonicalNaND;
            }
            return sign | InfD;
        }
        if (IsZeroD(a) || IsZeroD(b)) return sign;
        return MulExactD(a, b, rm, ref fflags);
    }

    /// <summary>Exact-path product of two finite nonzero doubles.</summary>
    internal static ulong MulExactD(ulong a, ulong b, int rm, ref uint fflags)
    {
        UnpackD(a, out int ea, out ulong ma);
        UnpackD(b, out int eb, out ulong mb);
        ExactMul(ea, ma, eb, mb, out int exp, out ulong sig);
        return RoundPackD(((a ^ b) & SignD) != 0, exp, sig, rm, ref fflags);
    }

    /// <summary>fdiv.d: a / b rounded in mode rm.</summary>
    public static ulong FdivD(ulong a, ulong b, int rm, ref uint fflags)
    {
        double x = AsDouble(a), y = AsDouble(b);
        double q = x / y;
        ulong qb = BitsOf(q);
        // |x| and |q| in [2^-968, max]: the remainder x - q*y is representable, so the FMA computes it exactly.
        if (((uint)(qb >> 52) & 0x7FF) - 55u <= 2046u - 55u && ((uint)(a >> 52) & 0x7FF) - 55u <= 2046u - 55u)
        {
            double rem = Math.FusedMultiplyAdd(-q, y, x);
            fflags |= InexactFlag(rem != 0);
            // A quotient is never exactly halfway between doubles, so RMM agrees with RNE.
            if (rm == RoundingMode.RNE || rm == RoundingMode.RMM || rem == 0) return qb;
            return AdjustD(qb, (rem > 0) == (y > 0) ? 1.0 : -1.0, rm, ref fflags);
        }
        return DivSlowD(a, b, rm, ref fflags);
    }

    /// <summary>Division with special operands, division by zero, tiny operands or results, or overflow.</summary>
    private static ulong DivSlowD(ulong a, ulong b, int rm, ref uint fflags)
    {
        ulong sign = (a ^ b) & SignD;
        if (IsNaND(a) || IsNaND(b))
        {
            if (IsSignalingD(a) || IsSignalingD(b)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (IsInfD(a))
        {
            if (IsInfD(b))
            {
                fflags |= FFlags.NV;
                return CanonicalNaND;
            }
            return sign | InfD;
        }
        if (IsInfD(b)) return sign;
        if (IsZeroD(b))
        {
            if (IsZeroD(a))
            {
                fflags |= FFlags.NV;
                return CanonicalNaND;
            }
            fflags |= FFlags.DZ;
            return sign | InfD;
        }
        if (IsZeroD(a)) return sign;
        return DivExactD(a, b, rm, ref fflags);
    }

    /// <summary>Exact-path quotient of two finite nonzero doubles.</summary>
    internal static ulong DivExactD(ulong a, ulong b, int rm, ref uint fflags)
    {
        UnpackD(a, out int ea, out ulong ma);
        UnpackD(b, out int eb, out ulong mb);
        ExactDiv(ea, ma, eb, mb, out int exp, out ulong sig);
        return RoundPackD(((a ^ b) & SignD) != 0, exp, sig, rm, ref fflags);
    }

    /// <summary>fsqrt.d: the square root of a rounded in mode rm.</summary>
    public static ulong FsqrtD(ulong a, int rm, ref uint fflags)
    {
        // Positive with |a| in [2^-968, max] (the sign bit makes negative values fail the range test).
        if ((a >> 52) - 55UL <= 2046UL - 55UL)
        {
            double x = AsDouble(a);
            double s = Math.Sqrt(x);
            double rem = Math.FusedMultiplyAdd(-s, s, x);
            fflags |= InexactFlag(rem != 0);
            // A square root is never exactly halfway between doubles, so RMM agrees with RNE.
            if (rm == RoundingMode.RNE || rm == RoundingMode.RMM || rem == 0) return BitsOf(s);
            return AdjustD(BitsOf(s), rem, rm, ref fflags);
        }
        return SqrtSlowD(a, rm, ref fflags);
    }

    /// <summary>Square root of special, negative or tiny operands.</summary>
    private static ulong SqrtSlowD(ulong a, int rm, ref uint fflags)
    {
        if (IsNaND(a))
        {
            if (IsSignalingD(a)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (IsZeroD(a)) return a;
        if ((long)a < 0)
        {
            fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        if (IsInfD(a)) return a;
        return SqrtExactD(a, rm, ref fflags);
    }

    /// <summary>Exact-path square root of a finite positive double.</summary>
    internal static ulong SqrtExactD(ulong a, int rm, ref uint fflags)
    {
        UnpackD(a, out int ea, out ulong ma);
        ExactSqrt(ea, ma, out int exp, out ulong sig);
        return RoundPackD(false, exp, sig, rm, ref fflags);
    }
}
