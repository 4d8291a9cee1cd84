// Linux 6.1 (Debian's linux-source-6.1, a small virt config; tests/linux/build-linux.sh) boots under Debian's
// OpenSBI fw_jump on rvjit's virt board to the initramfs's busybox shell, on one and two harts: the kernel
// sees the harts and their ISA, a command line's commands run, typed input reaches the shell through the
// UART's interrupt, and `poweroff -f` ends the machine with status 0 through the SiFive test device.
using System.Diagnostics;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class LinuxBootTests
{
    /// <summary>What init.sh prints once proc, sys and dev are mounted.</summary>
    public const string Marker = "rvjit-linux: init up";

    // Hang detection only: a boot takes seconds; a loaded CI machine may be many times slower.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static VirtRun Boot(string engine, int harts, string append)
    {
        var images = LinuxImages.Get();
        return new VirtRun(engine, harts, OpenSbiBootTests.FwJump, images.Kernel, Patience, initrd: images.Initrd,
            append: "console=ttyS0 " + append);
    }

    [OpenSbiTheory]
    [InlineData("jit", 1)]
    [InlineData("jit", 2)]
    [InlineData("interp", 1)]
    public void BootsAndRunsTheCommandLinesCommands(string engine, int harts)
    {
        using var run = Boot(engine, harts, "rvjit_run=\"uname -r; cat /proc/cpuinfo; echo done-$((6*7)); poweroff -f\"");
        var outcome = run.Finish(Patience);
        string output = run.Output.Replace("\r", "");
        Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
        Assert.Contains("Linux version 6.1.", output);
        Assert.Contains($"{Marker} (6.1.", output);
        Assert.Contains($"{harts} harts)", output);
        Assert.Contains("\n6.1.", output); // uname -r
        for (int h = 0; h < harts; h++)
            Assert.Contains($"processor\t: {h}\nhart\t\t: {h}\nisa\t\t: rv64imafdc", output);
        Assert.DoesNotContain($"processor\t: {harts}\n", output);
        Assert.Contains("done-42", output);
    }

    [OpenSbiTheory]
    [InlineData("jit", 1)]
    [InlineData("jit", 2)]
    public void TypedInputReachesTheShellThroughTheUartInterrupt(string engine, int harts)
    {
        using var run = Boot(engine, harts, "");
        run.WaitFor(Marker, Patience);
        run.WaitFor("# ", Patience); // busybox sh's prompt
        run.Type("echo typed-$((6*7)); grep -c ttyS /proc/interrupts\n");
        run.WaitFor("typed-42", Patience);
        run.Type("poweroff -f\n");
        var outcome = run.Finish(Patience);
        Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{run.Output}");
    }
}
