// qemu-system-riscv64 -machine virt as the oracle of boot tests: the console of a run that powers off.
using System.Diagnostics;

namespace RvJit.Virt.Tests;

internal static class QemuSystem
{
    /// <summary>Boots QEMU's virt board with <paramref name="args"/> (after -machine virt -nographic -smp N) and the
    /// console on stdout; the console text once the guest powered off with status 0, or null when qemu-system-riscv64
    /// is not installed.</summary>
    public static string? Console(int harts, IEnumerable<string> args, TimeSpan patience)
    {
        var psi = new ProcessStartInfo("qemu-system-riscv64")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (string a in new[] { "-machine", "virt", "-nographic", "-smp", harts.ToString() }.Concat(args).Concat(["-monitor", "none", "-serial", "stdio"]))
            psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception) { return null; }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(patience)) { p.Kill(); Assert.Fail($"qemu-system-riscv64 did not power off within {patience.TotalSeconds} s"); }
            Assert.Equal(0, p.ExitCode);
            return stdout.Result;
        }
    }
}
