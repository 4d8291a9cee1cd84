using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Translator;

namespace RvJit.Bench;

/// <summary>
/// One hart's atomics and fences (host-atomic since harts run on several threads): a loop of amoadd.w, an LR/SC
/// increment loop, and a loop with fence rw,rw (a host full fence) next to a store, under each engine.
/// ns per loop iteration, the loop's own instructions included.
/// </summary>
public class AtomicBenchmarks
{
    private const int Iterations = 2_000_000;
    private const ulong Data = GuestProgram.RamBase + 0x10_0000;
    private GuestProgram amo = null!, lrsc = null!, fence = null!;
    private IExecutionEngine amoEngine = null!, lrscEngine = null!, fenceEngine = null!;

    [Params("interp", "jit")]
    public string Engine { get; set; } = "jit";

    private (GuestProgram, IExecutionEngine) Make(params uint[] loop)
    {
        var g = new GuestProgram();
        g.Write(GuestProgram.RamBase, loop);
        g.Hart.SetX(GuestProgram.A0, Data);
        g.Hart.SetX(GuestProgram.A2, 1);
        g.Hart.SetX(GuestProgram.T0, 1UL << 62);
        IExecutionEngine engine = Engine == "jit" ? new JitEngine(g.Hart, hotThreshold: 1, backgroundCompile: false) : new Interpreter(g.Hart);
        engine.Run(g.Hart, 100_000); // decode or compile, and warm up
        return (g, engine);
    }

    [GlobalSetup]
    public void Setup()
    {
        const int T0 = GuestProgram.T0, T1 = GuestProgram.T1, A0 = GuestProgram.A0, A2 = GuestProgram.A2, S0 = GuestProgram.S0;
        (amo, amoEngine) = Make(
            Encoder.Encode(Op.AmoaddW, rs1: A0, rs2: A2),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, imm: -8));
        (lrsc, lrscEngine) = Make(
            Encoder.Encode(Op.LrW, rd: S0, rs1: A0),
            Encoder.Encode(Op.Addiw, rd: S0, rs1: S0, imm: 1),
            Encoder.Encode(Op.ScW, rd: T1, rs1: A0, rs2: S0),
            Encoder.Encode(Op.Bne, rs1: T1, imm: -12),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, imm: -20));
        (fence, fenceEngine) = Make(
            Encoder.Encode(Op.Sd, rs1: A0, rs2: T0),
            Encoder.Encode(Op.Fence, imm: 0b0000_0011_0011),
            Encoder.Encode(Op.Ld, rd: S0, rs1: A0, imm: 8),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, imm: -16));
    }

    [Benchmark(OperationsPerInvoke = Iterations, Description = "amoadd.w loop (ns/iteration)")]
    public EngineExit Amoadd() => amoEngine.Run(amo.Hart, 3L * Iterations);

    [Benchmark(OperationsPerInvoke = Iterations, Description = "lr.w/addiw/sc.w loop (ns/iteration)")]
    public EngineExit LrSc() => lrscEngine.Run(lrsc.Hart, 6L * Iterations);

    [Benchmark(OperationsPerInvoke = Iterations, Description = "sd; fence rw,rw; ld loop (ns/iteration)")]
    public EngineExit Fence() => fenceEngine.Run(fence.Hart, 5L * Iterations);

    [GlobalCleanup]
    public void Cleanup()
    {
        amo.Dispose();
        lrsc.Dispose();
        fence.Dispose();
    }
}
