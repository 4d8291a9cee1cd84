// FloatOps: conversions: floating point to integer (fcvt.{w,wu,l,lu}.{s,d}, saturating with NV per the spec table),
// integer to floating point (fcvt.{s,d}.{w,wu,l,lu}), and between precisions (fcvt.s.d, fcvt.d.s).
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    // ---- Floating point to integer. Results are integer-register values; 32-bit results are sign-extended. ----

    /// <summary>fcvt.w.s: single to int32 (NaN and too large: 2^31-1; too small: -2^31; NV).</summary>
    public static ulong FcvtWS(ulong a, int rm, ref uint fflags) => ToInt32(AsFloat(Unbox(a)), rm, ref fflags);

    /// <summary>fcvt.wu.s: single to uint32, sign-extended (NaN and too large: 2^32-1; negative: 0; NV).</summary>
    public static ulong FcvtWuS(ulong a, int rm, ref uint fflags) => ToUInt32(AsFloat(Unbox(a)), rm, ref fflags);

    /// <summary>fcvt.l.s: single to int64 (NaN and too large: 2^63-1; too small: -2^63; NV).</summary>
    public static ulong FcvtLS(ulong a, int rm, ref uint fflags) => ToInt64(AsFloat(Unbox(a)), rm, ref fflags);

    /// <summary>fcvt.lu.s: single to uint64 (NaN and too large: 2^64-1; negative: 0; NV).</summary>
    public static ulong FcvtLuS(ulong a, int rm, ref uint fflags) => ToUInt64(AsFloat(Unbox(a)), rm, ref fflags);

    /// <summary>fcvt.w.d: double to int32 (NaN and too large: 2^31-1; too small: -2^31; NV).</summary>
    public static ulong FcvtWD(ulong a, int rm, ref uint fflags) => ToInt32(AsDouble(a), rm, ref fflags);

    /// <summary>fcvt.wu.d: double to uint32, sign-extended (NaN and too large: 2^32-1; negative: 0; NV).</summary>
    public static ulong FcvtWuD(ulong a, int rm, ref uint fflags) => ToUInt32(AsDouble(a), rm, ref fflags);

    /// <summary>fcvt.l.d: double to int64 (NaN and too large: 2^63-1; too small: -2^63; NV).</summary>
    public static ulong FcvtLD(ulong a, int rm, ref uint fflags) => ToInt64(AsDouble(a), rm, ref fflags);

    /// <summary>fcvt.lu.d: double to uint64 (NaN and too large: 2^64-1; negative: 0; NV).</summary>
    public static ulong FcvtLuD(ulong a, int rm, ref uint fflags) => ToUInt64(AsDouble(a), rm, ref fflags);

    /// <summary>x rounded to an integral value in mode rm (NaN and infinities pass through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double RoundToIntegral(double x, int rm) => rm switch
    {
        RoundingMode.RNE => Math.Round(x),
        RoundingMode.RTZ => Math.Truncate(x),
        RoundingMode.RDN => Math.Floor(x),
        RoundingMode.RUP => Math.Ceiling(x),
        _ => RoundHalfAway(x),
    };

    private static double RoundHalfAway(double x)
    {
        double t = Math.Truncate(x);
        return Math.Abs(x - t) >= 0.5 ? t + Math.CopySign(1.0, x) : t; // x - t is exact
    }

    // The range checks are on the rounded value: out of range (or NaN) saturates and raises NV instead of NX.

    private static ulong ToInt32(double x, int rm, ref uint fflags)
    {
        double r = RoundToIntegral(x, rm);
        if (r >= -2147483648.0 && r <= 2147483647.0)
        {
            fflags |= InexactFlag(r != x);
            return (ulong)(long)(int)r;
        }
        fflags |= FFlags.NV;
        return x < 0 ? 0xFFFF_FFFF_8000_0000 : 0x7FFF_FFFF;
    }

    private static ulong ToUInt32(double x, int rm, ref uint fflags)
    {
        double r = RoundToIntegral(x, rm);
        if (r >= 0 && r <= 4294967295.0)
        {
            fflags |= InexactFlag(r != x);
            return (ulong)(long)(int)(uint)r;
        }
        fflags |= FFlags.NV;
        return x < 0 ? 0 : ulong.MaxValue;
    }

    private static ulong ToInt64(double x, int rm, ref uint fflags)
    {
        double r = RoundToIntegral(x, rm);
        if (r >= -9223372036854775808.0 && r < 9223372036854775808.0)
        {
            fflags |= InexactFlag(r != x);
            return (ulong)(long)r;
        }
        fflags |= FFlags.NV;
        return x < 0 ? 0x8000_0000_0000_0000 : 0x7FFF_FFFF_FFFF_FFFF;
    }

    private static ulong ToUInt64(double x, int rm, ref uint fflags)
    {
        double r = RoundToIntegral(x, rm);
        if (r >= 0 && r < 18446744073709551616.0)
        {
            fflags |= InexactFlag(r != x);
            return (ulong)r;
        }
        fflags |= FFlags.NV;
        return x < 0 ? 0 : ulong.MaxValue;
    }

    // ---- Integer to floating point. The W forms read the low 32 bits of the integer register. ----

    /// <summary>fcvt.s.w: int32 (low 32 bits of x) to single.</summary>
    public static ulong FcvtSW(ulong x, int rm, ref uint fflags) => FromInt64S((int)x, rm, ref fflags);

    /// <summary>fcvt.s.wu: uint32 (low 32 bits of x) to single.</summary>
    public static ulong FcvtSWu(ulong x, int rm, ref uint fflags) => FromMagnitudeS(false, (uint)x, rm, ref fflags);

    /// <summary>fcvt.s.l: int64 to single.</summary>
    public static ulong FcvtSL(ulong x, int rm, ref uint fflags) => FromInt64S((long)x, rm, ref fflags);

    /// <summary>fcvt.s.lu: uint64 to single.</summary>
    public static ulong FcvtSLu(ulong x, int rm, ref uint fflags) => FromMagnitudeS(false, x, rm, ref fflags);

    /// <summary>fcvt.d.w: int32 (low 32 bits of x) to double; always exact, rm is ignored.</summary>
    public static ulong FcvtDW(ulong x, int rm, ref uint fflags) => BitsOf((double)(int)x);

    /// <summary>fcvt.d.wu: uint32 (low 32 bits of x) to double; always exact, rm is ignored.</summary>
    public static ulong FcvtDWu(ulong x, int rm, ref uint fflags) => BitsOf((double)(uint)x);

    /// <summary>fcvt.d.l: int64 to double.</summary>
    public static ulong FcvtDL(ulong x, int rm, ref uint fflags)
    {
        long v = (long)x;
        return v < 0 ? FromMagnitudeD(true, 0 - (ulong)v, rm, ref fflags) : FromMagnitudeD(false, (ulong)v, rm, ref fflags);
    }

    /// <summary>fcvt.d.lu: uint64 to double.</summary>
    public static ulong FcvtDLu(ulong x, int rm, ref uint fflags) => FromMagnitudeD(false, x, rm, ref fflags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FromInt64S(long v, int rm, ref uint fflags) =>
        v < 0 ? FromMagnitudeS(true, 0 - (ulong)v, rm, ref fflags) : FromMagnitudeS(false, (ulong)v, rm, ref fflags);

    /// <summary>(-1)^negative * magnitude rounded to single.</summary>
    private static ulong FromMagnitudeS(bool negative, ulong magnitude, int rm, ref uint fflags)
    {
        if (magnitude <= 1UL << 24)
        {
            uint bits = BitsOf((float)magnitude); // exact
            return Box(negative ? bits | SignS : bits);
        }
        int lz = BitOperations.LeadingZeroCount(magnitude);
        return Box(RoundPackS(negative, 63 - lz, magnitude << lz, rm, ref fflags));
    }

    /// <summary>(-1)^negative * magnitude rounded to double.</summary>
    private static ulong FromMagnitudeD(bool negative, ulong magnitude, int rm, ref uint fflags)
    {
        if (magnitude <= 1UL << 53)
        {
            ulong bits = BitsOf((double)magnitude); // exact
            return negative ? bits | SignD : bits;
        }
        int lz = BitOperations.LeadingZeroCount(magnitude);
        return RoundPackD(negative, 63 - lz, magnitude << lz, rm, ref fflags);
    }

    // ---- Between precisions. ----

    /// <summary>fcvt.s.d: double to single rounded in mode rm.</summary>
    public static ulong FcvtSD(ulong a, int rm, ref uint fflags)
    {
        if ((a & ~SignD) - 1 < MaxFiniteD) return RoundToSingle(AsDouble(a), rm, ref fflags); // finite nonzero
        if (IsNaND(a))
        {
            if (IsSignalingD(a)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNS;
        }
        return Box((uint)(a >> 32) & (SignS | InfS)); // zero or infinity keeps its sign
    }

    /// <summary>fcvt.d.s: single to double (exact; rm is ignored).</summary>
    public static ulong FcvtDS(ulong a, int rm, ref uint fflags)
    {
        uint x = Unbox(a);
        if (IsNaNS(x))
        {
            if (IsSignalingS(x)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        return BitsOf((double)AsFloat(x));
    }
}
