using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Accesses through one base register that changes only by constants share one TLB probe (<see cref="BlockIdioms.ProbeGroup"/>).
/// The shared probe must step aside exactly when one access would not be a hit of its own: a window that
/// straddles two pages (mapped here to frames far apart, so reading past the first frame would read the
/// wrong memory), a page that cannot be written; misaligned accesses inside a page stay in the group. Each case runs under both engines
/// and compares registers, pc, instret and both data frames.
/// </summary>
public sealed unsafe class SharedProbeTests
{
    private const int T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1 = 11;
    private const ulong Data = SplitDataPages.Data;
    private static readonly ulong FrameLow = SplitDataPages.FrameLow, FrameHigh = SplitDataPages.FrameHigh;

    /// <summary>Loads a group of three and stores a group of three through a0, a1 times, a0 advancing by step.</summary>
    private static uint[] Loop(int step) =>
    [
        Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 0),     // loop:
        Encoder.Encode(Op.Ld, rd: T1, rs1: A0, imm: 8),
        Encoder.Encode(Op.Lw, rd: T2, rs1: A0, imm: 16),
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Xor, rd: S0, rs1: S0, rs2: T1),
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T2),
        Encoder.Encode(Op.Sd, rs1: A0, rs2: S0, imm: 0),
        Encoder.Encode(Op.Sw, rs1: A0, rs2: T1, imm: 12),
        Encoder.Encode(Op.Sh, rs1: A0, rs2: T2, imm: 22),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: step),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -44),
        Encoder.Encode(Op.Ecall),
    ];

    private static UserModeMachine Prepare(string engine, uint[] code) => SplitDataPages.Prepare(engine, code, seed: 3);

    /// <summary>Runs <paramref name="code"/> under the interpreter, which must stop with <paramref name="cause"/>, and under
    /// <paramref name="engine"/>, which must leave the same registers and memory.</summary>
    private static void AssertAsInterpreter(string engine, uint[] code, ulong start, long count, ExceptionCause cause)
    {
        string interp = Run("interp", code, start, count);
        Assert.StartsWith(cause.ToString(), interp);
        Assert.Equal(interp, Run(engine, code, start, count));
    }

    private static string Run(string engine, uint[] code, ulong start, long count)
    {
        using var m = Prepare(engine, code);
        m.Hart.SetX(A0, start);
        m.Hart.SetX(A1, (ulong)count);
        return SplitDataPages.RunToTrap(m);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void Windows_that_straddle_two_pages_read_and_write_the_right_frames(string engine)
    {
        // a0 walks from 0x80 below the page boundary to 0x80 above it: windows before, across and after it.
        AssertAsInterpreter(engine, Loop(8), Data + 0x1000 - 0x80, 32, ExceptionCause.EcallFromUser);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void Misaligned_accesses_in_a_group_give_the_interpreters_results(string engine)
    {
        // Every other iteration the base is only 4-byte aligned: the doubleword accesses are misaligned (the MMU
        // performs those), and near the page end some also straddle it.
        AssertAsInterpreter(engine, Loop(4), Data + 0x1000 - 0x40, 40, ExceptionCause.EcallFromUser);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void A_store_group_faults_precisely_at_a_read_only_page(string engine)
    {
        // The stores' window reaches into the read-only page after a few iterations: the first store that
        // lands there faults with every earlier store done and every register as the interpreter has it.
        AssertAsInterpreter(engine, Loop(8), Data + 0x2000 - 0x40, 32, ExceptionCause.StorePageFault);
    }

    /// <summary>Read-modify-write of one doubleword per iteration, a0 advancing by step between the load and the stores
    /// (gcc's shape for <c>a[i] = f(a[i])</c>): a load and two stores that share the store view's probe, the last
    /// re-reading bytes the first stored. The first load, once, puts the page 0x40 bytes on into the load view (in the
    /// read-only case the page the stores fault on: a probe of the load view would let them write it).</summary>
    private static uint[] ReadModifyWrite(int step) =>
    [
        Encoder.Encode(Op.Ld, rd: T2, rs1: A0, imm: 0x40),
        Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 0),     // loop:
        Encoder.Encode(Op.Xor, rd: T0, rs1: T0, rs2: S0),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: step),
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Sd, rs1: A0, rs2: T0, imm: -step),
        Encoder.Encode(Op.Lhu, rd: T1, rs1: A0, imm: 6 - step),
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T1),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -32),
        Encoder.Encode(Op.Ecall),
    ];

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void A_read_modify_write_across_two_pages_reads_and_writes_the_right_frames(string engine)
    {
        AssertAsInterpreter(engine, ReadModifyWrite(8), Data + 0x1000 - 0x80, 32, ExceptionCause.EcallFromUser);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void A_misaligned_read_modify_write_gives_the_interpreters_results(string engine)
    {
        // 2 bytes off alignment, 4 bytes a step: doublewords that overlap the previous one's, some across the page end.
        AssertAsInterpreter(engine, ReadModifyWrite(4), Data + 0x1000 - 0x42, 40, ExceptionCause.EcallFromUser);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("jit-optimised")]
    public void A_read_modify_write_faults_precisely_at_a_read_only_page(string engine)
    {
        // The load of the first element in the read-only page succeeds, its store faults.
        AssertAsInterpreter(engine, ReadModifyWrite(8), Data + 0x2000 - 0x40, 32, ExceptionCause.StorePageFault);
    }

    /// <summary>A load alone in a self-loop (which runs on copies of its registers): a0 walks by step, a word loaded 3 bytes
    /// off it (misaligned when the step keeps it so) and summed into s0.</summary>
    private static uint[] WalkingLoad(int step) =>
    [
        Encoder.Encode(Op.Lw, rd: T0, rs1: A0, imm: 3),     // loop:
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Slli, rd: S0, rs1: S0, imm: 1),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: step),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -20),
        Encoder.Encode(Op.Ecall),
    ];

    [Theory]
    [InlineData(4, 0x1000 - 0x40, 40)]     // up across the boundary of two frames far apart
    [InlineData(-4, 0x1000 + 0x40, 40)]    // down across it
    [InlineData(1, 0x1000 - 0x10, 40)]     // misaligned, one byte a step: the words that straddle the pages miss
    [InlineData(4, 0x2000 - 0x40, 40)]     // into the read-only page (loads may)
    [InlineData(4, 0x3000 - 0x40, 40)]     // into an unmapped page: the first load there faults
    public void A_load_alone_in_a_self_loop_reads_the_right_frames_across_pages(int step, int start, int iterations)
    {
        string interp = Run("interp", WalkingLoad(step), Data + (ulong)start, iterations);
        Assert.Equal(interp, Run("jit-optimised", WalkingLoad(step), Data + (ulong)start, iterations));
    }

    /// <summary>One misaligned doubleword load and one misaligned word store per iteration, each alone (no group):
    /// a0 and a1 walk 3 bytes off alignment, across the page boundary.</summary>
    private static uint[] SingleMisaligned() =>
    [
        Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 3),     // loop:
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Sw, rs1: T2, rs2: S0, imm: 1),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 8),
        Encoder.Encode(Op.Addi, rd: T2, rs1: T2, imm: 8),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -24),
        Encoder.Encode(Op.Ecall),
    ];

    [Fact]
    public void Misaligned_accesses_alone_stay_in_compiled_code_unless_they_cross_a_page()
    {
        const int iterations = 64;
        string Run(string engine, out long slow)
        {
            using var m = Prepare(engine, SingleMisaligned());
            m.Hart.SetX(A0, Data + 0x1000 - 8 * (iterations / 2)); // loads cross the boundary half way
            m.Hart.SetX(T2, Data + 0xb00);                          // stores stay inside the first page
            m.Hart.SetX(A1, iterations);
            var trap = m.RunToTrap();
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            slow = (m.Engine as JitEngine)?.SlowAccesses ?? 0;
            return $"{m.DescribeState()}{m.Checksum(FrameLow)} {m.Checksum(FrameHigh)}";
        }
        string interp = Run("interp", out _);
        Assert.Equal(interp, Run("jit", out long slowAccesses));
        // 128 misaligned accesses; only the load that straddles the two pages leaves compiled code.
        Assert.InRange(slowAccesses, 1, 2);
    }
}
