using System.Diagnostics;
using X86 = System.Runtime.Intrinsics.X86;
using RvJit.Translator.Persist;

namespace RvJit.Cli;

/// <summary>
/// Precompiles a persistent-cache bundle's assembly with crossgen2 (ReadyToRun), so the next run loads native
/// code instead of compiling the regions with RyuJIT. It runs after the guest program, in a background process
/// (`rvjit cache-native PENDING`, at low priority, its output discarded) so the run does not wait for it; that
/// process first builds the bundle's assembly from the pending file (<see cref="PendingBundle.Build"/>). crossgen2
/// is looked for in $RVJIT_CROSSGEN2, beside rvjit (crossgen2/crossgen2, where scripts/install.sh puts it), then
/// in the NuGet cache (the package the ReadyToRun publish uses); without it the bundle stays IL, which the next
/// run compiles on its background compile threads.
/// </summary>
internal static class NativeCompile
{
    public static string? FindCrossgen2()
    {
        if (Environment.GetEnvironmentVariable("RVJIT_CROSSGEN2") is { Length: > 0 } env) return File.Exists(env) ? env : null;
        string beside = Path.Combine(AppContext.BaseDirectory, "crossgen2", "crossgen2");
        if (File.Exists(beside)) return beside;
        string nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } n ? n
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string package = Path.Combine(nuget, "microsoft.netcore.app.crossgen2.linux-x64");
        if (!Directory.Exists(package)) return null;
        // The runtime's own version first, else the newest of the same major version.
        string exact = Path.Combine(package, Environment.Version.ToString(), "tools", "crossgen2");
        if (File.Exists(exact)) return exact;
        return Directory.GetDirectories(package)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
            .Where(d => d.Version?.Major == Environment.Version.Major)
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "tools", "crossgen2"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The host's x64 level as crossgen2 names it. The runtime refuses a method's precompiled code when the method's
    /// code generation depended on an instruction set whose support differs between crossgen2's target and the
    /// host (with crossgen2's default target, most regions were compiled again by RyuJIT); the cache belongs to
    /// this machine, so it is compiled for it.
    /// </summary>
    private static string HostInstructionSets
    {
        get
        {
            if (X86.Avx512F.IsSupported && X86.Avx512F.VL.IsSupported && X86.Avx512BW.IsSupported && X86.Avx512CD.IsSupported && X86.Avx512DQ.IsSupported)
                return "x86-64-v4";
            if (X86.Avx2.IsSupported && X86.Bmi1.IsSupported && X86.Bmi2.IsSupported && X86.Lzcnt.IsSupported && X86.Fma.IsSupported)
                return "x86-64-v3";
            return X86.Sse42.IsSupported && X86.Popcnt.IsSupported ? "x86-64-v2" : "x86-64";
        }
    }

    /// <summary>
    /// crossgen2's options that put rvjit's assemblies the regions use (the JIT context, the CPU state, the helpers) in the
    /// bundle's version bubble. Outside it, crossgen2's code read the offset of every JitContext and BlockLinks field from
    /// an indirection cell (a load more per access) and could inline none of their methods. That is safe only because a
    /// bundle is never loaded by another rvjit build: the cache's key names these assemblies' module ids
    /// (<see cref="PersistentCode.KeyFor"/>). Without their files (a single-file build) the bundle is compiled as before.
    /// Measured on Duktape's second run (perf, 20 kHz, 5 runs each, the same regions compiled both ways): 0.96 of the
    /// samples in the bundle's code, CPU 0.97 (11 pairs, medians of paired ratios).
    /// </summary>
    private static string[] VersionBubble
    {
        get
        {
            string translator = typeof(Translator.JitContext).Assembly.Location, runtime = typeof(Runtime.Hart.CpuState).Assembly.Location;
            return translator.Length == 0 || runtime.Length == 0 ? [] : ["--inputbubble", "--inputbubbleref", translator, "--inputbubbleref", runtime];
        }
    }

    /// <summary>Starts `rvjit cache-native PENDING` detached (through sh, with its output discarded).</summary>
    public static void StartInBackground(string index)
    {
        string? self = Environment.ProcessPath;
        if (self is null) return;
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // In a session of its own (setsid, where present): the terminal's or a caller's process group ending does not kill it.
        // A new session is a new autogroup where Linux has them (sched_autogroup_enabled, the default of most distributions):
        // the scheduler shares a CPU between groups before any nice value counts, so at nice 10 alone the step took an equal
        // share of the cores from the program run again right after (each run behind it one more group: the Go HTTP server's
        // second run took 1.8x, the third 2.7x the wall time of the first for the same CPU time). The group's own nice
        // (/proc/self/autogroup, which only the session's processes share) leaves the step the CPU that runs nothing else.
        const string script = "if command -v setsid >/dev/null 2>&1; then setsid sh -c 'echo 19 2>/dev/null >/proc/self/autogroup; exec nice -n 10 \"$@\"' sh \"$@\"; " +
                              "else nice -n 10 \"$@\"; fi </dev/null >/dev/null 2>&1 &";
        foreach (string a in (string[])["-c", script, "sh", self]) psi.ArgumentList.Add(a);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(NativeCompile).Assembly.Location);
        psi.ArgumentList.Add("cache-native");
        psi.ArgumentList.Add(index);
        try { using var p = Process.Start(psi); } // sh exits at once, leaving the step running; the run does not wait
        catch (System.ComponentModel.Win32Exception) { } // no sh: the bundle stays IL
    }

    /// <summary>`rvjit cache-native FILE`: builds a pending bundle (FILE.pending) and precompiles it, or precompiles
    /// a bundle (FILE.idx).</summary>
    public static int Command(string[] args)
    {
        if (args.Length != 1) throw new UsageException("usage: rvjit cache-native PENDING-OR-INDEX");
        Action<string> warn = message => Console.Error.WriteLine($"rvjit: cache-native: {message}");
        if (args[0].EndsWith(PendingBundle.Extension)) return BuildAndCompile(args[0], native: true, warn) ? 0 : 1;
        return Run(args[0], warn) ? 0 : 1;
    }

    /// <summary>Builds the pending bundle's assembly and index, then (with <paramref name="native"/>, when crossgen2
    /// is found) precompiles it.</summary>
    public static bool BuildAndCompile(string pending, bool native, Action<string> warn)
    {
        string? index;
        try
        {
            index = PendingBundle.Build(pending, out string? problem);
            if (index is null) { warn($"{pending}: {problem}"); return false; }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { warn(e.Message); return false; }
        bool ok = !native || FindCrossgen2() is null || Run(index, warn);
        // The whole cache (root/KEY/ID.idx) stays within its bound.
        try { PersistentCode.Evict(Path.GetDirectoryName(Path.GetDirectoryName(index))!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { warn(e.Message); }
        return ok;
    }

    /// <summary>Runs crossgen2 on the bundle's assembly and points the bundle at the result.</summary>
    public static bool Run(string index, Action<string> warn)
    {
        string? crossgen = FindCrossgen2();
        if (crossgen is null) { warn("crossgen2 not found (set RVJIT_CROSSGEN2)"); return false; }
        string? assembly;
        try { assembly = BundleFiles.VerifiedAssembly(index, out string? problem); if (assembly is null) { warn($"{index}: {problem}"); return false; } }
        catch (IOException e) { warn(e.Message); return false; }
        if (assembly.EndsWith(".r2r.dll")) return true;
        string dir = Path.GetDirectoryName(index)!;
        string output = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(index)}.r2r.tmp");
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var psi = new ProcessStartInfo(crossgen) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[assembly, "-o", output, "-O", "--targetos", "linux", "--targetarch", "x64", "--instruction-set", HostInstructionSets,
                     "-r", Path.Combine(framework, "*.dll"), "-r", Path.Combine(AppContext.BaseDirectory, "*.dll"), .. VersionBubble])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(output))
        {
            warn($"crossgen2 failed ({p.ExitCode}): {stderr}{stdout.Result}".Trim());
            try { File.Delete(output); } catch (IOException) { }
            return false;
        }
        try { return BundleFiles.ReplaceAssembly(index, output); }
        catch (IOException e) { warn(e.Message); return false; }
    }
}
