// --perf-map needs .NET's JIT code in anonymous memory: rvjit starts itself again (same pid) with W^X off.
using System.Runtime.InteropServices;
using System.Text;

namespace RvJit.Cli;

/// <summary>
/// perf applies /tmp/perf-PID.map only to samples in anonymous executable memory. With .NET's W^X (on by default)
/// JIT code lives in a second mapping of a memfd (`memfd:doublemapper (deleted)`), which perf treats as a file and
/// cannot name: every translated region showed as a bare address. DOTNET_EnableWriteXorExecute=0 puts the code in
/// anonymous memory, but the runtime reads it once at start-up, so `rvjit run --perf-map` executes itself again with
/// it set: execve keeps the pid (the map's name, and the process perf is following). The variables it adds are
/// taken out of the guest's environment again (<see cref="GuestEnvironmentVariables"/>).
/// </summary>
internal static class PerfMapLaunch
{
    private const string WriteXorExecute = "DOTNET_EnableWriteXorExecute";
    /// <summary>Set on the second start: W^X was turned off by rvjit, not by the user (and no loop of re-executions).</summary>
    private const string Marker = "RVJIT_PERF_MAP_REEXEC";

    /// <summary>For `run ... --perf-map ...` with W^X on: executes this process again with it off and does not return;
    /// returns when nothing needs doing or the execve failed (then with a warning: the map is written, perf may not use it).</summary>
    public static void ReexecIfNeeded(string[] args)
    {
        if (args.Length < 2 || args[0] != "run" || !args.Contains("--perf-map")) return;
        if (Environment.GetEnvironmentVariable(WriteXorExecute) == "0" || Environment.GetEnvironmentVariable(Marker) is not null) return;
        try
        {
            string[] argv = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).TrimEnd('\0').Split('\0');
            var environment = LinuxRunCommand.HostEnvironment().Where(e => !e.StartsWith(WriteXorExecute + "=", StringComparison.Ordinal)).ToList();
            environment.Add($"{WriteXorExecute}=0");
            environment.Add($"{Marker}=1");
            Console.Out.Flush();
            Console.Error.Flush();
            Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);
            Console.Error.WriteLine($"rvjit: warning: --perf-map: could not restart with {WriteXorExecute}=0 (errno {Marshal.GetLastPInvokeError()}); perf may not name translated code");
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"rvjit: warning: --perf-map: could not restart with {WriteXorExecute}=0 ({e.Message}); perf may not name translated code");
        }
    }

    /// <summary>The variables the restart added, which the guest must not see (empty when rvjit was not restarted).</summary>
    public static string[] GuestEnvironmentVariables() =>
        Environment.GetEnvironmentVariable(Marker) is null ? [] : [WriteXorExecute, Marker];

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve(string path, string?[] argv, string?[] envp);
}
