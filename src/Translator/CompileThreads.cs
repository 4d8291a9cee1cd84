namespace RvJit.Translator;

/// <summary>
/// The background compile threads of a process's JIT engines, counted together: each background compiler (one per
/// <see cref="SharedTranslations"/>: an engine of its own, or the harts sharing translations) may always run one, and
/// more only while the process runs fewer than <see cref="Limit"/>, one per host core beyond the one a guest thread uses.
/// The CLI makes one and hands it to every engine it creates; an engine made without one counts alone.
/// </summary>
public sealed class CompileThreads(int limit = 0, int hostCores = 0)
{
    /// <summary>Every host core but one, at least one.</summary>
    public static int DefaultLimit => Math.Max(1, Environment.ProcessorCount - 1);

    public int Limit { get; } = limit > 0 ? limit : DefaultLimit;
    private int running;

    /// <summary>Claims a thread for an engine that already runs <paramref name="enginesOwn"/>; false when it may not.</summary>
    internal bool TryStart(int enginesOwn)
    {
        if (enginesOwn == 0) { Interlocked.Increment(ref running); return true; }
        while (true)
        {
            int now = Volatile.Read(ref running);
            if (now >= Limit) return false;
            if (Interlocked.CompareExchange(ref running, now + 1, now) == now) return true;
        }
    }

    internal void Exited() => Interlocked.Decrement(ref running);

    /// <summary>Host cores the process may use (the guest threads' and the compile threads').</summary>
    public int HostCores { get; } = hostCores > 0 ? hostCores : Environment.ProcessorCount;
    private int guestsRunning;

    /// <summary>Engines running a slice of guest code now (every engine that counts here, each slice's length).</summary>
    public int GuestsRunning => Volatile.Read(ref guestsRunning);
    internal void GuestStarted() => Interlocked.Increment(ref guestsRunning);
    internal void GuestStopped() => Interlocked.Decrement(ref guestsRunning);

    /// <summary>A host core is left over by the guest threads running now, for a compile thread.</summary>
    public bool CoreIdle => GuestsRunning < HostCores;
}
