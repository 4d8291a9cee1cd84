// rvjit's fuzzers from the command line: `dotnet run --project tests/Fuzz -c Release -- elf|syscalls [options]`.
using RvJit.Fuzz;

const string Usage = """
    usage: RvJit.Fuzz elf|syscalls [options]

      elf        mutate cross-compiled programs (static, static PIE, dynamic) and run each mutant
      syscalls   run a guest making random system calls with hostile arguments, inside a --root jail

    options:
      --seed N           campaign seed (default 1); case i is reproducible alone with --case i
      --cases N          number of cases (default 1000)
      --minutes M        stop after M minutes (whichever of --cases and --minutes comes first)
      --case I           run only case I and print its output (reproduce a failure)
      --engine E         interp, jit or both (default both: cases alternate)
      --runner R         cli (rvjit as a child process: host crashes visible; default) or inproc (faster)
      --timeout S        per-case time limit in seconds (default 10)
      --out DIR          where failing inputs are written (default ./fuzz-failures)
      --batches B        syscalls: child processes per case (default 4)
      --calls C          syscalls: calls per child (default 50)
      --strace FILE      with --case and --runner inproc: the case's system calls to FILE
      --verbose yes      print each case before it runs
      --allowances no    ignore the known-failure allowances (KnownFailures.cs): see everything
    every outcome must be a refusal (one line, exit 2/126/127), a guest signal, a normal exit or, for a
    bare-metal image, its instruction/time limit; anything else is a failure (exit status 1).
    """;

if (args.Length == 0 || args[0] is "-h" or "--help") { Console.Write(Usage); return args.Length == 0 ? 2 : 0; }
string kind = args[0];
var options = new Dictionary<string, string>();
for (int i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--") || i + 1 >= args.Length) { Console.Error.WriteLine($"fuzz: bad option '{args[i]}'\n{Usage}"); return 2; }
    options[args[i][2..]] = args[++i];
}
string Opt(string name, string fallback) => options.GetValueOrDefault(name, fallback);

if (Opt("allowances", "yes") == "no") KnownFailures.Active = [];
int seed = int.Parse(Opt("seed", "1"));
var timeout = TimeSpan.FromSeconds(double.Parse(Opt("timeout", "10"), System.Globalization.CultureInfo.InvariantCulture));
string[] engines = Opt("engine", "both") switch { "both" => ["interp", "jit"], var e => [e] };
IRvjitRunner runner;
if (Opt("runner", "cli") == "cli")
{
    string? dll = CliRunner.FindRvjit();
    if (dll is null) { Console.Error.WriteLine("fuzz: rvjit.dll not found next to the fuzzer (build tests/Fuzz)"); return 2; }
    runner = new CliRunner(dll);
}
else runner = new InProcessRunner();

IFuzzer fuzzer = kind switch
{
    "elf" => new ElfFuzzer(SeedPrograms.ElfSeeds(), timeout),
    "syscalls" => new SyscallFuzzer(SeedPrograms.Get("syscall_fuzz", SeedLinkage.Static),
        int.Parse(Opt("batches", "4")), int.Parse(Opt("calls", "50")), timeout),
    _ => null!,
};
if (fuzzer is null) { Console.Error.WriteLine($"fuzz: unknown fuzzer '{kind}'\n{Usage}"); return 2; }

var campaign = new CampaignOptions(seed, long.Parse(Opt("cases", "1000")),
    options.TryGetValue("minutes", out var m) ? TimeSpan.FromMinutes(double.Parse(m, System.Globalization.CultureInfo.InvariantCulture)) : null,
    engines, Path.GetFullPath(Opt("out", "fuzz-failures")))
{
    OnlyCase = options.TryGetValue("case", out var c) ? long.Parse(c) : null,
    Verbose = Opt("verbose", "no") == "yes",
    StraceFile = options.TryGetValue("strace", out var st) ? Path.GetFullPath(st) : null,
};
if (campaign.Duration is not null && !options.ContainsKey("cases")) campaign = campaign with { Cases = long.MaxValue };
Console.WriteLine($"fuzz {kind}: seed {seed}, runner {runner.Name}, engines {string.Join('+', engines)}, timeout {timeout.TotalSeconds} s" +
                  (KnownFailures.Active.Count > 0 ? $"; allowances: {string.Join(", ", KnownFailures.Active.Select(k => $"{k.Name} ({k.Owner})"))}" : ""));
var report = Campaign.Run(fuzzer, runner, campaign, Console.Out);
Console.WriteLine(report.Summary(kind));
return report.FailureCount == 0 ? 0 : 1;
