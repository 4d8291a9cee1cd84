// Knobs of the random program generator.
namespace RvJit.RiscvTests.Differential;

/// <summary>What the random program generator puts in a program.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Random body items (one instruction, or a short fixed sequence such as address + AMO).</summary>
    public int InstructionCount { get; init; } = 200;

    /// <summary>
    /// Also emit misaligned loads and stores (kept inside the scratch page). Off by default: whether a misaligned
    /// access traps or is emulated is an implementation choice, and QEMU performs them silently.
    /// </summary>
    public bool MisalignedAccesses { get; init; }

    /// <summary>Assembly lines placed after the random body, before the dump; used by the harness's own tests
    /// (e.g. to check the dump shows a known value, or that a trap is reported).</summary>
    public IReadOnlyList<string> ExtraBody { get; init; } = [];
}
