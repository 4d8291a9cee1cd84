using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Outside loops, loads and stores of one block with only arithmetic between them check the TLB with one branch at the
/// first (BlockEmitter's probe runs): a miss of any of them leaves before the first, for the interpreter. Here a function
/// (its block on no cycle of its region) loads through a0, steps a0 (a base changed by addi), loads and stores through
/// it again, and stores through a register an add wrote (which ends the run); a loop calls it with a0 walking across two
/// pages whose frames lie far apart, across them misaligned, into a read-only page and into an unmapped one. Registers,
/// pc, instret, the trap and the data frames must be the interpreter's.
/// </summary>
public sealed class ProbeRunTests
{
    private const int Ra = 1, T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1 = 11;
    private const ulong Data = SplitDataPages.Data;

    /// <summary>The loop in the first code page, f in the next, which jumps back (a return, or a jump inside the page, would
    /// put f's block on a cycle of its region, where probe groups are used instead).</summary>
    private static uint[] Program(int step) =>
    [
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x1000),          // loop: go to f
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -8),
        Encoder.Encode(Op.Ecall),
        .. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0), 1024 - 4),
        Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: 0),       // f: the run's head
        Encoder.Encode(Op.Xor, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: step),
        Encoder.Encode(Op.Lw, rd: T1, rs1: A0, imm: 4),       // through the stepped base
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T1),
        Encoder.Encode(Op.Sd, rs1: A0, rs2: S0, imm: -2),     // misaligned when step keeps a0 aligned
        Encoder.Encode(Op.Add, rd: T2, rs1: A0, rs2: 0),
        Encoder.Encode(Op.Sh, rs1: T2, rs2: T0, imm: 8),      // base written by add: a run of its own or alone
        Encoder.Encode(Op.Lbu, rd: T1, rs1: A0, imm: 1),
        Encoder.Encode(Op.Jal, rd: 0, imm: -(0x1000 + 9 * 4 - 4)), // back to the loop: an exit to another page
    ];

    private static string Run(string engine, int step, ulong start, long count)
    {
        using var m = SplitDataPages.Prepare(engine, Program(step), seed: 5);
        m.Hart.SetX(A0, start);
        m.Hart.SetX(A1, (ulong)count);
        return SplitDataPages.RunToTrap(m);
    }

    [Theory]
    [InlineData("jit", 8, 0x1000 - 0x80, 32, ExceptionCause.EcallFromUser)]            // across two frames far apart
    [InlineData("jit-optimised", 8, 0x1000 - 0x80, 32, ExceptionCause.EcallFromUser)]
    [InlineData("jit-tlb-local", 8, 0x1000 - 0x80, 32, ExceptionCause.EcallFromUser)]
    [InlineData("jit-optimised", 5, 0x1000 - 0x60, 40, ExceptionCause.EcallFromUser)]  // misaligned, some across the page end
    [InlineData("jit-optimised", -8, 0x1000 + 0x80, 32, ExceptionCause.EcallFromUser)] // down across it
    [InlineData("jit-optimised", 8, 0x2000 - 0x80, 32, ExceptionCause.StorePageFault)] // the stores reach the read-only page
    [InlineData("jit", 8, 0x2000 - 0x80, 32, ExceptionCause.StorePageFault)]
    [InlineData("jit-optimised", -8, 0x80, 32, ExceptionCause.StorePageFault)]         // below Data, unmapped: the misaligned store faults first
    public void Accesses_that_share_one_check_give_the_interpreters_results(string engine, int step, int start, int iterations, ExceptionCause cause)
    {
        string interp = Run("interp", step, Data + (ulong)start, iterations);
        Assert.StartsWith(cause.ToString(), interp);
        Assert.Equal(interp, Run(engine, step, Data + (ulong)(long)start, iterations));
    }
}
