// The translation cache that persists across runs (`rvjit run --cache DIR`): through the CLI, as users run it.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace RvJit.Kernel.Tests;

public class PersistentCacheTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    private sealed record CliRun(int Code, string Stdout, string Stderr)
    {
        /// <summary>Regions the run installed from the cache (its --stats line).</summary>
        public int Installed => int.Parse(Regex.Match(Stderr, @"persistent cache: \d+ regions in \d+ bundles loaded, (\d+) installed").Groups[1].Value);
        /// <summary>Regions bound when the guest first reached them (precompiled ones offered for a decoded page).</summary>
        public int FirstReached => int.Parse(Regex.Match(Stderr, @"installed by this engine \((\d+) when first reached").Groups[1].Value);
        public int Bundles => int.Parse(Regex.Match(Stderr, @"persistent cache: \d+ regions in (\d+) bundles loaded").Groups[1].Value);
        public int Warnings => Regex.Matches(Stderr, "warning: cache").Count;
        public override string ToString() => $"exit {Code}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Starts `rvjit run [options] PROGRAM args`; the environment's RVJIT_CACHE is left out unless given.</summary>
    private static Process Start(string program, string[] options, string[] args, Dictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[CliPath, "run", "--stats", "--sysroot", GuestPrograms.Sysroot, .. options, program, .. args]) psi.ArgumentList.Add(a);
        psi.Environment.Remove("RVJIT_CACHE");
        foreach (var (k, v) in environment ?? []) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    private static CliRun Finish(Process p)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return new CliRun(p.ExitCode, stdout.Result, stderr);
    }

    private static CliRun Run(string program, string[] options, string[] args, Dictionary<string, string>? environment = null) =>
        Finish(Start(program, options, args, environment));

    private static string[] CacheOptions(string dir, string native = "off") => ["--cache", dir, "--cache-native", native, "--jit-threshold", "16", "--jit-sync"];

    private static readonly string[] Args = ["20"];

    private static string Expected(string program) => GuestRunner.RunQemu(program, Args).Stdout;

    private static string NewCacheDirectory() => Path.Combine(Path.GetTempPath(), "rvjit-cache-test-" + Guid.NewGuid().ToString("N")[..10]);

    private static string[] Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, pattern, SearchOption.AllDirectories) : [];

    [Theory]
    [InlineData(Linkage.Static)]
    [InlineData(Linkage.Dynamic)]
    public void Second_run_installs_the_first_runs_translations_and_prints_the_same(Linkage linkage)
    {
        string program = GuestPrograms.Get("hotcode", linkage), cache = NewCacheDirectory();
        try
        {
            var first = Run(program, CacheOptions(cache), Args);
            Assert.True(first.Code == 0, first.ToString());
            Assert.Equal(0, first.Installed);
            Assert.Single(Files(cache, "*.idx"));
            var second = Run(program, CacheOptions(cache), Args);
            Assert.True(second.Code == 0, second.ToString());
            Assert.Equal(Expected(program), second.Stdout);
            Assert.Equal(first.Stdout, second.Stdout);
            Assert.True(second.Installed > 0, second.ToString());
            Assert.Equal(0, first.Warnings + second.Warnings);
        }
        finally { GuestRunner.TryDelete(cache); }
    }

    [Fact]
    public void A_bundle_precompiled_with_crossgen2_is_loaded_as_native_code()
    {
        string program = GuestPrograms.Get("hotcode", Linkage.Static), cache = NewCacheDirectory();
        try
        {
            var first = Run(program, CacheOptions(cache, native: "wait"), Args);
            Assert.True(first.Code == 0, first.ToString());
            Assert.Single(Files(cache, "*.r2r.dll"));
            Assert.Empty(Files(cache, "*.tmp"));
            Assert.Empty(Files(cache, "*.pending"));
            // The runtime lists every method RyuJIT compiles: none of the bundle's regions may be among them (the runtime
            // refuses precompiled code it cannot trust, e.g. compiled for other instruction sets or another version bubble).
            string jitted = Path.Combine(cache, "jitted.txt");
            var second = Run(program, CacheOptions(cache), Args, new() { ["DOTNET_JitStdOutFile"] = jitted, ["DOTNET_JitDisasmSummary"] = "1" });
            Assert.Equal(Expected(program), second.Stdout);
            Assert.True(second.Installed > 0, second.ToString());
            // Precompiled regions are installed the first time the guest reaches them, not once their page is hot again.
            Assert.True(second.FirstReached > 0, second.ToString());
            Assert.Equal(0, second.Warnings);
            string compiled = File.ReadAllText(jitted);
            Assert.Contains("JIT compiled", compiled); // the listing works: rvjit's plain build compiles its own methods
            Assert.DoesNotContain("regions:", compiled);
        }
        finally { GuestRunner.TryDelete(cache); }
    }

    /// <summary>Damages the one bundle in <paramref name="cache"/> as <paramref name="how"/> says.</summary>
    private static void Damage(string cache, string how)
    {
        string index = Files(cache, "*.idx").Single();
        string assembly = Files(cache, "*.dll").Single();
        byte[] bytes = File.ReadAllBytes(how.EndsWith("assembly") ? assembly : index);
        switch (how)
        {
            case "truncated index": File.WriteAllBytes(index, bytes[..(bytes.Length / 2)]); break;
            case "tampered index": bytes[bytes.Length / 2] ^= 0x10; File.WriteAllBytes(index, bytes); break;
            case "truncated assembly": File.WriteAllBytes(assembly, bytes[..(bytes.Length - 100)]); break;
            case "tampered assembly": bytes[bytes.Length / 2] ^= 0x01; File.WriteAllBytes(assembly, bytes); break;
            case "stale index":
                // Well formed (its checksum recomputed) but made under another store key: another rvjit build.
                bytes[8] ^= 0xff;
                RvJit.Translator.Persist.ContentHash.Of(bytes.AsSpan(0, bytes.Length - 16)).ToBytes().CopyTo(bytes.AsSpan(bytes.Length - 16));
                File.WriteAllBytes(index, bytes);
                break;
            case "garbage index": File.WriteAllBytes(index, RandomNumberGenerator.GetBytes(bytes.Length)); break;
            default: throw new ArgumentException(how);
        }
    }

    [Theory]
    [InlineData("truncated index")]
    [InlineData("tampered index")]
    [InlineData("stale index")]
    [InlineData("garbage index")]
    [InlineData("truncated assembly")]
    [InlineData("tampered assembly")]
    public void A_damaged_bundle_is_ignored_with_one_warning_and_the_run_is_right(string how)
    {
        string program = GuestPrograms.Get("hotcode", Linkage.Static), cache = NewCacheDirectory();
        try
        {
            Assert.Equal(0, Run(program, CacheOptions(cache), Args).Code);
            Damage(cache, how);
            var run = Run(program, CacheOptions(cache), Args);
            Assert.True(run.Code == 0, run.ToString());
            Assert.Equal(Expected(program), run.Stdout);
            Assert.Equal(0, run.Installed);
            Assert.Equal(1, run.Warnings);
        }
        finally { GuestRunner.TryDelete(cache); }
    }

    [Fact]
    public void A_program_rebuilt_at_the_same_path_never_runs_the_old_translations()
    {
        string cache = NewCacheDirectory(), dir = GuestRunner.NewWorkDirectory(), program = Path.Combine(dir, "prog");
        try
        {
            File.Copy(GuestPrograms.Get("hotcode", Linkage.Static), program);
            Assert.Equal(0, Run(program, CacheOptions(cache), Args).Code);
            // The new build: another program at the same path (same libc code, other code of its own).
            File.Copy(GuestPrograms.Get("hello", Linkage.Static), program, overwrite: true);
            var run = Run(program, CacheOptions(cache), Args);
            Assert.True(run.Code == 7, run.ToString());
            Assert.Contains("hello, world (argc=2)", run.Stdout);
            Assert.Equal(0, run.Installed);
            Assert.Equal(0, run.Warnings);
        }
        finally
        {
            GuestRunner.TryDelete(cache);
            GuestRunner.TryDelete(dir);
        }
    }

    [Fact]
    public void Two_runs_writing_the_cache_at_once_lose_nothing_and_corrupt_nothing()
    {
        string program = GuestPrograms.Get("hotcode", Linkage.Static), cache = NewCacheDirectory();
        try
        {
            // Background compiles (no --jit-sync) and natively compiled bundles: both runs save and rewrite at once.
            string[] options = ["--cache", cache, "--cache-native", "wait", "--jit-threshold", "16"];
            var a = Start(program, options, Args);
            var b = Start(program, options, Args);
            var (ra, rb) = (Finish(a), Finish(b));
            Assert.True(ra.Code == 0 && rb.Code == 0, $"{ra}\n{rb}");
            Assert.True(ra.Warnings + rb.Warnings == 0, $"{ra}\n{rb}");
            Assert.Equal(2, Files(cache, "*.idx").Length);
            Assert.Empty(Files(cache, "*.tmp"));
            Assert.Empty(Files(cache, "*.pending"));
            var third = Run(program, CacheOptions(cache), Args);
            Assert.Equal(Expected(program), third.Stdout);
            Assert.Equal(2, third.Bundles);
            Assert.True(third.Installed > 0, third.ToString());
            Assert.Equal(0, third.Warnings);
        }
        finally { GuestRunner.TryDelete(cache); }
    }

    [Fact]
    public void No_cache_writes_nothing_and_the_default_is_under_XDG_CACHE_HOME()
    {
        string program = GuestPrograms.Get("hotcode", Linkage.Static), home = NewCacheDirectory();
        try
        {
            Directory.CreateDirectory(home);
            var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = home };
            var off = Run(program, ["--no-cache", "--jit-threshold", "16", "--jit-sync"], Args, environment);
            Assert.Equal(Expected(program), off.Stdout);
            Assert.Contains("persistent cache: off", off.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(home));
            var on = Run(program, ["--cache-native", "off", "--jit-threshold", "16", "--jit-sync"], Args, environment);
            Assert.Equal(0, on.Code);
            Assert.Single(Files(Path.Combine(home, "rvjit"), "*.idx"));
        }
        finally { GuestRunner.TryDelete(home); }
    }
}
