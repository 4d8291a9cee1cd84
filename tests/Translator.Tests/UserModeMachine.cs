using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;
using RvJit.Translator;

namespace RvJit.Translator.Tests;

/// <summary>
/// A hart in U-mode with traps handed to the host (as under rvjit's kernel), bare translation by default:
/// a program runs until it traps (ecall, fault), and the test sees the exact state at the trap.
/// </summary>
internal sealed unsafe class UserModeMachine : IDisposable
{
    public const ulong RamBase = 0x8000_0000;
    public const ulong CodeBase = RamBase;
    public const ulong DataBase = RamBase + 0x10_0000;

    public PhysicalMemory Ram { get; }
    public Hart Hart { get; }
    public IExecutionEngine Engine { get; }

    /// <param name="engine">The engine's name (below).</param>
    /// <param name="ramSize">RAM bytes.</param>
    /// <param name="hotThreshold">The JIT's hot threshold.</param>
    /// <param name="persisted">"jit" only: the translations kept across runs.</param>
    public UserModeMachine(string engine, ulong ramSize = 4UL << 20, int hotThreshold = 1, Persist.PersistentCode? persisted = null)
    {
        Ram = new PhysicalMemory(RamBase, ramSize);
        Hart = new Hart(new Bus(Ram)) { TrapsToHost = true };
        Hart.Privilege = Privilege.User;
        Hart.Csrs.Mstatus |= 1UL << 13; // FS = Initial: FP usable
        Hart.Pc = CodeBase;
        Engine = engine switch
        {
            "interp" => new Interpreter(Hart),
            "jit" => new JitEngine(Hart, hotThreshold, backgroundCompile: false) { Persisted = persisted },
            // Only the quick tier (never promoted), or promoted almost at once (promotions everywhere, mid-loop too).
            "jit-quick" => new JitEngine(Hart, hotThreshold, backgroundCompile: false, promoteThreshold: int.MaxValue),
            "jit-promote" => new JitEngine(Hart, hotThreshold, backgroundCompile: false, promoteThreshold: 3) { Persisted = persisted },
            "jit-optimised" => new JitEngine(Hart, hotThreshold, backgroundCompile: false, promoteThreshold: 0),
            // A precompiled optimised region is compiled again after time slices ending in it add up to 1,000 instructions.
            "jit-recompile" => new JitEngine(Hart, new SharedTranslations(Ram, hotThreshold, backgroundCompile: false, promoteThreshold: 3)
                { RecompileLoadedAfter = 1000 }) { Persisted = persisted },
            // The TLB's address held in a local (what hosts without low memory get).
            "jit-tlb-local" => new JitEngine(Hart, hotThreshold, backgroundCompile: false, constantTlb: false),
            // --stats: the engine's time split between compiled code, the interpreter and the dispatcher.
            "jit-timed" => new JitEngine(Hart, hotThreshold, backgroundCompile: false) { MeasureTime = true },
            _ => throw new ArgumentException(engine),
        };
    }

    public void WriteCode(ulong pa, IReadOnlyList<uint> words)
    {
        for (int i = 0; i < words.Count; i++)
            BitConverter.GetBytes(words[i]).CopyTo(Ram.Span(pa + (ulong)(4 * i), 4));
        Ram.NoteStore(pa, (ulong)(4 * words.Count));
    }

    /// <summary>Runs until the next host trap (or the budget runs out); returns the trap, or null on budget.
    /// With <paramref name="slices"/>, the engine is called with small random budgets, so runs stop and
    /// resume at many points (budget exits in the middle of regions and chains).</summary>
    public Trap? RunToTrap(long budget = 10_000_000, Random? slices = null)
    {
        long start = Hart.Instret;
        while (Hart.Instret - start < budget)
        {
            long slice = slices is null ? budget - (Hart.Instret - start) : slices.Next(1, 40);
            var exit = Engine.Run(Hart, slice);
            if (exit == EngineExit.HostTrap) return Hart.HostTrap;
        }
        return null;
    }

    /// <summary>The registers, fflags, pc and instret, one per line, for comparing two runs.</summary>
    public string DescribeState()
    {
        var s = Hart.State;
        var sb = new System.Text.StringBuilder();
        for (int i = 1; i < 32; i++) sb.Append($"x{i}={s->X[i]:x16}\n");
        for (int i = 0; i < 32; i++) sb.Append($"f{i}={s->F[i]:x16}\n");
        sb.Append($"fflags={s->Fflags:x} pc={s->Pc:x} instret={Hart.Instret}\n");
        return sb.ToString();
    }

    public ulong DataChecksum(int bytes = 4096) => Checksum(DataBase, bytes);

    /// <summary>A checksum of <paramref name="bytes"/> of RAM from physical address <paramref name="pa"/> (one frame by default).</summary>
    public ulong Checksum(ulong pa, int bytes = 4096)
    {
        ulong sum = 0;
        var span = Ram.Span(pa, bytes);
        for (int i = 0; i < bytes; i += 8)
            sum = (sum * 31) ^ BitConverter.ToUInt64(span.Slice(i, 8));
        return sum;
    }

    public void Dispose()
    {
        Hart.Dispose();
        Ram.Dispose();
    }
}
