using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Registers of an optimised region that no loop of it uses are written through to the CpuState (the state every exit
/// leaves with), except a write that a later plain integer operation of the block replaces before anything can leave
/// (Emit/EmitRegisterHomes.cs). Accesses between two writes can leave (a miss, a fault): the first write must then be
/// in the CpuState. Here a function in its own page (no loop: every register on demand) builds values in a4 and a7
/// over several instructions, around loads; its caller passes it a pointer that faults on the last call. The block
/// stores fewer registers only where no exit comes between (OnDemandWriteTests fails if loads are taken for plain
/// operations there).
/// </summary>
public sealed class OnDemandWriteTests
{
    private const int Ra = 1, T0 = 5, T1 = 6, S1 = 9, A0 = 10, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;
    private const ulong Function = UserModeMachine.CodeBase + 0x1000;
    private const int Calls = 300;

    private static readonly uint[] Caller =
    [
        Encoder.Encode(Op.Ld, rd: A2, rs1: A0, imm: 0),                  // 0x00 loop: a2 = the next pointer
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 8),                // 0x04
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x1000 - 0x08),              // 0x08 call the function
        Encoder.Encode(Op.Addi, rd: S1, rs1: S1, imm: -1),               // 0x0c
        Encoder.Encode(Op.Bne, rs1: S1, rs2: 0, imm: -0x10),             // 0x10 -> loop
        Encoder.Encode(Op.Ecall),                                        // 0x14
    ];

    private static readonly uint[] Callee =
    [
        Encoder.Encode(Op.Ld, rd: A5, rs1: A3, imm: 0),                  // 0x00
        Encoder.Encode(Op.Slli, rd: A4, rs1: A5, imm: 1),                // 0x04 a4, replaced at once: not stored
        Encoder.Encode(Op.Add, rd: A4, rs1: A4, rs2: A6),                // 0x08 a4 again
        Encoder.Encode(Op.Addi, rd: A7, rs1: A4, imm: 3),                // 0x0c a7, then a load that can leave: stored
        Encoder.Encode(Op.Ld, rd: T1, rs1: A2, imm: 0),                  // 0x10 faults on the last call
        Encoder.Encode(Op.Addi, rd: A7, rs1: A7, imm: 1),                // 0x14
        Encoder.Encode(Op.Xor, rd: A7, rs1: A7, rs2: T1),                // 0x18
        Encoder.Encode(Op.Ld, rd: T1, rs1: A2, imm: 8),                  // 0x1c
        Encoder.Encode(Op.Add, rd: A6, rs1: A6, rs2: A7),                // 0x20
        Encoder.Encode(Op.Slli, rd: A6, rs1: A6, imm: 1),                // 0x24
        Encoder.Encode(Op.Add, rd: A6, rs1: A6, rs2: T1),                // 0x28
        Encoder.Encode(Op.Jal, rd: 0, imm: 0x0c - 0x102c),               // 0x2c back to the caller (a jalr would make the
                                                                         // block a cycle through the entry select: no register on demand)
    ];

    [Theory]
    [InlineData("jit-optimised")]
    [InlineData("jit-promote")]
    public void A_fault_between_two_writes_leaves_the_first_in_the_state(string engine)
    {
        string Run(string name, int seed)
        {
            using var m = new UserModeMachine(name);
            m.WriteCode(UserModeMachine.CodeBase, Caller);
            m.WriteCode(Function, Callee);
            ulong table = UserModeMachine.DataBase + 0x1000, values = UserModeMachine.DataBase;
            var data = m.Ram.Span(UserModeMachine.DataBase, 0x1000 + Calls * 8);
            for (int i = 0; i < 64; i++) BitConverter.GetBytes(0x1234UL * (ulong)(i + 1)).CopyTo(data[(i * 8)..]);
            for (int i = 0; i < Calls; i++)
                BitConverter.GetBytes(i == Calls - 1 ? 0x10UL : values + (ulong)(i % 30) * 8).CopyTo(data[(0x1000 + i * 8)..]);
            m.Hart.SetX(A0, table);
            m.Hart.SetX(A3, values + 0x100);
            m.Hart.SetX(S1, Calls);
            var trap = m.RunToTrap(1_000_000, seed < 0 ? null : new Random(seed));
            return $"{trap?.Cause} {trap?.Tval:x}\n{m.DescribeState()}";
        }
        foreach (int seed in new[] { -1, 1, 2 })
        {
            string interp = Run("interp", seed);
            Assert.StartsWith($"{ExceptionCause.LoadAccessFault} 10", interp);
            Assert.Equal(interp, Run(engine, seed));
        }
    }
}
