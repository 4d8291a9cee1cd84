// The generator's output: the assembly text and, for diagnosing a mismatch, which body line writes what.
namespace RvJit.RiscvTests.Differential;

/// <summary>One instruction of the random body, as written in the assembly file.</summary>
/// <param name="Line">1-based line number in <see cref="GeneratedProgram.Assembly"/>.</param>
/// <param name="Text">The instruction as written (mnemonic and operands).</param>
/// <param name="Writes">Dump entries (see <see cref="DumpLayout.Names"/>) this instruction may change.</param>
public sealed record BodyInstruction(int Line, string Text, IReadOnlyList<string> Writes);

/// <summary>A generated differential test program.</summary>
/// <param name="Seed">The seed it was generated from.</param>
/// <param name="Options">The generator options used.</param>
/// <param name="Assembly">GNU as source, to be linked with Differential/link.ld.</param>
/// <param name="Body">The random body's instructions in program order.</param>
public sealed record GeneratedProgram(ulong Seed, GeneratorOptions Options, string Assembly, IReadOnlyList<BodyInstruction> Body)
{
    /// <summary>
    /// The last body instruction, in program order, that may write dump entry <paramref name="name"/>; null when
    /// none does (the value then comes from the prologue). A forward branch may have skipped it at run time.
    /// </summary>
    public BodyInstruction? LastWriterOf(string name)
    {
        for (int i = Body.Count - 1; i >= 0; i--)
            if (Body[i].Writes.Contains(name))
                return Body[i];
        return null;
    }
}
