using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Loads in a self-loop keep the page and addend of their last TLB hit in locals (the memo) and probe the TLB only when
/// an access leaves that page. Here loads of every width walk aligned through two data pages whose frames are not
/// adjacent (the second lies below the first, so an access made with the first page's addend past its end reads the
/// wrong frame), up and down, into an unmapped page (the first load there faults), and with a base that alternates
/// between aligned and misaligned (a misaligned access never uses the memo, and the aligned one after it must). Each
/// runs in one slice and in random slices (the loop entered again and again), and must leave the interpreter's
/// registers, pc and instret. The region's FP gate (passed once a call of the region) is checked with FP on, and with FP
/// turned off before the compiled loop runs again.
/// </summary>
public sealed unsafe class LoopLoadMemoTests
{
    private const int T0 = 5, T1 = 6, S0 = 8, S1 = 9, A0 = 10, A1 = 11, A2 = 12;
    private const int Fa0 = 10, Fa1 = 11;
    private const ulong Code = 0x10000, Data = 0x40000;
    private static readonly ulong CodeFrame = UserModeMachine.RamBase + 0x40000;
    private static readonly ulong FrameLow = UserModeMachine.RamBase + 0x60000, FrameHigh = UserModeMachine.RamBase + 0x50000;

    /// <summary>A self-loop: a load of <paramref name="op"/> at a0 summed into s0, a byte load at a0 + 1 summed into s1,
    /// a0 advancing by a2 (which flips sign every iteration when <paramref name="wobble"/>: steps of +a2 then -a2 + 1
    /// alternate the base between aligned and misaligned), a1 counting down.</summary>
    private static uint[] Loop(Op op, bool wobble)
    {
        var code = new List<uint>
        {
            Encoder.Encode(op, rd: op == Op.Fld ? Fa0 : T0, rs1: A0, imm: 0),   // loop:
            Encoder.Encode(Op.Lbu, rd: T1, rs1: A0, imm: 1),
        };
        if (op == Op.Fld)
        {
            code.Add(Encoder.Encode(Op.FaddD, rd: Fa1, rs1: Fa1, rs2: Fa0));
            code.Add(Encoder.Encode(Op.FmvXD, rd: T0, rs1: Fa0));
        }
        code.Add(Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0));
        code.Add(Encoder.Encode(Op.Add, rd: S1, rs1: S1, rs2: T1));
        code.Add(Encoder.Encode(Op.Add, rd: A0, rs1: A0, rs2: A2));
        if (wobble)
        {
            code.Add(Encoder.Encode(Op.Sub, rd: A2, rs1: 0, rs2: A2));
            code.Add(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1));
        }
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -4 * code.Count));
        code.Add(Encoder.Encode(Op.Ecall));
        return [.. code];
    }

    private static string Run(string engine, uint[] code, ulong start, long step, long count, int slicesSeed, bool fpOff = false)
    {
        using var m = new UserModeMachine(engine);
        m.WriteCode(CodeFrame, code);
        var rng = new Random(11);
        rng.NextBytes(m.Ram.Span(FrameLow, 4096));
        rng.NextBytes(m.Ram.Span(FrameHigh, 4096));
        var tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(Code, CodeFrame);
        tables.Map(Data, FrameLow);
        tables.Map(Data + 0x1000, FrameHigh);
        m.Hart.Pc = Code;
        m.Hart.SetX(A0, start);
        m.Hart.SetX(A1, (ulong)count);
        m.Hart.SetX(A2, (ulong)step);
        var trap = m.RunToTrap(slices: slicesSeed < 0 ? null : new Random(slicesSeed));
        Assert.NotNull(trap);
        if (fpOff)
        {
            // Once more from the start, FP now off: the loop's code (compiled by now) must stop at its first FP instruction.
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            m.Hart.Csrs.Mstatus &= ~(3UL << 13);
            m.Hart.Pc = Code;
            m.Hart.SetX(A0, start);
            m.Hart.SetX(A1, (ulong)count);
            trap = m.RunToTrap(slices: slicesSeed < 0 ? null : new Random(slicesSeed));
            Assert.NotNull(trap);
        }
        return $"{trap!.Value.Cause} {trap.Value.Tval:x} fs={(m.Hart.Csrs.Mstatus >> 13) & 3}\n{m.DescribeState()}";
    }

    [Theory]
    [InlineData(Op.Lw, 4, 0x1000 - 0x40, 40, -1)]      // up across the boundary of two frames far apart
    [InlineData(Op.Ld, 8, 0x1000 - 0x40, 40, -1)]
    [InlineData(Op.Lh, 2, 0x1000 - 0x20, 40, -1)]
    [InlineData(Op.Lwu, -4, 0x1000 + 0x40, 40, -1)]    // down across it
    [InlineData(Op.Ld, -8, 0x1000 + 0x40, 40, 3)]      // in random slices: the loop entered again with its memo empty
    [InlineData(Op.Ld, 8, 0x2000 - 0x40, 40, -1)]      // into the unmapped page: the first load there faults
    [InlineData(Op.Lw, 4, 0x2000 - 0x40, 40, 5)]
    [InlineData(Op.Fld, 8, 0x1000 - 0x40, 40, -1)]     // an FP load
    [InlineData(Op.Fld, 8, 0x2000 - 0x40, 40, 7)]
    public void Loads_in_a_self_loop_read_the_right_frames(Op op, int step, int start, int iterations, int slicesSeed)
    {
        string interp = Run("interp", Loop(op, wobble: false), Data + (ulong)start, step, iterations, slicesSeed);
        Assert.Equal(interp, Run("jit-optimised", Loop(op, wobble: false), Data + (ulong)start, step, iterations, slicesSeed));
        Assert.Equal(interp, Run("jit-tlb-local", Loop(op, wobble: false), Data + (ulong)start, step, iterations, slicesSeed));
    }

    [Theory]
    [InlineData(Op.Ld, 0x1000 - 0x81)]   // aligned, then misaligned, the misaligned ones straddling the boundary near it
    [InlineData(Op.Lw, 0x1000 - 0x41)]
    public void A_base_that_alternates_alignment_reads_the_right_frames(Op op, int start)
    {
        // Steps of +16, then -15: the base moves up by one byte every two iterations, aligned every eighth.
        string interp = Run("interp", Loop(op, wobble: true), Data + (ulong)start, 16, 400, -1);
        Assert.Equal(interp, Run("jit-optimised", Loop(op, wobble: true), Data + (ulong)start, 16, 400, -1));
    }

    [Theory]
    [InlineData(false)]   // FS = Initial: the first iteration's gate marks it Dirty
    [InlineData(true)]    // then FS = Off and the loop again: its first fld is illegal, every register as before it
    public void An_fp_self_loop_gates_fp_as_the_interpreter_does(bool fpOff)
    {
        string interp = Run("interp", Loop(Op.Fld, wobble: false), Data + 0x100, 8, 40, -1, fpOff);
        Assert.Equal(interp, Run("jit-optimised", Loop(Op.Fld, wobble: false), Data + 0x100, 8, 40, -1, fpOff));
        Assert.Equal(interp, Run("jit-optimised", Loop(Op.Fld, wobble: false), Data + 0x100, 8, 40, 9, fpOff));
    }
}
