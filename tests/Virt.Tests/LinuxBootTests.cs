// Linux 6.1 (Debian's linux-source-6.1, a small virt config; tests/linux/build-linux.sh) boots under Debian's
// OpenSBI fw_jump on rvjit's virt board to the initramfs's busybox shell, on one and two harts: the kernel
// sees the harts and their ISA, a command line's commands run, typed input reaches the shell through the
// UART's interrupt, `poweroff -f` ends the machine with status 0 through the SiFive test device, and the
// console says what qemu-system-riscv64 -machine virt says (apart from lines about the CPU and the clock).
using System.Text.RegularExpressions;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public partial class LinuxBootTests
{
    /// <summary>What init.sh prints once proc, sys and dev are mounted.</summary>
    public const string Marker = "rvjit-linux: init up";

    // Hang detection only: a boot takes seconds; a loaded CI machine may be many times slower.
    internal static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private const string Commands = "uname -r; cat /proc/cpuinfo; echo done-$((6*7)); poweroff -f";

    internal static string Append(string commands) => $"console=ttyS0 rvjit_run=\"{commands}\"";

    internal static VirtRun Boot(string engine, int harts, string append, IReadOnlyList<VirtioDeviceSpec>? virtio = null, bool virtioLegacy = true,
        HartThreads threads = HartThreads.Single)
    {
        var images = LinuxImages.Get();
        return new VirtRun(engine, harts, OpenSbiBootTests.FwJump, images.Kernel, Patience, initrd: images.Initrd, append: append,
            virtio: virtio, virtioLegacy: virtioLegacy, threads: threads);
    }

    [OpenSbiTheory]
    [InlineData("jit-default", 1)]
    [InlineData("jit-default", 2)]
    [InlineData("interp", 1)]
    [InlineData("interp", 2)]
    [InlineData("jit", 1)] // every block compiled: the kernel's code paths run as translated code
    [InlineData("jit-default", 2, HartThreads.Multi)] // a host thread per hart
    public void BootsAndRunsTheCommandLinesCommands(string engine, int harts, HartThreads threads = HartThreads.Single)
    {
        using var run = Boot(engine, harts, Append(Commands), threads: threads);
        var outcome = run.Finish(Patience);
        string output = run.Output.Replace("\r", "");
        Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
        Assert.Contains("Linux version 6.1.", output);
        Assert.Contains("riscv-timer: Timer interrupt in S-mode is available via sstc extension", output);
        Assert.Contains($"smp: Brought up 1 node, {harts} CPU", output);
        Assert.Contains($"{Marker} (6.1.", output);
        Assert.Contains($"{harts} harts)", output);
        Assert.Contains("\n6.1.", output); // uname -r
        // Linux's processor 0 is the hart that won OpenSBI's boot lottery: hart 0 when the harts take turns on one
        // thread, either when each runs on its own (as under QEMU's MTTCG).
        int bootHart = threads == HartThreads.Single ? 0 : int.Parse(Regex.Match(output, @"processor\t: 0\nhart\t\t: (\d+)\n").Groups[1].Value);
        for (int p = 0; p < harts; p++)
        {
            int h = p == 0 ? bootHart : p <= bootHart ? p - 1 : p; // the others in device-tree order
            Assert.Contains($"processor\t: {p}\nhart\t\t: {h}\nisa\t\t: rv64imafdc_sstc_zihintpause\nmmu\t\t: sv57\n", output);
        }
        Assert.DoesNotContain($"processor\t: {harts}\n", output);
        Assert.Contains("done-42", output);
    }

    [OpenSbiTheory]
    [InlineData("jit-default", 1)]
    [InlineData("jit-default", 2)]
    [InlineData("jit-default", 2, HartThreads.Multi)] // the UART's interrupt wakes a hart asleep on its own thread
    public void TypedInputReachesTheShellThroughTheUartInterrupt(string engine, int harts, HartThreads threads = HartThreads.Single)
    {
        using var run = Boot(engine, harts, "console=ttyS0", threads: threads);
        run.WaitFor(Marker, Patience);
        run.WaitFor("# ", Patience); // busybox sh's prompt
        // The shell reads the console through the 8250 driver's receive interrupt (PLIC source 10).
        run.Type("echo typed-$((6*7)) $(grep -c ttyS /proc/interrupts)\n");
        run.WaitFor("typed-42 1", Patience); // the tty echoes the line, with $(...) unexpanded
        run.Type("poweroff -f\n");
        var outcome = run.Finish(Patience);
        Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{run.Output}");
    }

    /// <summary>Lines that differ between QEMU's CPU and rvjit's (QEMU's has H, 16 PMP entries, a non-zero marchid),
    /// that carry the date, or whose place depends on timing (the initramfs is unpacked in the background: its start and
    /// end lines move).</summary>
    private static readonly string[] DifferingLines =
    [
        "Boot HART Base ISA", "Boot HART ISA Extensions", "Boot HART PMP Count", "Boot HART MHPM Count", "Boot HART MIDELEG",
        "Boot HART MEDELEG", "riscv: base ISA extensions", "Memory: ", "goldfish_rtc 101000.rtc: setting system clock",
        "Unpacking initramfs", "Freeing initrd memory", "isa\t\t:", "marchid\t\t:", "mimpid\t\t:", "Linux version",
    ];

    [OpenSbiTheory]
    [InlineData(1)]
    public void ConsoleMatchesQemu(int harts)
    {
        var images = LinuxImages.Get();
        string? qemu = RunQemu(harts, images);
        Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
        using var run = Boot("jit-default", harts, Append(Commands));
        var outcome = run.Finish(Patience);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        Assert.Equal(Comparable(qemu), Comparable(run.Output));
    }

    [GeneratedRegex(@"^\[ *[0-9]+\.[0-9]+\] ")]
    private static partial Regex Timestamp();

    internal static string[] Comparable(string text) =>
    [
        .. text.Replace("\r", "").Split('\n').Select(l => Timestamp().Replace(l, ""))
            .Where(l => !DifferingLines.Any(d => l.StartsWith(d, StringComparison.Ordinal))),
    ];

    private static string? RunQemu(int harts, LinuxImages.Images images) =>
        QemuSystem.Console(harts, ["-bios", OpenSbiBootTests.FwJump, "-kernel", images.Kernel, "-initrd", images.Initrd, "-append", Append(Commands)], Patience);
}
