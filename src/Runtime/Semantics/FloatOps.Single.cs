// FloatOps: single-precision arithmetic (fadd.s, fsub.s, fmul.s, fdiv.s, fsqrt.s). Each operation is computed in
// double (exactly, or with its exact error recovered by an error-free transformation), made round-to-odd, and then
// rounded once to single in the requested mode; round-to-odd at 53 bits makes that second rounding exact.
// In RNE with a normal result the plain double result is rounded directly: for +, -, *, / and sqrt, rounding
// first to 53 and then to 24 bits equals rounding once (Figueroa 1995, since 53 >= 2*24 + 2).
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>fadd.s: a + b rounded in mode rm (NaN-boxed operands and result).</summary>
    public static ulong FaddS(ulong a, ulong b, int rm, ref uint fflags)
    {
        uint ua = Unbox(a), ub = Unbox(b);
        double x = AsFloat(ua), y = AsFloat(ub);
        double s = x + y;
        if (double.IsFinite(s))
        {
            if (rm == RoundingMode.RNE && IsNormalAwayFromTiny((float)s))
            {
                // Double rounding is innocuous here (53 >= 2*24+2); the error is only needed when s is a single.
                float f = (float)s;
                fflags |= InexactFlag((f != s) | (TwoSumError(x, y, s) != 0));
                return Box(BitsOf(f));
            }
            double err = TwoSumError(x, y, s);
            if (err != 0) s = RoundToOdd(s, err > 0);
            else if (s == 0) return Box((uint)ZeroSumSign(ua & SignS, ub & SignS, rm));
            return RoundToSingle(s, rm, ref fflags);
        }
        return Box(AddSpecialS(ua, ub, ref fflags));
    }

    /// <summary>fsub.s: a - b rounded in mode rm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsubS(ulong a, ulong b, int rm, ref uint fflags) => FaddS(a, b ^ SignS, rm, ref fflags);

    /// <summary>Addition of singles at least one of which is NaN or infinite (double sums cannot overflow).</summary>
    private static uint AddSpecialS(uint a, uint b, ref uint fflags)
    {
        if (IsNaNS(a) || IsNaNS(b))
        {
            if (IsSignalingS(a) || IsSignalingS(b)) fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        if (IsInfS(a) && IsInfS(b) && ((a ^ b) & SignS) != 0)
        {
            fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        return IsInfS(a) ? a : b;
    }

    /// <summary>fmul.s: a * b rounded in mode rm.</summary>
    public static ulong FmulS(ulong a, ulong b, int rm, ref uint fflags)
    {
        uint ua = Unbox(a), ub = Unbox(b);
        // The product of two singles is exact in double.
        double p = (double)AsFloat(ua) * AsFloat(ub);
        if (double.IsFinite(p) && p != 0) return RoundToSingle(p, rm, ref fflags);
        return Box(MulSpecialS(ua, ub, ref fflags));
    }

    /// <summary>Multiplication of singles with a NaN, infinite or zero operand.</summary>
    private static uint MulSpecialS(uint a, uint b, ref uint fflags)
    {
        if (IsNaNS(a) || IsNaNS(b))
        {
            if (IsSignalingS(a) || IsSignalingS(b)) fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        uint sign = (a ^ b) & SignS;
        if (IsInfS(a) || IsInfS(b))
        {
            if (IsZeroS(a) || IsZeroS(b))
            {
                fflags |= FFlags.NV;
                return CanonicalNaNS;
            }
            return sign | InfS;
        }
        return sign;
    }

    /// <summary>fdiv.s: a / b rounded in mode rm.</summary>
    public static ulong FdivS(ulong a, ulong b, int rm, ref uint fflags)
    {
        uint ua = Unbox(a), ub = Unbox(b);
        double x = AsFloat(ua), y = AsFloat(ub);
        double q = x / y;
        if (double.IsFinite(q) && q != 0)
        {
            if (rm == RoundingMode.RNE && IsNormalAwayFromTiny((float)q))
            {
                float f = (float)q; // innocuous double rounding, as for addition
                fflags |= InexactFlag((f != q) | (Math.FusedMultiplyAdd(-q, y, x) != 0));
                return Box(BitsOf(f));
            }
            // Finite nonzero quotient of singles: the remainder is exact and gives the sign of the error.
            double rem = Math.FusedMultiplyAdd(-q, y, x);
            if (rem != 0) q = RoundToOdd(q, (rem > 0) == (y > 0));
            return RoundToSingle(q, rm, ref fflags);
        }
        return Box(DivSpecialS(ua, ub, ref fflags));
    }

    /// <summary>Division of singles with a NaN, infinite or zero operand.</summary>
    private static uint DivSpecialS(uint a, uint b, ref uint fflags)
    {
        if (IsNaNS(a) || IsNaNS(b))
        {
            if (IsSignalingS(a) || IsSignalingS(b)) fflags |= FFlags.NV;
            return CanonicalNaNS;
        }
        uint sign = (a ^ b) & SignS;
        if (IsInfS(a))
        {
            if (IsInfS(b))
            {
                fflags |= FFlags.NV;
                return CanonicalNaNS;
            }
            return sign | InfS;
        }
        if (IsZeroS(b))
        {
            if (IsZeroS(a))
            {
                fflags |= FFlags.NV;
                return CanonicalNaNS;
            }
            fflags |= FFlags.DZ;
            return sign | InfS;
        }
        return sign; // zero dividend or infinite divisor
    }

    /// <summary>fsqrt.s: the square root of a rounded in mode rm.</summary>
    public static ulong FsqrtS(ulong a, int rm, ref uint fflags)
    {
        uint ua = Unbox(a);
        if (ua - 1u < MaxFiniteS)
        {
            // Positive finite nonzero: the residual x - s*s is exact and gives the sign of the error.
            double x = AsFloat(ua);
            double s = Math.Sqrt(x);
            if (rm == RoundingMode.RNE)
            {
                float f = (float)s; // always normal; innocuous double rounding, as for addition
                fflags |= InexactFlag((f != s) | (Math.FusedMultiplyAdd(-s, s, x) != 0));
                return Box(BitsOf(f));
            }
            double rem = Math.FusedMultiplyAdd(-s, s, x);
            if (rem != 0) s = RoundToOdd(s, rem > 0);
            return RoundToSingle(s, rm, ref fflags);
        }
        if (IsNaNS(ua))
        {
            if (IsSignalingS(ua)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNS;
        }
        if (IsZeroS(ua) || ua == InfS) return Box(ua);
        fflags |= FFlags.NV; // negative
        return BoxedCanonicalNaNS;
    }

    /// <summary>A normal single whose exponent is above the lowest binade: no underflow question can arise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNormalAwayFromTiny(float f) => ((BitsOf(f) >> 23) & 0xFF) - 2u < 253u;
}
