using RvJit.Cli;

// rvjit: the command-line client. Each command lives in its own file; errors are one line on stderr.
if (ValgrindHint.Warning(Environment.GetEnvironmentVariable) is { } warning) Console.Error.WriteLine($"rvjit: {warning}");
// --perf-map: the runtime writes perf's map, with W^X off, only when told so as it starts (restarts the process).
if (Array.IndexOf(args, "--perf-map") > 0) PerfMapLaunch.ReexecIfNeeded(args);
// Started by binfmt_misc for a riscv64 program (`rvjit binfmt install`): run it.
return CommandLine.Dispatch(BinfmtLaunch.RunArguments(args) ?? args);
