// --root DIR against a hostile guest: a second guest racing the path walk, symlinks handed to host calls
// that follow them (AF_UNIX connect, faccessat), and the network policy (--net).
namespace RvJit.Kernel.Tests;

public class JailEscapeTests
{
    /// <summary>How long the opener races the swapper. Long enough that the unjailed-by-race code of
    /// 2026-12 read the host file in nearly every run (see the test).</summary>
    private const double RaceSeconds = 4;

    private static string CopyInto(string jail, string program)
    {
        string path = Path.Combine(jail, program);
        File.Copy(GuestPrograms.Get(program, Linkage.Static), path);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public async Task Rule_a_guest_swapping_a_directory_for_a_host_symlink_never_opens_the_host_file(string engine)
    {
        string outside = GuestRunner.NewWorkDirectory();
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            File.WriteAllText(Path.Combine(outside, "SECRET"), "OUTSIDE\n");
            Directory.CreateDirectory(Path.Combine(jail, "race"));
            File.WriteAllText(Path.Combine(jail, "race", "SECRET"), "inside\n");
            string program = CopyInto(jail, "jailrace");

            // Two guests (two kernels, as two `rvjit run --root` would be) share the root.
            var swapper = Task.Factory.StartNew(() => GuestRunner.RunRvjit(program, ["swap", outside], engine, root: jail, programPath: "/jailrace"),
                TaskCreationOptions.LongRunning);
            var opener = GuestRunner.RunRvjit(program, ["open", RaceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], engine, root: jail, programPath: "/jailrace");
            var swapped = await swapper;

            Assert.Equal(0, swapped.ExitCode);
            Assert.Equal(0, opener.ExitCode);
            Assert.StartsWith("held after", opener.Stdout);
            // The race was on: the opener saw both the jail's file and the swapped-in link (ENOENT inside the root).
            var counts = System.Text.RegularExpressions.Regex.Match(opener.Stdout, @"\((\d+) inside, (\d+) missing\)");
            Assert.True(counts.Success, opener.ToString());
            Assert.True(long.Parse(counts.Groups[1].Value) > 0, opener.Stdout);
            Assert.True(long.Parse(counts.Groups[2].Value) > 0, opener.Stdout);
        }
        finally
        {
            GuestRunner.TryDelete(outside);
            GuestRunner.TryDelete(jail);
        }
    }
}
