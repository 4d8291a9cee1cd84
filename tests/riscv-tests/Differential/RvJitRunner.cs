// rvjit as a guest runner: the CLI built next to this test assembly (ProjectReference to src/Cli).
namespace RvJit.RiscvTests.Differential;

/// <summary>Runs an image with `dotnet rvjit.dll run --engine ENGINE IMAGE`, rvjit.dll being the CLI copied
/// next to the test assembly.</summary>
/// <param name="engine">rvjit's --engine value: "interp" or "jit".</param>
/// <param name="timeout">Longest one run may take (default 120 s).</param>
public sealed class RvJitRunner(string engine = "interp", TimeSpan? timeout = null)
    : ProcessGuestRunner(timeout ?? TimeSpan.FromSeconds(120))
{
    /// <summary>The execution engine passed to `rvjit run --engine`.</summary>
    public string Engine { get; } = engine is "interp" or "jit"
        ? engine
        : throw new ArgumentException($"unknown rvjit engine '{engine}' (expected interp or jit)", nameof(engine));

    public override string Name => $"rvjit[{Engine}]";

    /// <summary>Where the CLI is expected: next to the test assembly.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(string elfPath)
    {
        if (!File.Exists(CliPath)) throw new FileNotFoundException("rvjit CLI not found next to the test assembly", CliPath);
        // The SDK's test runner tells child processes which dotnet host it uses.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        // --jit-threshold 1: these programs are short, so the JIT must compile every block to be tested at all.
        return (dotnet, Engine == "jit"
            ? [CliPath, "run", "--engine", "jit", "--jit-threshold", "1", elfPath]
            : [CliPath, "run", "--engine", Engine, elfPath]);
    }
}
