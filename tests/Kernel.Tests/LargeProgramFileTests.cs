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
