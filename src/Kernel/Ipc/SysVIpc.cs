// The kernel's one System V IPC namespace: message queues, semaphore sets, shared memory segments, and the
// semaphore adjustments (SEM_UNDO) each process undoes when it exits.
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Ipc;

/// <summary>
/// All System V IPC objects of one rvjit kernel (one namespace, shared by all its guest processes; other rvjit
/// processes and host programs do not see them).
/// </summary>
public sealed class SysVIpc
{
    // Made at first use: three sorted tables (and the default integer comparer they create by reflection) were ~1% of
    // every start-up's CPU, for objects few programs ever make.
    public IpcTable<MessageQueue> MessageQueues => messageQueues ?? Make(ref messageQueues, MessageQueue.MaxQueues);
    public IpcTable<SemaphoreSet> SemaphoreSets => semaphoreSets ?? Make(ref semaphoreSets, SemaphoreSet.MaxSets);
    public IpcTable<SharedSegment> SharedSegments => sharedSegments ?? Make(ref sharedSegments, SharedSegment.MaxSegments);
    private IpcTable<MessageQueue>? messageQueues;
    private IpcTable<SemaphoreSet>? semaphoreSets;
    private IpcTable<SharedSegment>? sharedSegments;

    private static IpcTable<T> Make<T>(ref IpcTable<T>? table, int maxObjects) where T : IpcObject
    {
        Interlocked.CompareExchange(ref table, new IpcTable<T>(maxObjects), null);
        return table;
    }

    // SEM_UNDO: per process, per set, the amounts to add back at exit.
    // By reference (as the default comparer would, Process keeping object equality): the default comparer for a class
    // key is made by reflection, about 0.3 ms of every start-up, before any program uses System V semaphores.
    private readonly Dictionary<Process, Dictionary<SemaphoreSet, int[]>> undo = new(ReferenceEqualityComparer.Instance);

    /// <summary>Records that <paramref name="process"/> changed semaphore <paramref name="number"/> by <paramref name="delta"/> with SEM_UNDO.</summary>
    public void NoteUndo(Process process, SemaphoreSet set, int number, int delta)
    {
        if (!undo.TryGetValue(process, out var sets)) undo[process] = sets = [];
        if (!sets.TryGetValue(set, out var adjust)) sets[set] = adjust = new int[set.Semaphores.Length];
        adjust[number] -= delta;
    }

    /// <summary>SETVAL and SETALL clear every process's adjustments of the values they set.</summary>
    public void ClearUndo(SemaphoreSet set, int? number)
    {
        foreach (var sets in undo.Values)
            if (sets.TryGetValue(set, out var adjust))
            {
                if (number is { } n) adjust[n] = 0;
                else Array.Clear(adjust);
            }
    }

    /// <summary>The process is gone: its adjustments apply (clamped to 0..SEMVMX, as Linux's exit_sem does).</summary>
    public void ExitProcess(Process process)
    {
        if (!undo.Remove(process, out var sets)) return;
        foreach (var (set, adjust) in sets)
        {
            if (set.Removed) continue;
            for (int i = 0; i < adjust.Length; i++)
            {
                if (adjust[i] == 0) continue;
                ref var sem = ref set.Semaphores[i];
                sem.Value = Math.Clamp(sem.Value + adjust[i], 0, SemaphoreSet.MaxValue);
                sem.LastPid = process.Pid;
            }
            set.OperationTime = IpcObject.Now;
            set.Changed.WakeAll();
        }
    }
}
