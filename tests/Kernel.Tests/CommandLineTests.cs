// The rvjit command's own surface: --version and the top-level help, through the installed-style CLI.
namespace RvJit.Kernel.Tests;

public class CommandLineTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    [Fact]
    public void Version_prints_one_line_and_exits_0()
    {
        var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "--version"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^rvjit \d+\.\d+\.\d+\S*\n$", output);
    }

    [Fact]
    public void Help_says_run_takes_Linux_programs()
    {
        var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("run PROGRAM [args...]", output);
        Assert.Contains("riscv64 Linux program", output);
    }
}
