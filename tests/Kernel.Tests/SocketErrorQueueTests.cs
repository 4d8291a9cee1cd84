// recv/recvmsg with MSG_ERRQUEUE: never waits (found by the syscall fuzzer, seed 11 case 355: a busy loop on the host).
namespace RvJit.Kernel.Tests;

public class SocketErrorQueueTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Recv_from_an_empty_error_queue_is_eagain_at_once_as_under_linux(string engine)
    {
        string program = GuestPrograms.Get("recv_errqueue", Linkage.Static);
        var expected = GuestRunner.RunQemu(program, []);
        var actual = GuestRunner.RunRvjit(program, [], engine);
        Assert.Contains("recvfrom errqueue: -1 Resource temporarily unavailable", expected.Stdout);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }
}
