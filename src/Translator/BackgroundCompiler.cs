using System.Collections.Concurrent;
using System.Diagnostics;
using RvJit.Translator.Emit;

namespace RvJit.Translator;

/// <summary>
/// Compiles blocks off the guest's critical path. The dispatcher reads and decodes a hot block (on the
/// guest thread, so it sees guest memory as it is) and queues it; a worker thread emits the IL and makes
/// RyuJIT compile it (a call with a null state returns at once), then hands the finished block back. The
/// guest keeps running in the interpreter meanwhile. The worker exits when idle, so an engine that is
/// dropped leaves no thread behind.
/// </summary>
internal sealed class BackgroundCompiler
{
    private readonly BlockingCollection<(GuestRegion Block, long PageGeneration)> requests = new();
    private readonly ConcurrentQueue<(CompiledBlock Block, long PageGeneration, long Ticks)> finished = new();
    private readonly JitContext context;
    private int workerRunning;

    public BackgroundCompiler(JitContext context) => this.context = context;

    public void Enqueue(GuestRegion block, long pageGeneration)
    {
        requests.Add((block, pageGeneration));
        if (Interlocked.CompareExchange(ref workerRunning, 1, 0) == 0)
            new Thread(Work) { IsBackground = true, Name = "rvjit compiler" }.Start();
    }

    public bool TryTakeFinished(out CompiledBlock block, out long pageGeneration, out long ticks)
    {
        bool ok = finished.TryDequeue(out var item);
        (block, pageGeneration, ticks) = item;
        return ok;
    }

    private unsafe void Work()
    {
        while (true)
        {
            if (!requests.TryTake(out var request, TimeSpan.FromSeconds(1)))
            {
                Volatile.Write(ref workerRunning, 0);
                // A request may have arrived between the timeout and the flag: take over again if so.
                if (requests.Count == 0 || Interlocked.CompareExchange(ref workerRunning, 1, 0) != 0) return;
                continue;
            }
            long t0 = Stopwatch.GetTimestamp();
            var compiled = BlockEmitter.Compile(request.Block);
            compiled.Function(null, context, 0);
            finished.Enqueue((compiled, request.PageGeneration, Stopwatch.GetTimestamp() - t0));
        }
    }
}
