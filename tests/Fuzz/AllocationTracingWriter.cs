// Strace lines annotated with the host memory each call allocated: finds the call behind a MemoryGrowth.
using System.Text;

namespace RvJit.Fuzz;

/// <summary>
/// A strace sink that keeps only the lines of calls during which the kernel's thread (the one writing
/// here) allocated more than
/// <see cref="Threshold"/> bytes (strace writes a line when its call returns), prefixed with the amount.
/// </summary>
public sealed class AllocationTracingWriter : TextWriter
{
    public const long Threshold = 16L << 20;
    private readonly StringBuilder line = new();
    private readonly List<string> heavy = [];
    // The kernel runs on a thread of its own, whose allocation count starts at zero.
    private long mark;

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> HeavyCalls => heavy;

    public override void Write(char value)
    {
        if (value != '\n') { line.Append(value); return; }
        long now = GC.GetAllocatedBytesForCurrentThread();
        if (now - mark > Threshold) heavy.Add($"{(now - mark) >> 20} MiB: {line}");
        mark = now;
        line.Clear();
    }
}
