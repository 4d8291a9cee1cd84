// The common shape of everything that can run a differential test program: QEMU and rvjit.
namespace RvJit.RiscvTests.Differential;

/// <summary>Runs a bare-metal differential test ELF and returns what it printed on the HTIF console.</summary>
public interface IGuestRunner
{
    /// <summary>Short name used in messages, e.g. "qemu" or "rvjit[interp]".</summary>
    string Name { get; }

    /// <summary>Runs the image to its HTIF exit and returns its console output (the state dump, or a TRAP line).
    /// Throws <see cref="GuestRunException"/> when the run does not end with a program exit (0, or 3 after a
    /// trap): a timeout, a crash, or an emulator error.</summary>
    string Run(string elfPath);
}

/// <summary>A guest run that did not end the way a differential program ends.</summary>
public sealed class GuestRunException(string runner, string elfPath, ProcessResult result)
    : Exception(Describe(runner, elfPath, result))
{
    /// <summary>The process outcome.</summary>
    public ProcessResult Result { get; } = result;

    private static string Describe(string runner, string elfPath, ProcessResult r)
    {
        string what = r.TimedOut ? "timed out" : $"exited with status {r.ExitCode}";
        return $"{runner} {what} running {elfPath}\n  stderr: {Tail(r.Stderr)}\n  stdout: {Tail(r.Stdout)}";
    }

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 600 ? text : "..." + text[^600..];
    }
}
