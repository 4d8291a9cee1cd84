// Guest programs run under rvjit and under qemu-riscv64 (the oracle): same stdout, same exit status.
using System.Collections.Concurrent;

namespace RvJit.Kernel.Tests;

/// <summary>
/// Each program is built static and dynamic, and run under both engines; qemu-riscv64's output of the
/// same binary is the expected result. Programs print only deterministic facts.
/// </summary>
public class ProgramTests
{
    private static readonly ConcurrentDictionary<(string, Linkage), Lazy<GuestResult>> QemuResults = new();

    /// <summary>Program name and its arguments.</summary>
    private static readonly (string Name, string[] Args)[] Programs =
    [
        ("hello", ["one", "two"]),
        ("args", ["x y", "z"]),
        ("fileio", []),
        ("cow", []),
        ("mmap", []),
        ("brk", []),
        ("timecheck", []),
        ("signals", []),
        ("fault", []),
        ("locks", []),
        ("threads", []),
        ("cxx", []),
        ("unknown", []),
        ("events", []),
        ("popen", []),
        ("epollet", []),
        ("spin", []),
        ("hostpipe", []),
        ("copyrange", []),
        ("sockets", []),
        ("sigqueue", []),
        ("ipc", []),
        ("futexpi", []),
        ("futexrequeue", []),
        ("futexwakeop", []),
        ("tlbmiss", []),
        ("smp", []),
        ("epolladd", []),
        ("timerfd", []),
        ("posixtimer", []),
        ("signalfd", []),
        ("scmrights", []),
        ("futexcow", []),
        ("inotify", []),
        ("cputime", []),
        ("scmhost", []),
        ("sockpair", []),
        ("scmcreds", []),
        ("systime", []),
        ("ignoredrestart", []),
        ("sleeprestart", []),
        ("fifoopen", []),
        ("xattrs", []),
        ("dgramname", []),
        ("fionbio", []),
        ("sendfilepipe", []),
        ("ifaddrs", []),
        ("capget", []),
        ("groups", []),
        ("keepcaps", []),
        ("procnet", []),
        ("pipesize", []),
        ("bytenames", []),
        ("sched", []),
        ("mmapshare", []),
        ("trailingslash", []),
        ("setuid", []),
        ("unixpeer", []),
        ("mmsg", []),
    ];

    /// <summary>The programs with several threads (or processes) that share memory, signals or futexes: run again
    /// with two harts, so their threads run at the same time on two host threads.</summary>
    private static readonly string[] Parallel =
        ["threads", "signals", "locks", "cxx", "events", "popen", "spin", "sockets", "sigqueue", "ipc", "futexpi", "futexrequeue", "cow", "smp", "epolladd",
         "timerfd", "posixtimer", "signalfd", "scmrights", "futexcow", "cputime", "scmhost", "sockpair", "scmcreds", "systime", "ignoredrestart", "sleeprestart", "fifoopen"];

    public static IEnumerable<object[]> ParallelCases() =>
        from name in Parallel
        from engine in new[] { "interp", "jit" }
        select new object[] { name, engine };

    [Theory]
    [MemberData(nameof(ParallelCases))]
    public void Rule_output_and_status_match_qemu_with_threads_on_two_harts(string name, string engine)
    {
        string[] args = Programs.Single(p => p.Name == name).Args;
        string program = GuestPrograms.Get(name, Linkage.Static);
        var expected = QemuResults.GetOrAdd((name, Linkage.Static), _ => new Lazy<GuestResult>(() => GuestRunner.RunQemu(program, args))).Value;
        var actual = GuestRunner.RunRvjit(program, args, engine, harts: 2);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }

    public static IEnumerable<object[]> Cases() =>
        from p in Programs
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { p.Name, linkage, engine };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_output_and_status_match_qemu(string name, Linkage linkage, string engine)
    {
        string[] args = Programs.Single(p => p.Name == name).Args;
        string program = GuestPrograms.Get(name, linkage);
        var expected = QemuResults.GetOrAdd((name, linkage), _ => new Lazy<GuestResult>(() => GuestRunner.RunQemu(program, args))).Value;
        var actual = GuestRunner.RunRvjit(program, args, engine);
        Assert.True(expected.Stdout.Length > 0, $"qemu produced no output for {name}: {expected}");
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }
}
