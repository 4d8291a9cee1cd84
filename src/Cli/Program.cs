using RvJit.Cli;

// rvjit: the command-line client. Each command lives in its own file; errors are one line on stderr.
if (ValgrindHint.Warning(Environment.GetEnvironmentVariable) is { } warning) Console.Error.WriteLine($"rvjit: {warning}");
return CommandLine.Dispatch(args);
