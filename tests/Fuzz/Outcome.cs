// What one fuzz case did, and which outcomes are allowed.
namespace RvJit.Fuzz;

/// <summary>
/// The class of a case's outcome. The first four are what a hostile input may legitimately cause; the
/// rest are failures of rvjit.
/// </summary>
public enum OutcomeClass
{
    /// <summary>rvjit refused the input with a one-line error: exit status 2 (the ELF reader), or 126/127
    /// from the kernel's loader (exec format error, no such file), as a shell reports a refused exec.</summary>
    Refused,
    /// <summary>The guest ran and exited with a status of its choosing.</summary>
    Exited,
    /// <summary>The guest died of a signal (exit status 128 + N).</summary>
    GuestSignal,
    /// <summary>A bare-metal image ran until the instruction limit or the time limit (it has no other way
    /// to stop; a mutant's bytes decide whether it reaches HTIF).</summary>
    BareMetalLimit,
    /// <summary>A Linux guest was still running at the time limit and rvjit stopped it when asked: it was
    /// retiring instructions (a mutant that loops, `1: j 1b`) or waiting without using the CPU (a call that
    /// blocks for ever), as it would under Linux. A kernel that burns CPU without the guest retiring any
    /// instruction (a fault that is "handled" for ever) is a <see cref="Hang"/> instead.</summary>
    GuestTimeout,

    /// <summary>A kernel exception (the kernel's InternalError, "rvjit: internal error" on stderr).</summary>
    InternalError,
    /// <summary>An exception escaped rvjit (in-process: from the API; CLI: "Unhandled exception").</summary>
    DotNetException,
    /// <summary>The rvjit process crashed (CLI only: a runtime abort or fault report).</summary>
    HostCrash,
    /// <summary>The run did not end within the time limit.</summary>
    Hang,
    /// <summary>rvjit's host memory grew beyond the bound.</summary>
    MemoryGrowth,
    /// <summary>Exit status 2 with more than one line, or an unexplained status: not a clean refusal.</summary>
    BadRefusal,
}

/// <summary>The outcome of one case: its class and what explains it (the first lines of output).</summary>
public sealed record CaseOutcome(OutcomeClass Class, int ExitCode, string Detail)
{
    public bool IsFailure => Class >= OutcomeClass.InternalError;
}

/// <summary>Classification rules shared by the in-process and the CLI runners.</summary>
public static class Outcomes
{
    /// <summary>
    /// Classifies a finished run from its exit status and rvjit's own messages (stderr lines starting
    /// with "rvjit: "); <paramref name="stdout"/> tells a refusal (nothing ran) from a guest's exit(2).
    /// </summary>
    public static CaseOutcome Classify(int status, string rvjitMessages, string stdout, bool bareMetal)
    {
        string[] lines = rvjitMessages.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string first = lines.Length > 0 ? lines[0] : "";
        if (rvjitMessages.Contains("internal error", StringComparison.Ordinal))
            return new(OutcomeClass.InternalError, status, InternalErrorSummary(rvjitMessages));
        if (rvjitMessages.Contains("Unhandled exception", StringComparison.Ordinal))
            return new(OutcomeClass.DotNetException, status, Head(rvjitMessages));
        if (rvjitMessages.Contains("Fatal error", StringComparison.Ordinal) || rvjitMessages.Contains("Stack overflow", StringComparison.Ordinal)
            || rvjitMessages.Contains("Out of memory.", StringComparison.Ordinal))
            return new(OutcomeClass.HostCrash, status, Head(rvjitMessages));
        bool oneLine = lines.Length == 1 && first.StartsWith("rvjit: ", StringComparison.Ordinal) && stdout.Length == 0;
        if (status is 2 or 126 or 127 && oneLine) return new(OutcomeClass.Refused, status, first);
        if (bareMetal && status is 124 or 125) return new(OutcomeClass.BareMetalLimit, status, first);
        if (status is > 128 and <= 128 + 64) return new(OutcomeClass.GuestSignal, status, first);
        if (status is >= 0 and <= 255) return new(OutcomeClass.Exited, status, first);
        return new(OutcomeClass.BadRefusal, status, Head(rvjitMessages));
    }

    /// <summary>The exception's type and message and the first frames: enough to group failures.</summary>
    public static string InternalErrorSummary(string text)
    {
        int at = text.IndexOf("internal error", StringComparison.Ordinal);
        return Head(text[at..], 4);
    }

    public static string Head(string text, int lines = 3) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(lines).Select(l => l.Trim()));

    /// <summary>A short key that groups failures of the same kind (class + first line of the detail, numbers removed).</summary>
    public static string GroupKey(CaseOutcome o)
    {
        string d = o.Detail.Split(" | ")[0];
        d = System.Text.RegularExpressions.Regex.Replace(d, "0x[0-9a-f]+|[0-9]+", "#");
        return $"{o.Class}: {(d.Length > 160 ? d[..160] : d)}";
    }
}
