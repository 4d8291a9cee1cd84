using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A remainder after a division of the same operands takes the division's quotient (<see cref="BlockIdioms.QuotientFor"/>):
/// a - q*b must give the M extension's remainder for every operand pair, division by zero and MIN / -1 included, in the
/// 64-bit and the W forms, signed and unsigned. Each case runs under the interpreter and the translator (both tiers)
/// and compares the registers.
/// </summary>
public sealed class DivRemPairTests
{
    private const int T0 = 5, S0 = 8, S1 = 9, S2 = 18, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, T3 = 28, T4 = 29;

    /// <summary>Per operand pair (a, b) at s0: every division and its remainder, remainders and quotients summed into s1
    /// and s2, then the next pair, t0 times.</summary>
    private static readonly uint[] Program =
    [
        Encoder.Encode(Op.Ld, rd: A0, rs1: S0, imm: 0),      // loop:
        Encoder.Encode(Op.Ld, rd: A1, rs1: S0, imm: 8),
        Encoder.Encode(Op.Div, rd: A2, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Rem, rd: A3, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Divu, rd: A4, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Remu, rd: A5, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Divw, rd: A6, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Remw, rd: A7, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Divuw, rd: T3, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Remuw, rd: T4, rs1: A0, rs2: A1),
        Encoder.Encode(Op.Add, rd: S1, rs1: S1, rs2: A3),
        Encoder.Encode(Op.Xor, rd: S1, rs1: S1, rs2: A5),
        Encoder.Encode(Op.Add, rd: S1, rs1: S1, rs2: A7),
        Encoder.Encode(Op.Xor, rd: S1, rs1: S1, rs2: T4),
        Encoder.Encode(Op.Slli, rd: S1, rs1: S1, imm: 1),
        Encoder.Encode(Op.Add, rd: S2, rs1: S2, rs2: A2),
        Encoder.Encode(Op.Xor, rd: S2, rs1: S2, rs2: A4),
        Encoder.Encode(Op.Add, rd: S2, rs1: S2, rs2: A6),
        Encoder.Encode(Op.Xor, rd: S2, rs1: S2, rs2: T3),
        Encoder.Encode(Op.Slli, rd: S2, rs1: S2, imm: 1),
        Encoder.Encode(Op.Addi, rd: S0, rs1: S0, imm: 16),
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
        Encoder.Encode(Op.Bne, rs1: T0, rs2: 0, imm: -88),
        Encoder.Encode(Op.Ecall),
    ];

    private static readonly ulong[] Operands =
    [
        7, 3, unchecked((ulong)-7), 3, 7, unchecked((ulong)-3), unchecked((ulong)-7), unchecked((ulong)-3),
        12345, 0, unchecked((ulong)-12345), 0, 0, 0,
        unchecked((ulong)long.MinValue), unchecked((ulong)-1),          // 64-bit overflow
        unchecked((ulong)(long)int.MinValue), unchecked((ulong)-1),     // 32-bit overflow (and 64-bit plain)
        0x1_8000_0000, 0xFFFF_FFFF,                                      // W forms: MIN32 / -1 from the low halves
        0x5_0000_0007, 0x7_0000_0000,                                    // W forms: division by zero (low half 0)
        ulong.MaxValue, 2, 0x8000_0000_0000_0001, 0xFFFF_FFFF_0000_0001,
    ];

    private static string Run(string engine, int rounds)
    {
        using var m = new UserModeMachine(engine);
        m.WriteCode(UserModeMachine.CodeBase, Program);
        var rng = new Random(5);
        var pairs = new List<ulong>(Operands);
        while (pairs.Count < 2 * rounds) pairs.Add((ulong)rng.NextInt64() >> rng.Next(64) ^ (rng.Next(2) == 0 ? 0 : ulong.MaxValue));
        for (int i = 0; i < pairs.Count; i++)
            BitConverter.GetBytes(pairs[i]).CopyTo(m.Ram.Span(UserModeMachine.DataBase + (ulong)(8 * i), 8));
        m.Hart.SetX(S0, UserModeMachine.DataBase);
        m.Hart.SetX(T0, (ulong)(pairs.Count / 2));
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
        return m.DescribeState();
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void Remainders_from_the_quotient_match_the_interpreter(string engine)
    {
        Assert.Equal(Run("interp", 400), Run(engine, 400));
    }

    [Fact]
    public void The_program_s_remainders_all_take_their_quotients()
    {
        var idioms = BlockIdioms.Scan(Program.Select(w => Decoder.Decode(w)).ToList());
        Assert.Equal(A2, idioms.QuotientFor(3));
        Assert.Equal(A4, idioms.QuotientFor(5));
        Assert.Equal(A6, idioms.QuotientFor(7));
        Assert.Equal(T3, idioms.QuotientFor(9));
    }
}
