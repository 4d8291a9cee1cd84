using RvJit.Cli;

// rvjit: the command-line client. Each command lives in its own file; errors are one line on stderr.
if (ValgrindHint.Warning(Environment.GetEnvironmentVariable) is { } warning) Console.Error.WriteLine($"rvjit: {warning}");
// --perf-map: perf names JIT code only in anonymous memory, which needs W^X off from start-up (restarts the process).
if (Array.IndexOf(args, "--perf-map") > 0) PerfMapLaunch.ReexecIfNeeded(args);
// Started by binfmt_misc for a riscv64 program (`rvjit binfmt install`): run it.
return CommandLine.Dispatch(BinfmtLaunch.RunArguments(args) ?? args);
