using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Translator;

namespace RvJit.Bench;

/// <summary>
/// The cold path: what the JIT engine costs per block of code that has not turned hot, against the interpreter
/// alone. The guest is a chain of 4,096 two-instruction blocks over eight pages (addi, then a jump to the next
/// block), run <see cref="Passes"/> times, fewer than the hot threshold, so nothing is compiled and every block is
/// handed to the interpreter. Each iteration starts from fresh engines (cold decode caches), as a program's
/// start-up does. The difference between the two is the dispatcher's cost per cold block.
/// </summary>
public class ColdPathBenchmarks
{
    private const int Blocks = 4096, Passes = 100;
    private const long Instructions = 2L * Blocks * Passes;
    private GuestProgram program = null!;
    private IExecutionEngine engine = null!;

    [Params("interp", "jit")]
    public string Engine { get; set; } = "jit";

    [GlobalSetup]
    public void Setup()
    {
        program = new GuestProgram();
        var code = new uint[2 * Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            code[2 * b] = Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: 1);
            // The last block jumps back to the first: the chain runs round until the budget is spent.
            code[2 * b + 1] = Encoder.Encode(Op.Jal, imm: b == Blocks - 1 ? -(8L * (Blocks - 1) + 4) : 4);
        }
        program.Write(GuestProgram.RamBase, code);
    }

    [IterationSetup]
    public void FreshEngine()
    {
        program.Hart.Pc = GuestProgram.RamBase;
        engine = Engine == "interp" ? new Interpreter(program.Hart) : new JitEngine(program.Hart, backgroundCompile: false);
    }

    [Benchmark(OperationsPerInvoke = Blocks * Passes, Description = "cold blocks (ns/block)")]
    public EngineExit ColdBlocks() => engine.Run(program.Hart, Instructions);
}

/// <summary>
/// The hand-off: compiled code calling a function the translator leaves to the interpreter, which returns into the
/// compiled loop, as large programs do all the time (gofmt: ~300 k interpreter runs of ~30 instructions, nearly every
/// one between two translations). The loop (compiled under the JIT) calls f in another page; f reads a CSR (never
/// translated) and returns. Under the JIT each iteration is two dispatches: compiled code to the interpreter at f, and
/// the interpreter stopping at the loop's translated entry back to compiled code. The JIT's time per iteration less
/// the interpreter's alone is about what the two hand-offs cost (the loop's three instructions run compiled).
/// </summary>
public class HandOffBenchmarks
{
    private const int Iterations = 1_000_000;
    private const ulong Loop = GuestProgram.RamBase, Function = GuestProgram.RamBase + 0x3000;
    private const int Ra = 1, Mscratch = 0x340;
    private GuestProgram program = null!;
    private IExecutionEngine engine = null!;

    [Params("interp", "jit")]
    public string Engine { get; set; } = "jit";

    [GlobalSetup]
    public void Setup()
    {
        program = new GuestProgram();
        program.Write(Loop,
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)(Function - Loop)),          // loop: call f
            Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: GuestProgram.T0, rs2: 0, imm: -8));
        program.Write(Function,
            Encoder.Encode(Op.Csrrs, rd: GuestProgram.A3, rs1: 0, imm: Mscratch),  // f: a CSR read (interpreter only)
            Encoder.Encode(Op.Jalr, rs1: Ra));                                       //    return
        program.Hart.SetX(GuestProgram.T0, 1UL << 62);
        engine = Engine == "interp" ? new Interpreter(program.Hart) : new JitEngine(program.Hart, backgroundCompile: false);
        engine.Run(program.Hart, 100_000); // past the hot threshold: the loop is compiled and f marked interpret-only
    }

    [Benchmark(OperationsPerInvoke = Iterations, Description = "compiled -> interpreter -> compiled (ns/iteration)")]
    public EngineExit HandOff() => engine.Run(program.Hart, 5L * Iterations);
}

/// <summary>
/// A jump-cache miss at a translated pc: a loop calls f in another page, and f's entry and the call's return address
/// share a jump-cache slot, so each call and each return misses it. The dispatcher finds the translation in the shared
/// entry table (one fetch translation, one table probe); before the table, each miss was an interpreter call that ran
/// nothing (it stopped at the entry's mark) and a lookup under the lock. Compare with <see cref="HandOffBenchmarks"/>.
/// </summary>
public class JumpCacheMissBenchmarks
{
    private const int Iterations = 1_000_000;
    private const ulong Loop = GuestProgram.RamBase;
    private const int Ra = 1;
    private GuestProgram program = null!;
    private JitEngine engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        program = new GuestProgram();
        ulong returnPc = Loop + 4, function = Loop + 0x1000;
        while (JumpCache.IndexOf(function) != JumpCache.IndexOf(returnPc)) function += 4;
        program.Write(Loop,
            Encoder.Encode(Op.Jal, rd: Ra, imm: (long)(function - Loop)),          // loop: call f
            Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: GuestProgram.T0, rs2: 0, imm: -8));
        program.Write(function,
            Encoder.Encode(Op.Addi, rd: GuestProgram.A3, rs1: GuestProgram.A3, imm: 1), // f: a3++; return
            Encoder.Encode(Op.Jalr, rs1: Ra));
        program.Hart.SetX(GuestProgram.T0, 1UL << 62);
        engine = new JitEngine(program.Hart, backgroundCompile: false);
        engine.Run(program.Hart, 100_000); // past the hot threshold: the loop and f are compiled
    }

    [Benchmark(OperationsPerInvoke = Iterations, Description = "compiled -> compiled through two jump-cache misses (ns/iteration)")]
    public EngineExit Misses() => engine.Run(program.Hart, 5L * Iterations);
}
