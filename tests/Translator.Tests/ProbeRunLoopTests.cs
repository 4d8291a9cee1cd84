using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A region with no on-demand register (every register it uses is touched in its loop) whose entry block lies on no
/// cycle and runs a probe run, then a byte-copy self-loop (<c>lbu a3,0(a2); sb a3,0(a5)</c>, inflate_fast's shape).
/// The self-loop must not get a probe run: its load takes the load memo's path, which probes only for itself, so the
/// store would add the addend of whatever entry the member's local names (none set yet: entry 0's; or the one the
/// entry block's run left, its store to the next page, whose frame lies elsewhere). The emitter once read every
/// block's OnCycle at block 0's index in such a region, which put runs in self-loops: this test then died of an
/// AccessViolation in rv_80041000, as Virt.Tests did in Linux's inflate_fast (rv_803364c4).
/// </summary>
public sealed class ProbeRunLoopTests
{
    private const int Ra = 1, T0 = 5, S2 = 18, S3 = 19, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15;
    private const ulong Code = 0x10000, Source = 0x40000, Dest = 0x41000, Next = 0x42000;
    private static readonly ulong CodeFrame = UserModeMachine.RamBase + 0x40000;
    private static readonly ulong SourceFrame = UserModeMachine.RamBase + 0x60000, DestFrame = UserModeMachine.RamBase + 0x50000;
    private static readonly ulong NextFrame = UserModeMachine.RamBase + 0x70000, BelowNextFrame = NextFrame - 0x1000;

    /// <summary>The driver in the first code page calls f (the next page) a1 times, 16 bytes a call; f jumps back (a return,
    /// or a jump inside the page, would put f's entry block on a cycle of its region).</summary>
    private static uint[] Program() =>
    [
        Encoder.Encode(Op.Lbu, rd: T0, rs1: S2, imm: 0),       // the TLB entries f uses, filled before its first call
        Encoder.Encode(Op.Sb, rs1: S3, rs2: T0, imm: 0),
        Encoder.Encode(Op.Sb, rs1: S3, rs2: T0, imm: 0x200),
        Encoder.Encode(Op.Addi, rd: A2, rs1: S2, imm: 0),      // 3: top
        Encoder.Encode(Op.Addi, rd: A5, rs1: S3, imm: 0),
        Encoder.Encode(Op.Addi, rd: A4, rs1: S3, imm: 16),
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x1000 - 6 * 4),   // 6: call f
        Encoder.Encode(Op.Addi, rd: S2, rs1: S2, imm: 16),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -6 * 4),  // to top
        Encoder.Encode(Op.Ecall),
        .. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0), 1024 - 11),
        Encoder.Encode(Op.Lbu, rd: A3, rs1: A2, imm: 0),       // f: a run, its store to the next page
        Encoder.Encode(Op.Sb, rs1: A5, rs2: A3, imm: 0x200),
        Encoder.Encode(Op.Jal, rd: 0, imm: 4),
        Encoder.Encode(Op.Lbu, rd: A3, rs1: A2, imm: 0),       // loop: the byte copy
        Encoder.Encode(Op.Sb, rs1: A5, rs2: A3, imm: 0),
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),
        Encoder.Encode(Op.Addi, rd: A5, rs1: A5, imm: 1),
        Encoder.Encode(Op.Bne, rs1: A5, rs2: A4, imm: -16),
        Encoder.Encode(Op.Jal, rd: 0, imm: 7 * 4 - (0x1000 + 8 * 4)), // back after the call
    ];

    private static string Run(string engine, int calls)
    {
        using var m = new UserModeMachine(engine);
        m.WriteCode(CodeFrame, Program());
        var rng = new Random(7);
        foreach (ulong frame in new[] { SourceFrame, DestFrame, NextFrame, BelowNextFrame })
            rng.NextBytes(m.Ram.Span(frame, 4096));
        var tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(Code, CodeFrame);
        tables.Map(Code + 0x1000, CodeFrame + 0x1000);
        tables.Map(Source, SourceFrame);
        tables.Map(Dest, DestFrame);
        tables.Map(Next, NextFrame);
        m.Hart.Pc = Code;
        m.Hart.SetX(S2, Source + 0x100);
        m.Hart.SetX(S3, Dest + 0xF00);
        m.Hart.SetX(A1, (ulong)calls);
        var trap = m.RunToTrap();
        Assert.NotNull(trap);
        return $"{trap!.Value.Cause}\n{m.DescribeState()}" +
               $"dest {m.Checksum(DestFrame)} next {m.Checksum(NextFrame)} below next {m.Checksum(BelowNextFrame)}";
    }

    [Theory]
    [InlineData("jit-optimised")]
    [InlineData("jit-tlb-local")]
    [InlineData("jit-promote")]
    public void A_copy_loop_after_a_probe_run_stores_where_the_interpreter_does(string engine)
    {
        string interp = Run("interp", 40);
        Assert.StartsWith(nameof(ExceptionCause.EcallFromUser), interp);
        Assert.Equal(interp, Run(engine, 40));
    }
}
