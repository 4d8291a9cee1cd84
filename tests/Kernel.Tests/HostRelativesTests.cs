// Host programs a guest starts (popen's /bin/sh) signal the guest by the pids they see. Run through the rvjit
// command: its first guest process has rvjit's own host pid only there (host signals are forwarded).
using System.Diagnostics;

namespace RvJit.Kernel.Tests;

public class HostRelativesTests
{
    public static IEnumerable<object[]> Cases() =>
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { linkage, engine };

    /// <summary>`kill -USR1 &lt;getpid()&gt;` and `kill -USR2 $PPID` from a popen'ed host shell reach the guest's
    /// handlers before pclose returns, as under qemu-riscv64 (libc-test's popen).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rule_a_host_shell_signals_its_guest_parent(Linkage linkage, string engine)
    {
        string program = GuestPrograms.Get("popenkill", linkage);
        var expected = GuestRunner.RunQemu(program, []);
        Assert.Contains("SIGUSR1 received: 1", expected.Stdout);

        string cli = Path.Combine(AppContext.BaseDirectory, "rvjit.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { cli, "run", "--engine", engine, "-L", GuestPrograms.Sysroot, program }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var hang = new CancellationTokenSource(GuestRunner.Timeout);
        try
        {
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync(hang.Token);
            string stdout = await p.StandardOutput.ReadToEndAsync(hang.Token);
            await p.WaitForExitAsync(hang.Token);
            Assert.Equal(expected.Stdout, stdout);
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!p.HasExited) p.Kill();
        }
    }
}
