// Shared plumbing of the runners that start an external program per guest run.
namespace RvJit.RiscvTests.Differential;

/// <summary>An <see cref="IGuestRunner"/> that runs one external command per image.</summary>
public abstract class ProcessGuestRunner(TimeSpan timeout) : IGuestRunner
{
    /// <summary>Exit status of a differential program that ran to its end.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit status of a differential program that trapped (it printed a TRAP line first).</summary>
    public const int ExitTrap = 3;

    /// <summary>Longest a single run may take.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public abstract string Name { get; }

    /// <summary>The command and its arguments that run <paramref name="elfPath"/>.</summary>
    protected abstract (string FileName, IReadOnlyList<string> Arguments) Command(string elfPath);

    /// <summary>Runs the image and returns the raw process outcome, whatever it was.</summary>
    public ProcessResult Execute(string elfPath)
    {
        if (!File.Exists(elfPath)) throw new FileNotFoundException($"{Name}: no such image", elfPath);
        var (fileName, arguments) = Command(elfPath);
        return ExternalProcess.Run(fileName, arguments, Timeout);
    }

    public string Run(string elfPath)
    {
        ProcessResult result = Execute(elfPath);
        if (result.TimedOut || result.ExitCode is not (ExitOk or ExitTrap))
            throw new GuestRunException(Name, elfPath, result);
        return result.Stdout;
    }
}
