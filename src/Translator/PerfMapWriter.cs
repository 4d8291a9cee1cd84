// --perf-map: /tmp/perf-PID.map, so Linux perf names the host code of translated regions by guest function.
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Reflection.Emit;
using RvJit.Translator.Emit;

namespace RvJit.Translator;

/// <summary>
/// Writes perf's map of JIT-compiled code (`START SIZE name`, hex, one line per code range) for this process, from
/// the runtime's own method-load events: RyuJIT reports every method it compiles, with its code's address and size,
/// on the runtime's event source, which an in-process <see cref="EventListener"/> receives. A translated region's
/// method is named by its guest entry (<see cref="GuestRegion.Label"/>: `rvjit:main+0x24 [0x10450] prog`), so perf
/// report shows guest functions; rvjit's own methods compiled at run time are listed too (`Namespace.Type::Method`).
///
/// Why not the runtime's perf map (DOTNET_PerfMapEnabled): it is read once at start-up from the environment (no
/// runtimeconfig knob), so rvjit would have to re-execute itself, and it also lists every stub and precompiled
/// method, up to 20% slower. The events cost only when a method is compiled, and the file is written as wanted.
/// Events reach the listener on a thread of the runtime's, a little later; <see cref="Complete"/> waits for a marker
/// method compiled last, since the runtime delivers events in the order they were raised.
/// </summary>
public sealed class PerfMapWriter : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long JitKeyword = 0x10;

    private readonly Lock gate = new();
    private StreamWriter? writer;
    private readonly List<string> early = []; // lines that arrived before the constructor made the writer
    private readonly ManualResetEventSlim markerSeen = new();
    private string? marker;

    /// <summary>perf's path for this process's map.</summary>
    public static string DefaultPath => $"/tmp/perf-{Environment.ProcessId}.map";

    /// <summary>The map's path.</summary>
    public string Path { get; }

    /// <summary>Lines written for translated regions (and for rvjit's own methods).</summary>
    public long Regions { get; private set; }
    public long HostMethods { get; private set; }

    /// <summary>True when the runtime writes /tmp/perf-PID.map itself (DOTNET_PerfMapEnabled=1 or 3): a second
    /// writer would garble it; the runtime's lists the regions under the same names.</summary>
    public static bool RuntimeWritesMap =>
        (Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") ?? Environment.GetEnvironmentVariable("COMPlus_PerfMapEnabled"))?.Trim() is "1" or "3";

    public PerfMapWriter(string? path = null)
    {
        Path = path ?? DefaultPath;
        var stream = new StreamWriter(new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
        lock (gate)
        {
            foreach (var line in early) stream.WriteLine(line);
            early.Clear();
            stream.Flush();
            writer = stream;
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Called from the base constructor too, before this class's constructor body: only enable here.
        if (source.Name == RuntimeSource) EnableEvents(source, EventLevel.Verbose, (EventKeywords)JitKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
        object? Field(string name) { int i = e.PayloadNames!.IndexOf(name); return i >= 0 ? e.Payload![i] : null; }
        if (Field("MethodStartAddress") is not { } startValue || Field("MethodSize") is not { } sizeValue) return;
        ulong start = Convert.ToUInt64(startValue, CultureInfo.InvariantCulture);
        ulong size = Convert.ToUInt64(sizeValue, CultureInfo.InvariantCulture);
        string method = Field("MethodName") as string ?? "";
        bool region = method.StartsWith(QuickAssemblies.LabelPrefix, StringComparison.Ordinal);
        string name = region ? method : $"{Field("MethodNamespace") as string}::{method}";
        lock (gate)
        {
            if (marker is not null && method == marker) { markerSeen.Set(); return; }
            string line = $"{start:x} {size:x} {name}";
            if (writer is null) early.Add(line); else writer.WriteLine(line);
            if (region) Regions++; else HostMethods++;
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until the events of every method compiled so far are in the
    /// map, then flushes it: a marker method is compiled now, and its event comes after theirs. False on timeout.</summary>
    public bool Complete(TimeSpan timeout)
    {
        string name = $"rvjit-perf-map-end-{Guid.NewGuid():N}";
        lock (gate) marker = name;
        var method = new DynamicMethod(name, typeof(int), Type.EmptyTypes, typeof(PerfMapWriter).Module);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        ((Func<int>)method.CreateDelegate(typeof(Func<int>)))();
        bool seen = markerSeen.Wait(timeout);
        lock (gate) writer?.Flush();
        return seen;
    }

    public override void Dispose()
    {
        base.Dispose();
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
        }
        GC.SuppressFinalize(this); // markerSeen stays: a late event may still set it
    }
}
