// The system-call argument fuzzer: a guest that makes random calls with hostile arguments, in a jail.
namespace RvJit.Fuzz;

/// <summary>
/// Case i runs programs/syscall_fuzz.c (static) with the case's seed, inside a fresh temp directory given
/// as --root (the guest's random unlink/rename/chmod stay there). Never run it without rvjit's jail, nor
/// under qemu-riscv64 (its calls would reach the host).
/// </summary>
public sealed class SyscallFuzzer(string guestProgram, int batches, int callsPerBatch, TimeSpan timeout) : IFuzzer
{
    public const string GuestPath = "/syscall_fuzz";

    public bool InputsAreValid => true;

    public string Name => "syscalls";

    public IFuzzCase Create(int seed, long index, string engine)
    {
        string root = Path.Combine(Path.GetTempPath(), "rvjit-fuzz-root-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        string copy = Path.Combine(root, GuestPath.TrimStart('/'));
        File.Copy(guestProgram, copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string caseSeed = Campaign.CaseSeed(seed, index).ToString();
        string[] args = [caseSeed, batches.ToString(), callsPerBatch.ToString()];
        var request = new RunRequest(GuestPath, args, engine, timeout) { Root = root };
        return new Case(request, $"syscall_fuzz {string.Join(' ', args)} (in a --root jail)", root);
    }

    private sealed class Case(RunRequest request, string description, string root) : IFuzzCase
    {
        public RunRequest Request => request;
        public string Description => description;

        public string SaveReproducer(string directory, string stem)
        {
            Directory.CreateDirectory(directory);
            string file = Path.Combine(directory, stem + ".txt");
            File.WriteAllText(file, $"mkdir jail && cp syscall_fuzz jail/ && rvjit run --engine {request.Engine} --root jail --strace {GuestPath} {string.Join(' ', request.Args)}\n");
            return file;
        }

        public void Dispose() => Campaign.DeleteTree(root);
    }
}
