// POSIX per-process timers (timer_create): expiry queues a signal with SI_TIMER, overruns while it is pending.
using System.Runtime.InteropServices;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Tasks;

/// <summary>How a timer reports its expiry (sigevent.sigev_notify).</summary>
public enum TimerNotify
{
    /// <summary>SIGEV_SIGNAL (and SIGEV_THREAD, which the kernel treats alike): a process-directed signal.</summary>
    Signal,
    /// <summary>SIGEV_NONE: nothing; the timer is only read back.</summary>
    None,
    /// <summary>SIGEV_THREAD_ID: a signal to one thread of the process.</summary>
    Thread,
}

/// <summary>
/// One timer_create timer. At expiry it queues its signal with si_code SI_TIMER, si_timerid, si_overrun and
/// si_value; while that signal is still pending, further expirations only raise the pending siginfo's
/// si_overrun (Linux's send_sigqueue), and timer_getoverrun reports the overrun of the last delivered one.
/// </summary>
public sealed class PosixTimer
{
    public const int SiTimer = -2;
    private const int InfoTimerId = 16, InfoOverrun = 20, InfoValue = 24;
    private readonly LinuxKernel kernel;
    private readonly Process process;
    private readonly UserThread? target;
    /// <summary>The siginfo of the signal last queued, while it may still be pending (the queue holds this array).</summary>
    private byte[]? queuedInfo;
    private int lastOverrun;

    public PosixTimer(LinuxKernel kernel, Process process, int id, int clock, TimerNotify notify, int signal, ulong value, UserThread? target,
        CpuClock? cpuClock = null)
    {
        this.kernel = kernel;
        this.process = process;
        this.target = target;
        Id = id;
        Clock = clock;
        Notify = notify;
        Signal = signal;
        Value = value;
        Timer = new IntervalTimer(kernel.Executor, Expired);
        if (cpuClock is { } cpu) CpuTimer = new CpuTimer(cpu, Expired);
    }

    /// <summary>The timer of a CPU-time clock (then <see cref="Timer"/> is unused), or null.</summary>
    public CpuTimer? CpuTimer { get; }

    public void Disarm()
    {
        Timer.Disarm();
        CpuTimer?.Disarm();
    }

    public int Id { get; }
    public int Clock { get; }
    public TimerNotify Notify { get; }
    public int Signal { get; }
    public ulong Value { get; }
    public IntervalTimer Timer { get; }

    private SignalQueue Queue => target?.PendingSignals ?? process.PendingSignals;

    /// <summary>Forgets a queued siginfo that has been delivered, keeping its overrun for timer_getoverrun.</summary>
    private void NoteDelivered()
    {
        if (queuedInfo is null || Queue.Holds(queuedInfo)) return;
        lastOverrun = MemoryMarshal.Read<int>(queuedInfo.AsSpan(InfoOverrun));
        queuedInfo = null;
    }

    /// <summary>timer_getoverrun: the overrun count of the last signal delivered.</summary>
    public int Overrun
    {
        get
        {
            NoteDelivered();
            return lastOverrun;
        }
    }

    /// <summary>timer_settime: the overrun reported by timer_getoverrun starts again from 0 (Linux's common_timer_set).</summary>
    public void Rearmed()
    {
        NoteDelivered();
        lastOverrun = 0;
    }

    private bool Expired(ulong count)
    {
        if (process.State != ProcessState.Running || process.Exiting) return false;
        NoteDelivered();
        if (queuedInfo is not null)
        {
            var overrun = queuedInfo.AsSpan(InfoOverrun);
            MemoryMarshal.Write(overrun, (int)Math.Min(int.MaxValue, (ulong)MemoryMarshal.Read<int>(overrun) + count));
            return true;
        }
        var info = new byte[SignalInfo.Size];
        MemoryMarshal.Write(info.AsSpan(8), SiTimer);
        MemoryMarshal.Write(info.AsSpan(InfoTimerId), Id);
        MemoryMarshal.Write(info.AsSpan(InfoOverrun), (int)Math.Min(int.MaxValue, count - 1));
        MemoryMarshal.Write(info.AsSpan(InfoValue), Value);
        var signalInfo = new SignalInfo(Signal, SiTimer, Supplied: info);
        if (target is not null)
        {
            if (!process.Threads.Contains(target)) return false; // the thread is gone: nothing to signal
            kernel.SendSignal(target, Signal, signalInfo);
        }
        else kernel.SendSignal(process, Signal, signalInfo);
        // Ignored signals are not queued: the next expiry tries again.
        if (Queue.Holds(info)) queuedInfo = info;
        return true;
    }
}

/// <summary>A process's timer_create timers by id. Not inherited by fork; deleted by exec and exit.</summary>
public sealed class PosixTimers
{
    private readonly Dictionary<int, PosixTimer> timers = [];
    private int nextId;

    public PosixTimer? Get(int id) => timers.GetValueOrDefault(id);

    /// <summary>The next free id: ids count up from 0 as in Linux's posix_timer_add, wrapping past INT_MAX.</summary>
    public int AllocateId()
    {
        while (timers.ContainsKey(nextId)) nextId = nextId == int.MaxValue ? 0 : nextId + 1;
        int id = nextId;
        nextId = nextId == int.MaxValue ? 0 : nextId + 1;
        return id;
    }

    public void Add(PosixTimer timer) => timers.Add(timer.Id, timer);

    public bool Delete(int id)
    {
        if (!timers.Remove(id, out var timer)) return false;
        timer.Disarm();
        return true;
    }

    public void DeleteAll()
    {
        foreach (var t in timers.Values) t.Disarm();
        timers.Clear();
    }
}
