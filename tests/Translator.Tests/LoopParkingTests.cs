using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A self-loop in a region with more guest registers than host registers runs on copies of its registers with the
/// region's other registers parked in the CpuState (stored before the loop when written, loaded again on every way out),
/// unless an outer loop of the region's static edges runs it (an inner loop: then they are not parked). Here an outer loop writes fourteen registers the inner loop does not touch and reads them after it; the inner loop
/// walks a0 through the data pages until a load faults in the unmapped page after them. Registers, pc, instret and
/// memory must be the interpreter's: at the fault (a cold exit of the inner loop), at budget exits (random slices) and
/// after the loop. The same inner loop as three blocks with an edge out of its middle (which runs on the registers'
/// own locals) is checked alike. t4, which the outer loop writes and the inner loop only reads, is read from the
/// CpuState inside the self-loop (a loop invariant): it must be stored there before the loop.
/// </summary>
public sealed unsafe class LoopParkingTests
{
    private const int Gp = 3, Tp = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1 = 11, A5 = 15, T3 = 28, T4 = 29;
    private const ulong Code = 0x10000, Data = 0x40000;
    private static readonly ulong CodeFrame = UserModeMachine.RamBase + 0x40000;
    private static readonly ulong DataFrame = UserModeMachine.RamBase + 0x60000;
    private const int DataPages = 3;

    /// <summary>The registers only the outer loop uses: s1-s11, a2-a4 (a5 counts it, tp sums them).</summary>
    private static readonly int[] Others = [9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 12, 13, 14];

    private const int T5 = 30; // holds Code: the outer loop's indirect jump back

    private static uint[] Program(bool multiBlock, bool outerByJump)
    {
        var code = new List<uint>();
        // outer: write every other register (a mix of adds and shifts, so each keeps changing)
        for (int i = 0; i < Others.Length; i++)
            code.Add(i % 2 == 0
                ? Encoder.Encode(Op.Addi, rd: Others[i], rs1: Others[i], imm: 2 * i + 1)
                : Encoder.Encode(Op.Xor, rd: Others[i], rs1: Others[i], rs2: Others[i - 1]));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: 8));
        code.Add(Encoder.Encode(Op.Addi, rd: T4, rs1: T4, imm: 5));
        if (multiBlock) code.Add(Encoder.Encode(Op.Jal, rd: 0, imm: 4)); // the inner loop's header starts a block
        int inner = code.Count;
        code.Add(Encoder.Encode(Op.Xor, rd: T2, rs1: T2, rs2: T4));    // inner:
        code.Add(Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 0));
        if (multiBlock)
        {
            // leaves the loop early when the loaded value's low six bits are 0 (an edge out of its second block), and
            // skips the add to s0 when t0 < t1 (a branch inside it)
            code.Add(Encoder.Encode(Op.Andi, rd: T3, rs1: T0, imm: 63));
            code.Add(Encoder.Encode(Op.Bltu, rs1: T0, rs2: T1, imm: 12));  // to skip
            code.Add(Encoder.Encode(Op.Beq, rs1: T3, rs2: 0, imm: 4 * 8)); // to after (8 instructions on)
        }
        code.Add(Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0));
        code.Add(Encoder.Encode(Op.Xor, rd: T1, rs1: T1, rs2: S0));    // skip:
        code.Add(Encoder.Encode(Op.Add, rd: T2, rs1: T2, rs2: T1));
        code.Add(Encoder.Encode(Op.Slli, rd: Gp, rs1: T2, imm: 3));
        code.Add(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 8));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: 4 * (inner - code.Count)));
        // after: read every other register
        foreach (int r in Others) code.Add(Encoder.Encode(Op.Add, rd: Tp, rs1: Tp, rs2: r));
        code.Add(Encoder.Encode(Op.Add, rd: Tp, rs1: Tp, rs2: Gp));
        code.Add(Encoder.Encode(Op.Addi, rd: A5, rs1: A5, imm: -1));
        if (outerByJump)
        {
            // back through the region's entry select: no static edge closes the outer loop, so the self-loop is not an
            // inner loop of the region (RegionEntries.InOuterLoop) and the other registers are parked around it
            code.Add(Encoder.Encode(Op.Beq, rs1: A5, rs2: 0, imm: 8));
            code.Add(Encoder.Encode(Op.Jalr, rd: 0, rs1: T5, imm: 0));
        }
        else code.Add(Encoder.Encode(Op.Bne, rs1: A5, rs2: 0, imm: -4 * code.Count));
        code.Add(Encoder.Encode(Op.Ecall));
        return [.. code];
    }

    private static string Run(string engine, bool multiBlock, bool outerByJump, long outer, int slicesSeed)
    {
        using var m = new UserModeMachine(engine);
        m.WriteCode(CodeFrame, Program(multiBlock, outerByJump));
        new Random(7).NextBytes(m.Ram.Span(DataFrame, DataPages * 4096));
        var tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(Code, CodeFrame);
        for (int i = 0; i < DataPages; i++) tables.Map(Data + (ulong)i * 4096, DataFrame + (ulong)i * 4096);
        m.Hart.Pc = Code;
        m.Hart.SetX(A0, Data);
        m.Hart.SetX(A5, (ulong)outer);
        m.Hart.SetX(T5, Code);
        for (int i = 0; i < Others.Length; i++) m.Hart.SetX(Others[i], (ulong)(i * 0x1234567 + 1));
        var trap = m.RunToTrap(slices: slicesSeed < 0 ? null : new Random(slicesSeed));
        Assert.NotNull(trap);
        return $"{trap!.Value.Cause} {trap.Value.Tval:x}\n{m.DescribeState()}";
    }

    [Theory]
    [InlineData(false, false, 40, -1)]    // ends at the ecall
    [InlineData(false, false, 1000, -1)]  // a load faults in the page after the data, inside the inner loop
    [InlineData(false, false, 1000, 5)]   // the same in random slices: budget exits inside and around the inner loop
    [InlineData(true, false, 40, -1)]     // the inner loop as three blocks, with an edge out of its middle
    [InlineData(true, false, 1000, -1)]
    [InlineData(true, false, 1000, 5)]
    [InlineData(false, true, 40, -1)]     // the outer loop closed by an indirect jump: the registers are parked
    [InlineData(false, true, 1000, -1)]
    [InlineData(false, true, 1000, 5)]
    [InlineData(true, true, 1000, 5)]
    public void Registers_parked_around_a_self_loop_are_the_interpreters(bool multiBlock, bool outerByJump, long outer, int slicesSeed)
    {
        string interp = Run("interp", multiBlock, outerByJump, outer, slicesSeed);
        Assert.Equal(interp, Run("jit-optimised", multiBlock, outerByJump, outer, slicesSeed));
        Assert.Equal(interp, Run("jit", multiBlock, outerByJump, outer, slicesSeed));
    }
}
