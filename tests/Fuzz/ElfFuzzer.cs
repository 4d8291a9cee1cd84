// The ELF-mutation fuzzer: real cross-compiled programs (static, static PIE, dynamic), mutated, run.
namespace RvJit.Fuzz;

/// <summary>Case i mutates one of the seed programs (chosen by the case's seed) and runs the mutant.</summary>
public sealed class ElfFuzzer(IReadOnlyList<string> seedPaths, TimeSpan timeout) : IFuzzer
{
    private readonly byte[][] seeds = [.. seedPaths.Select(File.ReadAllBytes)];

    public bool InputsAreValid => false;

    public string Name => "elf";

    public IFuzzCase Create(int seed, long index, string engine)
    {
        var random = new Random(Campaign.CaseSeed(seed, index));
        int which = random.Next(seeds.Length);
        var mutant = ElfMutator.Mutate(seeds[which], random);
        string dir = Path.Combine(Path.GetTempPath(), "rvjit-fuzz-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "mutant");
        ElfMutator.Write(mutant, path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Case(new RunRequest(path, [], engine, timeout), $"{Path.GetFileName(seedPaths[which])}: {mutant.Description}", dir, mutant);
    }

    private sealed class Case(RunRequest request, string description, string dir, ElfMutator.Mutant mutant) : IFuzzCase
    {
        public RunRequest Request => request;
        public string Description => description;

        public string SaveReproducer(string directory, string stem)
        {
            Directory.CreateDirectory(directory);
            string file = Path.Combine(directory, stem + ".elf");
            ElfMutator.Write(mutant, file);
            return file;
        }

        public void Dispose() => Campaign.DeleteTree(dir);
    }
}
