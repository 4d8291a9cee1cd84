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
