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
    public static PersistentCode? Open(string? directory, bool off, string path, int warmThreshold = PersistentCode.DefaultWarmThreshold)
    {
        string? env = Environment.GetEnvironmentVariable("RVJIT_CACHE");
        if (off || (directory is null && env == "off")) return null;
        directory ??= string.IsNullOrEmpty(env) ? PersistentCode.DefaultDirectory : env;
        Action<string> warn = message => Console.Error.WriteLine($"rvjit: warning: cache: {message}");
        var cache = new PersistentCode(directory, ProgramIdentity(directory, path, warn), warn) { WarmThreshold = warmThreshold };
        cache.Load();
        return cache;
    }

    /// <summary>Files up to this size are identified by their contents' hash (64 MiB: about 15 ms of ContentHash).</summary>
    private const long HashedProgramLimit = 64L << 20;

    /// <summary>
    /// What selects the program's bundles: the hash of its file (a rebuild at the same path gets bundles of its
    /// own; remembered in the cache while the file is unchanged, see <see cref="ProgramDigests"/>), or for a larger
    /// file its full path, length and modification time. Only a selection: every region is still checked against the
    /// guest page it is installed in.
    /// </summary>
    private static byte[] ProgramIdentity(string root, string path, Action<string> warn)
    {
        try
        {
            // One open file for the length and the hash: a FileInfo cost a start-up about 1% of a static hello world's
            // CPU (the first use of its path and attribute code), for a length the open handle knows.
            using (var file = Runtime.HostFiles.OpenRead(path))
                if (RandomAccess.GetLength(file) <= HashedProgramLimit) return ProgramDigests.Of(root, file, warn).ToBytes();
            var info = new FileInfo(path);
            return System.Text.Encoding.UTF8.GetBytes($"{info.FullName}\0{info.Length}\0{info.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path)); // a path inside --root
        }
    }

    /// <summary>Saves what the run compiled as a pending bundle, which becomes a bundle (and is precompiled,
    /// ReadyToRun) per --cache-native: in a background process (default), now, or now without crossgen2 (off).
    /// Returns the pending bundle's path (null: nothing new to save).</summary>
    public static string? Save(PersistentCode cache, string? nativeMode)
    {
        string? pending = cache.Save();
        if (pending is null) return null;
        Action<string> warn = message => Console.Error.WriteLine($"rvjit: warning: cache: {message}");
        switch (nativeMode)
        {
            case null or "background":
                NativeCompile.StartInBackground(pending);
                break;
            case "wait":
                NativeCompile.BuildAndCompile(pending, native: true, warn);
                break;
            case "off":
                NativeCompile.BuildAndCompile(pending, native: false, warn);
                break;
        }
        return pending;
    }

    public static void CheckNativeMode(string? mode)
    {
        if (mode is not (null or "background" or "wait" or "off"))
            throw new UsageException($"--cache-native: '{mode}' is not one of {NativeModes}");
    }
}
