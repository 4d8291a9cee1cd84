// Environment variables that steer the differential run (set by run-differential.sh).
using System.Globalization;

namespace RvJit.RiscvTests.Differential;

/// <summary>Settings of the differential tests, read from the environment.</summary>
public static class DifferentialSettings
{

    /// <summary>RVJIT_DIFF_SEEDS: how many seeds the comparison runs (default 300).</summary>
    public static int Seeds => ReadInt("RVJIT_DIFF_SEEDS", 200);

    /// <summary>RVJIT_DIFF_SEED_START: the first seed (default 1).</summary>
    public static int SeedStart => ReadInt("RVJIT_DIFF_SEED_START", 1);

    /// <summary>RVJIT_DIFF_ENGINE: rvjit's engine, interp (default) or jit.</summary>
    /// <summary>RVJIT_DIFF_ENGINE picks one engine; unset, the comparison runs under both.</summary>
    public static string[] Engines => Environment.GetEnvironmentVariable("RVJIT_DIFF_ENGINE") is { Length: > 0 } e ? [e] : ["interp", "jit"];

    /// <summary>RVJIT_DIFF_MISALIGNED=1 adds misaligned loads and stores to the programs.</summary>
    public static bool Misaligned => Environment.GetEnvironmentVariable("RVJIT_DIFF_MISALIGNED") == "1";

    /// <summary>RVJIT_DIFF_QEMU_SEEDS: how many seeds the generator self-test runs on QEMU (default 8).</summary>
    public static int QemuCheckSeeds => ReadInt("RVJIT_DIFF_QEMU_SEEDS", 8);

    /// <summary>Seeds run at once (each run is a separate process; the machine has few cores).</summary>
    public const int Parallelism = 2;

    private static int ReadInt(string name, int fallback)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0) return value;
        throw new InvalidOperationException($"{name}='{text}' is not a non-negative integer");
    }
}
