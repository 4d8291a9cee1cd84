// Builds the guest test programs (programs/*.c, *.cpp with the riscv64 cross compilers, *.go with Go's), once per run.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace RvJit.Kernel.Tests;

/// <summary>How a guest program is linked.</summary>
public enum Linkage { Static, Dynamic }

/// <summary>
/// Compiles guest programs into a cache directory keyed by a hash of the source and flags, so reruns
/// and the several tests sharing a binary compile it once. Fails loudly when the compiler is missing.
/// </summary>
public static class GuestPrograms
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, string> Built = [];

    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "programs");

    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "rvjit-kernel-tests");

    /// <summary>The sysroot holding the guest's dynamic linker and libraries.</summary>
    public const string Sysroot = "/usr/riscv64-linux-gnu";

    /// <summary>Path of the built program <paramref name="name"/> (file name without extension).</summary>
    public static string Get(string name, Linkage linkage)
    {
        string source = Directory.GetFiles(SourceDirectory, name + ".*").Single(f => f.EndsWith(".c") || f.EndsWith(".cpp"));
        bool cxx = source.EndsWith(".cpp");
        string compiler = cxx ? "riscv64-linux-gnu-g++" : "riscv64-linux-gnu-gcc";
        var flags = new List<string> { "-O2", "-Wall", "-pthread" };
        if (linkage == Linkage.Static) flags.Add("-static");
        string key = Hash(File.ReadAllText(source) + string.Join(' ', flags) + compiler);
        string output = Path.Combine(CacheDirectory, $"{name}-{linkage.ToString().ToLowerInvariant()}-{key}");
        lock (Gate)
        {
            if (Built.TryGetValue(output, out var done)) return done;
            if (!File.Exists(output))
            {
                Directory.CreateDirectory(CacheDirectory);
                string temp = output + ".tmp" + Environment.ProcessId;
                var (code, text) = Exec(compiler, [.. flags, "-o", temp, source]);
                if (code != 0) throw new InvalidOperationException($"{compiler} failed for {name}:\n{text}");
                File.Move(temp, output, overwrite: true);
            }
            Built[output] = output;
            return output;
        }
    }

    /// <summary>
    /// Path of the Go program <paramref name="name"/> (programs/NAME.go, one file, standard library only) built
    /// static for riscv64 by the host's go toolchain (Debian's golang-go: `GOARCH=riscv64 CGO_ENABLED=0 go build`).
    /// Go cross-compiles its standard library itself: the first build of a net/http program takes tens of seconds
    /// (the toolchain's build cache keeps it for later runs), then the binary is cached here like the C programs.
    /// </summary>
    public static string GetGo(string name)
    {
        string source = Path.Combine(SourceDirectory, name + ".go");
        var (versionCode, version) = Exec("go", ["version"]);
        if (versionCode != 0) throw new InvalidOperationException($"go version failed (install golang-go):\n{version}");
        string key = Hash(File.ReadAllText(source) + version);
        string output = Path.Combine(CacheDirectory, $"{name}-go-{key}");
        lock (Gate)
        {
            if (Built.TryGetValue(output, out var done)) return done;
            if (!File.Exists(output))
            {
                Directory.CreateDirectory(CacheDirectory);
                string temp = output + ".tmp" + Environment.ProcessId;
                var environment = new Dictionary<string, string> { ["GOARCH"] = "riscv64", ["CGO_ENABLED"] = "0" };
                // The toolchain's build cache lives under $HOME; a test host without one gets a cache of its own.
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")))
                    environment["GOCACHE"] = Path.Combine(CacheDirectory, "go-build");
                var (code, text) = Exec("go", ["build", "-o", temp, source], environment);
                if (code != 0) throw new InvalidOperationException($"go build failed for {name}:\n{text}");
                File.Move(temp, output, overwrite: true);
            }
            Built[output] = output;
            return output;
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    /// <summary>Runs a host tool; returns its exit code and combined output.</summary>
    public static (int Code, string Output) Exec(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>()) psi.Environment[variable] = value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
