// Running a check over many seeds, a few at a time, and collecting what went wrong.
using System.Collections.Concurrent;

namespace RvJit.RiscvTests.Differential;

/// <summary>Runs a per-seed check over a range of seeds in parallel and gathers the failures by seed.</summary>
public static class SeedRunner
{
    /// <summary>Runs <paramref name="check"/> (null = pass, otherwise a failure message) for seeds
    /// start..start+count-1, <see cref="DifferentialSettings.Parallelism"/> at a time. An exception counts as
    /// that seed's failure. Returns the failures ordered by seed.</summary>
    public static IReadOnlyList<(ulong Seed, string Message)> Run(ulong start, int count, Func<ulong, string?> check)
    {
        var failures = new ConcurrentDictionary<ulong, string>();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = DifferentialSettings.Parallelism }, i =>
        {
            ulong seed = start + (ulong)i;
            try
            {
                if (check(seed) is { } message) failures[seed] = message;
            }
            catch (Exception e)
            {
                failures[seed] = $"seed {seed}: {e.GetType().Name}: {e.Message}";
            }
        });
        return [.. failures.OrderBy(f => f.Key).Select(f => (f.Key, f.Value))];
    }

    /// <summary>A test failure message: how many seeds failed, which, and the details of the first few.</summary>
    public static string Summarize(string what, int count, IReadOnlyList<(ulong Seed, string Message)> failures)
    {
        string seeds = string.Join(", ", failures.Take(30).Select(f => f.Seed)) + (failures.Count > 30 ? ", ..." : "");
        string details = string.Join("\n\n", failures.Take(3).Select(f => f.Message));
        return $"{what}: {failures.Count} of {count} seeds failed (seeds {seeds})\n\n{details}";
    }
}
