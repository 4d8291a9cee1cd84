// The differential test proper: random programs must leave the same state on rvjit as on QEMU.
namespace RvJit.RiscvTests.Differential;

/// <summary>
/// Runs RVJIT_DIFF_SEEDS random programs (default 300, from seed RVJIT_DIFF_SEED_START, default 1) on QEMU and
/// on rvjit in process (engines RVJIT_DIFF_ENGINE, default both), two seeds at a time, and compares the state dumps.
/// tests/riscv-tests/run-differential.sh runs it with any number of seeds.
/// </summary>
public sealed class RvJitVsQemuTests
{
    public static TheoryData<string> Engines() => [.. DifferentialSettings.Engines];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Random_programs_leave_the_same_state_as_on_qemu(string engine)
    {
        var generator = new RandomProgramGenerator(new GeneratorOptions { MisalignedAccesses = DifferentialSettings.Misaligned });
        IGuestRunner runner = new InProcessRvJitRunner(engine);
        var check = new DifferentialCheck(generator, new QemuOracle(), runner);
        int count = DifferentialSettings.Seeds;
        var failures = SeedRunner.Run((ulong)DifferentialSettings.SeedStart, count, check.Check);
        if (failures.Count > 0)
            Assert.Fail(SeedRunner.Summarize($"{runner.Name} versus qemu", count, failures));
    }

    /// <summary>The same check through the command line (`rvjit run` as a process) on a few seeds, so the
    /// CLI's system-mode path stays covered too.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void Random_programs_through_the_command_line_leave_the_same_state_as_on_qemu(string engine)
    {
        var generator = new RandomProgramGenerator(new GeneratorOptions { MisalignedAccesses = DifferentialSettings.Misaligned });
        var runner = new RvJitRunner(engine);
        var check = new DifferentialCheck(generator, new QemuOracle(), runner);
        const int count = 10;
        var failures = SeedRunner.Run((ulong)DifferentialSettings.SeedStart, count, check.Check);
        if (failures.Count > 0)
            Assert.Fail(SeedRunner.Summarize($"{runner.Name} versus qemu", count, failures));
    }
}
