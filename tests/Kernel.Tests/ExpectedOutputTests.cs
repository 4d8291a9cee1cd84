// Programs that exec other programs: qemu-user cannot follow execve without binfmt_misc, so their output
// is checked against expected files (programs/NAME.expected) instead.
namespace RvJit.Kernel.Tests;

/// <summary>fork/exec/wait, pipes, posix_spawn, a shell-like pipeline and timers deleted by exec, against reviewed expected output.</summary>
public class ExpectedOutputTests
{
    public static IEnumerable<object[]> Cases() =>
        from name in new[] { "process", "pipeline", "timerexec" }
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { name, linkage, engine };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_exec_based_programs_print_the_expected_output(string name, Linkage linkage, string engine)
    {
        string program = GuestPrograms.Get(name, linkage);
        string expected = File.ReadAllText(Path.Combine(GuestPrograms.SourceDirectory, name + ".expected"));
        var actual = GuestRunner.RunRvjit(program, [], engine);
        Assert.Equal(expected, actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }
}
