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

    /// <summary>By engine slot: <see cref="long.MaxValue"/> while it runs a slice of guest code, else when its last slice
    /// ended (<see cref="Environment.TickCount64"/>). An engine past the last slot shares one (it may be under-counted).</summary>
    private readonly long[] guestActive = new long[64];
    private int guestSlots;
    /// <summary>A guest thread that left its slice this recently counts as busy: it is in a system call or between
    /// slices, on its host core (the Go HTTP server's harts leave guest code thousands of times a second).</summary>
    private const long RecentMs = 2;

    internal int RegisterGuest() => (Interlocked.Increment(ref guestSlots) - 1) % guestActive.Length;
    internal void GuestStarted(int slot) => Volatile.Write(ref guestActive[slot], long.MaxValue);
    internal void GuestStopped(int slot) => Volatile.Write(ref guestActive[slot], Environment.TickCount64);

    /// <summary>Guest threads running guest code now or within the last couple of milliseconds.</summary>
    public int GuestsBusy
    {
        get
        {
            long since = Environment.TickCount64 - RecentMs;
            int busy = 0, slots = Math.Min(Volatile.Read(ref guestSlots), guestActive.Length);
            for (int i = 0; i < slots; i++)
                if (Volatile.Read(ref guestActive[i]) >= since) busy++;
            return busy;
        }
    }

    /// <summary>A host core is left over by the guest threads busy now, for a compile thread.</summary>
    public bool CoreIdle => GuestsBusy < HostCores;

    /// <summary>The share of a core the host gives the compile threads (other processes count there, not in <see cref="CoreIdle"/>).</summary>
    public HostShare Share { get; } = new();
}
