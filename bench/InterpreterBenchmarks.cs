using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Interpreter;

namespace RvJit.Bench;

/// <summary>
/// Interpreter speed in guest instructions: BenchmarkDotNet reports the time per instruction
/// (OperationsPerInvoke), so MIPS = 1000 / (ns per op). Two loops: pure integer ALU, and loads and
/// stores with Sv39 translation on (S-mode, gigapage identity map). A third runs the integer loop the way
/// the JIT's first tier does, one Run(hart, 1) call per taken branch, so it includes the per-call cost.
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int Instructions = 20_000_000;
    private GuestProgram integer = null!, memory = null!;
    private Interpreter integerEngine = null!, memoryEngine = null!;

    [GlobalSetup]
    public void Setup()
    {
        integer = new GuestProgram();
        integer.Write(GuestProgram.RamBase, GuestProgram.IntegerLoop());
        integer.Hart.SetX(GuestProgram.T0, 1UL << 62);
        integerEngine = new Interpreter(integer.Hart);

        memory = new GuestProgram();
        memory.Write(GuestProgram.RamBase, GuestProgram.LoadStoreLoop(0x10_0000));
        memory.EnableSv39Identity();
        memoryEngine = new Interpreter(memory.Hart);
    }

    [Benchmark(OperationsPerInvoke = Instructions, Description = "interp: integer loop (ns/instruction)")]
    public EngineExit IntegerLoop() => integerEngine.Run(integer.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "interp: load/store loop, Sv39 on (ns/instruction)")]
    public EngineExit LoadStoreLoopSv39() => memoryEngine.Run(memory.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "interp: integer loop, Run(hart, 1) per block (ns/instruction)")]
    public long IntegerLoopOneBlockPerRun()
    {
        long end = integer.Hart.Instret + Instructions;
        long calls = 0;
        while (integer.Hart.Instret < end)
        {
            integerEngine.Run(integer.Hart, 1);
            calls++;
        }
        return calls;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        integer.Dispose();
        memory.Dispose();
    }
}
