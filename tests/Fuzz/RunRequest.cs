// One run of rvjit on a fuzz input, and the two ways to do it (in this process, or the CLI as a child).
namespace RvJit.Fuzz;

/// <summary>
/// Runs <see cref="Program"/> (a host path, or with <see cref="Root"/> a guest path inside that host
/// directory, which becomes the guest's "/") with <see cref="Args"/> under <see cref="Engine"/>.
/// </summary>
public sealed record RunRequest(string Program, string[] Args, string Engine, TimeSpan Timeout)
{
    public string? Root { get; init; }
    /// <summary>Record every system call (for reproducing a failure): returned in <see cref="RunResult.Strace"/>.</summary>
    public bool Strace { get; init; }
    /// <summary>In-process: every system call, as it returns, to this file (flushed per line: survives a hang).</summary>
    public string? StraceFile { get; init; }
}

/// <summary>A run's outcome, with the guest's stdout and rvjit's messages kept for reports.</summary>
public sealed record RunResult(CaseOutcome Outcome, string Stdout, string Messages, long PeakHostMemory, string? Strace = null);

/// <summary>Runs rvjit on an input and classifies what happened.</summary>
public interface IRvjitRunner
{
    string Name { get; }
    RunResult Run(RunRequest request);
    /// <summary>False after a run that left a host thread stuck (in-process): the campaign must stop.</summary>
    bool Usable { get; }
}

/// <summary>Bounds shared by the runners.</summary>
public static class Limits
{
    /// <summary>Guest RAM: small, so a guest cannot legitimately use much host memory.</summary>
    public const ulong GuestRam = 256UL << 20;
    public const string GuestRamOption = "256M";
    /// <summary>Bare-metal images stop after this many instructions (exit 125).</summary>
    public const long BareMetalInstructions = 20_000_000;
    /// <summary>Host memory a run may add beyond guest RAM before it counts as growth.</summary>
    public const long HostMemoryAllowance = 768L << 20;
}
