using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// A timer interrupt must reach a hot loop that runs as compiled code (a region whose back edge stays inside
/// the method) within a bounded number of instructions: the region leaves when its budget is spent, and the
/// dispatcher's caller takes the interrupt. The harness drives the hart the way the system machine does
/// (engine slices, then an interrupt check) with a virtual clock of one tick per ten instructions.
/// </summary>
public sealed unsafe class InterruptLatencyTests
{
    private const int T0 = 5, T1 = 6, A0 = 10, A1 = 11;
    private const ulong Base = 0x8000_0000;
    private const ulong InstructionsPerTick = 10;

    [Theory]
    [InlineData("interp", 1000)]
    [InlineData("jit", 1000)]
    [InlineData("jit", 50_000)]
    public void Timer_interrupt_reaches_a_hot_loop_within_one_slice(string engineName, long slice)
    {
        uint[] code =
        [
            Encoder.Encode(Op.Auipc, rd: T0),                          // 0x00: t0 = base
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: 0x100),       // 0x04: t0 = handler
            Encoder.Encode(Op.Csrrw, rs1: T0, imm: 0x305),              // 0x08: mtvec = handler
            Encoder.Encode(Op.Addi, rd: T1, imm: 0x80),                 // 0x0c: MTIE
            Encoder.Encode(Op.Csrrs, rs1: T1, imm: 0x304),              // 0x10: mie |= MTIE
            Encoder.Encode(Op.Csrrsi, rs1: 8, imm: 0x300),              // 0x14: mstatus.MIE = 1
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),           // 0x18: loop: a0++
            Encoder.Encode(Op.Jal, imm: -4),                            // 0x1c: j loop
        ];
        uint[] handler =
        [
            Encoder.Encode(Op.Csrrs, rd: A1, imm: 0x342),               // 0x100: a1 = mcause
            Encoder.Encode(Op.Jal, imm: 0),                             // 0x104: j .
        ];

        using var ram = new PhysicalMemory(Base, 1UL << 20);
        using var hart = new Hart(new Bus(ram));
        Write(ram, Base, code);
        Write(ram, Base + 0x100, handler);
        hart.Pc = Base;
        hart.Time = () => (ulong)hart.Instret / InstructionsPerTick;
        const ulong deadline = 100_000; // ticks: a million instructions into the loop
        hart.Mtimecmp = deadline;
        JitEngine? jit = engineName == "jit" ? new JitEngine(hart, hotThreshold: 8, backgroundCompile: false) : null;
        IExecutionEngine engine = jit ?? (IExecutionEngine)new Interpreter(hart);

        while (hart.Pc < Base + 0x100)
        {
            long before = hart.Instret;
            Assert.Equal(EngineExit.Budget, engine.Run(hart, slice));
            Assert.InRange(hart.Instret - before, 1, slice); // compiled loops too give control back in time
            hart.CheckInterrupts();
            Assert.True(hart.Instret < 10_000_000, "the interrupt never came");
        }

        long pendingAt = (long)(deadline * InstructionsPerTick);
        long takenAt = hart.Instret;
        Assert.InRange(takenAt - pendingAt, 0, slice); // taken at the first check after the deadline
        Assert.Equal(0x8000_0000_0000_0007UL, hart.Csrs.TryRead(0x342, out ulong mcause) ? mcause : 0);
        Assert.Equal(Base + 0x100, hart.Pc);
        // Every loop iteration is two instructions after six of set-up: the loop really ran until the interrupt.
        Assert.Equal((ulong)(takenAt - 6) / 2, hart.GetX(A0));
        if (jit is not null) Assert.True(jit.BlocksCompiled >= 1, "the loop was not compiled");
    }

    private static void Write(PhysicalMemory ram, ulong pa, uint[] words)
    {
        for (int i = 0; i < words.Length; i++)
            BitConverter.GetBytes(words[i]).CopyTo(ram.Span(pa + (ulong)(4 * i), 4));
        ram.NoteStore(pa, (ulong)(4 * words.Length));
    }
}
