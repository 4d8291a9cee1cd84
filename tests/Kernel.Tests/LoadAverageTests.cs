// /proc/loadavg and sysinfo describe the guest system (its threads, ids and load), which neither qemu-user (the host's
// file) nor the host kernel can answer for: the program checks the facts itself (programs/loadavg.expected).
namespace RvJit.Kernel.Tests;

/// <summary>loadavg.c: runnable and existing threads, the last id given out, averages that rise past a 5 s tick with
/// three spinning threads, sysinfo's loads equal to the file's. It sleeps past a tick: about 5 s a run.</summary>
public class LoadAverageTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_load_averages_count_the_guests_runnable_threads(string engine)
    {
        string program = GuestPrograms.Get("loadavg", Linkage.Static);
        string expected = File.ReadAllText(Path.Combine(GuestPrograms.SourceDirectory, "loadavg.expected"));
        var actual = GuestRunner.RunRvjit(program, [], engine, harts: 2);
        Assert.Equal(expected, actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }
}
