// A program file with gigabytes of (sparse) tail: execve reads its headers and maps its segments, never the file.
namespace RvJit.Kernel.Tests;

public class LargeProgramFileTests
{
    private const long TailLength = 2_000L << 20; // the 2,000 MB of the report

    /// <summary>A copy of a real program grown to <paramref name="length"/> bytes with a hole (no disk, no memory).</summary>
    public static string WithSparseTail(string program, long length, string suffix)
    {
        string path = Path.Combine(GuestRunner.NewWorkDirectory(), Path.GetFileName(program) + suffix);
        File.Copy(program, path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write)) stream.SetLength(length);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Theory]
    [InlineData(Linkage.Static, "interp")]
    [InlineData(Linkage.Static, "jit")]
    [InlineData(Linkage.Dynamic, "interp")]
    [InlineData(Linkage.Dynamic, "jit")]
    public void Program_with_a_huge_sparse_tail_runs_without_reading_the_tail(Linkage linkage, string engine)
    {
        string program = GuestPrograms.Get("hello", linkage);
        string big = WithSparseTail(program, TailLength, "-2000M");
        try
        {
            var expected = GuestRunner.RunRvjit(program, ["x"], engine);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var actual = GuestRunner.RunRvjit(big, ["x"], engine);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Equal(expected.Stdout, actual.Stdout);
            Assert.Equal(7, actual.ExitCode);
            // Copying the file would allocate all of it; what the loader reads is a few pages.
            Assert.True(allocated < TailLength / 4, $"running allocated {allocated >> 20} MiB for a {TailLength >> 20} MiB file");
        }
        finally
        {
            GuestRunner.TryDelete(Path.GetDirectoryName(big)!);
        }
    }
}

/// <summary>The command line looks at the same file before the kernel runs it: it must not read it whole either.</summary>
public class LargeProgramFileCliTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    [Theory]
    [InlineData(Linkage.Static, "interp")]
    [InlineData(Linkage.Dynamic, "jit")]
    public void Cli_runs_a_program_longer_than_2_GiB_in_bounded_host_memory(Linkage linkage, string engine)
    {
        const long length = 5L << 30;
        string big = LargeProgramFileTests.WithSparseTail(GuestPrograms.Get("hello", linkage), length, "-5G");
        try
        {
            var (code, output) = GuestPrograms.Exec("dotnet",
                [CliPath, "run", "--engine", engine, "--stats", "--sysroot", GuestPrograms.Sysroot, big, "x"]);
            Assert.True(code == 7, $"exit {code}: {output}");
            Assert.Contains("hello, world (argc=2)", output);
            var peak = System.Text.RegularExpressions.Regex.Match(output, @"peak working set (\d+) MiB");
            Assert.True(peak.Success, output);
            // The runtime itself takes ~100 MiB; reading the file would take 5 GiB.
            Assert.InRange(long.Parse(peak.Groups[1].Value), 1, 512);
        }
        finally
        {
            GuestRunner.TryDelete(Path.GetDirectoryName(big)!);
        }
    }
}
