using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Interpreter;
using RvJit.Translator;
using RvJit.Translator.Emit;

namespace RvJit.Bench;

/// <summary>
/// Compile cost per guest instruction per tier, on real code: the regions that start at a sample of a real
/// program's functions (every block reachable in the page, as a region reads them, up to its limits), emitted and
/// compiled by RyuJIT. The program is $RVJIT_BENCH_ELF, else /tmp/gofmt (Go's gofmt cross-built for riscv64, see
/// the README); without either, a synthetic loop body stands in (far less representative).
/// </summary>
public class TierCompileBenchmarks
{
    /// <summary>Regions (read once, in the setup) are taken until they hold at least this many guest instructions (the last one overshoots by
    /// a fraction of a region; the setup prints the exact count).</summary>
    private const int Instructions = 4096;
    private const int SampledFunctions = 400;
    private GuestProgram program = null!;
    private int instructions;
    private List<GuestRegion> regions = [];
    private readonly QuickAssemblies quick = new(); // as an engine holds one: quick regions share assemblies

    [Params(CodeTier.Quick, CodeTier.Optimised)]
    public CodeTier Tier { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Environment.GetEnvironmentVariable("RVJIT_BENCH_ELF") ?? "/tmp/gofmt";
        var sampled = SampleRegions(path, SampledFunctions, out program);
        var taken = new List<GuestRegion>();
        for (int i = 0; instructions < Instructions; i++)
        {
            taken.Add(sampled[i % sampled.Count]);
            instructions += taken[^1].InstructionCount;
        }
        regions = taken;
        Console.WriteLine($"// {regions.Count} regions, {instructions} guest instructions, from {path}");
    }

    /// <summary>The regions at <paramref name="functions"/> function entries sampled evenly from the ELF at
    /// <paramref name="path"/> (its executable segment copied into RAM, page offsets kept); without the file, the
    /// synthetic integer loop.</summary>
    internal static List<GuestRegion> SampleRegions(string path, int functions, out GuestProgram program)
    {
        program = new GuestProgram(256UL << 20);
        var entries = new List<ulong>();
        if (File.Exists(path)) LoadFunctions(program, path, functions, entries);
        else
        {
            program.Write(GuestProgram.RamBase, GuestProgram.IntegerLoop());
            entries.Add(GuestProgram.RamBase);
        }
        var ram = program.Ram;
        return entries.ConvertAll(pa => GuestRegion.Read(ram, pa)).FindAll(r => r.InstructionCount > 0);
    }

    /// <summary>Copies the executable segment into RAM (page offsets kept) and samples function entries evenly.</summary>
    private static void LoadFunctions(GuestProgram program, string path, int sampled, List<ulong> entries)
    {
        using var elf = ElfImage.Load(path);
        var text = elf.ProgramHeaders.First(h => h.Type == SegmentType.Load && h.IsExecutable);
        ulong pageBase = text.VirtualAddress & ~0xFFFUL;
        ulong toPa(ulong va) => GuestProgram.RamBase + (va - pageBase);
        elf.CopySegment(text, program.Ram.Span(toPa(text.VirtualAddress), (int)text.FileSize));
        var functions = elf.Symbols
            .Where(s => s.Type == SymbolType.Func && s.Size >= 16 && s.Value >= text.VirtualAddress && s.Value < text.VirtualAddress + text.FileSize)
            .OrderBy(s => s.Value).ToList();
        for (int i = 0; i < sampled && functions.Count > 0; i++)
            entries.Add(toPa(functions[i * functions.Count / sampled].Value));
    }

    [Benchmark(OperationsPerInvoke = Instructions, Description = "compile cost per guest instruction")]
    public unsafe long Compile()
    {
        long il = 0;
        foreach (var region in regions)
        {
            var block = BlockEmitter.Compile(region, 0, Tier, int.MaxValue, quick);
            block.Function(null, null!, 0);
            il += block.IlBytes;
        }
        return il;
    }
}

/// <summary>The speed of each tier's code: the interpreter benchmarks' integer and load/store loops as one
/// region, compiled quick (never promoted) or optimised (ns per guest instruction).</summary>
public class TierCodeSpeedBenchmarks
{
    private const int Instructions = 20_000_000;
    private GuestProgram intLoop = null!, memLoop = null!;
    private JitEngine intEngine = null!, memEngine = null!;

    [Params(CodeTier.Quick, CodeTier.Optimised)]
    public CodeTier Tier { get; set; }

    private (GuestProgram, JitEngine) Make(uint[] code)
    {
        var g = new GuestProgram();
        g.Write(GuestProgram.RamBase, code);
        g.Hart.SetX(GuestProgram.T0, 1UL << 62);
        var engine = new JitEngine(g.Hart, hotThreshold: 1, backgroundCompile: false,
            promoteThreshold: Tier == CodeTier.Quick ? int.MaxValue : 0);
        engine.Run(g.Hart, 100_000);
        return (g, engine);
    }

    [GlobalSetup]
    public void Setup()
    {
        (intLoop, intEngine) = Make(GuestProgram.IntegerLoop());
        (memLoop, memEngine) = Make(GuestProgram.LoadStoreLoop(0x10_0000));
    }

    [Benchmark(OperationsPerInvoke = Instructions, Description = "integer loop (ns/instruction)")]
    public EngineExit IntegerLoop() => intEngine.Run(intLoop.Hart, Instructions);

    [Benchmark(OperationsPerInvoke = Instructions, Description = "load/store loop (ns/instruction)")]
    public EngineExit LoadStoreLoop() => memEngine.Run(memLoop.Hart, Instructions);
}
