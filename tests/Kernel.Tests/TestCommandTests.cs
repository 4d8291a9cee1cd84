// `rvjit test DIR` over a folder of Linux programs: pass on exit 0, fail on a status or a signal (named),
// a per-test timeout, a table row per folder, and JUnit XML that CI systems read.
using System.Globalization;
using System.Xml;

namespace RvJit.Kernel.Tests;

public class TestCommandTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    /// <summary>basic/ (two passing programs, static and dynamic, and one returning 3), crash/ (SIGSEGV, abort),
    /// slow/ (sleeps past any short timeout), and files that are not tests.</summary>
    private static string MakeSuite()
    {
        string dir = GuestRunner.NewWorkDirectory();
        string stat = GuestPrograms.Get("conformance", Linkage.Static), dyn = GuestPrograms.Get("conformance", Linkage.Dynamic);
        void Put(string folder, string name, string program)
        {
            Directory.CreateDirectory(Path.Combine(dir, folder));
            File.Copy(program, Path.Combine(dir, folder, name));
        }
        Put("basic", "pass_static", stat);
        Put("basic", "pass_dynamic", dyn);
        Put("basic", "exit3", stat);
        Put("crash", "segv", stat);
        Put("crash", "abort", dyn);
        Put("slow", "sleep", stat);
        File.WriteAllText(Path.Combine(dir, "basic", "README"), "not a test\n");
        File.Copy("/bin/true", Path.Combine(dir, "basic", "host_true")); // a host ELF: not a RISC-V test
        return dir;
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Linux_programs_pass_fail_time_out_and_are_reported_per_folder_and_in_JUnit(string engine)
    {
        string dir = MakeSuite();
        string junit = Path.Combine(dir, "results.xml");
        try
        {
            var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "test", "--engine", engine, "--timeout", "10", "--jobs", "3", "--junit", junit, dir]);
            Assert.True(code == 1, $"exit {code}\n{output}");
            Assert.Matches(@"FAIL +basic/exit3 +exit status 3\n", output);
            Assert.Matches(@"FAIL +crash/segv +killed by SIGSEGV\n", output);
            Assert.Matches(@"FAIL +crash/abort +killed by SIGABRT\n", output);
            Assert.Matches(@"TIMEOUT +slow/sleep +timed out after 10 s\n", output);
            Assert.DoesNotContain("pass_static", output); // passing tests are listed only with --verbose
            Assert.Matches(@"\nbasic +2 +1 +0 +[0-9.]+\n", output);
            Assert.Matches(@"\ncrash +0 +2 +0 +[0-9.]+\n", output);
            Assert.Matches(@"\nslow +0 +0 +1 +[0-9.]+\n", output);
            Assert.EndsWith("2 passed, 4 failed\n", output);

            var xml = new XmlDocument();
            xml.Load(junit);
            var root = xml.DocumentElement!;
            Assert.Equal("testsuites", root.Name);
            Assert.Equal(("6", "3", "1"), (root.GetAttribute("tests"), root.GetAttribute("failures"), root.GetAttribute("errors")));
            var suites = root.SelectNodes("testsuite")!.Cast<XmlElement>().ToDictionary(s => s.GetAttribute("name"));
            Assert.Equal(["basic", "crash", "slow"], suites.Keys.Order());
            Assert.Equal(("3", "1", "0"), (suites["basic"].GetAttribute("tests"), suites["basic"].GetAttribute("failures"), suites["basic"].GetAttribute("errors")));
            Assert.Equal(("1", "0", "1"), (suites["slow"].GetAttribute("tests"), suites["slow"].GetAttribute("failures"), suites["slow"].GetAttribute("errors")));
            var cases = root.SelectNodes("//testcase")!.Cast<XmlElement>().ToDictionary(c => c.GetAttribute("name"));
            Assert.Equal(6, cases.Count);
            foreach (var c in cases.Values)
                Assert.True(double.TryParse(c.GetAttribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out _), c.OuterXml);
            Assert.Null(cases["pass_dynamic"].SelectSingleNode("failure|error"));
            Assert.Equal("basic", cases["pass_dynamic"].GetAttribute("classname"));
            Assert.Contains("conformance: pass_dynamic", cases["pass_dynamic"].SelectSingleNode("system-out")!.InnerText);
            Assert.Equal("exit status 3", ((XmlElement)cases["exit3"].SelectSingleNode("failure")!).GetAttribute("message"));
            Assert.Equal("killed by SIGSEGV", ((XmlElement)cases["segv"].SelectSingleNode("failure")!).GetAttribute("message"));
            var timeout = (XmlElement)cases["sleep"].SelectSingleNode("error")!;
            Assert.Equal("timeout", timeout.GetAttribute("type"));
            Assert.True(double.Parse(cases["sleep"].GetAttribute("time"), CultureInfo.InvariantCulture) >= 9.5);
        }
        finally { GuestRunner.TryDelete(dir); }
    }

    [Fact]
    public void A_JUnit_file_in_a_missing_directory_is_refused_before_the_run()
    {
        string dir = GuestRunner.NewWorkDirectory();
        try
        {
            var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "test", "--junit", Path.Combine(dir, "missing", "r.xml"), dir]);
            Assert.Equal(2, code);
            Assert.Equal($"rvjit: --junit {Path.Combine(dir, "missing", "r.xml")}: no such directory\n", output);
        }
        finally { GuestRunner.TryDelete(dir); }
    }

    [Fact]
    public void A_folder_whose_programs_all_pass_exits_0()
    {
        string dir = MakeSuite();
        try
        {
            var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "test", "--filter", "pass", "--verbose", dir]);
            Assert.True(code == 0, $"exit {code}\n{output}");
            Assert.Matches(@"PASS +basic/pass_static +exit status 0\n", output);
            Assert.EndsWith("2 passed, 0 failed\n", output);
        }
        finally { GuestRunner.TryDelete(dir); }
    }

    /// <summary>Tests run in-process, with guest pids the host does not know; a test whose popen'ed host shell
    /// signals it by its pid (`kill -USR1 &lt;getpid()&gt;`, `kill $PPID`: libc-test's popen) still passes, run
    /// again with rvjit's own host pid, beside tests that keep running in-process.</summary>
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void A_test_signalled_by_a_host_shell_it_started_passes(string engine)
    {
        string dir = GuestRunner.NewWorkDirectory();
        try
        {
            File.Copy(GuestPrograms.Get("popenkill", Linkage.Static), Path.Combine(dir, "popenkill_static"));
            File.Copy(GuestPrograms.Get("popenkill", Linkage.Dynamic), Path.Combine(dir, "popenkill_dynamic"));
            File.Copy(GuestPrograms.Get("conformance", Linkage.Static), Path.Combine(dir, "pass_static"));
            var (code, output) = GuestPrograms.Exec("dotnet", [CliPath, "test", "--engine", engine, "--jobs", "3", "--verbose", dir]);
            Assert.True(code == 0, $"exit {code}\n{output}");
            Assert.Matches(@"PASS +\S+/popenkill_static +exit status 0\n", output);
            Assert.Matches(@"PASS +\S+/popenkill_dynamic +exit status 0\n", output);
            Assert.EndsWith("3 passed, 0 failed\n", output);
        }
        finally { GuestRunner.TryDelete(dir); }
    }
}
