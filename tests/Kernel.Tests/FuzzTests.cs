// The fuzzers' bounded CI runs (tests/Fuzz): mutated ELF files and random system calls end only in allowed outcomes.
using RvJit.Fuzz;
using Xunit.Abstractions;

namespace RvJit.Kernel.Tests;

/// <summary>
/// A few hundred fuzz cases per run, seeded so every run tries the same inputs: each must end in a refusal
/// (one line, exit 2/126/127), a guest signal or a normal exit; an internal error, an exception, a hang or
/// host memory growth fails the test with the case's reproducer. Long runs: `dotnet run --project
/// tests/Fuzz -c Release -- elf|syscalls --minutes 30`.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    private static string FailureDirectory => Path.Combine(Path.GetTempPath(), "rvjit-fuzz-failures");

    private CampaignReport Run(IFuzzer fuzzer, IRvjitRunner runner, int seed, int cases, params string[] engines)
    {
        var log = new StringWriter();
        var report = Campaign.Run(fuzzer, runner, new CampaignOptions(seed, cases, null, engines, FailureDirectory), log);
        string summary = report.Summary(fuzzer.Name);
        output.WriteLine(log + summary);
        Assert.True(report.FailureCount == 0, summary + "\n" + string.Join('\n', report.Failures));
        Assert.Equal(cases, report.Cases);
        return report;
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Mutated_elf_files_are_refused_or_run_in_process(string engine)
    {
        var report = Run(new ElfFuzzer(SeedPrograms.ElfSeeds(), CaseTimeout), new InProcessRunner { CheckResidentMemory = false }, seed: 1, cases: 120, engine);
        // Both refusals and runs occur, or the mutations do not reach the loader's checks.
        Assert.True(report.Counts.GetValueOrDefault(OutcomeClass.Refused) > 0, report.Summary("elf"));
        Assert.True(report.Counts.GetValueOrDefault(OutcomeClass.Exited) > 0, report.Summary("elf"));
    }

    [Fact]
    public void Mutated_elf_files_are_refused_or_run_through_the_command_line()
    {
        string rvjit = CliRunner.FindRvjit() ?? throw new InvalidOperationException("rvjit.dll is not next to the tests");
        Run(new ElfFuzzer(SeedPrograms.ElfSeeds(), CaseTimeout), new CliRunner(rvjit), seed: 2, cases: 12, "interp", "jit");
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Random_system_calls_in_a_jail_end_in_allowed_outcomes(string engine)
    {
        var fuzzer = new SyscallFuzzer(SeedPrograms.Get("syscall_fuzz", SeedLinkage.Static), batches: 4, callsPerBatch: 50, CaseTimeout);
        var report = Run(fuzzer, new InProcessRunner { CheckResidentMemory = false }, seed: 1, cases: 16, engine);
        Assert.True(report.Counts.GetValueOrDefault(OutcomeClass.Exited) > 0, report.Summary("syscalls"));
    }

    [Fact]
    public void Random_system_calls_in_a_jail_through_the_command_line()
    {
        string rvjit = CliRunner.FindRvjit() ?? throw new InvalidOperationException("rvjit.dll is not next to the tests");
        var fuzzer = new SyscallFuzzer(SeedPrograms.Get("syscall_fuzz", SeedLinkage.Static), batches: 4, callsPerBatch: 50, CaseTimeout);
        Run(fuzzer, new CliRunner(rvjit), seed: 3, cases: 2, "interp", "jit");
    }

    [Fact]
    public void The_syscall_guest_reports_the_calls_it_made()
    {
        var fuzzer = new SyscallFuzzer(SeedPrograms.Get("syscall_fuzz", SeedLinkage.Static), batches: 2, callsPerBatch: 40, CaseTimeout);
        using var fuzzCase = fuzzer.Create(seed: 5, index: 0, engine: "interp");
        var result = new InProcessRunner { CheckResidentMemory = false }.Run(fuzzCase.Request);
        Assert.Equal(OutcomeClass.Exited, result.Outcome.Class);
        Assert.Matches(@"syscall_fuzz: seed \d+: \d+ calls in 2 batches", result.Stdout);
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("block")]
    public void A_guest_that_never_ends_is_a_guest_timeout_not_a_hang(string how)
    {
        string program = GuestPrograms.Get("loop_forever", Linkage.Static);
        var result = new InProcessRunner { CheckResidentMemory = false }.Run(new RunRequest(program, [how], "jit", TimeSpan.FromSeconds(3)));
        Assert.Equal(OutcomeClass.GuestTimeout, result.Outcome.Class);
    }

    [Theory]
    [InlineData(2, "rvjit: x.elf: not an ELF file", "", OutcomeClass.Refused)]
    [InlineData(126, "rvjit: /x: Exec format error", "", OutcomeClass.Refused)]
    [InlineData(2, "", "guest output\n", OutcomeClass.Exited)]
    [InlineData(139, "rvjit: x: SIGSEGV (load of unmapped address) at pc 0x0", "", OutcomeClass.GuestSignal)]
    [InlineData(159, "rvjit: internal error in mincore (pid 1, pc 0x10): System.OverflowException", "", OutcomeClass.InternalError)]
    [InlineData(134, "Unhandled exception. System.NullReferenceException", "", OutcomeClass.DotNetException)]
    [InlineData(134, "Fatal error. Internal CLR error.", "", OutcomeClass.HostCrash)]
    public void Outcomes_are_classified_from_status_and_messages(int status, string messages, string stdout, OutcomeClass expected)
    {
        Assert.Equal(expected, Outcomes.Classify(status, messages, stdout, bareMetal: false).Class);
    }
}
