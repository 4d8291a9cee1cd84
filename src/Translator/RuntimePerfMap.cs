// --perf-map: /tmp/perf-PID.map, so Linux perf names the host code of translated regions by guest function.
using RvJit.Translator.Emit;

namespace RvJit.Translator;

/// <summary>
/// The .NET runtime's own perf map (DOTNET_PerfMapEnabled=3, which `rvjit run --perf-map` restarts itself with):
/// a line `0xSTART SIZE name` per method it compiles and per stub, written as each is made. A translated region's
/// method is named by its guest entry (<see cref="GuestRegion.Label"/>: `rvjit:main+0x24 [0x10450] prog`), which the
/// runtime wraps in the method's return type, class and signature; <see cref="Finish"/> rewrites those lines to
/// `START SIZE rvjit:main+0x24 [0x10450] prog`, so perf report shows guest functions.
///
/// Why the runtime's map and not an in-process listener to its method-compiled events: listening needs .NET's event
/// sources, which rvjit runs without (EventSourceSupport false): setting them up cost every run about 3% of a static
/// hello world's CPU. The runtime's map also lists its stubs and every method compiled at run time; it is read at start-up
/// only, from the environment, which is why rvjit restarts itself for it.
/// </summary>
public static class RuntimePerfMap
{
    /// <summary>perf's path for this process's map.</summary>
    public static string DefaultPath => $"/tmp/perf-{Environment.ProcessId}.map";

    /// <summary>True when the runtime writes /tmp/perf-PID.map (DOTNET_PerfMapEnabled=1 or 3, read at start-up).</summary>
    public static bool Written =>
        (Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") ?? Environment.GetEnvironmentVariable("COMPlus_PerfMapEnabled"))?.Trim() is "1" or "3";

    /// <summary>Rewrites the region lines of the map at <paramref name="path"/> to their labels (the map is replaced
    /// whole: the runtime keeps writing to the file it opened, whose later lines are the shutdown's). Returns how many
    /// lines name regions and how many name other methods compiled at run time; null if the map cannot be read.</summary>
    public static (long Regions, long Methods)? Finish(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        long regions = 0, methods = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (RegionLine(lines[i]) is { } region) { lines[i] = region; regions++; }
            else if (IsMethod(lines[i])) methods++;
        }
        string rewritten = path + ".rvjit";
        try
        {
            File.WriteAllLines(rewritten, lines);
            File.Move(rewritten, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return (regions, methods);
    }

    /// <summary>`START SIZE label` for a runtime line naming a region's method (`0xSTART SIZE int64 [assembly]
    /// class::rvjit:LABEL(signature)[tier]`), else null. The label ends where the signature begins, at the last '('
    /// (a signature of type names holds none; a label's file name may).</summary>
    internal static string? RegionLine(string line)
    {
        int label = line.IndexOf("::" + QuickAssemblies.LabelPrefix, StringComparison.Ordinal);
        int signature = line.LastIndexOf('(');
        int afterStart = line.IndexOf(' ');
        int afterSize = afterStart < 0 ? -1 : line.IndexOf(' ', afterStart + 1);
        if (label < 0 || signature < label || afterSize < 0 || afterSize > label) return null;
        string start = line.StartsWith("0x", StringComparison.Ordinal) ? line[2..afterStart] : line[..afterStart];
        return $"{start} {line[(afterStart + 1)..afterSize]} {line[(label + 2)..signature]}";
    }

    // Stub lines read `0xSTART SIZE stub NAME`; the rest are methods.
    private static bool IsMethod(string line)
    {
        int afterStart = line.IndexOf(' ');
        int afterSize = afterStart < 0 ? -1 : line.IndexOf(' ', afterStart + 1);
        return afterSize > 0 && !line.AsSpan(afterSize + 1).StartsWith("stub ", StringComparison.Ordinal);
    }
}
