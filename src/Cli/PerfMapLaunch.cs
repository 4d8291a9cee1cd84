// --perf-map needs the runtime's perf map and its JIT code in anonymous memory: rvjit starts itself again (same pid).
using System.Runtime.InteropServices;
using System.Text;

namespace RvJit.Cli;

/// <summary>
/// `rvjit run --perf-map` has the .NET runtime write /tmp/perf-PID.map (<see cref="Translator.RuntimePerfMap"/>), which it
/// does only when DOTNET_PerfMapEnabled is set as it starts. perf applies the map only to samples in anonymous
/// executable memory, and with .NET's W^X (on by default) JIT code lives in a second mapping of a memfd
/// (`memfd:doublemapper (deleted)`), which perf treats as a file and cannot name: DOTNET_EnableWriteXorExecute=0 puts
/// the code in anonymous memory, also read once at start-up. So rvjit executes itself again with both set: execve keeps
/// the pid (the map's name, and the process perf is following). The variables it sets are taken out of the guest's
/// environment again (<see cref="GuestEnvironmentVariables"/>).
/// </summary>
internal static class PerfMapLaunch
{
    private const string WriteXorExecute = "DOTNET_EnableWriteXorExecute";
    private const string PerfMapEnabled = "DOTNET_PerfMapEnabled";
    /// <summary>Set on the second start to the variables rvjit set (comma-separated): no loop of re-executions, and the
    /// guest gets the environment as the user gave it.</summary>
    private const string Marker = "RVJIT_PERF_MAP_REEXEC";

    /// <summary>For `run ... --perf-map ...` without the runtime's map or with W^X on: executes this process again with
    /// them set and does not return; returns when nothing needs doing or the execve failed (then with a warning).</summary>
    public static void ReexecIfNeeded(string[] args)
    {
        if (args.Length < 2 || args[0] != "run" || Array.IndexOf(args, "--perf-map") < 0) return;
        if (Environment.GetEnvironmentVariable(Marker) is not null) return;
        var set = new List<string>();
        if (Environment.GetEnvironmentVariable(WriteXorExecute) != "0") set.Add(WriteXorExecute);
        if (!Translator.RuntimePerfMap.Written) set.Add(PerfMapEnabled);
        if (set.Count == 0) return;
        try
        {
            string[] argv = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).TrimEnd('\0').Split('\0');
            var environment = LinuxRunCommand.HostEnvironment();
            environment.RemoveAll(e => set.Exists(name => e.StartsWith(name + "=", StringComparison.Ordinal)));
            if (set.Contains(WriteXorExecute)) environment.Add($"{WriteXorExecute}=0");
            // 3: the perf map only (1 adds a file of image loads beside it).
            if (set.Contains(PerfMapEnabled)) environment.Add($"{PerfMapEnabled}=3");
            environment.Add($"{Marker}={string.Join(',', set)}");
            Console.Out.Flush();
            Console.Error.Flush();
            Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);
            Console.Error.WriteLine($"rvjit: warning: --perf-map: could not restart with {string.Join(" and ", set)} set (errno {Marshal.GetLastPInvokeError()}); no perf map is written");
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"rvjit: warning: --perf-map: could not restart with {string.Join(" and ", set)} set ({e.Message}); no perf map is written");
        }
    }

    /// <summary>The variables the restart set, which the guest must not see (empty when rvjit was not restarted).</summary>
    public static string[] GuestEnvironmentVariables() =>
        Environment.GetEnvironmentVariable(Marker) is { } added ? [.. added.Split(',', StringSplitOptions.RemoveEmptyEntries), Marker] : [];

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve(string path, string?[] argv, string?[] envp);
}
