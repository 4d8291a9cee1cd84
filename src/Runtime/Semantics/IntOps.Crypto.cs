// IntOps: the scalar-crypto and conditional integer extensions: carry-less multiplication (Zbc, Zbkc), packing
// and bit reversal within bytes (Zbkb), crossbar permutations (Zbkx) and conditional zero (Zicond).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RvJit.Runtime.Semantics;

public static partial class IntOps
{
    /// <summary>clmul: the low 64 bits of the carry-less product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Clmul(ulong a, ulong b) => (ulong)CarrylessProduct(a, b);

    /// <summary>clmulh: the high 64 bits of the 128-bit carry-less product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Clmulh(ulong a, ulong b) => (ulong)(CarrylessProduct(a, b) >> 64);

    /// <summary>clmulr: bits 126:63 of the carry-less product (the bit-reversed clmul of the reversed operands).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Clmulr(ulong a, ulong b) => (ulong)(CarrylessProduct(a, b) >> 63);

    /// <summary>The full 128-bit carry-less product: pclmulqdq where the host has it, else shift-and-xor.</summary>
    private static UInt128 CarrylessProduct(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> p = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(b), 0);
            return new UInt128(p.GetElement(1), p.GetElement(0));
        }
        UInt128 result = 0;
        for (int i = 0; i < 64; i++)
            if (((b >> i) & 1) != 0) result ^= (UInt128)a << i;
        return result;
    }

    /// <summary>pack: the low 32 bits of rs1 below the low 32 bits of rs2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(ulong a, ulong b) => (a & 0xFFFF_FFFF) | (b << 32);

    /// <summary>packh: the low bytes of rs1 and rs2, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Packh(ulong a, ulong b) => (a & 0xFF) | ((b & 0xFF) << 8);

    /// <summary>packw: the low halfwords of rs1 and rs2 as a 32-bit value, sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Packw(ulong a, ulong b) => SextW((a & 0xFFFF) | ((b & 0xFFFF) << 16));

    /// <summary>brev8: the bits of each byte reversed in place.</summary>
    public static ulong Brev8(ulong v)
    {
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1);
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2);
        return ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4);
    }

    /// <summary>xperm4: each nibble of rs2 indexes the nibbles of rs1 (an index past the end gives 0).</summary>
    public static ulong Xperm4(ulong a, ulong b)
    {
        ulong r = 0;
        for (int i = 0; i < 64; i += 4)
        {
            int index = (int)((b >> i) & 0xF);
            r |= ((a >> (index * 4)) & 0xF) << i; // 16 nibbles: every index is in range
        }
        return r;
    }

    /// <summary>xperm8: each byte of rs2 indexes the bytes of rs1 (an index of 8 or more gives 0).</summary>
    public static ulong Xperm8(ulong a, ulong b)
    {
        ulong r = 0;
        for (int i = 0; i < 64; i += 8)
        {
            ulong index = (b >> i) & 0xFF;
            if (index < 8) r |= ((a >> (int)(index * 8)) & 0xFF) << i;
        }
        return r;
    }

    /// <summary>czero.eqz: 0 if rs2 is zero, else rs1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CzeroEqz(ulong a, ulong b) => b == 0 ? 0 : a;

    /// <summary>czero.nez: 0 if rs2 is nonzero, else rs1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CzeroNez(ulong a, ulong b) => b != 0 ? 0 : a;
}
