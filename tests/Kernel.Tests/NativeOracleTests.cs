// Programs whose answer under qemu-riscv64 is not Linux's: the same source built for the host and run on the
// host kernel is the oracle.
namespace RvJit.Kernel.Tests;

/// <summary>
/// qemu-user maps the guest's real-time signals to host signals in reverse order, so the order in which it
/// delivers several pending real-time signals is not Linux's (rtorder); it has no robust futex lists
/// (robustpi). The program is built with the host's gcc as well, and its native output is the expected one.
/// </summary>
public class NativeOracleTests
{
    public static IEnumerable<object[]> Cases() =>
        from name in new[] { "rtorder", "robustpi" }
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { name, linkage, engine };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_output_matches_the_program_run_natively(string name, Linkage linkage, string engine)
    {
        string native = BuildNative(name);
        var (code, expected) = GuestPrograms.Exec(native, []);
        Assert.Equal(0, code);
        Assert.NotEmpty(expected);
        var actual = GuestRunner.RunRvjit(GuestPrograms.Get(name, linkage), [], engine);
        Assert.Equal(expected, actual.Stdout);
        Assert.Equal(0, actual.ExitCode);
    }

    private static string BuildNative(string name)
    {
        string source = Path.Combine(GuestPrograms.SourceDirectory, name + ".c");
        Directory.CreateDirectory(GuestPrograms.CacheDirectory);
        string key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source)))[..12].ToLowerInvariant();
        string output = Path.Combine(GuestPrograms.CacheDirectory, $"{name}-native-{key}");
        if (File.Exists(output)) return output;
        string temp = $"{output}.tmp{Environment.ProcessId}-{Guid.NewGuid():N}";
        var (code, text) = GuestPrograms.Exec("gcc", ["-O2", "-Wall", "-pthread", "-o", temp, source]);
        Assert.True(code == 0, $"gcc failed for {name}:\n{text}");
        File.Move(temp, output, overwrite: true);
        return output;
    }
}
