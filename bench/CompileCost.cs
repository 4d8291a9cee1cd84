using System.Diagnostics;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using RvJit.Runtime.Elf;
using RvJit.Translator;
using RvJit.Translator.Emit;

namespace RvJit.Bench;

/// <summary>
/// <c>compile-cost [ELF [REGIONS [TIER [ROUNDS]]]]</c>: compile cost per guest instruction per tier on a real program's
/// code, in this thread's CPU time (a loaded machine inflates it far less than wall time), split into emitting the IL
/// (BlockEmitter.Compile: the IL, and for the quick tier its type) and RyuJIT's compile at the first call, with a
/// least-squares fit (a cost per region plus one per guest instruction) and the cost of a few IL shapes in a quick
/// method (what minopts charges a statement, a local, a basic block). The regions start at functions sampled evenly
/// from the ELF's symbol table, as <see cref="TierCompileBenchmarks"/> reads them; $QT_MAXINS keeps the regions of
/// at most that many instructions. Run with DOTNET_TieredCompilation=0 so that rvjit's own code runs optimised, as
/// the ReadyToRun install's does.
/// </summary>
internal static unsafe class CompileCost
{
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
    private struct TimeSpec { public long Seconds, Nanoseconds; }
    private static double ThreadCpuUs() { ClockGetTime(3, out var t); return t.Seconds * 1e6 + t.Nanoseconds / 1e3; } // CLOCK_THREAD_CPUTIME_ID

    public static void Run(string[] args)
    {
        string path = args.Length > 1 ? args[1] : "/tmp/gofmt";
        int count = args.Length > 2 ? int.Parse(args[2]) : 300;
        var regions = TierCompileBenchmarks.SampleRegions(path, count, out var program);
        if (Environment.GetEnvironmentVariable("QT_MAXINS") is { } max) regions = regions.FindAll(r => r.InstructionCount <= int.Parse(max));
        int instructions = regions.Sum(r => r.InstructionCount);
        Console.WriteLine($"{regions.Count} regions, {instructions} guest instructions, from {path}");
        // Warm the emitter and RyuJIT's own code paths before measuring.
        foreach (var tier in new[] { CodeTier.Quick, CodeTier.Optimised })
            Measure(regions.Take(20).ToList(), tier, new QuickAssemblies(), out _, out _, out _);
        CodeTier[] tiers = args.Length > 3 ? [Enum.Parse<CodeTier>(args[3])] : [CodeTier.Quick, CodeTier.Optimised];
        int rounds = args.Length > 4 ? int.Parse(args[4]) : 2;
        for (int round = 0; round < rounds; round++)
            foreach (var tier in tiers)
            {
                Measure(regions, tier, new QuickAssemblies(), out double emitUs, out double jitUs, out long il);
                Console.WriteLine($"{tier,-9}: emit {emitUs / instructions,6:F2} us/ins, jit {jitUs / instructions,6:F2} us/ins, total {(emitUs + jitUs) / regions.Count,7:F0} us/region, "
                    + $"{(emitUs + jitUs) / instructions,6:F2} us/ins; IL {il / (double)instructions:F1} B/ins");
            }
        FixedCost();
        GC.KeepAlive(program);
    }

    /// <summary>What a quick-tier method costs for a few shapes of IL: a trivial method defined, created, bound and called.</summary>
    private static void FixedCost()
    {
        var remaining = typeof(JitContext).GetField(nameof(JitContext.Remaining))!;
        var countdown = typeof(BlockLinks).GetField(nameof(BlockLinks.Countdown))!;
        var linkExit = typeof(JitContext).GetField(nameof(JitContext.LinkExit))!;
        var next = typeof(BlockLinks).GetField(nameof(BlockLinks.Next))!;
        Shape("empty", il => { });
        Shape("1 field", il => { il.Emit(OpCodes.Ldarg_2); il.Emit(OpCodes.Ldfld, remaining); il.Emit(OpCodes.Pop); });
        Shape("4 fields", il =>
        {
            foreach (var (arg, f) in new[] { (OpCodes.Ldarg_2, remaining), (OpCodes.Ldarg_0, countdown), (OpCodes.Ldarg_2, linkExit), (OpCodes.Ldarg_0, next) })
            { il.Emit(arg); il.Emit(OpCodes.Ldfld, f); il.Emit(OpCodes.Pop); }
        });
        Shape("20 locals x 2 stores", il =>
        {
            for (int i = 0; i < 20; i++)
            {
                var l = il.DeclareLocal(typeof(ulong));
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldind_I8); il.Emit(OpCodes.Stloc, l);
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldloc, l); il.Emit(OpCodes.Stind_I8);
            }
        });
        Shape("1 local x 40 stores", il =>
        {
            var l = il.DeclareLocal(typeof(ulong));
            for (int i = 0; i < 20; i++)
            {
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldind_I8); il.Emit(OpCodes.Stloc, l);
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldloc, l); il.Emit(OpCodes.Stind_I8);
            }
        });
        Shape("1 local x 160 stores", il =>
        {
            var l = il.DeclareLocal(typeof(ulong));
            for (int i = 0; i < 80; i++)
            {
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldind_I8); il.Emit(OpCodes.Stloc, l);
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldc_I4, 8 * i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldloc, l); il.Emit(OpCodes.Stind_I8);
            }
        });
        Shape("40 locals x 40 adds", il =>
        {
            var ls = new LocalBuilder[40];
            for (int i = 0; i < 40; i++) { ls[i] = il.DeclareLocal(typeof(ulong)); il.Emit(OpCodes.Ldarg_3); il.Emit(OpCodes.Stloc, ls[i]); }
            for (int i = 0; i < 40; i++) { il.Emit(OpCodes.Ldloc, ls[i]); il.Emit(OpCodes.Ldloc, ls[(i + 7) % 40]); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, ls[(i + 3) % 40]); }
        });
        var helper = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Ld))!;
        Shape("20 calls", il =>
        {
            for (int i = 0; i < 20; i++) { il.Emit(OpCodes.Ldarg_2); il.Emit(OpCodes.Ldarg_3); il.Emit(OpCodes.Ldc_I8, 0L); il.Emit(OpCodes.Call, helper); il.Emit(OpCodes.Pop); }
        });
        Shape("40 blocks", il =>
        {
            for (int i = 0; i < 40; i++)
            {
                var l = il.DefineLabel();
                il.Emit(OpCodes.Ldarg_3); il.Emit(OpCodes.Ldc_I8, (long)i); il.Emit(OpCodes.Bne_Un, l);
                il.Emit(OpCodes.Ldc_I8, (long)i); il.Emit(OpCodes.Ret);
                il.MarkLabel(l);
            }
        });
    }

    private static void Shape(string name, Action<ILGenerator> body)
    {
        var quick = new QuickAssemblies();
        Type[] parameters = [typeof(BlockLinks), typeof(RvJit.Runtime.Hart.CpuState*), typeof(JitContext), typeof(ulong)];
        double define = 0, create = 0, call = 0;
        const int n = 200;
        for (int i = 0; i < n + 20; i++)
        {
            double t0 = ThreadCpuUs();
            var (type, method) = quick.DefineRegion("shape", parameters);
            var il = method.GetILGenerator();
            var skip = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Brfalse, skip);
            body(il);
            il.MarkLabel(skip);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Ret);
            double t1 = ThreadCpuUs();
            var fn = (BlockFunction)Delegate.CreateDelegate(typeof(BlockFunction), new BlockLinks(0, 0), quick.Finish(type));
            double t2 = ThreadCpuUs();
            fn(null, null!, 0);
            double t3 = ThreadCpuUs();
            if (i < 20) continue;
            define += t1 - t0; create += t2 - t1; call += t3 - t2;
        }
        Console.WriteLine($"{name,-22}: define + IL {define / n,4:F0} us, create type + delegate {create / n,4:F0} us, first call {call / n,4:F0} us");
    }

    private static void Measure(List<GuestRegion> regions, CodeTier tier, QuickAssemblies quick, out double emitUs, out double jitUs, out long il)
    {
        emitUs = jitUs = 0;
        il = 0;
        var points = new List<(double Ins, double Jit)>();
        foreach (var region in regions)
        {
            double t0 = ThreadCpuUs();
            var block = BlockEmitter.Compile(region, 0, tier, int.MaxValue, quick);
            double t1 = ThreadCpuUs();
            block.Function(null, null!, 0);
            double t2 = ThreadCpuUs();
            emitUs += t1 - t0;
            jitUs += t2 - t1;
            il += block.IlBytes;
            points.Add((region.InstructionCount, t2 - t1));
        }
        // jit = a + b * instructions, least squares
        double n = points.Count, sx = points.Sum(p => p.Ins), sy = points.Sum(p => p.Jit);
        double sxx = points.Sum(p => p.Ins * p.Ins), sxy = points.Sum(p => p.Ins * p.Jit);
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
        if (regions.Count > 20)
        {
            Console.WriteLine($"  {tier} jit fit: {a:F0} us + {b:F1} us/ins");
            foreach (var g in points.GroupBy(p => p.Ins <= 4 ? 4 : p.Ins <= 8 ? 8 : p.Ins <= 16 ? 16 : p.Ins <= 32 ? 32 : p.Ins <= 64 ? 64 : 256).OrderBy(g => g.Key))
                Console.Write($" [<={g.Key}: {g.Count()} regions, {g.Average(p => p.Jit):F0} us]");
            Console.WriteLine();
        }
    }
}
