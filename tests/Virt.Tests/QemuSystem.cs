// qemu-system-riscv64 -machine virt as the oracle of boot tests: the console of a run that powers off.
using System.Diagnostics;
using System.Text;

namespace RvJit.Virt.Tests;

internal static class QemuSystem
{
    /// <summary>Boots QEMU's virt board with <paramref name="args"/> (after -machine virt -nographic -smp N) and the
    /// console on stdout; the console text once the guest powered off with status 0, or null when qemu-system-riscv64
    /// is not installed.</summary>
    public static string? Console(int harts, IEnumerable<string> args, TimeSpan patience) =>
        Dialogue(harts, args, prompt: "", [], patience);

    /// <summary>As <see cref="Console"/>, typing each of <paramref name="lines"/> (ended by a carriage return, as the
    /// Enter key sends) once <paramref name="prompt"/> has appeared once more: a firmware's shell reads keys as they
    /// come and drops what arrives while a command runs, so nothing is typed ahead.</summary>
    public static string? Dialogue(int harts, IEnumerable<string> args, string prompt, IReadOnlyList<string> lines, TimeSpan patience)
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
            var console = new StringBuilder();
            var reader = Task.Run(() =>
            {
                var buffer = new byte[4096];
                for (int n; (n = p.StandardOutput.BaseStream.Read(buffer)) > 0;)
                    lock (console) console.Append(Encoding.Latin1.GetString(buffer, 0, n));
            });
            string Text() { lock (console) return console.ToString(); }
            var deadline = DateTime.UtcNow + patience;
            for (int i = 0; i < lines.Count; i++)
            {
                while (VirtRun.Occurrences(Text(), prompt) <= i)
                {
                    if (p.HasExited || DateTime.UtcNow > deadline)
                    {
                        if (!p.HasExited) p.Kill();
                        Assert.Fail($"qemu-system-riscv64 showed '{prompt}' only {VirtRun.Occurrences(Text(), prompt)} times; console:\n{Text()}");
                    }
                    Thread.Sleep(5);
                }
                p.StandardInput.Write(lines[i] + "\r");
                p.StandardInput.Flush();
            }
            if (!p.WaitForExit(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
            {
                p.Kill();
                Assert.Fail($"qemu-system-riscv64 did not power off within {patience.TotalSeconds} s; console:\n{Text()}");
            }
            reader.Wait();
            Assert.Equal(0, p.ExitCode);
            return Text();
        }
    }
}
