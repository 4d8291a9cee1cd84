// System calls given hostile arguments answer as Linux does, and guest-sized lengths never size host memory.
namespace RvJit.Kernel.Tests;

/// <summary>
/// badargs.c and hugeio.c print one line per case. The expected output is Linux's: the same C files built
/// for the host and run on it (programs/NAME.expected). qemu-riscv64 forwards most of these calls to the
/// host kernel and must agree with badargs.expected, except for the cases listed below where qemu-user
/// answers itself rather than asking the kernel.
/// </summary>
public class ArgumentCheckTests
{
    public static IEnumerable<object[]> Engines() => [["interp"], ["jit"]];

    /// <summary>badargs cases where qemu-user answers itself, differently from Linux: it translates socket types
    /// and drops unknown flag bits, validates a nanosleep timespec it could not read, and (7.2) lacks
    /// preadv2/pwritev2, and ignores signalfd4's mask size. hugeio is not compared with qemu at all: qemu locks each whole guest range before the
    /// call and answers EFAULT wherever Linux gives a short count.</summary>
    private static readonly string[] QemuDeviations =
    [
        "nanosleep hole", "socket bad type", "socket bad flags", "socket bad flags bad family", "socketpair bad flags",
        "socketpair bad family flags", "preadv2 bad flags", "pwritev2 bad flags", "next descriptor",
        "signalfd4 sizemask 4", "signalfd4 sizemask 16", "signalfd4 sizemask before fault",
    ];

    private static string Expected(string name) => File.ReadAllText(Path.Combine(GuestPrograms.SourceDirectory, name + ".expected"));

    private static string Case(string line) => line.Split(':')[0];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Rule_bad_arguments_answer_as_Linux_does(string engine)
    {
        string program = GuestPrograms.Get("badargs", Linkage.Static);
        var actual = GuestRunner.RunRvjit(program, [], engine);
        Assert.Equal(Expected("badargs"), actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }

    [Fact]
    public void Rule_the_expected_bad_argument_answers_are_the_host_kernels_as_qemu_forwards_them()
    {
        string program = GuestPrograms.Get("badargs", Linkage.Static);
        var qemu = GuestRunner.RunQemu(program, []);
        var expected = Expected("badargs").Split('\n').Where(l => !QemuDeviations.Contains(Case(l)));
        var forwarded = qemu.Stdout.Split('\n').Where(l => !QemuDeviations.Contains(Case(l)));
        Assert.Equal(string.Join('\n', expected), string.Join('\n', forwarded));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Rule_huge_lengths_answer_as_Linux_does_and_host_memory_stays_bounded(string engine)
    {
        string program = GuestPrograms.Get("hugeio", Linkage.Static);
        // Process-wide (other tests may run alongside): the bound is far below what sizing buffers by the
        // guest's length costs (hundreds of 2 GiB arrays) and far above what the run itself needs.
        long before = GC.GetTotalAllocatedBytes(precise: false);
        var actual = GuestRunner.RunRvjit(program, [], engine);
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.Equal(Expected("hugeio"), actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
        Assert.True(allocated < 2L << 30, $"rvjit allocated {allocated >> 20} MiB of host memory for hugeio");
    }
}
