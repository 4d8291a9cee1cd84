// Time passes while guest threads spin: sleepers wake, interval timers fire, host SIGALRM reaches the guest.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Tests;

public partial class SpinTimerTests
{
    /// <summary>Each case ends in milliseconds under Linux; a hang (time standing still) fails at this bound
    /// instead of the runner's two minutes.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, Lazy<GuestResult>> QemuResults = new();

    public static IEnumerable<object[]> Cases() =>
        from mode in new[] { "sleeper", "sleeper-getpid", "watchdog", "selfjump", "bnez", "cloop" }
        from engine in new[] { "interp", "jit" }
        select new object[] { mode, engine };

    /// <summary>
    /// sleeper: thread B sleeps 10 ms and sets a flag thread A spins on (sleeper-getpid: A's loop makes
    /// non-blocking system calls). watchdog: a parent's SIGALRM interrupts waitpid on a child that spins
    /// forever. selfjump, bnez, cloop: setitimer's SIGALRM reaches `1: j 1b`, `bnez t0, 1b` and a C loop that
    /// the JIT compiles, none of which makes a system call.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_timers_fire_and_sleepers_wake_while_a_thread_spins(string mode, string engine)
    {
        string program = GuestPrograms.Get("spintimers", Linkage.Static);
        var expected = QemuResults.GetOrAdd(mode, _ => new Lazy<GuestResult>(() => GuestRunner.RunQemu(program, [mode]))).Value;
        var actual = GuestRunner.RunRvjit(program, [mode], engine, timeout: HangBound);
        Assert.True(expected.Stdout.Length > 0, $"qemu produced no output for {mode}: {expected}");
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }

    /// <summary>`kill -ALRM` on the rvjit process runs the guest's SIGALRM handler (as under qemu-user) instead
    /// of ending rvjit, while the guest spins without system calls; so do the other signals that only come
    /// from outside (SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR, SIGUSR1).</summary>
    [Theory]
    [InlineData(14, "interp")]
    [InlineData(14, "jit")]
    [InlineData(26, "interp")]
    [InlineData(27, "interp")]
    [InlineData(24, "interp")]
    [InlineData(29, "interp")]
    [InlineData(30, "interp")]
    [InlineData(10, "interp")]
    public Task Rule_a_host_signal_reaches_the_guest_handler(int signal, string engine) =>
        RunWithHostSignal(engine, "host-signal", signal, $"host signal {signal} reached the guest handler\n", 0);

    /// <summary>A guest that blocks a signal without a handler keeps the host's signal pending (rvjit starts forwarding
    /// at the guest's first handler or mask for one of them, LinuxKernel.WantHostSignals); one that set nothing is
    /// ended by it, rvjit with it (128 + signal, as a native program).</summary>
    [Theory]
    [InlineData("host-signal-blocked", 10, "host signal 10 pending while blocked\n", 0)]
    [InlineData("host-signal-blocked", 2, "host signal 2 pending while blocked\n", 0)]
    [InlineData("host-signal-default", 15, "", 128 + 15)]
    [InlineData("host-signal-default", 10, "", 128 + 10)]
    public Task Rule_a_host_signal_meets_the_guest_mask_and_default(string mode, int signal, string expected, int exitCode) =>
        RunWithHostSignal("interp", mode, signal, expected, exitCode);

    /// <summary>Runs spintimers' <paramref name="mode"/> under the CLI, sends the host signal once it says "ready", and
    /// checks the rest of its output and rvjit's exit code.</summary>
    private static async Task RunWithHostSignal(string engine, string mode, int signal, string expected, int exitCode)
    {
        string program = GuestPrograms.Get("spintimers", Linkage.Static);
        string cli = Path.Combine(AppContext.BaseDirectory, "rvjit.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { cli, "run", "--engine", engine, program, mode, signal.ToString() }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var hang = new CancellationTokenSource(HangBound);
        try
        {
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.Equal("ready", await p.StandardOutput.ReadLineAsync(hang.Token));
            Assert.Equal(0, Kill(p.Id, signal));
            string rest = await p.StandardOutput.ReadToEndAsync(hang.Token);
            await p.WaitForExitAsync(hang.Token);
            Assert.Equal(expected, rest);
            Assert.True(p.ExitCode == exitCode, $"exit {p.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!p.HasExited) p.Kill();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
