// --profile: which guest functions took the instructions, from a sample every Interval instructions on every hart.
using System.Globalization;

namespace RvJit.Kernel.Debug;

/// <summary>
/// A sampling profiler of guest code. Each hart runs its time slice in steps of <see cref="Interval"/> instructions
/// (<see cref="Executor.ThreadLoop"/>); where a step's budget runs out, the hart's pc is one sample, named through
/// <see cref="GuestSymbols"/> (file and function). Both engines stop for the budget at the same kind of place, the
/// target of a taken branch (the interpreter at taken branches and page changes, compiled code at back edges and
/// exits), and store the pc there, so the samples need nothing from generated code: with the profiler off nothing
/// differs. A sample counts for the Interval instructions before it; a function entered by a call is credited with
/// the end of its caller's stretch, which evens out over many samples (the interval is a prime, so a loop's period
/// does not line up with it). Samples from every hart and process of the run are added up.
/// </summary>
public sealed class GuestProfiler(long interval = GuestProfiler.DefaultInterval)
{
    /// <summary>About 10-40 us of guest time a sample at 250-1000 MIPS; the extra engine calls cost under 1%.</summary>
    public const long DefaultInterval = 10_007;

    public long Interval { get; } = interval > 0 ? interval : throw new ArgumentOutOfRangeException(nameof(interval));

    private readonly Lock gate = new();
    private readonly Dictionary<(string Module, string Function), long> counts = new();
    private long samples;

    public long Samples { get { lock (gate) return samples; } }

    /// <summary>One sample at <paramref name="where"/> (any thread).</summary>
    public void Add(GuestLocation where)
    {
        var key = (where.ModuleName, where.FunctionName);
        lock (gate)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
            samples++;
        }
    }

    /// <summary>The functions by samples, most first (ties by name).</summary>
    public IReadOnlyList<(string Module, string Function, long Samples)> Functions()
    {
        lock (gate)
            return [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Function, StringComparer.Ordinal)
                .Select(kv => (kv.Key.Module, kv.Key.Function, kv.Value))];
    }

    /// <summary>Writes the profile as `perf report --stdio` lays out its top lines: share, samples, file, function
    /// (<paramref name="top"/> lines at most; 0: all).</summary>
    public void Report(TextWriter output, int top = 0)
    {
        var functions = Functions();
        long total = Math.Max(1, functions.Sum(f => f.Samples));
        output.WriteLine($"# rvjit profile: {functions.Sum(f => f.Samples)} samples, one per {Interval} guest instructions");
        output.WriteLine("#");
        output.WriteLine("# Overhead  Samples  Shared Object         Symbol");
        output.WriteLine("# ........  .......  ....................  ......");
        int shown = 0;
        foreach (var (module, function, n) in functions)
        {
            if (top > 0 && shown++ == top) { output.WriteLine($"# ... {functions.Count - top} more functions"); break; }
            string share = (100.0 * n / total).ToString("F2", CultureInfo.InvariantCulture) + "%";
            output.WriteLine($"{share,10}  {n,7}  {module,-20}  [.] {function}");
        }
    }
}
