using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Several harts on one guest RAM, each run by its own engine on its own host thread, all incrementing one
/// shared word: with AMOs and with LR/SC loops. An AMO or SC that is a plain load and store on the host loses
/// increments when another hart's update lands between the two, so the final count comes out short.
/// </summary>
public sealed class ParallelAtomicsTests
{
    private const int T0 = 5, T1 = 6, A0 = 10, A1 = 11, A2 = 12;
    private const int Harts = 2;
    private const long Increments = 300_000;

    /// <summary>amoadd rd=x0, a2 (=1), (a0); a1 times.</summary>
    private static uint[] AmoLoop(Op amoadd) =>
    [
        Encoder.Encode(amoadd, rs1: A0, rs2: A2),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, imm: -8),
        Encoder.Encode(Op.Ecall),
    ];

    /// <summary>Retry lr; t0 += 1; sc until the sc succeeds; a1 times.</summary>
    private static uint[] LrScLoop(bool word) =>
    [
        Encoder.Encode(word ? Op.LrW : Op.LrD, rd: T0, rs1: A0),
        Encoder.Encode(word ? Op.Addiw : Op.Addi, rd: T0, rs1: T0, imm: 1),
        Encoder.Encode(word ? Op.ScW : Op.ScD, rd: T1, rs1: A0, rs2: T0),
        Encoder.Encode(Op.Bne, rs1: T1, imm: -12),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, imm: -20),
        Encoder.Encode(Op.Ecall),
    ];

    [Theory]
    [InlineData("interp", Op.AmoaddW)]
    [InlineData("interp", Op.AmoaddD)]
    [InlineData("jit", Op.AmoaddW)]
    [InlineData("jit", Op.AmoaddD)]
    public void Amoadd_from_harts_on_several_threads_loses_no_increment(string engine, Op amoadd)
    {
        ulong count = RunOnAllHarts(engine, AmoLoop(amoadd));
        Assert.Equal((ulong)(Harts * Increments), count);
    }

    [Theory]
    [InlineData("interp", true)]
    [InlineData("interp", false)]
    [InlineData("jit", true)]
    [InlineData("jit", false)]
    public void Lr_sc_increment_loops_on_several_threads_lose_no_increment(string engine, bool word)
    {
        ulong count = RunOnAllHarts(engine, LrScLoop(word));
        Assert.Equal((ulong)(Harts * Increments), count);
    }

    /// <summary>Runs <paramref name="code"/> on <see cref="Harts"/> harts at once (a0 = the shared counter, a1 =
    /// <see cref="Increments"/>, a2 = 1); returns the counter once every hart reached its ecall.</summary>
    private static ulong RunOnAllHarts(string engine, uint[] code)
    {
        const ulong counter = SharedRamHarts.DataBase;
        using var harts = new SharedRamHarts(engine, Harts, code);
        for (int h = 0; h < Harts; h++)
        {
            harts[h].SetX(A0, counter);
            harts[h].SetX(A1, (ulong)Increments);
            harts[h].SetX(A2, 1);
        }
        harts.RunAll();
        return harts.Load64(counter);
    }
}
