using Xunit.Abstractions;

namespace RvJit.RiscvTests.Conformance;

/// <summary>
/// The upstream riscv-tests, when a directory of built tests is given in RVJIT_UPSTREAM_TESTS (rvjit never
/// ships or builds them). Runs the rv64 groups rvjit implements, in both -p- and -v- environments.
/// </summary>
public sealed class UpstreamSuiteTests(ITestOutputHelper output)
{
    private static readonly string[] Groups =
        ["rv64ui", "rv64um", "rv64ua", "rv64uf", "rv64ud", "rv64uc", "rv64si", "rv64mi", "rv64uzba", "rv64uzbb", "rv64uzbs",
         "rv64uzbc", "rv64uzbkb", "rv64uzbkx", "rv64uzfh", "rv64uzicond", "rv64mzicbo", "rv64ssvnapot"];

    [Fact]
    public void Upstream_suite_passes_when_given()
    {
        string? dir = Environment.GetEnvironmentVariable("RVJIT_UPSTREAM_TESTS");
        if (string.IsNullOrEmpty(dir))
        {
            output.WriteLine("RVJIT_UPSTREAM_TESTS is not set: no upstream riscv-tests directory given, none run.");
            return;
        }
        Assert.True(Directory.Exists(dir), $"RVJIT_UPSTREAM_TESTS={dir} is not a directory");

        var tests = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) == "" && Groups.Any(g => Path.GetFileName(f).StartsWith(g + "-", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(tests);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        foreach (string engine in TestImageRunner.Engines)
            Parallel.ForEach(tests, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
            {
                try
                {
                    if (TestImageRunner.Run(t, engine) is { } failure) failures.Add(failure);
                }
                catch (Exception e) { failures.Add($"{Path.GetFileName(t)} [{engine}]: {e.GetType().Name}: {e.Message}"); }
            });
        output.WriteLine($"{tests.Count} upstream tests x {TestImageRunner.Engines.Length} engines, {failures.Count} failed");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }
}
