using System.Diagnostics;

namespace RvJit.RiscvTests.Conformance;

/// <summary>Assembles the project's own ISA suite (isa/GROUP/NAME.S) once per test run with build-tests.sh.</summary>
public sealed class OwnSuiteBuild : IDisposable
{
    public string OutputDirectory { get; }
    public string BuildLog { get; }

    public OwnSuiteBuild()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), $"rvjit-own-suite-{Environment.ProcessId}");
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.RiscvTests, "build-tests.sh"), OutputDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        BuildLog = stdout + stderr.Result;
    }

    public void Dispose()
    {
        try { Directory.Delete(OutputDirectory, recursive: true); }
        catch (IOException) { } // a test run still holding a file open: the temp directory keeps it
    }
}

/// <summary>
/// Every test of the project's own riscv-tests-style suite must pass on every engine. The suite was
/// checked against qemu-system-riscv64 (check-with-qemu.sh), so a failure here is an rvjit bug.
/// </summary>
public sealed class OwnSuiteTests(OwnSuiteBuild build) : IClassFixture<OwnSuiteBuild>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(RepoPaths.RiscvTests, "isa")).Order(StringComparer.Ordinal))
            foreach (string src in Directory.GetFiles(dir, "*.S").Order(StringComparer.Ordinal))
                foreach (string engine in TestImageRunner.Engines)
                    data.Add($"{Path.GetFileName(dir)}-p-{Path.GetFileNameWithoutExtension(src)}", engine);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Test_passes(string test, string engine)
    {
        string elf = Path.Combine(build.OutputDirectory, test);
        Assert.True(File.Exists(elf), $"{test} was not built:\n{build.BuildLog}");
        string? failure = TestImageRunner.Run(elf, engine);
        Assert.True(failure is null, failure);
    }
}
