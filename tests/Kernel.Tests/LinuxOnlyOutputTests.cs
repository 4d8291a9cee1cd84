// Guest programs whose cases qemu-user answers itself, differently from Linux: compared with the output of the
// same C file built for the host and run on it (programs/NAME.expected).
namespace RvJit.Kernel.Tests;

/// <summary>
/// scmrights.c with "linux": descriptors that do not fit the receiver's control buffer are closed with
/// MSG_CTRUNC (qemu-user receives into a larger host buffer and keeps them open), and malformed control
/// messages are EINVAL (qemu-user drops them and sends the data).
/// </summary>
public class LinuxOnlyOutputTests
{
    public static IEnumerable<object[]> Cases() =>
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { linkage, engine };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_passed_descriptors_that_do_not_fit_are_closed_and_bad_control_messages_refused_as_Linux_does(Linkage linkage, string engine)
    {
        string program = GuestPrograms.Get("scmrights", linkage);
        string expected = File.ReadAllText(Path.Combine(GuestPrograms.SourceDirectory, "scmrights.expected"));
        var actual = GuestRunner.RunRvjit(program, ["linux"], engine);
        Assert.Equal(expected, actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }
}
