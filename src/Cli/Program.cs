using RvJit.Cli;

// rvjit: the command-line client. Each command lives in its own file; errors are one line on stderr.
return CommandLine.Dispatch(args);
