// Futex wait lists keyed by the physical address of the futex word (so shared mappings work across processes).
namespace RvJit.Kernel.Sync;

/// <summary>
/// Threads waiting in FUTEX_WAIT, per futex word. The key is the word's guest physical address: private
/// futexes of one process and shared ones in MAP_SHARED memory are both covered.
/// </summary>
public sealed class FutexTable
{
    private readonly Dictionary<ulong, List<(Waiter Waiter, uint Bitset)>> queues = [];

    public void Add(ulong key, Waiter waiter, uint bitset)
    {
        if (!queues.TryGetValue(key, out var list)) queues[key] = list = [];
        list.RemoveAll(e => e.Waiter.IsCompleted);
        list.Add((waiter, bitset));
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters whose bitset intersects <paramref name="bitset"/>.</summary>
    public int Wake(ulong key, int count, uint bitset = uint.MaxValue)
    {
        if (!queues.TryGetValue(key, out var list)) return 0;
        int woken = 0;
        for (int i = 0; i < list.Count && woken < count;)
        {
            var (w, bits) = list[i];
            if (w.IsCompleted) { list.RemoveAt(i); continue; }
            if ((bits & bitset) == 0) { i++; continue; }
            list.RemoveAt(i);
            if (w.Wake(WakeReason.Woken)) woken++;
        }
        if (list.Count == 0) queues.Remove(key);
        return woken;
    }

    /// <summary>Wakes <paramref name="wakeCount"/> waiters and moves up to <paramref name="moveCount"/> others to <paramref name="to"/>.</summary>
    public int Requeue(ulong from, ulong to, int wakeCount, int moveCount)
    {
        int woken = Wake(from, wakeCount);
        if (!queues.TryGetValue(from, out var list)) return woken;
        int moved = 0;
        while (list.Count > 0 && moved < moveCount)
        {
            var e = list[0];
            list.RemoveAt(0);
            if (e.Waiter.IsCompleted) continue;
            Add(to, e.Waiter, e.Bitset);
            moved++;
        }
        if (list.Count == 0) queues.Remove(from);
        return woken + moved;
    }
}
