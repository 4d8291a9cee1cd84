// --profile: the guest functions that ran the most instructions, named by the symbols of the program and of the
// shared libraries the dynamic linker mapped, the same under both engines, with every hart's samples.
using RvJit.Kernel.Debug;

namespace RvJit.Kernel.Tests;

public class ProfilerTests
{
    private static IReadOnlyList<(string Module, string Function, long Samples)> Profile(string engine, Linkage linkage, string[] args, int harts = 1)
    {
        string program = GuestPrograms.Get("profhot", linkage);
        var profiler = new GuestProfiler(interval: 10_007);
        var r = GuestRunner.RunRvjit(program, args, engine, harts: harts, profiler: profiler);
        Assert.True(r.ExitCode == 0, r.ToString());
        return profiler.Functions();
    }

    private static double Share(IReadOnlyList<(string Module, string Function, long Samples)> profile, string function) =>
        100.0 * profile.Where(f => f.Function == function).Sum(f => f.Samples) / profile.Sum(f => f.Samples);

    private static string Show(IReadOnlyList<(string Module, string Function, long Samples)> profile) =>
        string.Join("\n", profile.Take(8).Select(f => $"{f.Samples} {f.Module} {f.Function}"));

    [Theory]
    [InlineData("interp", Linkage.Static)]
    [InlineData("jit", Linkage.Static)]
    [InlineData("interp", Linkage.Dynamic)]
    [InlineData("jit", Linkage.Dynamic)]
    public void HotFunctionComesFirstWithItsShare(string engine, Linkage linkage)
    {
        // hot_loop runs 10x the iterations of warm_loop (an equal loop): about 91% and 9% of the instructions.
        var profile = Profile(engine, linkage, ["hot", "3000000"]);
        string program = Path.GetFileName(GuestPrograms.Get("profhot", linkage));
        Assert.True(profile[0] is { Function: "hot_loop" } && profile[0].Module == program, Show(profile));
        Assert.True(profile[1].Function == "warm_loop", Show(profile));
        Assert.InRange(Share(profile, "hot_loop"), 85, 95);
        Assert.InRange(Share(profile, "warm_loop"), 6, 12);
        // 3.3 M iterations of an 8-instruction loop, about 26.5 M instructions, a sample every 10,007: all counted.
        Assert.InRange(profile.Sum(f => f.Samples), 2500, 2800);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void SharedLibraryFunctionIsNamedBySharedLibrarySymbols(string engine)
    {
        // strlen of the dynamic build is libc.so.6's (its .dynsym: Debian's libc has no .symtab), mapped by ld.so.
        var profile = Profile(engine, Linkage.Dynamic, ["libc", "3000000"]);
        Assert.True(profile[0] is { Module: "libc.so.6", Function: "strlen" }, Show(profile));
        Assert.InRange(Share(profile, "strlen"), 85, 99);
        Assert.Contains(profile, f => f.Module.StartsWith("ld-linux-riscv64", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void StaticLibcFunctionIsNamedByProgramSymbols(string engine)
    {
        var profile = Profile(engine, Linkage.Static, ["libc", "3000000"]);
        string program = Path.GetFileName(GuestPrograms.Get("profhot", Linkage.Static));
        Assert.True(profile[0].Module == program && profile[0].Function == "strlen", Show(profile));
        Assert.InRange(Share(profile, "strlen"), 85, 99);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void EveryHartsSamplesAreCounted(string engine)
    {
        // Four threads on two harts share 3 M iterations of hot_loop (about 24 M instructions).
        var profile = Profile(engine, Linkage.Static, ["threads", "3000000"], harts: 2);
        Assert.True(profile[0].Function == "hot_loop", Show(profile));
        Assert.InRange(Share(profile, "hot_loop"), 95, 100);
        Assert.InRange(profile.Sum(f => f.Samples), 2300, 2600);
    }

    [Fact]
    public void BothEnginesGiveTheSameProfile()
    {
        var interp = Profile("interp", Linkage.Dynamic, ["hot", "3000000"]);
        var jit = Profile("jit", Linkage.Dynamic, ["hot", "3000000"]);
        foreach (var function in new[] { "hot_loop", "warm_loop", "main" })
            Assert.True(Math.Abs(Share(interp, function) - Share(jit, function)) < 1.0, $"{function}\ninterp:\n{Show(interp)}\njit:\n{Show(jit)}");
    }

    [Fact]
    public void ReportLooksLikePerfReport()
    {
        var profiler = new GuestProfiler(interval: 100);
        for (int i = 0; i < 3; i++) profiler.Add(new GuestLocation("prog", "hot_loop", 4, 0x10450));
        profiler.Add(new GuestLocation("libc.so.6", "strlen", 0, 0x7b042));
        profiler.Add(default);
        var text = new StringWriter { NewLine = "\n" };
        profiler.Report(text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("# rvjit profile: 5 samples, one per 100 guest instructions", lines[0]);
        Assert.Equal("    60.00%        3  prog                  [.] hot_loop", lines[4]);
        Assert.Equal("    20.00%        1  [anon]                [.] [unknown]", lines[5]);
        Assert.Equal("    20.00%        1  libc.so.6             [.] strlen", lines[6]);
    }
}
