// FloatOps: shared encodings and helpers of the F/D semantics (NaN boxing, canonical NaNs, field masks,
// NaN/zero predicates, bit casts). The operations themselves live in the other FloatOps.*.cs parts.
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// Exact RISC-V F and D extension semantics as static methods over raw 64-bit f-register values.
/// Single-precision operands are NaN-boxed: a value whose upper 32 bits are not all ones reads as the canonical NaN,
/// and every single-precision result is returned boxed. NaN results are always canonical. Methods taking a rounding
/// mode expect an already-resolved <see cref="RoundingMode"/> in 0..4 and OR <see cref="FFlags"/> bits into
/// <c>fflags</c> (never clearing it). Integer-register results are returned as <c>ulong</c>.
/// </summary>
public static partial class FloatOps
{
    /// <summary>The canonical single-precision NaN (unboxed).</summary>
    public const uint CanonicalNaNS = 0x7FC0_0000;
    /// <summary>The canonical double-precision NaN.</summary>
    public const ulong CanonicalNaND = 0x7FF8_0000_0000_0000;
    /// <summary>The canonical single-precision NaN as a NaN-boxed register value.</summary>
    public const ulong BoxedCanonicalNaNS = 0xFFFF_FFFF_7FC0_0000;

    internal const ulong BoxBits = 0xFFFF_FFFF_0000_0000;
    internal const uint SignS = 0x8000_0000;
    internal const uint ExpMaskS = 0x7F80_0000;
    internal const uint FracMaskS = 0x007F_FFFF;
    internal const uint QuietBitS = 0x0040_0000;
    internal const uint InfS = 0x7F80_0000;
    internal const uint MaxFiniteS = 0x7F7F_FFFF;
    internal const ulong SignD = 0x8000_0000_0000_0000;
    internal const ulong ExpMaskD = 0x7FF0_0000_0000_0000;
    internal const ulong FracMaskD = 0x000F_FFFF_FFFF_FFFF;
    internal const ulong QuietBitD = 0x0008_0000_0000_0000;
    internal const ulong InfD = 0x7FF0_0000_0000_0000;
    internal const ulong MaxFiniteD = 0x7FEF_FFFF_FFFF_FFFF;

    /// <summary>Reads a single from an f register: the low 32 bits if properly NaN-boxed, else the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Unbox(ulong reg) => (reg >> 32) == 0xFFFF_FFFF ? (uint)reg : CanonicalNaNS;

    /// <summary>NaN-boxes a single for writing to an f register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Box(uint bits) => BoxBits | bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float AsFloat(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint BitsOf(float value) => BitConverter.SingleToUInt32Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double AsDouble(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong BitsOf(double value) => BitConverter.DoubleToUInt64Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNaNS(uint bits) => (bits & ~SignS) > InfS;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSignalingS(uint bits) => IsNaNS(bits) && (bits & QuietBitS) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsInfS(uint bits) => (bits & ~SignS) == InfS;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZeroS(uint bits) => (bits & ~SignS) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNaND(ulong bits) => (bits & ~SignD) > InfD;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSignalingD(ulong bits) => IsNaND(bits) && (bits & QuietBitD) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsInfD(ulong bits) => (bits & ~SignD) == InfD;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZeroD(ulong bits) => (bits & ~SignD) == 0;

    /// <summary>
    /// Whether the host's round-to-nearest-even result may be returned without working out if it is exact:
    /// fflags are sticky, so once NX is set an inexact result changes nothing, and under RNE the host rounds
    /// as RISC-V does. Callers still leave NaN, infinite, tiny and overflowing results to their full paths
    /// (QEMU's hardfloat makes the same observation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool InexactAlreadyRaised(uint fflags, int rm) => (fflags & FFlags.NX) != 0 && rm == RoundingMode.RNE;

    /// <summary>
    /// <see cref="FFlags.NX"/> if <paramref name="inexact"/>, else 0, without a branch: whether a result is exact
    /// is data-dependent and would mispredict in hot loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint InexactFlag(bool inexact) => Unsafe.BitCast<bool, byte>(inexact); // FFlags.NX == 1

    /// <summary>
    /// Sign of an exact zero sum x + y (IEEE 754 6.3): the common sign when both addends are zeros of the same sign,
    /// otherwise -0 under RDN and +0 in every other mode. Inputs are sign bits (0 or the format's sign mask).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ZeroSumSign(ulong signX, ulong signY, int rm) =>
        rm == RoundingMode.RDN ? signX | signY : signX & signY;
}
