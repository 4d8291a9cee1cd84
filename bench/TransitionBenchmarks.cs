using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Translator;

namespace RvJit.Bench;

/// <summary>
/// Transition cost: what passing from one translation to another costs in compiled code, on a loop in one page
/// that calls a two-instruction function in another page (a call and a return per iteration, each a transition
/// between regions in different pages), and on the same loop with the function reached by a plain jump and
/// jumping back (direct jumps only, no return). ns per transition, with the loop's own instructions included.
/// </summary>
public class TransitionBenchmarks
{
    private const int Iterations = 5_000_000;
    private const ulong Caller = GuestProgram.RamBase, Callee = GuestProgram.RamBase + 0x3000;
    private const int Ra = 1;
    private GuestProgram calls = null!, jumps = null!;
    private JitEngine callsEngine = null!, jumpsEngine = null!;

    private static (GuestProgram, JitEngine) Make(uint[] caller, uint[] callee)
    {
        var g = new GuestProgram();
        g.Write(Caller, caller);
        g.Write(Callee, callee);
        var engine = new JitEngine(g.Hart, hotThreshold: 1, backgroundCompile: false);
        g.Hart.SetX(GuestProgram.T0, 1UL << 62);
        engine.Run(g.Hart, 100_000); // compile, link and warm up
        return (g, engine);
    }

    [GlobalSetup]
    public void Setup()
    {
        (calls, callsEngine) = Make(
        [
            Encoder.Encode(Op.Jal, rd: Ra, imm: (int)(Callee - Caller)),        // loop: call f
            Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: GuestProgram.T0, rs2: 0, imm: -8),
        ],
        [
            Encoder.Encode(Op.Addi, rd: GuestProgram.A2, rs1: GuestProgram.A2, imm: 3), // f: a2 += 3
            Encoder.Encode(Op.Jalr, rs1: Ra),                                          //    return
        ]);
        (jumps, jumpsEngine) = Make(
        [
            Encoder.Encode(Op.Jal, rd: 0, imm: (int)(Callee - Caller)),         // loop: jump to the other page
            Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: GuestProgram.T0, rs2: 0, imm: -8),
        ],
        [
            Encoder.Encode(Op.Addi, rd: GuestProgram.A2, rs1: GuestProgram.A2, imm: 3),
            Encoder.Encode(Op.Jal, rd: 0, imm: (int)((long)(Caller + 4) - (long)(Callee + 4))), // and back
        ]);
    }

    [Benchmark(OperationsPerInvoke = 2 * Iterations, Description = "jit: cross-page call and return (ns/transition)")]
    public EngineExit CallAndReturn() => callsEngine.Run(calls.Hart, 5L * Iterations);

    [Benchmark(OperationsPerInvoke = 2 * Iterations, Description = "jit: cross-page jump there and back (ns/transition)")]
    public EngineExit JumpThereAndBack() => jumpsEngine.Run(jumps.Hart, 5L * Iterations);
}
