// All live processes and threads by id, and the terminal's foreground process group.
namespace RvJit.Kernel.Tasks;

/// <summary>The kernel's index of processes (pid) and threads (tid), which share one id space.</summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, Process> processes = [];
    private readonly Dictionary<int, UserThread> threads = [];
    private readonly IdAllocator ids = new();
    private int foregroundGroup;

    /// <summary>Processes not yet reaped (zombies included).</summary>
    public IEnumerable<Process> All => processes.Values;

    /// <summary>The processes not yet reaped, copied (to change the table while walking them). A loop over the
    /// dictionary's own enumerator: ToList over <see cref="All"/> goes through interfaces whose generic code the
    /// ReadyToRun image lacks, JIT-compiled at every exit.</summary>
    public List<Process> Snapshot()
    {
        var list = new List<Process>(processes.Count);
        foreach (var p in processes.Values) list.Add(p);
        return list;
    }

    public int AllocateId() => ids.Allocate();

    /// <summary>An id for the first process: <paramref name="preferred"/> when it is free and in range, else the next one.</summary>
    public int AllocateId(int preferred) => ids.TryReserve(preferred) ? preferred : ids.Allocate();

    /// <summary>clone3's set_tid: takes exactly <paramref name="id"/>, false when it is in use.</summary>
    public bool TryReserveId(int id) => ids.TryReserve(id);

    public void Add(Process p) => processes[p.Pid] = p;
    public void Add(UserThread t) => threads[t.Tid] = t;

    public Process? Find(int pid) => processes.GetValueOrDefault(pid);
    public UserThread? FindThread(int tid) => threads.GetValueOrDefault(tid);

    /// <summary>A thread has ended: its id is free unless it is also its process's (still present) id.</summary>
    public void Remove(UserThread t)
    {
        threads.Remove(t.Tid);
        if (t.Tid != t.Process.Pid) ids.Free(t.Tid);
    }

    /// <summary>A process was reaped: its id is free.</summary>
    public void Remove(Process p)
    {
        processes.Remove(p.Pid);
        ids.Free(p.Pid);
    }

    /// <summary>Threads that exist (zombies' are gone): /proc/loadavg's and sysinfo's count.</summary>
    public int ThreadCount => threads.Count;

    /// <summary>Threads not blocked in a kernel wait: Linux's nr_running, the load averages' count.</summary>
    public int RunnableThreads()
    {
        int n = 0;
        foreach (var t in threads.Values) if (t.CurrentWait is null) n++;
        return n;
    }

    /// <summary>The id given out last (/proc/loadavg's last field).</summary>
    public int LastId => ids.LastAllocated;

    public IEnumerable<Process> InGroup(int pgid) => processes.Values.Where(p => p.ProcessGroup == pgid);

    public int ForegroundGroup(Process asker) => foregroundGroup != 0 ? foregroundGroup : asker.ProcessGroup;
    public void SetForegroundGroup(Process asker, int group) => foregroundGroup = group;
}
