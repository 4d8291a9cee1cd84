using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Translator;

namespace RvJit.Bench;

/// <summary>
/// The translator: compiled-code speed on the interpreter benchmarks' loops (ns per guest instruction, with
/// the integer loop run as one hot region and as chained single blocks), the TLB-hit load/store path in
/// compiled code with Sv39 on versus bare, the cost of leaving compiled code every N instructions (what
/// interrupt and time-slice checks cost), and a dispatcher round trip.
/// </summary>
[MemoryDiagnoser]
public class TranslatorBenchmarks
{
    private const int Instructions = 50_000_000;
    private GuestProgram intRegion = null!, intBlocks = null!, memSv39 = null!, memBare = null!, memBareShared = null!, dispatch = null!;
    private JitEngine intRegionEngine = null!, intBlocksEngine = null!, memSv39Engine = null!, memBareEngine = null!, memBareSharedEngine = null!,
        dispatchEngine = null!;

    /// <param name="constantTlb">false: generated code reads the TLB's address from its context, as when several harts
    /// share translations (--smp N).</param>
    private static (GuestProgram, JitEngine) Make(uint[] code, bool sv39, int regionBlocks, bool constantTlb = true)
    {
        var g = new GuestProgram();
        g.Write(GuestProgram.RamBase, code);
        g.Hart.SetX(GuestProgram.T0, 1UL << 62);
        g.Hart.SetX(GuestProgram.A0, GuestProgram.RamBase); // the indirect-jump program jumps to a0
        if (sv39) g.EnableSv39Identity();
        var engine = new JitEngine(g.Hart, hotThreshold: 1, backgroundCompile: false, maxRegionBlocks: regionBlocks, constantTlb: constantTlb);
        engine.Run(g.Hart, 100_000); // compile and warm up
        return (g, engine);
    }

    [GlobalSetup]
    public void Setup()
    {
        (intRegion, intRegionEngine) = Make(GuestProgram.IntegerLoop(), sv39: false, regionBlocks: 16);
        (intBlocks, intBlocksEngine) = Make(GuestProgram.IntegerLoop(), sv39: false, regionBlocks: 1);
        (memSv39, memSv39Engine) = Make(GuestProgram.LoadStoreLoop(0x10_0000), sv39: true, regionBlocks: 16);
        (memBare, memBareEngine) = Make(GuestProgram.LoadStoreLoop(0x10_0000), sv39: false, regionBlocks: 16);
        (memBareShared, memBareSharedEngine) = Make(GuestProgram.LoadStoreLoop(0x10_0000), sv39: false, regionBlocks: 16, constantTlb: false);
        // jalr x0, 0(x0 + a0) with a0 = its own address: an indirect jump to itself, one instruction per block.
        (dispatch, dispatchEngine) = Make([Encoder.Encode(Op.Jalr, rs1: GuestProgram.A0)], sv39: false, regionBlocks: 1);
    }

    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: integer loop as a region (ns/instruction)")]
    public EngineExit IntegerLoopRegion() => intRegionEngine.Run(intRegion.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: integer loop as linked blocks (ns/instruction)")]
    public EngineExit IntegerLoopBlocks() => intBlocksEngine.Run(intBlocks.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: load/store loop, Sv39 (ns/instruction)")]
    public EngineExit LoadStoreSv39() => memSv39Engine.Run(memSv39.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: load/store loop, bare (ns/instruction)")]
    public EngineExit LoadStoreBare() => memBareEngine.Run(memBare.Hart, Instructions);

    /// <summary>The TLB's address read from the context at region entry instead of named as a constant (what
    /// translations shared by several harts do).</summary>
    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: load/store loop, bare, TLB from the context (ns/instruction)")]
    public EngineExit LoadStoreBareSharedTlb() => memBareSharedEngine.Run(memBareShared.Hart, Instructions);

    /// <summary>Leaving and re-entering compiled code every 1,000 instructions (slice-check cost).</summary>
    [Benchmark(OperationsPerInvoke = Instructions, Description = "jit: integer loop, engine re-entered every 1000 (ns/instruction)")]
    public long IntegerLoopSliced()
    {
        for (int i = 0; i < Instructions / 1000; i++) intRegionEngine.Run(intRegion.Hart, 1000);
        return intRegion.Hart.Instret;
    }

    /// <summary>An indirect jump per block, found through the jump cache from generated code.</summary>
    [Benchmark(OperationsPerInvoke = 10_000_000, Description = "jit: indirect jump round trip (ns/jump)")]
    public EngineExit IndirectJump() => dispatchEngine.Run(dispatch.Hart, 10_000_000);

    /// <summary>One dispatcher entry per block: the engine called for one instruction at a time.</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000, Description = "jit: dispatcher round trip (ns/call)")]
    public long DispatcherRoundTrip()
    {
        for (int i = 0; i < 1_000_000; i++) dispatchEngine.Run(dispatch.Hart, 1);
        return dispatch.Hart.Instret;
    }
}

/// <summary>What a block costs to translate: emitting IL and RyuJIT's compilation at the first call.</summary>
public class TranslationCostBenchmarks
{
    private GuestProgram program = null!;

    [GlobalSetup]
    public void Setup()
    {
        program = new GuestProgram();
        var code = new List<uint>();
        for (int i = 0; i < 15; i++) code.Add(Encoder.Encode(Op.Addi, rd: 10 + i % 6, rs1: 10 + (i + 1) % 6, imm: i));
        code.Add(Encoder.Encode(Op.Ld, rd: 11, rs1: 10, imm: 8));
        code.Add(Encoder.Encode(Op.Sd, rs1: 10, rs2: 12, imm: 16));
        code.Add(Encoder.Encode(Op.Mul, rd: 13, rs1: 11, rs2: 12));
        code.Add(Encoder.Encode(Op.Bne, rs1: 13, rs2: 0, imm: -72));
        program.Write(GuestProgram.RamBase, [.. code]);
    }

    [Benchmark(Description = "translate a 19-instruction block: emit + JIT (us)")]
    public unsafe long CompileBlock()
    {
        var region = GuestRegion.Read(program.Ram, GuestProgram.RamBase, maxBlocks: 1);
        var block = Translator.Emit.BlockEmitter.Compile(region);
        block.Function(null, null!, 0);
        return block.IlBytes;
    }
}
