using System.Numerics;
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// Integer semantics that are more than one host operation: the M extension's high multiplies and its
/// division rules (no trap: x/0 = -1, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0), and the Zbb/Zbs operations
/// that need a little care. The interpreter calls these; the translator emits calls to them, which RyuJIT
/// inlines (a call left in a region makes RyuJIT spill the guest registers live across it).
/// </summary>
public static partial class IntOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulhu(ulong a, ulong b) => Math.BigMul(a, b, out _);

    /// <summary>Signed rs1 times unsigned rs2, high 64 bits: the unsigned product corrected for rs1's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulhsu(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out _);
        return (long)a < 0 ? hi - b : hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Div(ulong a, ulong b)
    {
        long x = (long)a, y = (long)b;
        if (y == 0) return ulong.MaxValue;
        if (x == long.MinValue && y == -1) return a;
        return (ulong)(x / y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divu(ulong a, ulong b) => b == 0 ? ulong.MaxValue : a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rem(ulong a, ulong b)
    {
        long x = (long)a, y = (long)b;
        if (y == 0) return a;
        if (x == long.MinValue && y == -1) return 0;
        return (ulong)(x % y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remu(ulong a, ulong b) => b == 0 ? a : a % b;

    /// <summary>
    /// <see cref="Rem"/> or <see cref="Remu"/> of a and b given q, <see cref="Div"/> or <see cref="Divu"/> of the same
    /// operands: a - q*b, the special cases included (x%0: q*0 = 0; MIN%-1: MIN - MIN*-1 wraps to 0). A translator
    /// turns the pair the M extension recommends (<c>div q, a, b; rem r, a, b</c>) into one host division and a
    /// multiply: a division costs tens of cycles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RemFromQuotient(ulong a, ulong b, ulong q) => a - q * b;

    /// <summary><see cref="RemFromQuotient"/> for <see cref="Remw"/> and <see cref="Remuw"/> (q from <see cref="Divw"/>,
    /// <see cref="Divuw"/>): the low 32 bits, sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RemwFromQuotient(ulong a, ulong b, ulong q) => (ulong)(long)(int)(a - q * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divw(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return ulong.MaxValue;
        if (x == int.MinValue && y == -1) return (ulong)(long)x;
        return (ulong)(long)(x / y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divuw(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return y == 0 ? ulong.MaxValue : (ulong)(long)(int)(x / y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remw(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return (ulong)(long)x;
        if (x == int.MinValue && y == -1) return 0;
        return (ulong)(long)(x % y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remuw(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return (ulong)(long)(int)(y == 0 ? x : x % y);
    }

    /// <summary>Sign-extends the low 32 bits (the result rule of every RV64 W instruction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SextW(ulong v) => (ulong)(long)(int)v;

    // ---- Zbb ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OrcB(ulong v)
    {
        ulong r = 0;
        for (int i = 0; i < 64; i += 8)
            if (((v >> i) & 0xFF) != 0) r |= 0xFFUL << i;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rev8(ulong v) => global::System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Clzw(ulong v) => (ulong)BitOperations.LeadingZeroCount((uint)v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ctzw(ulong v) => (uint)v == 0 ? 32UL : (ulong)BitOperations.TrailingZeroCount((uint)v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ctz(ulong v) => v == 0 ? 64UL : (ulong)BitOperations.TrailingZeroCount(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rolw(ulong a, ulong b) => SextW(BitOperations.RotateLeft((uint)a, (int)(b & 31)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rorw(ulong a, ulong b) => SextW(BitOperations.RotateRight((uint)a, (int)(b & 31)));
}
