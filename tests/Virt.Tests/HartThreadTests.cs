// Harts on host threads of their own (-accel tcg,thread=multi) against one thread for all (thread=single): two
// harts contending with AMOs and an LR/SC spinlock get exact totals under both, and each mode runs the harts
// where it says it does.
using System.Collections.Concurrent;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class HartThreadTests
{
    private const string ExactTotals = "contend: amo 400000 800000, lock 200000 600000, violations 0\n";

    [Theory]
    [InlineData("interp", HartThreads.Multi)]
    [InlineData("jit", HartThreads.Multi)]
    [InlineData("jit-default", HartThreads.Multi)]
    [InlineData("interp", HartThreads.Single)]
    [InlineData("jit", HartThreads.Single)]
    public void ContendingHartsGetExactTotals(string engine, HartThreads threads)
    {
        using var run = new VirtRun(engine, 2, null, GuestBuild.DeviceProgram("harts_contend"), threads: threads);
        var outcome = run.Finish();
        Assert.Equal(ExactTotals, run.Output);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
    }

    /// <summary>Counts the host threads an engine runs on.</summary>
    private sealed class ThreadRecorder(IExecutionEngine inner, ConcurrentDictionary<(ulong Hart, int Thread), bool> seen) : IExecutionEngine
    {
        public string Name => inner.Name;
        public EngineExit Run(RvJit.Runtime.Hart.Hart hart, long budget)
        {
            seen[(hart.HartId, Environment.CurrentManagedThreadId)] = true;
            return inner.Run(hart, budget);
        }
    }

    [Theory]
    [InlineData(HartThreads.Multi)]
    [InlineData(HartThreads.Single)]
    public void MultiRunsEachHartOnAThreadOfItsOwnAndSingleOnTheCallers(HartThreads threads)
    {
        var seen = new ConcurrentDictionary<(ulong Hart, int Thread), bool>();
        var engine = VirtRun.Engine("jit", 2);
        var console = new MemoryStream();
        using var machine = new VirtMachine(new VirtOptions
        {
            Harts = 2, Kernel = GuestBuild.DeviceProgram("harts_contend"), Console = console,
            Machine = new MachineOptions
            {
                EngineFactory = h => new ThreadRecorder(engine(h), seen), Timeout = TimeSpan.FromSeconds(60), HartThreads = threads,
            },
        });
        var outcome = machine.Run();
        int caller = Environment.CurrentManagedThreadId;
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        Assert.Equal(ExactTotals, System.Text.Encoding.ASCII.GetString(console.ToArray()));
        var byHart = seen.Keys.GroupBy(k => k.Hart).ToDictionary(g => g.Key, g => g.Select(k => k.Thread).ToArray());
        Assert.Equal([0UL, 1UL], byHart.Keys.Order());
        Assert.All(byHart.Values, t => Assert.Single(t)); // a hart stays on its thread
        if (threads == HartThreads.Multi)
        {
            Assert.NotEqual(byHart[0][0], byHart[1][0]);
            Assert.DoesNotContain(caller, byHart.Values.Select(t => t[0]));
        }
        else Assert.All(byHart.Values, t => Assert.Equal(caller, t[0]));
    }

    [Theory]
    [InlineData(HartThreads.Multi)]
    [InlineData(HartThreads.Single)]
    public void TheInstructionLimitEndsEveryHart(HartThreads threads)
    {
        const long Limit = 1_000_000;
        using var machine = new VirtMachine(new VirtOptions
        {
            Harts = 2, Kernel = GuestBuild.DeviceProgram("harts_contend"),
            Machine = new MachineOptions
            {
                EngineFactory = VirtRun.Engine("jit", 2), Timeout = TimeSpan.FromSeconds(60), HartThreads = threads, MaxInstructions = Limit,
            },
        });
        var outcome = machine.Run();
        Assert.Equal(StopReason.InstructionLimit, outcome.Reason);
        // Each hart's last slice was cut to what was left when it began (an engine may end a few instructions
        // late, at a block's end); harts on their own threads may both have begun one with the same remainder.
        const long BlockEnd = 64;
        Assert.InRange(outcome.Instructions, Limit, Limit + 2 * BlockEnd + (threads == HartThreads.Multi ? new MachineOptions().Slice : 0));
        // The count is every hart's (a second hart's thread may not have begun before the limit: host scheduling).
        Assert.Equal(outcome.Instructions, machine.Harts.Sum(h => h.Instret));
    }
}
