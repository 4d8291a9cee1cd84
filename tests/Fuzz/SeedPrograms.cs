// Builds the fuzzers' guest programs (programs/*.c) with the riscv64 cross compiler, once per machine.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace RvJit.Fuzz;

/// <summary>How a seed program is linked.</summary>
public enum SeedLinkage { Static, StaticPie, Dynamic }

/// <summary>Compiles the fuzzers' C programs into a cache directory keyed by a hash of source and flags.</summary>
public static class SeedPrograms
{
    private static readonly object Gate = new();

    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "programs");

    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "rvjit-fuzz-programs");

    public const string Sysroot = "/usr/riscv64-linux-gnu";

    /// <summary>The seeds of the ELF fuzzer: the same C program static and dynamic, and a libc-free static PIE
    /// (the cross glibc ships no rcrt1.o, so a glibc static PIE cannot be linked).</summary>
    public static IReadOnlyList<string> ElfSeeds() =>
    [
        Get("elf_seed", SeedLinkage.Static),
        Get("elf_seed", SeedLinkage.Dynamic),
        Get("elf_seed_nolibc", SeedLinkage.StaticPie),
    ];

    public static string Get(string name, SeedLinkage linkage)
    {
        string source = Path.Combine(SourceDirectory, name + ".c");
        var flags = new List<string> { "-O2", "-Wall" };
        flags.AddRange(linkage switch
        {
            SeedLinkage.Static => ["-static"],
            SeedLinkage.StaticPie => ["-nostdlib", "-static-pie", "-fPIE", "-Wl,--no-dynamic-linker"],
            _ => [],
        });
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + string.Join(' ', flags))))[..12].ToLowerInvariant();
        string output = Path.Combine(CacheDirectory, $"{name}-{linkage.ToString().ToLowerInvariant()}-{key}");
        lock (Gate)
        {
            if (File.Exists(output)) return output;
            Directory.CreateDirectory(CacheDirectory);
            string temp = output + ".tmp" + Environment.ProcessId;
            var psi = new ProcessStartInfo("riscv64-linux-gnu-gcc") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var f in flags) psi.ArgumentList.Add(f);
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(temp);
            psi.ArgumentList.Add(source);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start riscv64-linux-gnu-gcc");
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"riscv64-linux-gnu-gcc failed for {name}:\n{stdout.Result}{stderr}");
            File.Move(temp, output, overwrite: true);
            return output;
        }
    }
}
