// A fuzzing campaign: cases from a seed, run until a case count or a time budget, outcomes tallied.
using System.Diagnostics;

namespace RvJit.Fuzz;

/// <summary>One case of a fuzzer: what to run (prepared in a scratch directory) and how to describe it.</summary>
public interface IFuzzCase : IDisposable
{
    RunRequest Request { get; }
    string Description { get; }
    /// <summary>Saves the input that produced a failure into <paramref name="directory"/>; returns the file.</summary>
    string SaveReproducer(string directory, string stem);
}

/// <summary>What a fuzzer supplies: case i of seed s, reproducible alone.</summary>
public interface IFuzzer
{
    string Name { get; }
    /// <summary>The inputs are valid programs: a refusal means the harness is broken (a failure).</summary>
    bool InputsAreValid { get; }
    IFuzzCase Create(int seed, long index, string engine);
}

/// <summary>Options of a campaign (from the command line or a test).</summary>
public sealed record CampaignOptions(int Seed, long Cases, TimeSpan? Duration, string[] Engines, string OutputDirectory)
{
    /// <summary>Run only this case (reproduce a failure).</summary>
    public long? OnlyCase { get; init; }
    /// <summary>Stop at the first failure (tests), or keep going and collect them (by hand).</summary>
    public bool StopAtFirstFailure { get; init; }
    /// <summary>Print each case before it runs (finds the case that crashed the fuzzer itself in-process).</summary>
    public bool Verbose { get; init; }
    /// <summary>With <see cref="OnlyCase"/> and the in-process runner: the case's system calls to this file.</summary>
    public string? StraceFile { get; init; }
}

/// <summary>The tally of a campaign.</summary>
public sealed class CampaignReport
{
    public Dictionary<OutcomeClass, long> Counts { get; } = [];
    public Dictionary<string, long> Allowed { get; } = [];
    public List<string> Failures { get; } = [];
    public Dictionary<string, (long Count, string FirstReproducer)> FailureGroups { get; } = [];
    public long Cases { get; set; }
    public TimeSpan Elapsed { get; set; }
    public long PeakHostMemory { get; set; }

    public long FailureCount => Failures.Count;

    public string Summary(string name)
    {
        var lines = new List<string>
        {
            $"{name}: {Cases} cases in {Elapsed.TotalSeconds:F1} s; " +
            string.Join(", ", Enum.GetValues<OutcomeClass>().Where(c => Counts.ContainsKey(c)).Select(c => $"{c} {Counts[c]}")) +
            $"; peak host memory {PeakHostMemory >> 20} MiB",
        };
        foreach (var known in KnownFailures.Active) lines.Add($"  allowance in force: {known.Name} ({known.Owner})");
        foreach (var (allowance, count) in Allowed) lines.Add($"  allowed (known, fixed elsewhere): {allowance}: {count}");
        foreach (var (group, (count, first)) in FailureGroups) lines.Add($"  FAILURE x{count}: {group}\n    first: {first}");
        lines.Add(FailureCount == 0 ? $"{name}: no failures" : $"{name}: {FailureCount} failures");
        return string.Join('\n', lines);
    }
}

/// <summary>Runs a fuzzer's cases through a runner, under each engine in turn.</summary>
public static class Campaign
{
    public static CampaignReport Run(IFuzzer fuzzer, IRvjitRunner runner, CampaignOptions options, TextWriter log)
    {
        var report = new CampaignReport();
        var clock = Stopwatch.StartNew();
        long first = options.OnlyCase ?? 0, last = options.OnlyCase is { } only ? only + 1 : options.Cases;
        for (long index = first; index < last; index++)
        {
            if (options.Duration is { } d && clock.Elapsed > d) break;
            string engine = options.Engines[index % options.Engines.Length];
            using var fuzzCase = fuzzer.Create(options.Seed, index, engine);
            if (options.Verbose) { log.WriteLine($"case {index} ({engine}): {fuzzCase.Description}"); log.Flush(); }
            RunResult result = runner.Run(options.StraceFile is null ? fuzzCase.Request : fuzzCase.Request with { StraceFile = options.StraceFile });
            // A memory failure in process: run it again recording which system calls allocated the memory.
            if (result.Outcome.Class == OutcomeClass.MemoryGrowth && runner is InProcessRunner)
                result = result with { Outcome = result.Outcome with { Detail = result.Outcome.Detail + " in " + runner.Run(fuzzCase.Request with { Strace = true }).Strace } };
            report.Cases++;
            report.PeakHostMemory = Math.Max(report.PeakHostMemory, result.PeakHostMemory);
            var outcome = result.Outcome;
            if (fuzzer.InputsAreValid && outcome.Class == OutcomeClass.Refused)
                outcome = outcome with { Class = OutcomeClass.BadRefusal, Detail = "a valid program was refused: " + outcome.Detail };
            report.Counts[outcome.Class] = report.Counts.GetValueOrDefault(outcome.Class) + 1;
            if (outcome.IsFailure)
            {
                if (KnownFailures.Match(outcome, fuzzCase.Description) is { } known)
                {
                    report.Allowed[$"{known.Name} ({known.Owner})"] = report.Allowed.GetValueOrDefault($"{known.Name} ({known.Owner})") + 1;
                }
                else
                {
                    string stem = $"{fuzzer.Name}-seed{options.Seed}-case{index}-{engine}";
                    string saved = fuzzCase.SaveReproducer(options.OutputDirectory, stem);
                    string line = $"{fuzzer.Name} seed {options.Seed} case {index} ({engine}, {runner.Name}): {outcome.Class} (exit {outcome.ExitCode}): " +
                                  $"{outcome.Detail}\n    input: {fuzzCase.Description}{GuestReport(result.Stdout)}\n    saved: {saved}\n    rerun: -- {fuzzer.Name} --seed {options.Seed} --case {index} --engine {engine}";
                    report.Failures.Add(line);
                    log.WriteLine("FAIL " + line);
                    string key = Outcomes.GroupKey(outcome);
                    report.FailureGroups[key] = report.FailureGroups.TryGetValue(key, out var g) ? (g.Count + 1, g.FirstReproducer) : (1, $"seed {options.Seed} case {index} {engine}: {fuzzCase.Description}");
                    if (options.StopAtFirstFailure || !runner.Usable) break;
                }
            }
            if (options.Verbose) log.WriteLine($"  -> {outcome.Class} exit {outcome.ExitCode}: {outcome.Detail}");
            if (options.OnlyCase is not null)
                log.WriteLine($"case {index} ({engine}): {outcome.Class} exit {outcome.ExitCode}: {outcome.Detail}\n  input: {fuzzCase.Description}\n--- stdout\n{result.Stdout}--- rvjit\n{result.Messages}");
            if ((index + 1) % 500 == 0) log.WriteLine($"{fuzzer.Name}: {index + 1} cases, {clock.Elapsed.TotalSeconds:F0} s, {report.FailureCount} failures");
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    // The syscall guest's lines naming the call a batch died in (its number and arguments).
    private static string GuestReport(string stdout) =>
        string.Concat(stdout.Split('\n').Where(l => l.StartsWith("batch ", StringComparison.Ordinal)).Take(4).Select(l => "\n    guest: " + l));

    /// <summary>A case's own seed from the campaign's seed and its index (so one case reruns alone).</summary>
    public static int CaseSeed(int seed, long index)
    {
        ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7fff_ffff);
    }

    /// <summary>Removes a scratch directory a guest may have made unreadable (chmod 0) or filled.</summary>
    public static void DeleteTree(string dir)
    {
        try
        {
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
                if (entry is DirectoryInfo && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    try { File.SetUnixFileMode(entry.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
