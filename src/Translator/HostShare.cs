namespace RvJit.Translator;

/// <summary>
/// How much of a host core the process's compile threads get: each background compile's thread CPU time against the wall
/// time it took, summed with older compiles weighing less. A compile thread that runs alone on its core gets about all of
/// it; one that gets well under that shares its core with other processes (<see cref="CompileThreads.CoreIdle"/> counts only
/// the guest's own threads), and each compile then takes CPU the guest needs: the host is <see cref="Contended"/>.
/// Measured (2026-12-08, --stats): gofmt, SQLite speedtest1 and the Go strconv test got 0.92-1.00 on a quiet 2-core host,
/// 0.64-0.94 at load ~3, 0.13-0.28 at load ~21. See <see cref="JitEngine.ContendedHotFactor"/>.
/// </summary>
public sealed class HostShare
{
    /// <summary>Below this share of a core the host is contended.</summary>
    public const double ContendedBelow = 0.7;
    /// <summary>What an older compile's times keep of their weight at each new compile (about the last eight count).</summary>
    private const double Keep = 7.0 / 8;

    private readonly object gate = new();
    private double cpu, wall;
    private volatile bool contended;

    /// <summary>Recent compiles got less than <see cref="ContendedBelow"/> of a core (false before the first).</summary>
    public bool Contended => contended;

    /// <summary>The share of a core recent compiles got (1 before the first).</summary>
    public double Share { get { lock (gate) return wall == 0 ? 1 : cpu / wall; } }

    /// <summary>A compile took <paramref name="cpuTicks"/> of its thread's CPU time in <paramref name="wallTicks"/>.</summary>
    public void Record(long cpuTicks, long wallTicks)
    {
        if (wallTicks <= 0) return;
        lock (gate)
        {
            cpu = cpu * Keep + Math.Min(cpuTicks, wallTicks);
            wall = wall * Keep + wallTicks;
            contended = cpu < ContendedBelow * wall;
        }
    }
}
