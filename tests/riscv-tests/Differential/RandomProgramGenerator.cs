// Entry point of the generator: seed in, complete assembly program out.
namespace RvJit.RiscvTests.Differential;

/// <summary>
/// Generates bare-metal RV64GC (+Zba/Zbb/Zbs) test programs for differential testing against QEMU. The same
/// seed and options always give byte-identical assembly text (the random source is <see cref="SplitMix64"/>).
/// </summary>
public sealed class RandomProgramGenerator(GeneratorOptions? options = null)
{
    /// <summary>The options programs are generated with.</summary>
    public GeneratorOptions Options { get; } = options ?? new GeneratorOptions();

    /// <summary>Generates the program for <paramref name="seed"/>.</summary>
    public GeneratedProgram Generate(ulong seed)
    {
        // Separate streams for frame and body, so changing the body's mix leaves the initial state alone.
        var frameRng = new SplitMix64(seed);
        var bodyRng = new SplitMix64(frameRng.Next() ^ 0x5DEECE66DUL);
        var writer = new AssemblyWriter();
        ProgramFrame.WriteHeader(writer, seed, Options);
        ProgramFrame.WritePrologue(writer, frameRng);
        new BodyGenerator(bodyRng, Options).Write(writer);
        ProgramFrame.WriteEpilogue(writer);
        ProgramFrame.WriteRoutines(writer);
        ProgramFrame.WriteData(writer, frameRng);
        return new GeneratedProgram(seed, Options, writer.Text, writer.Body);
    }
}
