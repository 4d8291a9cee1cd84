// FloatOps: exact integer arithmetic on unpacked finite nonzero operands (value = sig * 2^(exp-63), sig normalised).
// Each routine produces a normalised sig with a sticky bit 0, ready for RoundPack. These are the slow paths used
// for the hard cases (underflow, overflow thresholds, fused multiply-add) and the reference the fast paths are
// tested against.
using System.Numerics;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>Exact x + y. Returns false when the sum is exactly zero.</summary>
    internal static bool ExactAdd(bool negX, int expX, ulong sigX, bool negY, int expY, ulong sigY,
        out bool negative, out int exp, out ulong sig)
    {
        if (expX < expY || (expX == expY && sigX < sigY))
        {
            (negX, negY) = (negY, negX);
            (expX, expY) = (expY, expX);
            (sigX, sigY) = (sigY, sigX);
        }
        // Both operands as 128-bit values with one bit of headroom for the carry; the smaller one jammed.
        UInt128 big = (UInt128)sigX << 62;
        UInt128 small = ShiftRightJam((UInt128)sigY << 62, Math.Min(expX - expY, 128));
        UInt128 sum = negX == negY ? big + small : big - small;
        negative = negX;
        return Normalize128(sum, expX + 2, out exp, out sig);
    }

    /// <summary>Exact |x * y| for normalised significands.</summary>
    internal static void ExactMul(int expX, ulong sigX, int expY, ulong sigY, out int exp, out ulong sig)
    {
        UInt128 product = (UInt128)sigX * sigY;
        Normalize128(product, expX + expY + 1, out exp, out sig);
    }

    /// <summary>Exact |x / y| for normalised significands.</summary>
    internal static void ExactDiv(int expX, ulong sigX, int expY, ulong sigY, out int exp, out ulong sig)
    {
        (UInt128 quotient, UInt128 remainder) = UInt128.DivRem((UInt128)sigX << 64, sigY);
        if (remainder != UInt128.Zero) quotient |= UInt128.One;
        // The quotient lies in (2^63, 2^65); its jammed bit 0 stays sticky through the normalising shift.
        if ((quotient >> 64) != UInt128.Zero)
        {
            sig = (ulong)(quotient >> 1) | (ulong)(quotient & UInt128.One);
            exp = expX - expY;
        }
        else
        {
            sig = (ulong)quotient;
            exp = expX - expY - 1;
        }
    }

    /// <summary>Exact sqrt(x) for a positive normalised operand.</summary>
    internal static void ExactSqrt(int expX, ulong sigX, out int exp, out ulong sig)
    {
        // value = sigX * 2^(expX-63); scale the radicand into [2^126, 2^128) with an even power of two.
        int power = expX - 63;
        UInt128 radicand;
        if ((power & 1) == 0)
        {
            radicand = (UInt128)sigX << 64;
            power -= 64;
        }
        else
        {
            radicand = (UInt128)sigX << 63;
            power -= 63;
        }
        ulong root = IntegerSqrt(radicand, out bool exact);
        sig = exact ? root : root | 1;
        exp = power / 2 + 63;
    }

    /// <summary>Floor of the square root of x (x in [2^126, 2^128)) and whether it is exact.</summary>
    private static ulong IntegerSqrt(UInt128 x, out bool exact)
    {
        // A double estimate is within about 2^11 of the root; one Newton step makes it within one.
        UInt128 r = (UInt128)Math.Min(Math.Sqrt((double)x), 18446744073709549568.0);
        r = (r + x / r) >> 1;
        if (r > ulong.MaxValue) r = ulong.MaxValue;
        while (r * r > x) r--;
        while (r < ulong.MaxValue && (r + 1) * (r + 1) <= x) r++;
        exact = r * r == x;
        return (ulong)r;
    }

    /// <summary>
    /// Exact x * y + z where the product has sign negP and z is nonzero. Returns false when the result is exactly zero.
    /// </summary>
    internal static bool ExactFma(bool negP, int expX, ulong sigX, int expY, ulong sigY, bool negZ, int expZ, ulong sigZ,
        out bool negative, out int exp, out ulong sig)
    {
        // Both terms as T * 2^(E-126) with T in [2^126, 2^127): one bit of headroom for the carry.
        UInt128 prod = (UInt128)sigX * sigY;
        int expP = expX + expY;
        if ((prod >> 127) != UInt128.Zero)
        {
            prod = (prod >> 1) | (prod & UInt128.One);
            expP++;
        }
        UInt128 addend = (UInt128)sigZ << 63;
        if (expP < expZ || (expP == expZ && prod < addend))
        {
            (prod, addend) = (addend, prod);
            (expP, expZ) = (expZ, expP);
            (negP, negZ) = (negZ, negP);
        }
        addend = ShiftRightJam(addend, Math.Min(expP - expZ, 128));
        UInt128 sum = negP == negZ ? prod + addend : prod - addend;
        negative = negP;
        return Normalize128(sum, expP + 1, out exp, out sig);
    }

    /// <summary>
    /// Normalises a 128-bit value into a 64-bit sig with the low half jammed into bit 0. <paramref name="expIfTop"/>
    /// is the result exponent when bit 127 is already the leading one. Returns false if v is zero.
    /// </summary>
    private static bool Normalize128(UInt128 v, int expIfTop, out int exp, out ulong sig)
    {
        if (v == UInt128.Zero)
        {
            exp = 0;
            sig = 0;
            return false;
        }
        int lz = (int)UInt128.LeadingZeroCount(v);
        v <<= lz;
        sig = (ulong)(v >> 64) | ((ulong)v != 0 ? 1UL : 0UL);
        exp = expIfTop - lz;
        return true;
    }
}
