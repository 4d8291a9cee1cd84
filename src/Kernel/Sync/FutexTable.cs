// Futex wait lists, per futex (FutexKey: the word in its address space, or its frame in shared memory).
namespace RvJit.Kernel.Sync;

/// <summary>
/// Threads waiting in FUTEX_WAIT, per futex word (<see cref="FutexKey"/>): private
/// futexes of one process and shared ones in MAP_SHARED memory are both covered.
/// </summary>
public sealed class FutexTable
{
    // The tables are made at their first waiter: each is a generic instantiation over a struct key, whose types (about
    // 40 each) a program that never waits on a futex would otherwise load at start-up.
    private Dictionary<FutexKey, List<(Waiter Waiter, uint Bitset)>>? queues;
    // FUTEX_LOCK_PI waiters, in arrival order (all guest threads have one priority), with their thread ids.
    private Dictionary<FutexKey, List<(Waiter Waiter, int Tid)>>? priorityInheritanceQueues;

    // FUTEX_WAIT_REQUEUE_PI waiters on a condition word, with the PI lock word they are to be moved to.
    private Dictionary<FutexKey, List<(Waiter Waiter, int Tid, FutexKey Target)>>? requeueToLockQueues;

    /// <summary>A thread waits in FUTEX_WAIT_REQUEUE_PI on <paramref name="key"/>, bound for lock <paramref name="target"/>.</summary>
    public void AddRequeueWaiter(FutexKey key, Waiter waiter, int tid, FutexKey target)
    {
        if (!(requeueToLockQueues ??= []).TryGetValue(key, out var list)) requeueToLockQueues[key] = list = [];
        list.RemoveAll(e => e.Waiter.IsCompleted);
        list.Add((waiter, tid, target));
    }

    /// <summary>True when a FUTEX_WAIT_REQUEUE_PI waiter still waits on <paramref name="key"/> (FUTEX_WAKE there is EINVAL).</summary>
    public bool HasRequeueWaiters(FutexKey key) =>
        requeueToLockQueues is { } lists && lists.TryGetValue(key, out var list) && list.Exists(e => !e.Waiter.IsCompleted);

    /// <summary>Removes and returns the first FUTEX_WAIT_REQUEUE_PI waiter still waiting on <paramref name="key"/>.</summary>
    public (Waiter Waiter, int Tid, FutexKey Target)? TakeRequeueWaiter(FutexKey key) =>
        TakeFirstWaiting(requeueToLockQueues, key, e => e.Waiter);

    /// <summary>Puts a waiter taken by <see cref="TakeRequeueWaiter"/> back at the head of its list.</summary>
    public void ReturnRequeueWaiter(FutexKey key, (Waiter Waiter, int Tid, FutexKey Target) entry)
    {
        if (!(requeueToLockQueues ??= []).TryGetValue(key, out var list)) requeueToLockQueues[key] = list = [];
        list.Insert(0, entry);
    }

    /// <summary>A thread waits in FUTEX_LOCK_PI for the lock word at <paramref name="key"/>.</summary>
    public void AddLockWaiter(FutexKey key, Waiter waiter, int tid)
    {
        if (!(priorityInheritanceQueues ??= []).TryGetValue(key, out var list)) priorityInheritanceQueues[key] = list = [];
        list.RemoveAll(e => e.Waiter.IsCompleted);
        list.Add((waiter, tid));
    }

    /// <summary>True when a thread still waits in FUTEX_LOCK_PI on <paramref name="key"/>.</summary>
    public bool HasLockWaiters(FutexKey key) =>
        priorityInheritanceQueues is { } lists && lists.TryGetValue(key, out var list) && list.Exists(e => !e.Waiter.IsCompleted);

    /// <summary>Removes and returns the first FUTEX_LOCK_PI waiter still waiting on <paramref name="key"/>, if any.</summary>
    public (Waiter Waiter, int Tid)? TakeLockWaiter(FutexKey key) => TakeFirstWaiting(priorityInheritanceQueues, key, e => e.Waiter);

    /// <summary>Puts a waiter taken by <see cref="TakeLockWaiter"/> back at the head of its list (a hand-off that did not happen).</summary>
    public void ReturnLockWaiter(FutexKey key, (Waiter Waiter, int Tid) entry)
    {
        if (!(priorityInheritanceQueues ??= []).TryGetValue(key, out var list)) priorityInheritanceQueues[key] = list = [];
        list.Insert(0, entry);
    }

    /// <summary>Removes the entries of <paramref name="key"/>'s list up to and including the first whose waiter still
    /// waits, and returns that one (null if none); an emptied list goes.</summary>
    private static T? TakeFirstWaiting<T>(Dictionary<FutexKey, List<T>>? lists, FutexKey key, Func<T, Waiter> waiterOf) where T : struct
    {
        if (lists is null || !lists.TryGetValue(key, out var list)) return null;
        T? found = null;
        while (list.Count > 0 && found is null)
        {
            var e = list[0];
            list.RemoveAt(0);
            if (!waiterOf(e).IsCompleted) found = e;
        }
        if (list.Count == 0) lists.Remove(key);
        return found;
    }

    public void Add(FutexKey key, Waiter waiter, uint bitset)
    {
        if (!(queues ??= []).TryGetValue(key, out var list)) queues[key] = list = [];
        list.RemoveAll(e => e.Waiter.IsCompleted);
        list.Add((waiter, bitset));
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters whose bitset intersects <paramref name="bitset"/>.</summary>
    public int Wake(FutexKey key, int count, uint bitset = uint.MaxValue)
    {
        if (queues is null || !queues.TryGetValue(key, out var list)) return 0;
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
    public int Requeue(FutexKey from, FutexKey to, int wakeCount, int moveCount)
    {
        int woken = Wake(from, wakeCount);
        if (queues is null || !queues.TryGetValue(from, out var list)) return woken;
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
