using RvJit.Runtime.Interpreter;

namespace RvJit.Cli;

/// <summary>Maps `--engine NAME` to an engine factory; this is where the CLI composes Runtime and Translator.</summary>
internal static class EngineChoice
{
    public const string Names = "interp";

    public static Func<RvJit.Runtime.Hart.Hart, IExecutionEngine> Parse(string? name) => name switch
    {
        null or "interp" => hart => new Interpreter(hart),
        "jit" => throw new UsageException("engine 'jit' is not available yet: the translator is not built (use --engine interp)"),
        _ => throw new UsageException($"unknown engine '{name}' (expected: {Names})"),
    };
}
