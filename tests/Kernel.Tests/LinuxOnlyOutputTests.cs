// Guest programs whose cases qemu-user answers itself, differently from Linux: compared with the output of the
// same C file built for the host and run on it (programs/NAME.expected).
namespace RvJit.Kernel.Tests;

/// <summary>
/// scmrights.c with "linux": descriptors that do not fit the receiver's control buffer are closed with
/// MSG_CTRUNC (qemu-user receives into a larger host buffer and keeps them open), and malformed control
/// messages are EINVAL (qemu-user drops them and sends the data). rtstorm.c: a real-time signal storm with forks
/// in a handler, whose answer is Linux's. (Its "children good 0" under qemu-user, and a "children good 36" under
/// rvjit on a loaded machine, were the program's own race, not the emulators': a kill landing inside glibc's
/// raise, between its gettid and its tgkill, leaves the forked child raising to its parent's thread id; Linux
/// does the same, 1 run in 40 once the kills come while the loop runs. The kills now wait while raise runs.)
/// udpcmsg.c: IP_PKTINFO/IP_TTL/IP_TOS control messages, one cut short by the receiver's buffer, which Linux marks
/// with MSG_CTRUNC (qemu-user's conversion cuts it and leaves the flag out). pidfd.c: pidfd_open, pidfd_send_signal,
/// pidfd_getfd, waitid(P_PIDFD) and clone(CLONE_PIDFD), which qemu-user 7.2 refuses (EINVAL). newcalls.c: clone3, openat2
/// and epoll_pwait2 (ENOSYS in qemu-user 7.2), /proc/self/fdinfo and recvmmsg's deferred error. pty.c: pseudo-terminals
/// with a child session on the slave side (qemu-user 7.2 answers TIOCGSID with the caller's own session). mqueue.c: POSIX
/// message queues (qemu-user 7.2 has no mq_notify and passes O_ACCMODE through). Both on one hart and on two.
/// </summary>
public class LinuxOnlyOutputTests
{
    private static readonly (string Name, string[] Args)[] Programs = [("scmrights", ["linux"]), ("rtstorm", []), ("udpcmsg", []), ("pidfd", []), ("newcalls", []), ("pty", []), ("mqueue", [])];

    public static IEnumerable<object[]> Cases() =>
        from p in Programs
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        from harts in new[] { 1, 2 }
        select new object[] { p.Name, linkage, engine, harts };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_output_matches_the_host_kernels(string name, Linkage linkage, string engine, int harts)
    {
        string program = GuestPrograms.Get(name, linkage);
        string expected = File.ReadAllText(Path.Combine(GuestPrograms.SourceDirectory, name + ".expected"));
        var actual = GuestRunner.RunRvjit(program, Programs.Single(p => p.Name == name).Args, engine, harts: harts);
        Assert.Equal(expected, actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }
}
