// --perf-map writes /tmp/perf-PID.map naming translated regions by guest function, so that Linux perf attributes
// rvjit's host samples to guest functions; --profile prints a perf-report-like table at exit. Both through the CLI.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RvJit.Runtime.Elf;

namespace RvJit.Kernel.Tests;

public class PerfMapTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; status, stdout, stderr and the process id.</summary>
    private static (GuestResult Result, int Pid) Exec(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("DOTNET_EnableWriteXorExecute");
        psi.Environment.Remove("DOTNET_PerfMapEnabled");
        psi.Environment["RVJIT_CACHE"] = "off";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(180))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        return (new GuestResult(p.ExitCode, stdout.Result, stderr), p.Id);
    }

    // START SIZE rvjit:FUNCTION+0xOFFSET [0xPC] FILE
    private static readonly Regex RegionLine = new(@"^([0-9a-f]+) ([0-9a-f]+) rvjit:(?:(\S+)\+0x([0-9a-f]+) )?\[0x([0-9a-f]+)\] (\S+)$");

    private sealed record Region(ulong Start, ulong Size, string? Function, ulong Offset, ulong Pc, string Module);

    /// <summary>The translated regions of the map rvjit (pid <paramref name="pid"/>) wrote; the map is deleted.</summary>
    private static List<Region> ReadMap(int pid)
    {
        string path = $"/tmp/perf-{pid}.map";
        try
        {
            var regions = new List<Region>();
            foreach (var line in File.ReadAllLines(path).Where(l => l.Contains(" rvjit:", StringComparison.Ordinal)))
            {
                var m = RegionLine.Match(line);
                Assert.True(m.Success, $"malformed map line: {line}");
                static ulong Hex(Group g) => ulong.Parse(g.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                regions.Add(new Region(Hex(m.Groups[1]), Hex(m.Groups[2]), m.Groups[3].Success ? m.Groups[3].Value : null,
                    m.Groups[4].Success ? Hex(m.Groups[4]) : 0, Hex(m.Groups[5]), m.Groups[6].Value));
            }
            return regions;
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MapNamesRegionsByTheElfSymbolsOfAStaticProgram()
    {
        string program = GuestPrograms.Get("profhot", Linkage.Static);
        var (r, pid) = Exec("dotnet", [CliPath, "run", "--perf-map", "--jit-sync", program, "hot", "3000000"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var regions = ReadMap(pid);
        using var image = ElfImage.Load(program);
        var functions = image.Symbols.Where(s => s.Type == SymbolType.Func).ToList();
        Assert.Contains(regions, x => x.Function == "hot_loop");
        Assert.Contains(regions, x => x.Function == "warm_loop");
        foreach (var region in regions)
        {
            Assert.Equal(Path.GetFileName(program), region.Module);
            Assert.True(region.Start != 0 && region.Size is > 0 and < 1 << 20, region.ToString());
            // Not PIE: the guest pc is the ELF's address, the function's value plus the offset, inside the function.
            Assert.NotNull(region.Function);
            Assert.Contains(functions, f => f.Name == region.Function && f.Value + region.Offset == region.Pc && region.Offset < Math.Max(f.Size, 1));
        }
    }

    [Fact]
    public void MapNamesSharedLibraryCodeByItsDynamicSymbols()
    {
        string program = GuestPrograms.Get("profhot", Linkage.Dynamic);
        // main's loop runs 150 times: below the default hot threshold (4096), so the test names its own.
        var (r, pid) = Exec("dotnet", [CliPath, "run", "--perf-map", "--jit-sync", "--jit-threshold", "128", "-L", GuestPrograms.Sysroot, program, "libc", "3000000"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var regions = ReadMap(pid);
        using var libc = ElfImage.Load(Path.Combine(GuestPrograms.Sysroot, "lib", "libc.so.6"));
        var strlen = libc.Symbols.Single(s => s.Name == "strlen" && s.Type == SymbolType.Func);
        var named = regions.Where(x => x.Function == "strlen").ToList();
        Assert.NotEmpty(named);
        foreach (var region in named)
        {
            Assert.Equal("libc.so.6", region.Module);
            Assert.True(region.Offset < strlen.Size, region.ToString());
            // libc is mapped at a page-aligned bias: the pc less the offset is strlen's address plus that bias.
            Assert.Equal(strlen.Value & 0xfff, (region.Pc - region.Offset) & 0xfff);
        }
        Assert.Contains(regions, x => x.Function == "main" && x.Module == Path.GetFileName(program));
    }

    [Fact]
    public void PerfMapRestartStaysOutOfTheGuestEnvironment()
    {
        // --perf-map restarts rvjit with DOTNET_EnableWriteXorExecute=0; the guest's environment is rvjit's as given.
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        var (r, pid) = Exec("dotnet", [CliPath, "run", "--perf-map", program]);
        File.Delete($"/tmp/perf-{pid}.map");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("DOTNET_EnableWriteXorExecute", r.Stdout);
        Assert.DoesNotContain("RVJIT_PERF_MAP", r.Stdout);
        Assert.Contains("env PATH=", r.Stdout);
    }

    /// <summary>Why perf cannot sample here (null when it can): the perf test is then skipped with this reason.</summary>
    internal static readonly Lazy<string?> PerfUnavailable = new(() =>
    {
        string data = Path.Combine(Path.GetTempPath(), $"rvjit-perf-probe-{Guid.NewGuid():N}.data");
        try
        {
            var (r, _) = Exec("perf", ["record", "-q", "-e", "cpu-clock", "-o", data, "--", "true"]);
            return r.ExitCode == 0 ? null : $"perf cannot record cpu-clock samples on this host (exit {r.ExitCode}): {r.Stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e) { return $"perf is not installed ({e.Message}; Debian's package is linux-perf)"; }
        finally { File.Delete(data); }
    });

    [PerfFact]
    public void PerfReportNamesTheHotGuestFunction()
    {
        string program = GuestPrograms.Get("profhot", Linkage.Static);
        string data = Path.Combine(Path.GetTempPath(), $"rvjit-perf-{Guid.NewGuid():N}.data");
        var mapsBefore = Directory.GetFiles("/tmp", "perf-*.map").ToHashSet();
        try
        {
            var (r, _) = Exec("perf", ["record", "-q", "-e", "cpu-clock", "-o", data, "--", "dotnet", CliPath, "run", "--perf-map", program, "hot", "60000000"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            var (report, _) = Exec("perf", ["report", "-i", data, "--stdio", "--sort", "sym"]);
            // Lines like "    14.29%  [.] rvjit:hot_loop+0xa [0x107d4] profhot-static-...": the first guest one is hot_loop.
            var guest = report.Stdout.Split('\n').Where(l => l.Contains("[.] rvjit:", StringComparison.Ordinal)).ToList();
            Assert.True(guest.Count > 0 && guest[0].Contains("rvjit:hot_loop+", StringComparison.Ordinal), report.Stdout[..Math.Min(3000, report.Stdout.Length)]);
            Assert.Contains(guest, l => l.Contains("rvjit:warm_loop+", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(data);
            // rvjit's map is named by its pid, which perf does not print: the new one that names hot_loop.
            foreach (var map in Directory.GetFiles("/tmp", "perf-*.map").Where(f => !mapsBefore.Contains(f)))
                if (File.ReadLines(map).Any(l => l.Contains(" rvjit:hot_loop+", StringComparison.Ordinal))) File.Delete(map);
        }
    }

    [Fact]
    public void ProfileGoesToStderrOrToAFile()
    {
        string program = GuestPrograms.Get("profhot", Linkage.Static);
        var (r, _) = Exec("dotnet", [CliPath, "run", "--profile", program, "hot", "3000000"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"^-?\d+\n$", r.Stdout); // the guest's output only
        var lines = r.Stderr.Split('\n');
        Assert.StartsWith("# rvjit profile: ", lines[0]);
        Assert.Matches(@"^ +\d+\.\d\d% +\d+  profhot-static-\S+ +\[\.\] hot_loop$", lines[4]);

        string file = Path.Combine(Path.GetTempPath(), $"rvjit-profile-{Guid.NewGuid():N}.txt");
        try
        {
            var (f, _) = Exec("dotnet", [CliPath, "run", "--profile=" + file, program, "hot", "3000000"]);
            Assert.True(f.ExitCode == 0, f.ToString());
            Assert.Equal("", f.Stderr);
            Assert.Contains("[.] hot_loop", File.ReadAllText(file));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void HelpDocumentsBothFlags()
    {
        var (r, _) = Exec("dotnet", [CliPath, "run", "--help"]);
        Assert.Contains("--profile[=FILE]", r.Stdout);
        Assert.Contains("--perf-map", r.Stdout);
        // Not for bare-metal images: a one-line usage error.
        var (s, _) = Exec("dotnet", [CliPath, "run", "--profile", "--machine", "system", GuestPrograms.Get("hello", Linkage.Static)]);
        Assert.Equal(2, s.ExitCode);
        Assert.StartsWith("rvjit: --profile: Linux programs only", s.Stderr);
    }
}

/// <summary>A fact that needs `perf record` to work on this host; skipped with the reason when it does not.</summary>
public sealed class PerfFactAttribute : FactAttribute
{
    public PerfFactAttribute() { if (PerfMapTests.PerfUnavailable.Value is { } why) Skip = why; }
}
