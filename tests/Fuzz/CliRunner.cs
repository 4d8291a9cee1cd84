// Runs a fuzz input through `rvjit run` as a child process: what a user runs, and a host crash is visible.
using System.Diagnostics;

namespace RvJit.Fuzz;

/// <summary>
/// `dotnet rvjit.dll run --engine E --timeout T --max-instructions N --ram 256M [--root R] PROGRAM args`,
/// with stdin from /dev/null. The child's peak resident memory is sampled from /proc while it runs; a
/// child that outlives its own --timeout by 10 s is killed and counted as a hang.
/// </summary>
public sealed class CliRunner(string rvjitDll) : IRvjitRunner
{
    public string Name => "cli";
    public bool Usable => true;

    /// <summary>rvjit.dll next to this program (the project references the CLI), else null.</summary>
    public static string? FindRvjit()
    {
        string near = Path.Combine(AppContext.BaseDirectory, "rvjit.dll");
        return File.Exists(near) ? near : null;
    }

    public RunResult Run(RunRequest request)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] options =
        [
            rvjitDll, "run", "--engine", request.Engine, "--timeout", request.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-instructions", Limits.BareMetalInstructions.ToString(), "--ram", Limits.GuestRamOption,
        ];
        foreach (var a in options) psi.ArgumentList.Add(a);
        if (request.Root is not null)
        {
            psi.ArgumentList.Add("--root");
            psi.ArgumentList.Add(request.Root);
            // A jailed guest gets no network either: its random sockets reach nothing on the host.
            psi.ArgumentList.Add("--net");
            psi.ArgumentList.Add("none");
        }
        if (request.Strace) psi.ArgumentList.Add("--strace");
        psi.ArgumentList.Add(request.Program);
        foreach (var a in request.Args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        long peak = 0;
        bool killed = false;
        while (!p.WaitForExit(20))
        {
            peak = Math.Max(peak, PeakResident(p.Id));
            if (clock.Elapsed > request.Timeout + TimeSpan.FromSeconds(10))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                killed = true;
                break;
            }
        }
        p.WaitForExit();
        string output = stdout.Result, errors = stderr.Result;
        bool bareMetal = request.Root is null && IsBareMetalTimeout(errors);
        CaseOutcome outcome;
        if (killed) outcome = new(OutcomeClass.Hang, -1, "rvjit did not stop after its --timeout");
        // rvjit stopped the guest at its own --timeout: the CLI cannot tell a looping guest from a kernel loop
        // (the in-process runner can); a run that does not stop at all is the hang.
        else if (p.ExitCode == 124 && errors.Contains("timed out after", StringComparison.Ordinal) && !bareMetal)
            outcome = new(OutcomeClass.GuestTimeout, 124, Outcomes.Head(errors, 1));
        else outcome = Outcomes.Classify(p.ExitCode, errors, output, bareMetal);
        if (!outcome.IsFailure && peak - (long)Limits.GuestRam > Limits.HostMemoryAllowance)
            outcome = new(OutcomeClass.MemoryGrowth, p.ExitCode, $"peak resident memory {peak >> 20} MiB");
        return new(outcome, output, errors, peak, request.Strace ? errors : null);
    }

    // The bare-metal machine reports "timed out after S s at pc" or "stopped after N instructions at pc".
    private static bool IsBareMetalTimeout(string errors) =>
        errors.Contains(" s at pc 0x", StringComparison.Ordinal) || errors.Contains("instructions at pc 0x", StringComparison.Ordinal);

    // VmHWM of a live process (its resident high-water mark), in bytes; 0 once it is gone.
    private static long PeakResident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
