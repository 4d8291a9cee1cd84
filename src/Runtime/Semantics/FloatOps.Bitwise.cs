// FloatOps: bit-level operations that never round or raise flags: sign injection (fsgnj/fsgnjn/fsgnjx),
// classification (fclass) and raw moves between integer and f registers (fmv.x.w, fmv.w.x, fmv.x.d, fmv.d.x).
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

public static partial class FloatOps
{
    /// <summary>fsgnj.s: magnitude of a with the sign of b (operands unboxed first, result boxed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjS(ulong a, ulong b) => Box((Unbox(a) & ~SignS) | (Unbox(b) & SignS));

    /// <summary>fsgnjn.s: magnitude of a with the opposite of b's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjnS(ulong a, ulong b) => Box((Unbox(a) & ~SignS) | (~Unbox(b) & SignS));

    /// <summary>fsgnjx.s: a with its sign XORed with b's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjxS(ulong a, ulong b) => Box(Unbox(a) ^ (Unbox(b) & SignS));

    /// <summary>fsgnj.d: magnitude of a with the sign of b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjD(ulong a, ulong b) => (a & ~SignD) | (b & SignD);

    /// <summary>fsgnjn.d: magnitude of a with the opposite of b's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjnD(ulong a, ulong b) => (a & ~SignD) | (~b & SignD);

    /// <summary>fsgnjx.d: a with its sign XORed with b's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FsgnjxD(ulong a, ulong b) => a ^ (b & SignD);

    /// <summary>
    /// fclass.s: a one-hot 10-bit mask: bit 0 -inf, 1 negative normal, 2 negative subnormal, 3 -0, 4 +0,
    /// 5 positive subnormal, 6 positive normal, 7 +inf, 8 signalling NaN, 9 quiet NaN. Improperly boxed: quiet NaN.
    /// </summary>
    public static ulong FclassS(ulong a)
    {
        uint x = Unbox(a);
        return Classify(x >> 31 != 0, (x >> 23) & 0xFF, 0xFF, x & FracMaskS, QuietBitS);
    }

    /// <summary>fclass.d: the one-hot class mask, as for <see cref="FclassS"/>.</summary>
    public static ulong FclassD(ulong a) =>
        Classify(a >> 63 != 0, (uint)(a >> 52) & 0x7FF, 0x7FF, a & FracMaskD, QuietBitD);

    private static ulong Classify(bool negative, uint exp, uint maxExp, ulong frac, ulong quietBit)
    {
        int bit;
        if (exp == maxExp)
            bit = frac == 0 ? (negative ? 0 : 7) : (frac & quietBit) != 0 ? 9 : 8;
        else if (exp == 0)
            bit = frac == 0 ? (negative ? 3 : 4) : (negative ? 2 : 5);
        else
            bit = negative ? 1 : 6;
        return 1UL << bit;
    }

    /// <summary>fmv.x.w: the low 32 bits of the f register, sign-extended (no unboxing check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmvXW(ulong a) => (ulong)(long)(int)(uint)a;

    /// <summary>fmv.w.x: the low 32 bits of the integer register, NaN-boxed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmvWX(ulong x) => Box((uint)x);

    /// <summary>fmv.x.d: the f register's bits unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmvXD(ulong a) => a;

    /// <summary>fmv.d.x: the integer register's bits unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FmvDX(ulong x) => x;
}
