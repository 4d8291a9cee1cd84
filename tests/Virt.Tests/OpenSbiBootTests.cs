// Debian's OpenSBI (the opensbi package, generic platform) boots on the virt board and runs the S-mode
// payload programs/sbi_payload.c: SBI console, base extension, timer interrupt, HSM hart start/stop, IPI,
// remote fence.i and system reset; on one and two harts, under both engines, with fw_jump and
// fw_dynamic. The console output is QEMU's (qemu-system-riscv64 -machine virt) line for line, except the
// lines where OpenSBI describes the CPU's features (QEMU's CPU has H, Sstc, 16 PMP entries and 16 HPM counters).
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

/// <summary>A theory that needs Debian's opensbi package; without it the tests say so (apt-get install opensbi).</summary>
public sealed class OpenSbiTheoryAttribute : TheoryAttribute
{
    public OpenSbiTheoryAttribute()
    {
        if (!File.Exists(OpenSbiBootTests.FwJump))
            Skip = $"Debian's opensbi package is not installed ({OpenSbiBootTests.FwJump} is missing): apt-get install opensbi";
    }
}

public class OpenSbiBootTests
{
    public const string FirmwareDir = "/usr/lib/riscv64-linux-gnu/opensbi/generic";
    public static string FwJump => Path.Combine(FirmwareDir, "fw_jump.elf");
    public static string FwDynamic => Path.Combine(FirmwareDir, "fw_dynamic.bin");

    /// <summary>OpenSBI's lines about the CPU's features, which differ between QEMU's CPU and rvjit's.</summary>
    private static readonly string[] CpuFeatureLines =
        ["Boot HART Base ISA", "Boot HART ISA Extensions", "Boot HART PMP Count", "Boot HART MHPM Count", "Boot HART MIDELEG", "Boot HART MEDELEG"];

    /// <param name="bootHart">The hart that won OpenSBI's boot lottery (always 0 when the harts take turns on one
    /// thread; either when each runs on its own, as under QEMU's MTTCG): the payload starts the other one.</param>
    private static string[] PayloadLines(int harts, int bootHart = 0) =>
    [
        "payload: hello from S-mode",
        "payload: SBI spec 1.0, implementation 1 (OpenSBI)",
        "payload: no debug console extension",
        "payload: system reset extension present",
        "payload: timer interrupt after the deadline",
        .. harts > 1 ? new[]
        {
            "payload: hart_start 0",
            $"payload: secondary hart {1 - bootHart} up, opaque 0x1234",
            "payload: remote fence.i 0",
            "payload: send_ipi 0",
            "payload: secondary took the IPI",
            "payload: secondary hart stopped",
        } : [],
        "payload: powering off",
    ];

    /// <summary>What the payload prints when OpenSBI 1.1 sent the hart it started to _start (see sbi_payload.c).</summary>
    private const string RaceRecovered = "payload: the secondary hart came to _start (OpenSBI 1.1's hart_start race): started again";

    /// <summary>The payload's lines but the race's (whose window a host thread's stall can open in any run).</summary>
    private static IEnumerable<string> PayloadOutput(string[] lines) =>
        lines.Where(l => l.StartsWith("payload:", StringComparison.Ordinal) && l != RaceRecovered);

    private static int BootHart(string[] lines) =>
        int.Parse(lines.Single(l => l.StartsWith("Boot HART ID ", StringComparison.Ordinal)).Split(':')[1].Trim());

    private static (RunOutcome Outcome, string Output) Boot(string engine, int harts, string firmware, HartThreads threads = HartThreads.Single)
    {
        using var run = new VirtRun(engine, harts, firmware, GuestBuild.SbiPayload(harts), threads: threads);
        var outcome = run.Finish();
        return (outcome, run.Output);
    }

    [OpenSbiTheory]
    [InlineData("interp", 1)]
    [InlineData("jit", 1)]
    [InlineData("interp", 2)]
    [InlineData("jit", 2)]
    [InlineData("interp", 2, HartThreads.Multi)] // a host thread per hart: the IPIs, remote fences and hart states cross threads
    [InlineData("jit", 2, HartThreads.Multi)]
    public void FwJumpRunsThePayloadToPowerOff(string engine, int harts, HartThreads threads = HartThreads.Single)
    {
        var (outcome, output) = Boot(engine, harts, FwJump, threads);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        string[] lines = Lines(output);
        Assert.Contains("OpenSBI v1.1", lines);
        Assert.Contains($"Platform HART Count       : {harts}", lines);
        Assert.Contains("Platform Console Device   : uart8250", lines);
        Assert.Contains("Platform Shutdown Device  : sifive_test", lines);
        Assert.Contains("Domain0 Next Address      : 0x0000000080200000", lines);
        int bootHart = threads == HartThreads.Single ? 0 : BootHart(lines);
        Assert.Contains($"Boot HART ID              : {bootHart}", lines);
        Assert.Equal(PayloadLines(harts, bootHart), PayloadOutput(lines));
    }

    /// <summary>
    /// OpenSBI 1.1's hart_start marks the hart START_PENDING before it writes the start address; the hart it starts
    /// spins in its wait for that state (the IPI that ended its cold-boot wait is still pending) and reads the old
    /// address, the payload's _start, if the starting hart stalls between the two. A host thread stalls there when it
    /// is preempted or compiles a block: CI saw the run hang once. Here the boot hart stalls at every block of its
    /// hart_start call, which makes the race certain; the payload recovers (stops the hart and starts it again).
    /// </summary>
    [OpenSbiTheory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void HartStartRecoversWhenTheBootHartStallsInsideOpenSbisHartStart(string engine)
    {
        VirtRun? run = null;
        var inner = VirtRun.Engine(engine, 2);
        run = new VirtRun(engine, 2, FwJump, GuestBuild.SbiPayload(2), threads: HartThreads.Multi,
            engineFactory: h => new StallInHartStart(inner(h), () => run?.Output ?? ""));
        using (run)
        {
            var outcome = run.Finish();
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            string[] lines = Lines(run.Output);
            Assert.Contains(RaceRecovered, lines);
            Assert.Equal(PayloadLines(2, BootHart(lines)), PayloadOutput(lines));
        }
    }

    /// <summary>Runs the boot hart (it leaves the other alone) block by block once the payload is near hart_start, and sleeps after each block of
    /// the M-mode call that follows the timer line (hart_start) until it returns to S-mode.</summary>
    private sealed class StallInHartStart(IExecutionEngine inner, Func<string> output) : IExecutionEngine
    {
        private enum Phase { Running, Stepping, LineEnded, BeforeCall, InCall, Done }
        private Phase phase;
        public string Name => inner.Name;
        public EngineExit Run(Hart hart, long budget)
        {
            if (phase == Phase.Running && output() is var text && text.Contains("payload: system reset extension present", StringComparison.Ordinal))
                phase = BootHart(Lines(text)) == (int)hart.HartId ? Phase.Stepping : Phase.Done; // either hart may win the boot lottery
            if (phase is Phase.Running or Phase.Done) return inner.Run(hart, budget);
            EngineExit exit = inner.Run(hart, 1);
            if (phase == Phase.InCall) Thread.Sleep(20);
            phase = phase switch
            {
                Phase.Stepping when TimerLineEnded(output()) => Phase.LineEnded,
                Phase.LineEnded when hart.Privilege == Privilege.Supervisor => Phase.BeforeCall,
                Phase.BeforeCall when hart.Privilege == Privilege.Machine => Phase.InCall,
                Phase.InCall when hart.Privilege == Privilege.Supervisor => Phase.Done,
                _ => phase,
            };
            return exit;
        }

        // The whole line, up to its newline, which the same console call writes as its last character.
        private static bool TimerLineEnded(string text)
        {
            int at = text.IndexOf("payload: timer interrupt after the deadline", StringComparison.Ordinal);
            return at >= 0 && text.IndexOf('\n', at) >= 0;
        }
    }

    [OpenSbiTheory]
    [InlineData("jit", 1)]
    [InlineData("jit", 2)]
    public void FwDynamicTakesTheNextStageFromTheInfoStructure(string engine, int harts)
    {
        var (outcome, output) = Boot(engine, harts, FwDynamic);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        string[] lines = Lines(output);
        Assert.Contains("Domain0 Next Address      : 0x0000000080200000", lines);
        Assert.Contains("Domain0 Next Arg1         : 0x0000000087e00000", lines); // the DTB, where QEMU puts it with 128M
        Assert.Contains("Domain0 Next Mode         : S-mode", lines);
        Assert.Equal(PayloadLines(harts), PayloadOutput(lines));
    }

    [OpenSbiTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void ConsoleMatchesQemuApartFromCpuFeatures(int harts)
    {
        string payload = GuestBuild.SbiPayload(harts);
        // fw_jump picks its boot hart by lottery: under load QEMU's hart 1 sometimes wins (rvjit's hart 0 always
        // does, as it runs first). Compare with a QEMU run whose boot hart is 0, as it nearly always is.
        string? qemu = null;
        for (int attempt = 0; attempt < 8 && (qemu is null || !qemu.Contains("Boot HART ID              : 0", StringComparison.Ordinal)); attempt++)
            qemu = RunQemu(harts, FwJump, payload);
        Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
        var (_, ours) = Boot("jit", harts, FwJump);
        Assert.Equal(Comparable(qemu), Comparable(ours));
        Assert.Equal(Lines(qemu).Length, Lines(ours).Length);
    }

    private static string[] Lines(string text) => text.Replace("\r", "").Split('\n');

    internal static string[] Comparable(string text) =>
        [.. Lines(text).Where(l => !CpuFeatureLines.Any(k => l.StartsWith(k, StringComparison.Ordinal)) && l != RaceRecovered)];

    private static string? RunQemu(int harts, string firmware, string kernel) =>
        QemuSystem.Console(harts, ["-bios", firmware, "-kernel", kernel], TimeSpan.FromMinutes(1));
}
