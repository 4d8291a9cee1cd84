// Bit-exact comparison of FloatOps against vectors recorded from a RISC-V implementation (qemu-riscv64 running
// Data/fp/gen_fp_vectors.c): result and fflags of every vector in Data/fp/fp_vectors.txt, grouped per mnemonic.
using System.Globalization;
using System.Text;
using RvJit.Runtime.Semantics;
using Xunit.Abstractions;

namespace RvJit.Runtime.Tests;

public sealed class FloatOpsVectorTests(ITestOutputHelper output)
{
    /// <summary>Uniform shape for every instruction: up to three operands, a rounding mode, accrued flags.</summary>
    private delegate ulong Op(ulong a, ulong b, ulong c, int rm, ref uint fflags);

    /// <summary>A mnemonic's kinds (result then operands; S single f-reg, D double f-reg, X integer) and body.</summary>
    private sealed record OpInfo(string Signature, Op Run);

    /// <summary>One recorded vector.</summary>
    private sealed record Vector(int Line, string Mnemonic, int Rm, ulong[] Operands, ulong Result, uint Flags);

    private static readonly Dictionary<string, OpInfo> Ops = new()
    {
        ["fadd.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FaddS(a, b, rm, ref f)),
        ["fsub.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsubS(a, b, rm, ref f)),
        ["fmul.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmulS(a, b, rm, ref f)),
        ["fdiv.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FdivS(a, b, rm, ref f)),
        ["fadd.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FaddD(a, b, rm, ref f)),
        ["fsub.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsubD(a, b, rm, ref f)),
        ["fmul.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmulD(a, b, rm, ref f)),
        ["fdiv.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FdivD(a, b, rm, ref f)),
        ["fmin.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FminS(a, b, ref f)),
        ["fmax.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaxS(a, b, ref f)),
        ["fmin.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FminD(a, b, ref f)),
        ["fmax.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaxD(a, b, ref f)),
        ["feq.s"] = new("XSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FeqS(a, b, ref f)),
        ["flt.s"] = new("XSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FltS(a, b, ref f)),
        ["fle.s"] = new("XSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FleS(a, b, ref f)),
        ["feq.d"] = new("XDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FeqD(a, b, ref f)),
        ["flt.d"] = new("XDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FltD(a, b, ref f)),
        ["fle.d"] = new("XDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FleD(a, b, ref f)),
        ["fsgnj.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjS(a, b)),
        ["fsgnjn.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjnS(a, b)),
        ["fsgnjx.s"] = new("SSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjxS(a, b)),
        ["fsgnj.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjD(a, b)),
        ["fsgnjn.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjnD(a, b)),
        ["fsgnjx.d"] = new("DDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsgnjxD(a, b)),
        ["fsqrt.s"] = new("SS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsqrtS(a, rm, ref f)),
        ["fsqrt.d"] = new("DD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FsqrtD(a, rm, ref f)),
        ["fclass.s"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FclassS(a)),
        ["fclass.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FclassD(a)),
        ["fcvt.s.d"] = new("SD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtSD(a, rm, ref f)),
        ["fcvt.d.s"] = new("DS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtDS(a, rm, ref f)),
        ["fmv.x.w"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmvXW(a)),
        ["fmv.x.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmvXD(a)),
        ["fmv.w.x"] = new("SX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmvWX(a)),
        ["fmv.d.x"] = new("DX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmvDX(a)),
        ["fmadd.s"] = new("SSSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaddS(a, b, c, rm, ref f)),
        ["fmsub.s"] = new("SSSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmsubS(a, b, c, rm, ref f)),
        ["fnmsub.s"] = new("SSSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FnmsubS(a, b, c, rm, ref f)),
        ["fnmadd.s"] = new("SSSS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FnmaddS(a, b, c, rm, ref f)),
        ["fmadd.d"] = new("DDDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmaddD(a, b, c, rm, ref f)),
        ["fmsub.d"] = new("DDDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FmsubD(a, b, c, rm, ref f)),
        ["fnmsub.d"] = new("DDDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FnmsubD(a, b, c, rm, ref f)),
        ["fnmadd.d"] = new("DDDD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FnmaddD(a, b, c, rm, ref f)),
        ["fcvt.w.s"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtWS(a, rm, ref f)),
        ["fcvt.wu.s"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtWuS(a, rm, ref f)),
        ["fcvt.l.s"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtLS(a, rm, ref f)),
        ["fcvt.lu.s"] = new("XS", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtLuS(a, rm, ref f)),
        ["fcvt.w.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtWD(a, rm, ref f)),
        ["fcvt.wu.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtWuD(a, rm, ref f)),
        ["fcvt.l.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtLD(a, rm, ref f)),
        ["fcvt.lu.d"] = new("XD", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtLuD(a, rm, ref f)),
        ["fcvt.s.w"] = new("SX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtSW(a, rm, ref f)),
        ["fcvt.s.wu"] = new("SX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtSWu(a, rm, ref f)),
        ["fcvt.s.l"] = new("SX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtSL(a, rm, ref f)),
        ["fcvt.s.lu"] = new("SX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtSLu(a, rm, ref f)),
        ["fcvt.d.w"] = new("DX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtDW(a, rm, ref f)),
        ["fcvt.d.wu"] = new("DX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtDWu(a, rm, ref f)),
        ["fcvt.d.l"] = new("DX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtDL(a, rm, ref f)),
        ["fcvt.d.lu"] = new("DX", (ulong a, ulong b, ulong c, int rm, ref uint f) => FloatOps.FcvtDLu(a, rm, ref f)),
    };

    /// <summary>Committed vectors; RVJIT_FP_VECTORS may name a larger generated file to test against instead.</summary>
    private static readonly Lazy<ILookup<string, Vector>> Vectors = new(() =>
    {
        string path = Environment.GetEnvironmentVariable("RVJIT_FP_VECTORS") is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "Data", "fp", "fp_vectors.txt");
        return File.ReadLines(path).Select((text, index) => Parse(text, index + 1)).ToLookup(v => v.Mnemonic);
    });

    public static TheoryData<string> Mnemonics => new(Ops.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void EveryVectorMatchesTheOracle(string mnemonic) => Check(mnemonic, initialFlags: 0);

    /// <summary>fflags accrue: with NX already set (as in most programs after their first inexact operation, and
    /// where the fast paths skip the exactness work) every result is the same and the flags are the oracle's
    /// plus NX.</summary>
    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void EveryVectorMatchesTheOracleWithInexactAlreadyRaised(string mnemonic) => Check(mnemonic, initialFlags: FFlags.NX);

    private void Check(string mnemonic, uint initialFlags)
    {
        Vector[] vectors = Vectors.Value[mnemonic].ToArray();
        Assert.True(vectors.Length > 0, $"no vectors for {mnemonic}");
        OpInfo op = Ops[mnemonic];
        var failures = new StringBuilder();
        int failed = 0;
        foreach (Vector v in vectors)
        {
            ulong[] x = v.Operands;
            uint flags = initialFlags;
            ulong result = op.Run(x[0], x.Length > 1 ? x[1] : 0, x.Length > 2 ? x[2] : 0, v.Rm, ref flags);
            if (result == v.Result && flags == (v.Flags | initialFlags)) continue;
            if (++failed <= 20)
            {
                failures.AppendLine(CultureInfo.InvariantCulture,
                    $"line {v.Line}: {mnemonic} rm={v.Rm} {string.Join(' ', x.Select(o => o.ToString("x16")))}" +
                    $" -> {result:x16} flags {flags:x2}, expected {v.Result:x16} flags {v.Flags | initialFlags:x2}");
            }
        }
        output.WriteLine($"{mnemonic}: {vectors.Length - failed}/{vectors.Length} vectors pass");
        Assert.True(failed == 0, $"{failed}/{vectors.Length} vectors of {mnemonic} differ:\n{failures}");
    }

    [Fact]
    public void TheVectorFileOnlyNamesKnownInstructionsAndCoversThemAll()
    {
        string[] unknown = Vectors.Value.Select(g => g.Key).Where(k => !Ops.ContainsKey(k)).ToArray();
        Assert.Empty(unknown);
        Assert.All(Ops.Keys, k => Assert.True(Vectors.Value[k].Count() >= 100, $"{k} has too few vectors"));
    }

    private static Vector Parse(string text, int line)
    {
        string[] f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!Ops.TryGetValue(f[0], out OpInfo? op))
            return new Vector(line, f[0], 0, [], 0, 0);
        string sig = op.Signature;
        if (f.Length != sig.Length + 3)
            throw new FormatException($"line {line}: expected {sig.Length + 3} fields: {text}");
        int rm = f[1] == "-" ? RoundingMode.RNE : int.Parse(f[1], CultureInfo.InvariantCulture);
        var operands = new ulong[sig.Length - 1];
        for (int i = 0; i < operands.Length; i++) operands[i] = Value(sig[i + 1], f[i + 2]);
        ulong result = Value(sig[0], f[sig.Length + 1]);
        uint flags = uint.Parse(f[sig.Length + 2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Vector(line, f[0], rm, operands, result, flags);
    }

    /// <summary>Hex value; an 8-digit single-precision f-register value stands for its NaN-boxed form.</summary>
    private static ulong Value(char kind, string hex)
    {
        ulong v = ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return kind == 'S' && hex.Length <= 8 ? FloatOps.Box((uint)v) : v;
    }
}
