// Guest programs whose cases qemu-user answers itself, differently from Linux: compared with the output of the
// same C file built for the host and run on it (programs/NAME.expected).
namespace RvJit.Kernel.Tests;

/// <summary>
/// scmrights.c with "linux": descriptors that do not fit the receiver's control buffer are closed with
/// MSG_CTRUNC (qemu-user receives into a larger host buffer and keeps them open), and malformed control
/// messages are EINVAL (qemu-user drops them and sends the data). rtstorm.c: qemu-user itself loses its forked
/// children's result now and then under a real-time signal storm ("children good 0" about once in fifteen runs),
/// which made it a flaky oracle; Linux answers 50 every time. Both on one hart and on two.
/// </summary>
public class LinuxOnlyOutputTests
{
    private static readonly (string Name, string[] Args)[] Programs = [("scmrights", ["linux"]), ("rtstorm", [])];

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
