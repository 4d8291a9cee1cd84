using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A function that calls itself: its return goes back into the region at its own call's return point, so that return point
/// is an edge of the return (<see cref="Emit.RegionEntries.ReturnPoints"/>: the epilogue lies on the recursion's cycle, and
/// the return compares its target with the return point before the entry select). Its body updates a word in memory (a
/// load and a store of the same address in one block on the recursion's cycle: a mixed probe group, one store-view probe).
/// Registers, pc, instret, the trap and the data frames must be the interpreter's, with the words walking across two
/// pages whose frames lie far apart, misaligned, and into a read-only page (the store faults).
/// </summary>
public sealed class RecursionTests
{
    private const int Ra = 1, Sp = 2, T0 = 5, S0 = 8, A0 = 10, A1 = 11, A2 = 12, A3 = 13;
    private const ulong Data = SplitDataPages.Data;

    private static uint[] Program(int step) =>
    [
        Encoder.Encode(Op.Addi, rd: A0, rs1: A3, imm: 0),       // 0x00 loop: depth
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x20 - 0x04),       // 0x04 call f
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: step),    // 0x08
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),      // 0x0c
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -0x10),    // 0x10 -> loop
        Encoder.Encode(Op.Ecall),                               // 0x14
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),         // 0x18
        Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0),         // 0x1c
        Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: -16),     // 0x20 f
        Encoder.Encode(Op.Sd, rs1: Sp, rs2: Ra, imm: 8),        // 0x24
        Encoder.Encode(Op.Lw, rd: T0, rs1: A2, imm: 2),         // 0x28 the pair's load
        Encoder.Encode(Op.Add, rd: T0, rs1: T0, rs2: A0),       // 0x2c
        Encoder.Encode(Op.Sw, rs1: A2, rs2: T0, imm: 2),        // 0x30 the pair's store
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: -1),      // 0x34
        Encoder.Encode(Op.Beq, rs1: A0, rs2: 0, imm: 0x44 - 0x38), // 0x38 -> epilogue
        Encoder.Encode(Op.Jal, rd: Ra, imm: 0x20 - 0x3c),       // 0x3c call f
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),       // 0x40 the return point
        Encoder.Encode(Op.Ld, rd: Ra, rs1: Sp, imm: 8),         // 0x44 epilogue
        Encoder.Encode(Op.Addi, rd: Sp, rs1: Sp, imm: 16),      // 0x48
        Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),        // 0x4c return
    ];

    [Fact]
    public void A_functions_return_to_its_own_calls_return_point_is_an_edge_of_the_region()
    {
        using var m = new UserModeMachine("interp");
        m.WriteCode(UserModeMachine.CodeBase, Program(8));
        ulong At(int offset) => UserModeMachine.CodeBase + (ulong)offset;
        var region = GuestRegion.Read(m.Ram, At(0x20));
        var shape = Emit.RegionEntries.Of(region);
        int returnPoint = region.Order.FindIndex(b => b.EntryPa == At(0x40));
        int epilogue = region.Order.FindIndex(b => b.EntryPa == At(0x44));
        Assert.True(returnPoint > 0 && epilogue > 0, string.Join(" ", region.Order.Select(b => $"{b.EntryPa - UserModeMachine.CodeBase:x}")));
        Assert.Equal(1u << returnPoint, shape.ReturnPoints);
        Assert.True(shape.Entry[returnPoint]);
        // The return point runs on into the epilogue and returns to itself (one level up), which is a cycle now; the
        // epilogue after the recursion's base case returns there but is not reached from it again.
        Assert.True(shape.OnCycle[returnPoint]);
        Assert.False(shape.OnCycle[epilogue]);
    }

    private static string Run(string engine, int step, ulong start, long count, int depth)
    {
        using var m = SplitDataPages.Prepare(engine, Program(step), seed: 7);
        m.Hart.SetX(A2, start);
        m.Hart.SetX(A1, (ulong)count);
        m.Hart.SetX(A3, (ulong)depth);
        m.Hart.SetX(Sp, Data + 0x800);
        return SplitDataPages.RunToTrap(m);
    }

    [Theory]
    [InlineData("jit-optimised", 8, 0x1000 - 0x100, 64, ExceptionCause.EcallFromUser)]  // across two frames far apart
    [InlineData("jit", 8, 0x1000 - 0x100, 64, ExceptionCause.EcallFromUser)]
    [InlineData("jit-optimised", 5, 0x1000 - 0x80, 64, ExceptionCause.EcallFromUser)]   // misaligned, some across the page end
    [InlineData("jit-optimised", 8, 0x2000 - 0x100, 64, ExceptionCause.StorePageFault)] // into the read-only page
    [InlineData("jit", 8, 0x2000 - 0x100, 64, ExceptionCause.StorePageFault)]
    public void Recursion_with_a_read_modify_write_gives_the_interpreters_results(string engine, int step, int start, int iterations, ExceptionCause cause)
    {
        string interp = Run("interp", step, Data + (ulong)start, iterations, 6);
        Assert.StartsWith(cause.ToString(), interp);
        Assert.Equal(interp, Run(engine, step, Data + (ulong)start, iterations, 6));
    }
}
