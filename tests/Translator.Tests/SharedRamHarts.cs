using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// Several U-mode harts on one guest RAM (bare translation), each with its own engine ("interp" or "jit") and run
/// on its own host thread, all starting the same code at <see cref="CodeBase"/> at once and running to their ecall.
/// </summary>
internal sealed class SharedRamHarts : IDisposable
{
    public const ulong RamBase = 0x8000_0000;
    public const ulong CodeBase = RamBase;
    /// <summary>Data starts a page past the code: a page holding code has no fast store path.</summary>
    public const ulong DataBase = RamBase + 0x1_0000;

    public PhysicalMemory Ram { get; }
    private readonly Hart[] harts;
    private readonly IExecutionEngine[] engines;

    public SharedRamHarts(string engine, int count, IReadOnlyList<uint> code, ulong ramSize = 1UL << 20)
    {
        Ram = new PhysicalMemory(RamBase, ramSize);
        var bus = new Bus(Ram);
        for (int i = 0; i < code.Count; i++)
            BitConverter.GetBytes(code[i]).CopyTo(Ram.Span(CodeBase + (ulong)(4 * i), 4));
        harts = new Hart[count];
        engines = new IExecutionEngine[count];
        for (int h = 0; h < count; h++)
        {
            var hart = new Hart(bus, (ulong)h) { TrapsToHost = true };
            hart.Privilege = Privilege.User;
            hart.Pc = CodeBase;
            harts[h] = hart;
            engines[h] = engine switch
            {
                "interp" => new Interpreter(hart),
                "jit" => new JitEngine(hart, hotThreshold: 1, backgroundCompile: false),
                _ => throw new ArgumentException(engine),
            };
        }
    }

    public Hart this[int h] => harts[h];

    /// <summary>Runs every hart on its own thread from a common start; asserts each ends at an ecall.</summary>
    public void RunAll()
    {
        var start = new Barrier(harts.Length);
        var traps = new Trap?[harts.Length];
        var threads = new Thread[harts.Length];
        for (int h = 0; h < harts.Length; h++)
        {
            int me = h;
            threads[h] = new Thread(() =>
            {
                start.SignalAndWait();
                for (int slice = 0; slice < 10_000; slice++)
                    if (engines[me].Run(harts[me], 1_000_000) == EngineExit.HostTrap) { traps[me] = harts[me].HostTrap; return; }
            });
            threads[h].Start();
        }
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a hart did not finish");
        foreach (var trap in traps) Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
    }

    public ulong Load64(ulong pa) => BitConverter.ToUInt64(Ram.Span(pa, 8));

    public void Dispose()
    {
        foreach (var hart in harts) hart.Dispose();
        Ram.Dispose();
    }
}
