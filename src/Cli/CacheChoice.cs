using RvJit.Translator.Persist;

namespace RvJit.Cli;

/// <summary>
/// `--cache DIR`, `--no-cache` and `--cache-native` for `rvjit run`: where translations persist across runs
/// (<see cref="PersistentCode"/>), and how their assembly is precompiled after the run. Without either option
/// the environment's RVJIT_CACHE decides (a directory, or "off"; the test suites set "off"), then the default
/// ($XDG_CACHE_HOME/rvjit, else ~/.cache/rvjit).
/// </summary>
internal static class CacheChoice
{
    public const string NativeModes = "background, wait, off";

    /// <summary>The process's persistent cache for the program at <paramref name="path"/>, loaded; null when off.</summary>
    public static PersistentCode? Open(string? directory, bool off, string path)
    {
        string? env = Environment.GetEnvironmentVariable("RVJIT_CACHE");
        if (off || (directory is null && env == "off")) return null;
        directory ??= string.IsNullOrEmpty(env) ? PersistentCode.DefaultDirectory : env;
        byte[] program;
        try { program = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { program = System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path)); }
        var cache = new PersistentCode(directory, program, message => Console.Error.WriteLine($"rvjit: warning: cache: {message}"));
        cache.Load();
        return cache;
    }

    /// <summary>Saves what the run compiled, then has the new bundle precompiled (ReadyToRun) per --cache-native.</summary>
    public static void Save(PersistentCode cache, string? nativeMode)
    {
        string? index = cache.Save();
        if (index is null) return;
        switch (nativeMode)
        {
            case null or "background":
                NativeCompile.StartInBackground(index);
                break;
            case "wait":
                NativeCompile.Run(index, message => Console.Error.WriteLine($"rvjit: warning: cache: {message}"));
                break;
            case "off":
                break;
        }
    }

    public static void CheckNativeMode(string? mode)
    {
        if (mode is not (null or "background" or "wait" or "off"))
            throw new UsageException($"--cache-native: '{mode}' is not one of {NativeModes}");
    }
}
