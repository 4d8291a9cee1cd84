// Pending signals of a thread or a process: standard signals coalesce, real-time signals queue.
namespace RvJit.Kernel.Signals;

/// <summary>
/// The signals sent and not yet delivered, with their siginfo, as Linux's struct sigpending keeps them: a
/// standard signal (1..31) sent while already pending is dropped (the first one's siginfo stays); every
/// real-time signal (32..64) sent is queued and delivered once, in sending order within its number.
/// </summary>
public sealed class SignalQueue
{
    public const int FirstRealtime = 32;
    private readonly List<SignalInfo> queued = [];

    /// <summary>The pending set (sigset_t bit i-1 = signal i).</summary>
    public ulong Mask { get; private set; }

    /// <summary>How many siginfos are queued (against RLIMIT_SIGPENDING).</summary>
    public int Count => queued.Count;

    public bool IsPending(int signal) => (Mask & Signals.Bit(signal)) != 0;

    /// <summary>
    /// Adds a signal. False only when a real-time signal with a caller-chosen siginfo (sigqueue, not kill)
    /// finds <paramref name="limit"/> siginfos already queued: Linux's EAGAIN. A kill over the limit still
    /// makes the signal pending, as Linux does (its siginfo is then the kill's).
    /// </summary>
    public bool Add(SignalInfo info, int limit)
    {
        int signal = info.Signal;
        if (signal < FirstRealtime)
        {
            if (IsPending(signal)) return true;
        }
        else if (queued.Count >= limit)
        {
            if (info.Code < 0 && info.Code != SignalCodes.Tkill) return false;
            if (IsPending(signal)) return true;
        }
        queued.Add(info);
        Mask |= Signals.Bit(signal);
        return true;
    }

    /// <summary>Removes and returns the oldest siginfo of <paramref name="signal"/> (which must be pending).</summary>
    public SignalInfo Take(int signal)
    {
        int i = queued.FindIndex(s => s.Signal == signal);
        var info = queued[i];
        queued.RemoveAt(i);
        if (!queued.Exists(s => s.Signal == signal)) Mask &= ~Signals.Bit(signal);
        return info;
    }

    /// <summary>Whether the siginfo built on <paramref name="supplied"/> is still queued (a POSIX timer's pending signal).</summary>
    public bool Holds(byte[] supplied) => queued.Exists(s => ReferenceEquals(s.Supplied, supplied));

    /// <summary>Drops every pending instance of the signals in <paramref name="set"/> (SIG_IGN, SIGCONT's stops).</summary>
    public void Discard(ulong set)
    {
        if ((Mask & set) == 0) return;
        queued.RemoveAll(s => (set & Signals.Bit(s.Signal)) != 0);
        Mask &= ~set;
    }

    /// <summary>The lowest-numbered pending signal in <paramref name="set"/>, or 0 (Linux delivers in this order).</summary>
    public int Next(ulong set)
    {
        ulong candidates = Mask & set;
        return candidates == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(candidates) + 1;
    }
}
