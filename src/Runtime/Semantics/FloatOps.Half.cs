// FloatOps: half precision (Zfh, Zfhmin). Halves live NaN-boxed in the 64-bit f registers (upper 48 bits all ones;
// anything else reads as the canonical NaN). Arithmetic takes the exact integer path (FloatOps.Exact) and rounds once
// with RoundPack at 11 significant bits, so every mode, NX, UF (tininess after rounding) and OF come out as for S
// and D. Operations that never round (compares, min/max, classification, conversions to integers and to wider
// formats) widen to single, which holds every half exactly, NaN payloads and signalling included.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>The canonical half-precision NaN (unboxed).</summary>
    public const uint CanonicalNaNH = 0x7E00;
    /// <summary>The canonical half-precision NaN as a NaN-boxed register value.</summary>
    public const ulong BoxedCanonicalNaNH = 0xFFFF_FFFF_FFFF_7E00;

    internal const ulong BoxBitsH = 0xFFFF_FFFF_FFFF_0000;
    internal const uint SignH = 0x8000;
    internal const uint InfH = 0x7C00;
    internal const uint FracMaskH = 0x03FF;
    internal const uint QuietBitH = 0x0200;

    /// <summary>Reads a half from an f register: the low 16 bits if properly NaN-boxed, else the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UnboxH(ulong reg) => (reg >> 16) == 0xFFFF_FFFF_FFFF ? (uint)(ushort)reg : CanonicalNaNH;

    /// <summary>NaN-boxes a half (the low 16 bits of <paramref name="bits"/>) for writing to an f register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong BoxH(uint bits) => BoxBitsH | (ushort)bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNaNH(uint bits) => (bits & ~SignH) > InfH;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSignalingH(uint bits) => IsNaNH(bits) && (bits & QuietBitH) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZeroH(uint bits) => (bits & ~SignH) == 0;

    /// <summary>Neither NaN nor infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsFiniteH(uint bits) => (bits & InfH) != InfH;

    /// <summary>The single with the same value as half <paramref name="h"/> (a NaN keeps its payload and quiet bit).</summary>
    internal static uint WidenHToS(uint h)
    {
        uint sign = (h & SignH) << 16;
        uint e = (h >> 10) & 0x1F, f = h & FracMaskH;
        if (e == 0x1F) return sign | InfS | (f << 13);
        if (e != 0) return sign | ((e + (127 - 15)) << 23) | (f << 13);
        if (f == 0) return sign;
        return sign | BitsOf(f * (1.0f / 16777216.0f)); // a subnormal half is f * 2^-24: exact, normal in single
    }

    /// <summary>A NaN, infinite or zero single (the result of a special case) as a half.</summary>
    private static uint NarrowSpecialSToH(uint s) =>
        IsNaNS(s) ? CanonicalNaNH : ((s >> 16) & SignH) | (IsInfS(s) ? InfH : 0);

    /// <summary>Splits a finite nonzero half into exp and a normalised sig (value = sig * 2^(exp-63)).</summary>
    internal static void UnpackH(uint bits, out int exp, out ulong sig)
    {
        int e = (int)(bits >> 10) & 0x1F;
        ulong frac = bits & FracMaskH;
        if (e != 0)
        {
            sig = (frac | (1UL << 10)) << 53;
            exp = e - 15;
        }
        else
        {
            int lz = BitOperations.LeadingZeroCount(frac);
            sig = frac << lz;
            exp = 39 - lz; // frac * 2^-24 = (frac << lz) * 2^(exp - 63)
        }
    }

    /// <summary>Rounds an exact value to a half: see <see cref="RoundPack"/>. Returns the unboxed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint RoundPackH(bool negative, int exp, ulong sig, int rm, ref uint fflags) =>
        (uint)RoundPack(negative, exp, sig, rm, ref fflags, fracBits: 10, bias: 15, signShift: 15);

    // ---- Arithmetic ----

    /// <summary>fadd.h: a + b rounded in mode rm (NaN-boxed operands and result).</summary>
    public static ulong FaddH(ulong a, ulong b, int rm, ref uint fflags) => BoxH(AddH(UnboxH(a), UnboxH(b), rm, ref fflags));

    /// <summary>fsub.h: a - b rounded in mode rm.</summary>
    public static ulong FsubH(ulong a, ulong b, int rm, ref uint fflags) =>
        BoxH(AddH(UnboxH(a), UnboxH(b) ^ SignH, rm, ref fflags));

    private static uint AddH(uint x, uint y, int rm, ref uint fflags)
    {
        if (!IsFiniteH(x) || !IsFiniteH(y)) return NarrowSpecialSToH(AddSpecialS(WidenHToS(x), WidenHToS(y), ref fflags));
        if (IsZeroH(x)) return IsZeroH(y) ? (uint)ZeroSumSign(x & SignH, y & SignH, rm) : y;
        if (IsZeroH(y)) return x;
        UnpackH(x, out int ex, out ulong mx);
        UnpackH(y, out int ey, out ulong my);
        if (!ExactAdd((x & SignH) != 0, ex, mx, (y & SignH) != 0, ey, my, out bool negative, out int exp, out ulong sig))
            return (uint)ZeroSumSign(x & SignH, y & SignH, rm);
        return RoundPackH(negative, exp, sig, rm, ref fflags);
    }

    /// <summary>fmul.h: a * b rounded in mode rm.</summary>
    public static ulong FmulH(ulong a, ulong b, int rm, ref uint fflags)
    {
        uint x = UnboxH(a), y = UnboxH(b);
        if (!IsFiniteH(x) || !IsFiniteH(y) || IsZeroH(x) || IsZeroH(y))
            return BoxH(NarrowSpecialSToH(MulSpecialS(WidenHToS(x), WidenHToS(y), ref fflags)));
        UnpackH(x, out int ex, out ulong mx);
        UnpackH(y, out int ey, out ulong my);
        ExactMul(ex, mx, ey, my, out int exp, out ulong sig);
        return BoxH(RoundPackH(((x ^ y) & SignH) != 0, exp, sig, rm, ref fflags));
    }

    /// <summary>fdiv.h: a / b rounded in mode rm.</summary>
    public static ulong FdivH(ulong a, ulong b, int rm, ref uint fflags)
    {
        uint x = UnboxH(a), y = UnboxH(b);
        if (!IsFiniteH(x) || !IsFiniteH(y) || IsZeroH(x) || IsZeroH(y))
            return BoxH(NarrowSpecialSToH(DivSpecialS(WidenHToS(x), WidenHToS(y), ref fflags)));
        UnpackH(x, out int ex, out ulong mx);
        UnpackH(y, out int ey, out ulong my);
        ExactDiv(ex, mx, ey, my, out int exp, out ulong sig);
        return BoxH(RoundPackH(((x ^ y) & SignH) != 0, exp, sig, rm, ref fflags));
    }

    /// <summary>fsqrt.h: the square root of a rounded in mode rm.</summary>
    public static ulong FsqrtH(ulong a, int rm, ref uint fflags)
    {
        uint x = UnboxH(a);
        if (IsNaNH(x))
        {
            if (IsSignalingH(x)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNH;
        }
        if (IsZeroH(x) || x == InfH) return BoxH(x);
        if ((x & SignH) != 0)
        {
            fflags |= FFlags.NV;
            return BoxedCanonicalNaNH;
        }
        UnpackH(x, out int ex, out ulong mx);
        ExactSqrt(ex, mx, out int exp, out ulong sig);
        return BoxH(RoundPackH(false, exp, sig, rm, ref fflags));
    }

    /// <summary>fmadd.h: a*b + c with one rounding.</summary>
    public static ulong FmaddH(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        BoxH(FmaH(UnboxH(a), UnboxH(b), UnboxH(c), rm, ref fflags));

    /// <summary>fmsub.h: a*b - c with one rounding.</summary>
    public static ulong FmsubH(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        BoxH(FmaH(UnboxH(a), UnboxH(b), UnboxH(c) ^ SignH, rm, ref fflags));

    /// <summary>fnmsub.h: -(a*b) + c with one rounding.</summary>
    public static ulong FnmsubH(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        BoxH(FmaH(UnboxH(a) ^ SignH, UnboxH(b), UnboxH(c), rm, ref fflags));

    /// <summary>fnmadd.h: -(a*b) - c with one rounding.</summary>
    public static ulong FnmaddH(ulong a, ulong b, ulong c, int rm, ref uint fflags) =>
        BoxH(FmaH(UnboxH(a) ^ SignH, UnboxH(b), UnboxH(c) ^ SignH, rm, ref fflags));

    /// <summary>x*y + z for unboxed halves (NaN operands may carry flipped signs; NaN results are canonical).</summary>
    private static uint FmaH(uint x, uint y, uint z, int rm, ref uint fflags)
    {
        if (!IsFiniteH(x) || !IsFiniteH(y) || !IsFiniteH(z))
            return NarrowSpecialSToH(FmaSpecialS(WidenHToS(x), WidenHToS(y), WidenHToS(z), ref fflags));
        uint productSign = (x ^ y) & SignH;
        if (IsZeroH(x) || IsZeroH(y))
            return IsZeroH(z) ? (uint)ZeroSumSign(productSign, z & SignH, rm) : z;
        UnpackH(x, out int ex, out ulong mx);
        UnpackH(y, out int ey, out ulong my);
        if (IsZeroH(z))
        {
            ExactMul(ex, mx, ey, my, out int pexp, out ulong psig);
            return RoundPackH(productSign != 0, pexp, psig, rm, ref fflags);
        }
        UnpackH(z, out int ez, out ulong mz);
        if (!ExactFma(productSign != 0, ex, mx, ey, my, (z & SignH) != 0, ez, mz, out bool negative, out int exp, out ulong sig))
            return (uint)ZeroSumSign(productSign, z & SignH, rm);
        return RoundPackH(negative, exp, sig, rm, ref fflags);
    }

    // ---- Sign injection, min/max, compares, classification, moves ----

    /// <summary>fsgnj.h: magnitude of a with the sign of b (operands unboxed first, result boxed).</summary>
    public static ulong FsgnjH(ulong a, ulong b) => BoxH((UnboxH(a) & ~SignH) | (UnboxH(b) & SignH));

    /// <summary>fsgnjn.h: magnitude of a with the opposite of b's sign.</summary>
    public static ulong FsgnjnH(ulong a, ulong b) => BoxH((UnboxH(a) & ~SignH) | (~UnboxH(b) & SignH));

    /// <summary>fsgnjx.h: a with its sign XORed with b's sign.</summary>
    public static ulong FsgnjxH(ulong a, ulong b) => BoxH(UnboxH(a) ^ (UnboxH(b) & SignH));

    /// <summary>fmin.h: the smaller operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    public static ulong FminH(ulong a, ulong b, ref uint fflags) => BoxH(MinMaxH(UnboxH(a), UnboxH(b), max: false, ref fflags));

    /// <summary>fmax.h: the larger operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    public static ulong FmaxH(ulong a, ulong b, ref uint fflags) => BoxH(MinMaxH(UnboxH(a), UnboxH(b), max: true, ref fflags));

    private static uint MinMaxH(uint x, uint y, bool max, ref uint fflags)
    {
        bool xNaN = IsNaNH(x), yNaN = IsNaNH(y);
        if (xNaN || yNaN)
        {
            if (IsSignalingH(x) || IsSignalingH(y)) fflags |= FFlags.NV;
            return xNaN && yNaN ? CanonicalNaNH : xNaN ? y : x;
        }
        float fx = AsFloat(WidenHToS(x)), fy = AsFloat(WidenHToS(y));
        if (fx != fy) return (fx < fy) != max ? x : y;
        return max ? x & y : x | y; // equal values: only zeros differ in encoding
    }

    /// <summary>feq.h: 1 if a == b (quiet: NV only for a signalling NaN), else 0.</summary>
    public static ulong FeqH(ulong a, ulong b, ref uint fflags) => FeqS(WidenedBoxS(a), WidenedBoxS(b), ref fflags);

    /// <summary>flt.h: 1 if a &lt; b, else 0 (signalling: NV for any NaN).</summary>
    public static ulong FltH(ulong a, ulong b, ref uint fflags) => FltS(WidenedBoxS(a), WidenedBoxS(b), ref fflags);

    /// <summary>fle.h: 1 if a &lt;= b, else 0 (signalling: NV for any NaN).</summary>
    public static ulong FleH(ulong a, ulong b, ref uint fflags) => FleS(WidenedBoxS(a), WidenedBoxS(b), ref fflags);

    /// <summary>The half in an f register as a NaN-boxed single of the same value.</summary>
    private static ulong WidenedBoxS(ulong reg) => Box(WidenHToS(UnboxH(reg)));

    /// <summary>fclass.h: the one-hot class mask, as for <see cref="FclassS"/>. Improperly boxed: quiet NaN.</summary>
    public static ulong FclassH(ulong a)
    {
        uint x = UnboxH(a);
        return Classify((x & SignH) != 0, (x >> 10) & 0x1F, 0x1F, x & FracMaskH, QuietBitH);
    }

    /// <summary>fmv.x.h: the low 16 bits of the f register, sign-extended (no unboxing check).</summary>
    public static ulong FmvXH(ulong a) => (ulong)(long)(short)(ushort)a;

    /// <summary>fmv.h.x: the low 16 bits of the integer register, NaN-boxed.</summary>
    public static ulong FmvHX(ulong x) => BoxH((uint)x);

    // ---- Conversions ----

    /// <summary>fcvt.s.h: half to single (exact; rm is ignored).</summary>
    public static ulong FcvtSH(ulong a, int rm, ref uint fflags)
    {
        uint x = UnboxH(a);
        if (IsNaNH(x))
        {
            if (IsSignalingH(x)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNS;
        }
        return Box(WidenHToS(x));
    }

    /// <summary>fcvt.d.h: half to double (exact; rm is ignored).</summary>
    public static ulong FcvtDH(ulong a, int rm, ref uint fflags)
    {
        uint x = UnboxH(a);
        if (IsNaNH(x))
        {
            if (IsSignalingH(x)) fflags |= FFlags.NV;
            return CanonicalNaND;
        }
        return BitsOf((double)AsFloat(WidenHToS(x)));
    }

    /// <summary>fcvt.h.s: single to half rounded in mode rm.</summary>
    public static ulong FcvtHS(ulong a, int rm, ref uint fflags)
    {
        uint x = Unbox(a);
        if (IsNaNS(x))
        {
            if (IsSignalingS(x)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNH;
        }
        if (IsZeroS(x) || IsInfS(x)) return BoxH(NarrowSpecialSToH(x));
        UnpackS(x, out int exp, out ulong sig);
        return BoxH(RoundPackH((x & SignS) != 0, exp, sig, rm, ref fflags));
    }

    /// <summary>fcvt.h.d: double to half rounded in mode rm.</summary>
    public static ulong FcvtHD(ulong a, int rm, ref uint fflags)
    {
        if (IsNaND(a))
        {
            if (IsSignalingD(a)) fflags |= FFlags.NV;
            return BoxedCanonicalNaNH;
        }
        if (IsZeroD(a) || IsInfD(a)) return BoxH((uint)(a >> 48) & (SignH | InfH));
        UnpackD(a, out int exp, out ulong sig);
        return BoxH(RoundPackH((long)a < 0, exp, sig, rm, ref fflags));
    }

    /// <summary>fcvt.w.h: half to int32 (NaN and too large: 2^31-1; too small: -2^31; NV).</summary>
    public static ulong FcvtWH(ulong a, int rm, ref uint fflags) => ToInt32(AsFloat(WidenHToS(UnboxH(a))), rm, ref fflags);

    /// <summary>fcvt.wu.h: half to uint32, sign-extended (NaN and too large: 2^32-1; negative: 0; NV).</summary>
    public static ulong FcvtWuH(ulong a, int rm, ref uint fflags) => ToUInt32(AsFloat(WidenHToS(UnboxH(a))), rm, ref fflags);

    /// <summary>fcvt.l.h: half to int64 (NaN and too large: 2^63-1; too small: -2^63; NV).</summary>
    public static ulong FcvtLH(ulong a, int rm, ref uint fflags) => ToInt64(AsFloat(WidenHToS(UnboxH(a))), rm, ref fflags);

    /// <summary>fcvt.lu.h: half to uint64 (NaN and too large: 2^64-1; negative: 0; NV).</summary>
    public static ulong FcvtLuH(ulong a, int rm, ref uint fflags) => ToUInt64(AsFloat(WidenHToS(UnboxH(a))), rm, ref fflags);

    /// <summary>fcvt.h.w: int32 (low 32 bits of x) to half.</summary>
    public static ulong FcvtHW(ulong x, int rm, ref uint fflags)
    {
        int v = (int)x;
        return v < 0 ? FromMagnitudeH(true, 0 - (ulong)(long)v, rm, ref fflags) : FromMagnitudeH(false, (ulong)v, rm, ref fflags);
    }

    /// <summary>fcvt.h.wu: uint32 (low 32 bits of x) to half.</summary>
    public static ulong FcvtHWu(ulong x, int rm, ref uint fflags) => FromMagnitudeH(false, (uint)x, rm, ref fflags);

    /// <summary>fcvt.h.l: int64 to half.</summary>
    public static ulong FcvtHL(ulong x, int rm, ref uint fflags)
    {
        long v = (long)x;
        return v < 0 ? FromMagnitudeH(true, 0 - (ulong)v, rm, ref fflags) : FromMagnitudeH(false, (ulong)v, rm, ref fflags);
    }

    /// <summary>fcvt.h.lu: uint64 to half.</summary>
    public static ulong FcvtHLu(ulong x, int rm, ref uint fflags) => FromMagnitudeH(false, x, rm, ref fflags);

    /// <summary>(-1)^negative * magnitude rounded to half (zero is +0).</summary>
    private static ulong FromMagnitudeH(bool negative, ulong magnitude, int rm, ref uint fflags)
    {
        if (magnitude == 0) return BoxH(0);
        int lz = BitOperations.LeadingZeroCount(magnitude);
        return BoxH(RoundPackH(negative, 63 - lz, magnitude << lz, rm, ref fflags));
    }
}
