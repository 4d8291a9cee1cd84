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
///
/// A large program turns code hot faster than one thread compiles it (gofmt queues hundreds of regions), so
/// the worker does not take requests in arrival order: it takes the one whose entry the guest reached most
/// often while it waited (counted by the engine each time the interpreter stops at a waiting entry, once every
/// <see cref="Runtime.Interpreter.Interpreter.WaitingStride"/> entries), so a loop the program is running now is compiled
/// before start-up code that ran its few dozen times and moved on.
/// </summary>
internal sealed class BackgroundCompiler
{
    internal sealed class Request(GuestRegion region, long pageGeneration)
    {
        public GuestRegion Region { get; } = region;
        public long PageGeneration { get; } = pageGeneration;
        /// <summary>Entries reached while waiting, bumped by the guest thread (the worker's racy read at worst
        /// misorders the queue by one).</summary>
        public int Waited;
        public int Waiting => Volatile.Read(ref Waited);
    }

    private readonly List<Request> requests = [];
    private readonly ConcurrentQueue<(CompiledBlock Block, long PageGeneration, long Ticks)> finished = new();
    private readonly JitContext context;
    private bool workerRunning;

    public BackgroundCompiler(JitContext context) => this.context = context;

    /// <summary>Queues the region; the engine bumps the returned request's <see cref="Request.Waited"/>.</summary>
    public Request Enqueue(GuestRegion region, long pageGeneration)
    {
        var request = new Request(region, pageGeneration);
        lock (requests)
        {
            requests.Add(request);
            if (workerRunning) { Monitor.Pulse(requests); return request; }
            workerRunning = true;
        }
        new Thread(Work) { IsBackground = true, Name = "rvjit compiler" }.Start();
        return request;
    }

    public bool TryTakeFinished(out CompiledBlock block, out long pageGeneration, out long ticks)
    {
        bool ok = finished.TryDequeue(out var item);
        (block, pageGeneration, ticks) = item;
        return ok;
    }

    /// <summary>The most waited-for request, or null when none arrives within a second (the worker then exits).</summary>
    private Request? Take()
    {
        lock (requests)
        {
            while (requests.Count == 0)
                if (!Monitor.Wait(requests, TimeSpan.FromSeconds(1)) && requests.Count == 0)
                {
                    workerRunning = false;
                    return null;
                }
            return TakeMostWaited(requests);
        }
    }

    /// <summary>Removes and returns the request whose entry was reached most often while waiting (the earliest
    /// of equals).</summary>
    internal static Request TakeMostWaited(List<Request> pending)
    {
        int best = 0;
        for (int i = 1; i < pending.Count; i++)
            if (pending[i].Waiting > pending[best].Waiting) best = i;
        var request = pending[best];
        pending.RemoveAt(best);
        return request;
    }

    private unsafe void Work()
    {
        while (Take() is { } request)
        {
            long t0 = Stopwatch.GetTimestamp();
            var compiled = BlockEmitter.Compile(request.Region, context.LowTlb);
            compiled.Function(null, context, 0);
            finished.Enqueue((compiled, request.PageGeneration, Stopwatch.GetTimestamp() - t0));
        }
    }
}
