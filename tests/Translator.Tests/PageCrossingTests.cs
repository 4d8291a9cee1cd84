using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A 4-byte instruction that starts in a page's last two bytes (compressed code puts one there about once a
/// page) is compiled with its region, which then depends on the next page's bytes and mapping too: a write to
/// the upper half and a remapping of the next page must each run the new instruction. Both engines agree.
/// </summary>
public sealed unsafe class PageCrossingTests
{
    private const int A0 = 10, A1 = 11, A2 = 12, Ra = 1, T2 = 7, S0 = 8, T3 = 28;
    private const ushort CNop = 0x0001;

    /// <summary>The loop at page offset 0xFF0 (relative to <paramref name="page"/>): a1 passes, each adding 3 and
    /// then <paramref name="crossingAdd"/> to a0 (the second add crosses the page) and 1 to a2; returns to ra.</summary>
    private static void WriteLoop(UserModeMachine m, ulong page, ulong nextPage, int crossingAdd)
    {
        var bytes = new List<byte>();
        void Word(uint w) => bytes.AddRange(BitConverter.GetBytes(w));
        Word(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));   // 0xFF0
        bytes.AddRange(BitConverter.GetBytes(CNop));                 // 0xFF4
        Word(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 3));    // 0xFF6
        Word(Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1));    // 0xFFA
        Word(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: crossingAdd)); // 0xFFE: crosses into the next page
        Word(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: 0xFF0 - 0x1002)); // 0x1002
        Word(Encoder.Encode(Op.Jalr, rs1: Ra));                       // 0x1006
        bytes.GetRange(0, 16).ToArray().CopyTo(m.Ram.Span(page + 0xFF0, 16));
        bytes.GetRange(16, bytes.Count - 16).ToArray().CopyTo(m.Ram.Span(nextPage, bytes.Count - 16));
        m.Ram.NoteStore(page + 0xFF0, 16);
        m.Ram.NoteStore(nextPage, (ulong)(bytes.Count - 16));
    }

    private static uint UpperHalf(int crossingAdd) => Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: crossingAdd) >> 16;

    private static long Interpreted(UserModeMachine m) => m.Engine is JitEngine jit ? jit.InterpretedInstructions : 0;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    [InlineData("jit-tlb-local")]
    public void Crossing_instruction_runs_compiled_in_a_hot_loop(string engine)
    {
        using var m = new UserModeMachine(engine);
        ulong page = UserModeMachine.CodeBase;
        m.WriteCode(page, [
            Encoder.Encode(Op.Addi, rd: A1, imm: 1000),
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0xFF0 - 4),
            Encoder.Encode(Op.Ecall),
        ]);
        WriteLoop(m, page, page + 0x1000, crossingAdd: 1);
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(4000UL, m.Hart.GetX(A0));
        Assert.Equal(1000UL, m.Hart.GetX(A2));
        // Compiled: the interpreter ran the first passes at most, not one instruction per pass.
        if (engine != "interp") Assert.InRange(Interpreted(m), 0, 100);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    public void Writing_the_upper_half_runs_the_new_instruction(string engine)
    {
        using var m = new UserModeMachine(engine);
        ulong page = UserModeMachine.CodeBase;
        var code = new List<uint>
        {
            Encoder.Encode(Op.Auipc, rd: T2),                         // t2 = page
            Encoder.Encode(Op.Addi, rd: A1, imm: 1000),
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0xFF0 - 8),           // a0 += 4 * 1000
        };
        uint upper = UpperHalf(5);
        code.AddRange(GuestCode.Li32(S0, upper));
        code.Add(Encoder.Encode(Op.Lui, rd: T3, imm: 0x1000));
        code.Add(Encoder.Encode(Op.Add, rd: T3, rs1: T3, rs2: T2));
        code.Add(Encoder.Encode(Op.Sh, rs1: T3, rs2: S0));            // the upper half, in the next page
        code.Add(Encoder.Encode(Op.FenceI));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, imm: 1000));
        code.Add(Encoder.Encode(Op.Jal, rd: Ra, imm: 0xFF0 - 4 * code.Count)); // a0 += 8 * 1000
        code.Add(Encoder.Encode(Op.Ecall));
        m.WriteCode(page, code);
        WriteLoop(m, page, page + 0x1000, crossingAdd: 1);
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(12000UL, m.Hart.GetX(A0));
        Assert.Equal(2000UL, m.Hart.GetX(A2));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    [InlineData("jit-tlb-local")]
    public void Remapping_the_next_page_runs_the_new_frame(string engine)
    {
        using var m = new UserModeMachine(engine);
        ulong first = UserModeMachine.RamBase + 0x40000, nextA = UserModeMachine.RamBase + 0x41000, nextB = UserModeMachine.RamBase + 0x50000;
        m.WriteCode(first, [
            Encoder.Encode(Op.Addi, rd: A1, imm: 1000),
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0xFF0 - 4),
            Encoder.Encode(Op.Ecall),
        ]);
        WriteLoop(m, first, nextA, crossingAdd: 1);
        WriteLoop(m, first, nextB, crossingAdd: 7); // the same first page; the other frame says 7
        var tables = new Sv39TestTables(m);
        tables.Enable();
        const ulong code = 0x10000;
        tables.Map(code, first);

        tables.Map(code + 0x1000, nextA);
        m.Hart.Pc = code;
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(4000UL, m.Hart.GetX(A0));

        tables.Map(code + 0x1000, nextB);
        m.Hart.Pc = code;
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(4000UL + 10000UL, m.Hart.GetX(A0));

        tables.Map(code + 0x1000, nextA);
        m.Hart.Pc = code;
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(14000UL + 4000UL, m.Hart.GetX(A0));
    }
}
