// Running a tool (gcc, qemu, the rvjit CLI) with a time limit and capturing what it prints.
using System.Diagnostics;

namespace RvJit.RiscvTests.Differential;

/// <summary>What an external process did.</summary>
/// <param name="ExitCode">Its exit status (-1 when it was killed for running too long).</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="TimedOut">Whether it was killed at the time limit.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

/// <summary>Starts a process with an empty standard input, waits at most a given time, and captures its output.</summary>
public static class ExternalProcess
{
    /// <summary>Runs <paramref name="fileName"/> (looked up in PATH) with the arguments, killing it (and only its
    /// own process tree) when <paramref name="timeout"/> passes.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.Latin1,   // guest bytes pass through unchanged
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start '{fileName}': {e.Message} (is it installed and in PATH?)", e);
        }
        process.StandardInput.Close();   // QEMU's -nographic console would otherwise wait on our stdin
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit();   // lets the asynchronous readers reach end of stream
        }
        return new ProcessResult(exited ? process.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }
}
