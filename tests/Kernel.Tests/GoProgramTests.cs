// Go programs (built by the host's go toolchain) under rvjit and qemu-riscv64: same stdout, same exit status.
namespace RvJit.Kernel.Tests;

/// <summary>
/// A Go net/http server and goroutine clients on loopback (bench/parallel/gohttp/main.go, with its small defaults): the Go runtime's netpoller
/// (epoll_pwait, edge-triggered non-blocking sockets), futex sleeps and wakes between its threads, tgkill(SIGURG)
/// preemption and the garbage collector, with the server and the clients in one process. Run on one hart and on
/// two (the runtime's threads then run at once, and wake each other across harts), under both engines.
/// </summary>
public class GoProgramTests
{
    private static readonly Lazy<string> Program = new(() => GuestPrograms.GetGo("gohttp"));
    private static readonly Lazy<GuestResult> Expected = new(() => GuestRunner.RunQemu(Program.Value, []));

    public static IEnumerable<object[]> Cases() =>
        from engine in new[] { "interp", "jit" }
        from harts in new[] { 1, 2 }
        select new object[] { engine, harts };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Go_http_server_and_clients_match_qemu(string engine, int harts)
    {
        var expected = Expected.Value;
        Assert.Contains("requests 24 ok 24 failures 0", expected.Stdout);
        var actual = GuestRunner.RunRvjit(Program.Value, [], engine, harts: harts);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }
}
