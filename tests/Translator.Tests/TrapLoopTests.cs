using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// A trap that retires nothing still spends budget: a hart whose trap vector itself faults (mtvec pointing
/// outside RAM) loops through traps forever, and the engine must still return to its caller, so timeouts
/// and stop requests keep working.
/// </summary>
public sealed class TrapLoopTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Engine_returns_from_a_trap_loop(string engine)
    {
        using var ram = new PhysicalMemory(0x8000_0000, 1UL << 20);
        using var hart = new Hart(new Bus(ram));
        hart.Pc = 0x1000; // not RAM: instruction access fault, then mtvec = 0 faults again, forever
        IExecutionEngine e = engine == "interp" ? new Interpreter(hart) : new JitEngine(hart, hotThreshold: 1, backgroundCompile: false);
        var exit = e.Run(hart, 1000);
        Assert.Equal(EngineExit.Budget, exit);
        Assert.Equal(0L, hart.Instret);
        Assert.True(hart.Csrs.TryRead(0x342, out ulong mcause));
        Assert.Equal((ulong)ExceptionCause.InstructionAccessFault, mcause);
    }
}
