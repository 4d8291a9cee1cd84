// FloatOps: minimum/maximum (IEEE 754-2019 minimumNumber/maximumNumber as RISC-V specifies) and the comparisons
// feq (quiet), flt and fle (signalling), for S and D.
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>fmin.s: the smaller operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FminS(ulong a, ulong b, ref uint fflags) => Box(MinMaxS(Unbox(a), Unbox(b), max: false, ref fflags));

    /// <summary>fmax.s: the larger operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmaxS(ulong a, ulong b, ref uint fflags) => Box(MinMaxS(Unbox(a), Unbox(b), max: true, ref fflags));

    /// <summary>fmin.d: the smaller operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FminD(ulong a, ulong b, ref uint fflags) => MinMaxD(a, b, max: false, ref fflags);

    /// <summary>fmax.d: the larger operand (-0 &lt; +0); a NaN operand yields the other; two NaNs the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmaxD(ulong a, ulong b, ref uint fflags) => MinMaxD(a, b, max: true, ref fflags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MinMaxS(uint x, uint y, bool max, ref uint fflags)
    {
        bool xNaN = IsNaNS(x), yNaN = IsNaNS(y);
        if (xNaN || yNaN)
        {
            if (IsSignalingS(x) || IsSignalingS(y)) fflags |= FFlags.NV;
            return xNaN && yNaN ? CanonicalNaNS : xNaN ? y : x;
        }
        float fx = AsFloat(x), fy = AsFloat(y);
        if (fx != fy) return (fx < fy) != max ? x : y;
        // Equal values have equal encodings except for zeros: min prefers -0, max prefers +0.
        return max ? x & y : x | y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MinMaxD(ulong x, ulong y, bool max, ref uint fflags)
    {
        bool xNaN = IsNaND(x), yNaN = IsNaND(y);
        if (xNaN || yNaN)
        {
            if (IsSignalingD(x) || IsSignalingD(y)) fflags |= FFlags.NV;
            return xNaN && yNaN ? CanonicalNaND : xNaN ? y : x;
        }
        double dx = AsDouble(x), dy = AsDouble(y);
        if (dx != dy) return (dx < dy) != max ? x : y;
        return max ? x & y : x | y;
    }

    /// <summary>feq.s: 1 if a == b (quiet: NV only for a signalling NaN), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FeqS(ulong a, ulong b, ref uint fflags)
    {
        uint x = Unbox(a), y = Unbox(b);
        if (IsNaNS(x) || IsNaNS(y))
        {
            if (IsSignalingS(x) || IsSignalingS(y)) fflags |= FFlags.NV;
            return 0;
        }
        return AsFloat(x) == AsFloat(y) ? 1UL : 0UL;
    }

    /// <summary>flt.s: 1 if a &lt; b, else 0 (signalling: NV for any NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FltS(ulong a, ulong b, ref uint fflags)
    {
        uint x = Unbox(a), y = Unbox(b);
        if (IsNaNS(x) || IsNaNS(y))
        {
            fflags |= FFlags.NV;
            return 0;
        }
        return AsFloat(x) < AsFloat(y) ? 1UL : 0UL;
    }

    /// <summary>fle.s: 1 if a &lt;= b, else 0 (signalling: NV for any NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FleS(ulong a, ulong b, ref uint fflags)
    {
        uint x = Unbox(a), y = Unbox(b);
        if (IsNaNS(x) || IsNaNS(y))
        {
            fflags |= FFlags.NV;
            return 0;
        }
        return AsFloat(x) <= AsFloat(y) ? 1UL : 0UL;
    }

    /// <summary>feq.d: 1 if a == b (quiet: NV only for a signalling NaN), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FeqD(ulong a, ulong b, ref uint fflags)
    {
        if (IsNaND(a) || IsNaND(b))
        {
            if (IsSignalingD(a) || IsSignalingD(b)) fflags |= FFlags.NV;
            return 0;
        }
        return AsDouble(a) == AsDouble(b) ? 1UL : 0UL;
    }

    /// <summary>flt.d: 1 if a &lt; b, else 0 (signalling: NV for any NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FltD(ulong a, ulong b, ref uint fflags)
    {
        if (IsNaND(a) || IsNaND(b))
        {
            fflags |= FFlags.NV;
            return 0;
        }
        return AsDouble(a) < AsDouble(b) ? 1UL : 0UL;
    }

    /// <summary>fle.d: 1 if a &lt;= b, else 0 (signalling: NV for any NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FleD(ulong a, ulong b, ref uint fflags)
    {
        if (IsNaND(a) || IsNaND(b))
        {
            fflags |= FFlags.NV;
            return 0;
        }
        return AsDouble(a) <= AsDouble(b) ? 1UL : 0UL;
    }
}
