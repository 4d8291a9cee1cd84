using System.Diagnostics;
using RvJit.Runtime.Isa;
using RvJit.Translator;

namespace RvJit.Bench;

/// <summary>
/// <c>quick-transitions [ITERATIONS]</c>: what a transition between quick-tier regions costs (the tier large programs
/// such as Go's run most of their code in): <see cref="TransitionBenchmarks"/>' cross-page call and return, compiled
/// quick and never promoted, on the guest's thread. Prints ns per transition; under
/// <c>valgrind --tool=callgrind</c>, the difference between two iteration counts is the host instructions per transition,
/// free of the machine's noise.
/// </summary>
internal static class QuickTransitions
{
    private const ulong Caller = GuestProgram.RamBase, Callee = GuestProgram.RamBase + 0x3000;

    public static void Run(string[] args)
    {
        long iterations = args.Length > 1 ? long.Parse(args[1]) : 5_000_000;
        var g = new GuestProgram();
        g.Write(Caller,
            Encoder.Encode(Op.Jal, rd: 1, imm: (int)(Callee - Caller)),                  // loop: call f
            Encoder.Encode(Op.Addi, rd: GuestProgram.T0, rs1: GuestProgram.T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: GuestProgram.T0, rs2: 0, imm: -8),
            Encoder.Encode(Op.Ebreak));
        g.Write(Callee,
            Encoder.Encode(Op.Addi, rd: GuestProgram.A2, rs1: GuestProgram.A2, imm: 3),  // f: a2 += 3
            Encoder.Encode(Op.Jalr, rs1: 1));                                           //    return
        var engine = new JitEngine(g.Hart, hotThreshold: 1, backgroundCompile: false, promoteThreshold: int.MaxValue);
        g.Hart.SetX(GuestProgram.T0, 1UL << 62);
        engine.Run(g.Hart, 100_000); // compile, link and warm up
        g.Hart.SetX(GuestProgram.T0, (ulong)iterations);
        long t0 = Stopwatch.GetTimestamp();
        engine.Run(g.Hart, 5 * iterations);
        double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
        Console.WriteLine($"quick tier, cross-page call and return: {iterations} iterations, {ns / (2 * iterations):F2} ns/transition, "
            + $"{engine.TierCompiles[(int)CodeTier.Quick]} quick and {engine.TierCompiles[(int)CodeTier.Optimised]} optimised compiles");
    }
}
