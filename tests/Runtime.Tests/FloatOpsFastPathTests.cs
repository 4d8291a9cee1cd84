// Cross-checks the host-arithmetic fast paths of FloatOps against its exact integer paths on many random operands
// (biased towards ties, cancellation, exact results and the range ends), in every rounding mode.
using System.Text;
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public sealed class FloatOpsFastPathTests
{
    private static readonly int CasesPerMode =
        int.TryParse(Environment.GetEnvironmentVariable("RVJIT_FP_CASES"), out int n) ? n : 40_000;
    private delegate ulong Binary(ulong a, ulong b, int rm, ref uint fflags);
    private delegate ulong Ternary(ulong a, ulong b, ulong c, int rm, ref uint fflags);

    /// <summary>Deterministic splitmix64, so failures reproduce.</summary>
    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public int Below(int n) => (int)(Next() % (ulong)n);
    }

    /// <summary>A finite double: sparse or dense fractions (ties, exact results), exponents near 1 or the ends.</summary>
    private static ulong RandomDouble(Rng rng, int expCentre = 1023, int expSpread = 60)
    {
        ulong sign = (ulong)rng.Below(2) << 63;
        ulong frac = rng.Below(4) switch
        {
            0 => (1UL << rng.Below(52)) | (1UL << rng.Below(52)),
            1 => rng.Next() & rng.Next() & rng.Next(),
            2 => ~(rng.Next() << rng.Below(52)),
            _ => rng.Next(),
        };
        int exp = rng.Below(8) switch
        {
            0 => rng.Below(120),
            1 => 2046 - rng.Below(120),
            _ => expCentre + rng.Below(2 * expSpread + 1) - expSpread,
        };
        return sign | ((ulong)Math.Clamp(exp, 0, 2046) << 52) | (frac & FloatOps.FracMaskD);
    }

    private static ulong RandomSingle(Rng rng)
    {
        ulong d = RandomDouble(rng, 127, 40);
        uint exp = (uint)(d >> 52) & 0x7FF;
        uint e = exp > 254 ? (uint)rng.Below(255) : exp;
        return FloatOps.Box((uint)(d >> 32) & 0x807F_FFFF | (e << 23));
    }

    private static void Compare(string name, Func<Rng, (ulong A, ulong B, ulong C)> operands,
        Ternary fast, Ternary exact, ulong seed)
    {
        var rng = new Rng(seed);
        var report = new StringBuilder();
        int failed = 0;
        for (int rm = 0; rm <= RoundingMode.RMM; rm++)
        {
            for (int i = 0; i < CasesPerMode; i++)
            {
                (ulong a, ulong b, ulong c) = operands(rng);
                uint f1 = 0, f2 = 0;
                ulong r1 = fast(a, b, c, rm, ref f1);
                ulong r2 = exact(a, b, c, rm, ref f2);
                if (r1 == r2 && f1 == f2) continue;
                if (++failed <= 10)
                    report.AppendLine($"{name} rm={rm} {a:x16} {b:x16} {c:x16}: fast {r1:x16}/{f1:x2} exact {r2:x16}/{f2:x2}");
            }
        }
        Assert.True(failed == 0, $"{failed} mismatches\n{report}");
    }

    [Fact]
    public void DoubleAddMatchesExactPath() => Compare("fadd.d", rng =>
        {
            ulong a = RandomDouble(rng);
            ulong b = rng.Below(3) == 0 ? (a ^ FloatOps.SignD) + (ulong)rng.Below(5) - 2 : RandomDouble(rng);
            return (a, double.IsFinite(BitConverter.UInt64BitsToDouble(b)) ? b : a, 0);
        },
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FaddD(a, b, rm, ref f),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.AddExactD(a, b, rm, ref f), 1);

    [Fact]
    public void DoubleMulMatchesExactPath() => Compare("fmul.d", rng => (NonZero(rng), NonZero(rng), 0),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmulD(a, b, rm, ref f),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.MulExactD(a, b, rm, ref f), 2);

    [Fact]
    public void DoubleDivMatchesExactPath() => Compare("fdiv.d", rng => (NonZero(rng), NonZero(rng), 0),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FdivD(a, b, rm, ref f),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.DivExactD(a, b, rm, ref f), 3);

    [Fact]
    public void DoubleSqrtMatchesExactPath() => Compare("fsqrt.d", rng => (NonZero(rng) & ~FloatOps.SignD, 0, 0),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsqrtD(a, rm, ref f),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.SqrtExactD(a, rm, ref f), 4);

    [Fact]
    public void DoubleFmaMatchesExactPath() => Compare("fmadd.d", rng =>
        {
            ulong a = RandomDouble(rng), b = RandomDouble(rng);
            double p = BitConverter.UInt64BitsToDouble(a) * BitConverter.UInt64BitsToDouble(b);
            ulong c = rng.Below(4) switch
            {
                // cancellation against the rounded product, or an addend far below it (sticky and tie bits)
                0 => (BitConverter.DoubleToUInt64Bits(-p) + (ulong)rng.Below(7) - 3),
                1 => BitConverter.DoubleToUInt64Bits(Math.ScaleB(p, -rng.Below(110))) ^ ((ulong)rng.Below(2) << 63),
                2 => (1UL << rng.Below(52)) | ((ulong)Math.Clamp((int)(BitConverter.DoubleToUInt64Bits(p) >> 52 & 0x7FF)
                    - rng.Below(110), 1, 2046) << 52),
                _ => RandomDouble(rng),
            };
            return (a, b, c);
        },
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaddD(a, b, c, rm, ref f),
        (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaExactD(a, b, c, rm, ref f), 5);

    [Fact]
    public void SingleArithmeticMatchesExactPath()
    {
        Compare("fadd.s", rng => (RandomSingle(rng), RandomSingle(rng), 0),
            (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FaddS(a, b, rm, ref f), ExactAddS, 6);
        Compare("fmul.s", rng => (RandomSingle(rng), RandomSingle(rng), 0),
            (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmulS(a, b, rm, ref f), ExactMulS, 7);
        Compare("fdiv.s", rng => (RandomSingle(rng), RandomSingle(rng), 0),
            (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FdivS(a, b, rm, ref f), ExactDivS, 8);
        Compare("fsqrt.s", rng => (RandomSingle(rng) & ~(ulong)FloatOps.SignS, 0, 0),
            (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsqrtS(a, rm, ref f), ExactSqrtS, 9);
        Compare("fmadd.s", rng => (RandomSingle(rng), RandomSingle(rng), RandomSingle(rng)),
            (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaddS(a, b, c, rm, ref f), ExactFmaS, 10);
    }

    private static ulong NonZero(Rng rng)
    {
        ulong v;
        do v = RandomDouble(rng); while ((v & ~FloatOps.SignD) == 0);
        return v;
    }

    // Single-precision references built only from the exact integer routines and RoundPackS (finite operands).

    private static bool Skip(uint x) => FloatOps.IsZeroS(x) || (x & FloatOps.ExpMaskS) == FloatOps.ExpMaskS;

    private static ulong ExactAddS(ulong a, ulong b, ulong c, int rm, ref uint f)
    {
        uint x = FloatOps.Unbox(a), y = FloatOps.Unbox(b);
        if (Skip(x) || Skip(y)) return FloatOps.FaddS(a, b, rm, ref f);
        FloatOps.UnpackS(x, out int ex, out ulong mx);
        FloatOps.UnpackS(y, out int ey, out ulong my);
        if (!FloatOps.ExactAdd((int)x < 0, ex, mx, (int)y < 0, ey, my, out bool neg, out int e, out ulong m))
            return FloatOps.Box(rm == RoundingMode.RDN ? FloatOps.SignS : 0);
        return FloatOps.Box(FloatOps.RoundPackS(neg, e, m, rm, ref f));
    }

    private static ulong ExactMulS(ulong a, ulong b, ulong c, int rm, ref uint f)
    {
        uint x = FloatOps.Unbox(a), y = FloatOps.Unbox(b);
        if (Skip(x) || Skip(y)) return FloatOps.FmulS(a, b, rm, ref f);
        FloatOps.UnpackS(x, out int ex, out ulong mx);
        FloatOps.UnpackS(y, out int ey, out ulong my);
        FloatOps.ExactMul(ex, mx, ey, my, out int e, out ulong m);
        return FloatOps.Box(FloatOps.RoundPackS((int)(x ^ y) < 0, e, m, rm, ref f));
    }

    private static ulong ExactDivS(ulong a, ulong b, ulong c, int rm, ref uint f)
    {
        uint x = FloatOps.Unbox(a), y = FloatOps.Unbox(b);
        if (Skip(x) || Skip(y)) return FloatOps.FdivS(a, b, rm, ref f);
        FloatOps.UnpackS(x, out int ex, out ulong mx);
        FloatOps.UnpackS(y, out int ey, out ulong my);
        FloatOps.ExactDiv(ex, mx, ey, my, out int e, out ulong m);
        return FloatOps.Box(FloatOps.RoundPackS((int)(x ^ y) < 0, e, m, rm, ref f));
    }

    private static ulong ExactSqrtS(ulong a, ulong b, ulong c, int rm, ref uint f)
    {
        uint x = FloatOps.Unbox(a);
        if (Skip(x)) return FloatOps.FsqrtS(a, rm, ref f);
        FloatOps.UnpackS(x, out int ex, out ulong mx);
        FloatOps.ExactSqrt(ex, mx, out int e, out ulong m);
        return FloatOps.Box(FloatOps.RoundPackS(false, e, m, rm, ref f));
    }

    private static ulong ExactFmaS(ulong a, ulong b, ulong c, int rm, ref uint f)
    {
        uint x = FloatOps.Unbox(a), y = FloatOps.Unbox(b), z = FloatOps.Unbox(c);
        if (Skip(x) || Skip(y) || Skip(z)) return FloatOps.FmaddS(a, b, c, rm, ref f);
        FloatOps.UnpackS(x, out int ex, out ulong mx);
        FloatOps.UnpackS(y, out int ey, out ulong my);
        FloatOps.UnpackS(z, out int ez, out ulong mz);
        if (!FloatOps.ExactFma((int)(x ^ y) < 0, ex, mx, ey, my, (int)z < 0, ez, mz, out bool neg, out int e, out ulong m))
            return FloatOps.Box(rm == RoundingMode.RDN ? FloatOps.SignS : 0);
        return FloatOps.Box(FloatOps.RoundPackS(neg, e, m, rm, ref f));
    }
}
