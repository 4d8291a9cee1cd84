using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// A kernel saves, clears and restores sstatus.SIE around every spinlock (Linux's boot does it ~135,000 times): compiled
/// code runs those CSR instructions in place instead of leaving for the interpreter at each, and still takes an
/// interrupt that a write enables right after that write, as the interpreter does.
/// </summary>
public sealed unsafe class SupervisorCsrTests
{
    private const int T0 = 5, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A5 = 15;
    private const ulong Base = 0x8000_0000, Handler = Base + 0x200;
    private const uint Sstatus = 0x100, Sepc = 0x141, Sscratch = 0x140;

    private static (PhysicalMemory Ram, Hart Hart, IExecutionEngine Engine, JitEngine? Jit) Machine(string engine, uint[] code, uint[] handler)
    {
        var ram = new PhysicalMemory(Base, 1UL << 20);
        var hart = new Hart(new Bus(ram));
        Write(ram, Base, code);
        Write(ram, Handler, handler);
        hart.Csrs.Stvec = Handler;
        hart.Csrs.Mideleg = 1UL << 1;     // supervisor software interrupts go to S-mode
        hart.Csrs.Mie = 1UL << 1;         // sie.SSIE
        hart.Privilege = Privilege.Supervisor;
        hart.Pc = Base;
        JitEngine? jit = engine == "jit" ? new JitEngine(hart, hotThreshold: 8, backgroundCompile: false) : null;
        return (ram, hart, jit ?? (IExecutionEngine)new Interpreter(hart), jit);
    }

    private static void Write(PhysicalMemory ram, ulong pa, uint[] words)
    {
        for (int i = 0; i < words.Length; i++) BitConverter.GetBytes(words[i]).CopyTo(ram.Span(pa + (ulong)(4 * i), 4));
        ram.NoteStore(pa, (ulong)(4 * words.Length));
    }

    /// <summary>Runs the hart as the system machine does (engine slices, then an interrupt check) until it parks at the
    /// handler's `j .` or the budget runs out.</summary>
    private static void RunToHandlerEnd(Hart hart, IExecutionEngine engine)
    {
        while (hart.Instret < 1_000_000 && hart.Pc != Handler + 8)
        {
            engine.Run(hart, 1000);
            hart.CheckInterrupts();
        }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Saving_and_restoring_sie_runs_in_compiled_code(string engineName)
    {
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: A1, imm: 1000),                 // 0x00: a1 = iterations
            Encoder.Encode(Op.Csrrci, rd: A5, rs1: 2, imm: (int)Sstatus), // 0x04: loop: a5 = sstatus; SIE = 0
            Encoder.Encode(Op.Csrrw, rd: A2, rs1: A0, imm: (int)Sscratch),// 0x08: a2 = sscratch; sscratch = a0
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),           // 0x0c: a0++
            Encoder.Encode(Op.Csrrs, rs1: A5, imm: (int)Sstatus),       // 0x10: sstatus |= a5 (restore)
            Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),          // 0x14
            Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -0x14),        // 0x18: bne a1, 0, loop
            Encoder.Encode(Op.Jal, rd: 1, imm: 0x200 + 8 - 0x1c),   // 0x1c: park at the handler's end
        ];
        uint[] handler = [Encoder.Encode(Op.Addi), Encoder.Encode(Op.Addi), Encoder.Encode(Op.Jal, imm: 0)];
        var (ram, hart, engine, jit) = Machine(engineName, code, handler);
        using var _ = ram;
        using var __ = hart;
        RunToHandlerEnd(hart, engine);
        Assert.Equal(Handler + 8, hart.Pc);
        Assert.Equal(1000UL, hart.GetX(A0));
        Assert.Equal(999UL, hart.Csrs.Sscratch);
        Assert.Equal(998UL, hart.GetX(A2));
        if (jit is not null) Assert.True(jit.InterpreterRuns < 100, $"{jit.InterpreterRuns} interpreter runs: the CSR instructions left compiled code");
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void An_interrupt_a_compiled_sstatus_write_enables_is_taken_after_it(string engineName)
    {
        // loop: a5 = (a0 == 100) ? SIE : 0; sstatus |= a5; a3++; a0++; j loop. A supervisor software interrupt is
        // pending from the start: it is taken right after the write that sets SIE, before the a3++ that follows it.
        uint[] code =
        [
            Encoder.Encode(Op.Addi, rd: A0, imm: 1),                    // 0x00: a0 = 1
            Encoder.Encode(Op.Addi, rd: T0, rs1: A0, imm: -100),        // 0x04: loop: t0 = a0 - 100
            Encoder.Encode(Op.Sltiu, rd: T0, rs1: T0, imm: 1),          // 0x08: t0 = (a0 == 100)
            Encoder.Encode(Op.Slli, rd: A5, rs1: T0, imm: 1),           // 0x0c: a5 = t0 ? SIE : 0
            Encoder.Encode(Op.Csrrs, rs1: A5, imm: (int)Sstatus),       // 0x10: sstatus |= a5
            Encoder.Encode(Op.Addi, rd: A3, rs1: A3, imm: 1),           // 0x14: a3++
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),           // 0x18: a0++
            Encoder.Encode(Op.Jal, imm: -0x18),                         // 0x1c: j loop
        ];
        uint[] handler =
        [
            Encoder.Encode(Op.Csrrs, rd: A1, imm: (int)Sepc),           // 0x200: a1 = sepc
            Encoder.Encode(Op.Addi),                                    // 0x204
            Encoder.Encode(Op.Jal, imm: 0),                             // 0x208: j .
        ];
        var (ram, hart, engine, jit) = Machine(engineName, code, handler);
        using var _ = ram;
        using var __ = hart;
        hart.Mip = 1UL << 1; // SSIP
        RunToHandlerEnd(hart, engine);
        Assert.Equal(Handler + 8, hart.Pc);
        Assert.Equal(Base + 0x14, hart.GetX(A1));
        Assert.Equal(99UL, hart.GetX(A3));
        if (jit is not null) Assert.True(jit.CompiledBlockRuns > 0, "the loop ran compiled");
    }
}
