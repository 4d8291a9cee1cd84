namespace RvJit.RiscvTests.Conformance;

/// <summary>Locates the repository from the test assembly (the directory holding Jit.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RiscvTests => Path.Combine(Root, "tests", "riscv-tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Jit.sln")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Jit.sln) above " + AppContext.BaseDirectory);
    }
}
