using System.Collections.Concurrent;
using System.Diagnostics;
using RvJit.Translator.Emit;

namespace RvJit.Translator;

/// <summary>
/// Compiles blocks off the guest's critical path. The dispatcher reads and decodes a hot block (on the
/// guest thread, so it sees guest memory as it is) and queues it; worker threads emit the IL and make
/// RyuJIT compile it (a call with a null state returns at once), then hand the finished block back. The
/// guest keeps running in the interpreter (or in the region's quick-tier code, for a promotion) meanwhile.
/// Workers exit when idle, so an engine that is dropped leaves no thread behind.
///
/// Several workers may run at once, so every core the guest threads leave idle compiles (RyuJIT compiles
/// methods concurrently): a worker starts when a request finds no idle one and <see cref="CompileThreads"/>,
/// shared by the process's engines, allows it (one per engine always).
///
/// A large program turns code hot faster than compiles finish (gofmt queues hundreds of regions), so the
/// workers do not take requests in arrival order. They take the request whose entry the guest reached most
/// often while it waited (counted by the engine each time the interpreter stops at a waiting entry, once every
/// <see cref="Runtime.Interpreter.Interpreter.WaitingStride"/> entries; for a promotion, by the quick code itself), so a
/// loop the program is running now is compiled before start-up code that ran its few dozen times and moved on.
/// A promotion's entries weigh less (<see cref="PromotionWeight"/>): its code already runs compiled. Putting
/// promotions after every quick request starved them: gofmt turns regions warm faster than they compile for
/// its whole run, and its hottest code stayed quick to the end (compiled code 320-340 ms against 215 ms with
/// one tier).
/// </summary>
internal sealed class BackgroundCompiler
{
    internal sealed class Request(GuestRegion region, long pageGeneration, CodeTier tier = CodeTier.Optimised, int promoteAfter = int.MaxValue,
        BlockLinks? promoting = null, CompiledBlock? loaded = null)
    {
        /// <summary>A region loaded from the persistent cache: the worker only has its code made ready (RyuJIT
        /// compiles it, or the runtime binds its precompiled code) by a first call.</summary>
        public CompiledBlock? Loaded { get; } = loaded;
        /// <summary>Loaded as native (precompiled) code: only bound, never compiled.</summary>
        public bool Native { get; } = loaded?.Loaded?.Bundle.Native == true;
        public GuestRegion Region { get; } = region;
        public long PageGeneration { get; } = pageGeneration;
        public CodeTier Tier { get; } = tier;
        public int PromoteAfter { get; } = promoteAfter;
        /// <summary>Entries reached while waiting, bumped by the guest thread (the worker's racy read at worst
        /// misorders the queue by one).</summary>
        public int Waited;
        /// <summary>A promotion: the quick region's links, whose countdown its code keeps taking from
        /// <see cref="int.MaxValue"/> (where the engine set it) while the request waits.</summary>
        public BlockLinks? Promoting { get; } = promoting;
        /// <summary>Compiled only to prime the compiler (<see cref="Prime"/>), then dropped.</summary>
        public bool Primes { get; init; }
        /// <summary>Entries reached while waiting: in the interpreter, or, for a promotion, in the quick code.</summary>
        public int Waiting => Promoting is { } links ? int.MaxValue - Volatile.Read(ref links.Countdown) : Volatile.Read(ref Waited);
    }

    private readonly List<Request> requests = [];
    private readonly ConcurrentQueue<(CompiledBlock Block, long PageGeneration, long Ticks)> finished = new();
    /// <summary>Regions in <see cref="finished"/>: what every dispatch reads. ConcurrentQueue.IsEmpty peeks at the queue's
    /// segment (gofmt's first run: 0.4% of the process's CPU samples in TryPeek, one call per dispatch while regions queue).</summary>
    private int finishedCount;
    private readonly Func<nint> lowTlb;
    private readonly QuickAssemblies quick;
    private readonly CompileThreads threads;
    private int workers, idleWorkers;

    /// <param name="lowTlb">The TLB address generated code names as a constant (0: it reads it from its context), read
    /// as each compile starts (it changes when a second hart runs). Nothing else ties the compiler to a hart: any
    /// hart's dispatcher installs what it finished.</param>
    public BackgroundCompiler(Func<nint> lowTlb, QuickAssemblies quick, CompileThreads threads)
    {
        this.lowTlb = lowTlb;
        this.quick = quick;
        this.threads = threads;
    }

    /// <summary>Queues the region; the engine bumps the returned request's <see cref="Request.Waited"/>.</summary>
    public Request Enqueue(GuestRegion region, long pageGeneration, CodeTier tier = CodeTier.Optimised, int promoteAfter = int.MaxValue,
        BlockLinks? promoting = null, CompiledBlock? loaded = null)
    {
        var request = new Request(region, pageGeneration, tier, promoteAfter, promoting, loaded);
        Enqueue(request);
        return request;
    }

    private void Enqueue(Request request)
    {
        lock (requests)
        {
            requests.Add(request);
            if (idleWorkers > 0 || !threads.TryStart(workers)) { Monitor.Pulse(requests); return; }
            workers++;
        }
        new Thread(Work) { IsBackground = true, Name = "rvjit compiler" }.Start();
    }

    /// <summary>
    /// Compiles <paramref name="region"/> and drops it: a process's first compile costs ~15 ms of a thread more than
    /// later ones of its size (Reflection.Emit, RyuJIT and the emitter's precompiled code set themselves up; the
    /// published build, intalu: 19 ms for its first 248-instruction region, 4.5 ms for the next of 224), and a hot loop
    /// runs in the interpreter meanwhile (intalu: 9 M instructions between queuing its first region and installing it).
    /// Primed during the warm-up, that cost is paid while the guest interprets anyway. Any waiting request goes first.
    /// </summary>
    public void Prime(GuestRegion region) => Enqueue(new Request(region, 0) { Primes = true });

    /// <summary>Requests not taken by a worker yet (a hint for the engine's choice of tier, read when a region turns hot).</summary>
    public int Pending { get { lock (requests) return requests.Count; } }

    /// <summary>A finished region waits to be installed (read without a lock by every dispatcher).</summary>
    public bool HasFinished => Volatile.Read(ref finishedCount) > 0;

    public bool TryTakeFinished(out CompiledBlock block, out long pageGeneration, out long ticks)
    {
        bool ok = finished.TryDequeue(out var item);
        if (ok) Interlocked.Decrement(ref finishedCount);
        (block, pageGeneration, ticks) = item;
        return ok;
    }

    /// <summary>The most urgent request, or null when none arrives within a second (the worker then exits).</summary>
    private Request? Take()
    {
        lock (requests)
        {
            while (requests.Count == 0)
            {
                idleWorkers++;
                bool pulsed = Monitor.Wait(requests, TimeSpan.FromSeconds(1));
                idleWorkers--;
                if (!pulsed && requests.Count == 0)
                {
                    workers--;
                    threads.Exited();
                    return null;
                }
            }
            return TakeMostWaited(requests);
        }
    }

    /// <summary>An entry the interpreter runs while waiting for a quick region costs about this many times what
    /// an entry of quick code waiting for its optimised region costs (the interpreter spends roughly 5 ns a guest
    /// instruction, quick code 0.8, optimised 0.35).</summary>
    internal const int PromotionWeight = 8;

    /// <summary>Removes and returns the most urgent request: a region loaded from disk as native code, else the one
    /// whose waiting costs the guest most (its entries reached while waiting; a new region's weigh
    /// <see cref="PromotionWeight"/> times a promotion's, whatever its tier, since the interpreter runs them
    /// meanwhile), quick before optimised among equals, then the earliest.</summary>
    internal static Request TakeMostWaited(List<Request> pending)
    {
        // A region loaded precompiled from the persistent cache goes first: it costs a bind of native code, and the
        // last run found it hot. One loaded as IL costs an optimised compile: it waits its turn like one. Each request's
        // urgency is read once a scan: the scan runs on the compile thread, under the lock the guest's harts queue
        // through, over hundreds of requests while a large program starts (Go's HTTP server: 1.4% of its samples).
        static long Urgency(Request r) => r.Native ? long.MaxValue
            : r.Promoting is null ? (long)r.Waiting * PromotionWeight : r.Waiting;
        int best = 0;
        long bestUrgency = Urgency(pending[0]);
        for (int i = 1; i < pending.Count; i++)
        {
            var r = pending[i];
            long urgency = Urgency(r);
            if (urgency > bestUrgency || (urgency == bestUrgency && r.Tier < pending[best].Tier)) (best, bestUrgency) = (i, urgency);
        }
        var request = pending[best];
        pending.RemoveAt(best);
        return request;
    }

    private unsafe void Work()
    {
        while (Take() is { } request)
        {
            // A compile started while the guest's own threads took every core shares one with them: it tells nothing
            // about other processes (the Go server's two busy harts on a quiet 2-core host), so only the others are counted.
            bool measuresHost = threads.CoreIdle;
            long t0 = CompileClock.Now(), wall0 = Stopwatch.GetTimestamp();
            var compiled = request.Loaded ?? BlockEmitter.Compile(request.Region, lowTlb(), request.Tier, request.PromoteAfter, quick);
            compiled.Function(null, null!, 0); // a null state returns at once (no context is read): RyuJIT compiles it now
            long ticks = CompileClock.Now() - t0;
            if (measuresHost) threads.Share.Record(ticks, Stopwatch.GetTimestamp() - wall0);
            if (request.Primes) continue;
            finished.Enqueue((compiled, request.PageGeneration, ticks));
            Interlocked.Increment(ref finishedCount);
        }
    }
}
