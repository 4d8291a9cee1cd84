using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Calls and returns between regions in different pages: compiled code passes from one page's translation to
/// another's without the dispatcher (through the jump cache), and must never run code that the current mapping
/// no longer shows there. (Direct links between pages, guarded by the pc they were made for and dropped on every
/// mapping change, were built and measured against this: they did not pay, see the README.)
/// </summary>
public sealed unsafe class CrossPageTransitionTests
{
    private const int Ra = 1, Sp = 2, T0 = 5, A0 = 10, A1 = 11, A2 = 12, A3 = 13;
    private const ulong CallerVa = 0x10000, FunctionVa = 0x20000;
    private const ulong CallerFrame = UserModeMachine.RamBase + 0x40000;
    private const ulong FunctionFrame = UserModeMachine.RamBase + 0x41000, OtherFunctionFrame = UserModeMachine.RamBase + 0x42000;

    /// <summary>A loop of a1 iterations calling the function at <see cref="FunctionVa"/>, then ecall.</summary>
    private static readonly uint[] Caller = GuestCode.CallInLoop((long)(FunctionVa - CallerVa));

    private static uint[] AddToA2(int n) =>
    [
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: n), // f: a2 += n
        Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),  //    return
    ];

    private static UserModeMachine Mapped(string engine, out Sv39TestTables tables)
    {
        var m = new UserModeMachine(engine);
        m.WriteCode(CallerFrame, Caller);
        m.WriteCode(FunctionFrame, AddToA2(3));
        m.WriteCode(OtherFunctionFrame, AddToA2(5));
        tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(CallerVa, CallerFrame);
        tables.Map(FunctionVa, FunctionFrame);
        return m;
    }

    private static Trap? RunLoop(UserModeMachine m, int iterations)
    {
        m.Hart.SetX(A1, (ulong)iterations);
        m.Hart.Pc = CallerVa;
        return m.RunToTrap();
    }

    public enum MappingChange { NewCodeAtSameAddress, Unmapped, NotExecutable, SatpSwitch }

    [Theory]
    [InlineData("interp", MappingChange.NewCodeAtSameAddress)]
    [InlineData("jit", MappingChange.NewCodeAtSameAddress)]
    [InlineData("interp", MappingChange.Unmapped)]
    [InlineData("jit", MappingChange.Unmapped)]
    [InlineData("interp", MappingChange.NotExecutable)]
    [InlineData("jit", MappingChange.NotExecutable)]
    [InlineData("interp", MappingChange.SatpSwitch)]
    [InlineData("jit", MappingChange.SatpSwitch)]
    public void A_cross_page_call_follows_the_mapping_as_it_changes(string engine, MappingChange change)
    {
        using var m = Mapped(engine, out var tables);
        Assert.Equal(ExceptionCause.EcallFromUser, RunLoop(m, 100)?.Cause);
        Assert.Equal(300UL, m.Hart.GetX(A2));

        switch (change)
        {
            case MappingChange.NewCodeAtSameAddress: tables.Map(FunctionVa, OtherFunctionFrame); break;
            case MappingChange.Unmapped: tables.Map(FunctionVa, 0, permissions: 0); break;
            case MappingChange.NotExecutable: tables.Map(FunctionVa, FunctionFrame, Sv39TestTables.UserRead); break;
            case MappingChange.SatpSwitch:
                var other = new Sv39TestTables(m, root: UserModeMachine.RamBase + 0x30000);
                other.Map(CallerVa, CallerFrame);
                other.Map(FunctionVa, OtherFunctionFrame);
                other.Enable();
                break;
        }
        var trap = RunLoop(m, 100);
        if (change is MappingChange.Unmapped or MappingChange.NotExecutable)
        {
            // The call reaches a page that no longer executes: a fetch fault at the function, a2 untouched.
            Assert.Equal(ExceptionCause.InstructionPageFault, trap?.Cause);
            Assert.Equal(FunctionVa, m.Hart.Pc);
            Assert.Equal(300UL, m.Hart.GetX(A2));
        }
        else
        {
            Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
            Assert.Equal(300UL + 500, m.Hart.GetX(A2)); // the same virtual pc ran the new code every time
        }
    }

    /// <summary>New code stored over the callee (a program loaded over old code) is what runs next.</summary>
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void A_cross_page_call_runs_the_callee_code_stored_since(string engine)
    {
        using var m = Mapped(engine, out _);
        Assert.Equal(ExceptionCause.EcallFromUser, RunLoop(m, 100)?.Cause);
        m.WriteCode(FunctionFrame, AddToA2(7)); // a store to the code page, as the guest's would be
        Assert.Equal(ExceptionCause.EcallFromUser, RunLoop(m, 100)?.Cause);
        Assert.Equal(300UL + 700, m.Hart.GetX(A2));
    }

    /// <summary>The callee changes its return address on every other call (skipping the instruction after the
    /// call) and, once in a while, returns somewhere else entirely. Also with random budgets, so runs stop at
    /// any point.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_return_to_a_modified_address_goes_there(bool randomSlices)
    {
        const ulong caller = UserModeMachine.CodeBase + 0x6000, function = UserModeMachine.CodeBase + 0x7000;
        uint[] callerCode =
        [
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)(function - caller)), // 0x00 loop: call f
            Encoder.Encode(Op.Addi, rd: A3, rs1: A3, imm: 1),              // 0x04 skipped when f moved ra
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),             // 0x08
            Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -12),             // 0x0c
            Encoder.Encode(Op.Ecall),                                      // 0x10
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),              // 0x14 elsewhere: count, back to the loop
            Encoder.Encode(Op.Jal, rd: 0, imm: 0x08 - 0x18),               // 0x18
        ];
        uint[] functionCode =
        [
            Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 3),  // 0x00
            Encoder.Encode(Op.Andi, rd: T0, rs1: A1, imm: 1),  // 0x04
            Encoder.Encode(Op.Beq, rs1: T0, rs2: 0, imm: 0x14), // 0x08 even: plain return
            Encoder.Encode(Op.Addi, rd: Ra, rs1: Ra, imm: 4),  // 0x0c odd: skip the caller's next instruction
            Encoder.Encode(Op.Andi, rd: T0, rs1: A1, imm: 6),  // 0x10
            Encoder.Encode(Op.Bne, rs1: T0, rs2: 0, imm: 8),   // 0x14
            Encoder.Encode(Op.Addi, rd: Ra, rs1: Ra, imm: 0x0c), // 0x18 a1 % 8 == 1: return to "elsewhere"
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),   // 0x1c
        ];
        string Run(string engine)
        {
            using var m = new UserModeMachine(engine);
            m.WriteCode(caller, callerCode);
            m.WriteCode(function, functionCode);
            m.Hart.SetX(A1, 1000);
            m.Hart.Pc = caller;
            Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap(slices: randomSlices ? new Random(11) : null)?.Cause);
            return m.DescribeState();
        }
        string interp = Run("interp");
        Assert.Contains($"x{A3}={500:x16}", interp);
        Assert.Contains($"x{A0}={125:x16}", interp);
        Assert.Equal(interp, Run("jit"));
    }

    /// <summary>Mutual recursion between two pages, 300 calls deep, with every return checked.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Deep_recursion_across_pages_matches_the_interpreter(bool randomSlices)
    {
        const ulong f = UserModeMachine.CodeBase + 0x6000, g = UserModeMachine.CodeBase + 0x7000, main = UserModeMachine.CodeBase + 0x8000;
        // f(a0): if a0 == 0 return; a0--; g(a0); a2 += 1.   g(a0): f(a0); a3 += a2.
        uint[] fCode =
        [
            Encoder.Encode(Op.Bne, rs1: A0, rs2: 0, imm: 8),       // 0x00
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),       // 0x04
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: -16),    // 0x08
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: Ra, imm: 0),       // 0x0c
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: -1),     // 0x10
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)(g - (f + 0x14))), // 0x14
            Encoder.Encode(Op.Ld, rd: Ra, rs1: Sp, imm: 0),        // 0x18
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: 16),     // 0x1c
            Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 1),      // 0x20
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),       // 0x24
        ];
        uint[] gCode =
        [
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: -16),    // 0x00
            Encoder.Encode(Op.Sd, rs1: Sp, rs2: Ra, imm: 0),       // 0x04
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)((long)f - (long)(g + 8))), // 0x08
            Encoder.Encode(Op.Ld, rd: Ra, rs1: Sp, imm: 0),        // 0x0c
            Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: 16),     // 0x10
            Encoder.Encode(Op.Add, rd: A3, rs1: A3, rs2: A2),      // 0x14
            Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),       // 0x18
        ];
        uint[] mainCode =
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A1, imm: 0),      // 0x00 loop: a0 = depth
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)((long)f - (long)(main + 4))), // 0x04
            Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: -1),     // 0x08
            Encoder.Encode(Op.Bne, rs1: A4, rs2: 0, imm: -12),     // 0x0c
            Encoder.Encode(Op.Ecall),                              // 0x10
        ];
        string Run(string engine)
        {
            using var m = new UserModeMachine(engine);
            m.WriteCode(f, fCode);
            m.WriteCode(g, gCode);
            m.WriteCode(main, mainCode);
            m.Hart.SetX(Sp, UserModeMachine.DataBase + 0x10000);
            m.Hart.SetX(A1, 150);
            m.Hart.SetX(A4, 20);
            m.Hart.Pc = main;
            Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap(slices: randomSlices ? new Random(5) : null)?.Cause);
            return m.DescribeState();
        }
        string interp = Run("interp");
        Assert.Contains($"x{A2}={20 * 150:x16}", interp);
        Assert.Equal(interp, Run("jit"));
    }

    private const int A4 = 14;
}
