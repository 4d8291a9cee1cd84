using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Indirect jumps whose target is a block of the same region (a switch's jump table, a return to a call site)
/// continue inside the region's method; targets that are not (yet) in it leave through the jump cache. Both
/// must give the interpreter's state exactly, also when the engine is stopped at random points (budget exits
/// taken at the in-region dispatch).
/// </summary>
public sealed unsafe class IndirectJumpTests
{
    private const int Ra = 1, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11, A2 = 12;

    /// <summary>A loop that dispatches through a 4-way jump table and calls a function in the same page.</summary>
    private static uint[] JumpTableProgram(int iterations) =>
    [
        Encoder.Encode(Op.Addi, rd: A0, rs1: 0, imm: 0),          // 0x00 acc = 0
        Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: iterations), // 0x04 count
        Encoder.Encode(Op.Auipc, rd: T2, imm: 0),                 // 0x08 t2 = base + 8
        Encoder.Encode(Op.Andi, rd: T0, rs1: A1, imm: 3),         // 0x0c loop: case = count & 3
        Encoder.Encode(Op.Slli, rd: T0, rs1: T0, imm: 3),         // 0x10 case * 8
        Encoder.Encode(Op.Add, rd: T1, rs1: T2, rs2: T0),         // 0x14
        Encoder.Encode(Op.Jalr, rd: 0, rs1: T1, imm: 0x20),       // 0x18 -> 0x28 + case * 8
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),           // 0x1c
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),           // 0x20
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),           // 0x24
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),         // 0x28 case 0
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x48 - 0x2c),          // 0x2c
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 3),         // 0x30 case 1
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x48 - 0x34),          // 0x34
        Encoder.Encode(Op.Xori, rd: A0, rs1: A0, imm: 0x55),      // 0x38 case 2
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x48 - 0x3c),          // 0x3c
        Encoder.Encode(Op.Slli, rd: A0, rs1: A0, imm: 1),         // 0x40 case 3
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x48 - 0x44),          // 0x44
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x60 - 0x48),         // 0x48 join: call f
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),        // 0x4c
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: 0x0c - 0x50), // 0x50
        Encoder.Encode(Op.Ecall),                                 // 0x54
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),           // 0x58
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),           // 0x5c
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 7),         // 0x60 f: a2 += 7
        Encoder.Encode(Op.Xor, rd: A0, rs1: A0, rs2: A2),         // 0x64     a0 ^= a2
        Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),          // 0x68     return
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Jump_table_and_returns_inside_a_region_match_the_interpreter(bool randomSlices)
    {
        const int iterations = 1000;
        string Run(string engine)
        {
            using var m = new UserModeMachine(engine);
            m.WriteCode(UserModeMachine.CodeBase, JumpTableProgram(iterations));
            var trap = m.RunToTrap(slices: randomSlices ? new Random(7) : null);
            Assert.NotNull(trap);
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            Assert.Equal((ulong)(7 * iterations), m.Hart.State->X[A2]); // every iteration called f once
            return m.DescribeState();
        }
        string interp = Run("interp");
        Assert.Equal(interp, Run("jit"));
    }

    [Fact]
    public void A_region_with_a_jump_table_takes_the_cases_that_have_run()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, JumpTableProgram(10));
        ulong loop = UserModeMachine.CodeBase + 0x0c;
        ulong[] cases = [.. new[] { 0x28, 0x30, 0x38, 0x40 }.Select(o => UserModeMachine.CodeBase + (ulong)o)];
        ulong function = UserModeMachine.CodeBase + 0x60;

        // Without knowing what ran, a computed jump has no successors: the region stops at it.
        var blind = GuestRegion.Read(m.Ram, loop);
        Assert.DoesNotContain(cases[0], blind.Blocks.Keys);

        // Cases that ran join, nearest first; a case that never ran stays out. The function's return
        // (jalr through ra) adds nothing, though the function's entry is in the same page and ran.
        ulong[] ran = [cases[0], cases[2], cases[3], function];
        var region = GuestRegion.Read(m.Ram, loop, ranInPage: _ => ran);
        Assert.Contains(cases[0], region.Blocks.Keys);
        Assert.Contains(cases[2], region.Blocks.Keys);
        Assert.Contains(cases[3], region.Blocks.Keys);
        Assert.DoesNotContain(cases[1], region.Blocks.Keys);

        var ret = GuestRegion.Read(m.Ram, function, ranInPage: _ => cases);
        Assert.Single(ret.Blocks);
    }

    [Fact]
    public void The_engine_compiles_a_dispatch_loop_and_its_cases_as_one_region()
    {
        // A threshold above 1: the cases run in the interpreter (and are counted) before the loop turns hot.
        using var m = new UserModeMachine("jit", hotThreshold: 8);
        m.WriteCode(UserModeMachine.CodeBase, JumpTableProgram(200));
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
        var cache = ((JitEngine)m.Engine).Cache;
        var loopRegion = cache.Lookup(UserModeMachine.CodeBase + 0x0c);
        Assert.NotNull(loopRegion);
        foreach (int caseOffset in new[] { 0x28, 0x30, 0x38, 0x40 })
            Assert.Contains(UserModeMachine.CodeBase + (ulong)caseOffset, loopRegion!.Entries);
    }

    /// <summary>
    /// A loop that calls a function in the next page: the call and the return leave their regions (each page has
    /// its own), and generated code continues in the other region through the jump cache, not the dispatcher.
    /// </summary>
    [Fact]
    public void Calls_and_returns_across_pages_continue_through_the_jump_cache()
    {
        const int iterations = 2000;
        uint[] caller =
        [
            Encoder.Encode(Op.Addi, rd: A1, rs1: 0, imm: iterations), // 0x00
            Encoder.Encode(Op.Jal, rd: Ra, imm: 0x1000 - 0x04),       // 0x04 loop: call f (next page)
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),        // 0x08
            Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: 0x04 - 0x0c), // 0x0c
            Encoder.Encode(Op.Ecall),                                 // 0x10
        ];
        uint[] function =
        [
            Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 3),         // f: a2 += 3
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),          //    return
        ];
        string Run(string engine, out long dispatches)
        {
            using var m = new UserModeMachine(engine);
            // At an address whose bits above the page fold into the jump cache's index.
            m.WriteCode(UserModeMachine.CodeBase + 0x6000, caller);
            m.WriteCode(UserModeMachine.CodeBase + 0x7000, function);
            m.Hart.Pc = UserModeMachine.CodeBase + 0x6000;
            var trap = m.RunToTrap();
            Assert.Equal(ExceptionCause.EcallFromUser, trap!.Value.Cause);
            Assert.Equal((ulong)(3 * iterations), m.Hart.State->X[A2]);
            dispatches = (m.Engine as JitEngine)?.CompiledBlockRuns ?? 0;
            return m.DescribeState();
        }
        string interp = Run("interp", out _);
        Assert.Equal(interp, Run("jit", out long dispatches));
        // 4,000 region changes; only the first few (before the regions exist and are in the jump cache) may
        // come back to the dispatcher.
        Assert.InRange(dispatches, 1, 20);
    }

    [Fact]
    public void Stats_split_the_engines_time_between_compiled_code_the_interpreter_and_the_dispatcher()
    {
        // A threshold above 1: the loop and f run in the interpreter before they are compiled.
        using var m = new UserModeMachine("jit-timed", hotThreshold: 16);
        m.WriteCode(UserModeMachine.CodeBase, JumpTableProgram(2000));
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()!.Value.Cause);
        var jit = (JitEngine)m.Engine;
        Assert.True(jit.CompiledTicks > 0 && jit.InterpretTicks > 0);
        Assert.True(jit.CompiledTicks + jit.InterpretTicks <= jit.RunTicks);
        string time = jit.Statistics().Single(s => s.Name == "time in the engine").Value;
        Assert.Contains("compiled code", time);
        Assert.Contains("dispatcher", time);
    }
}
