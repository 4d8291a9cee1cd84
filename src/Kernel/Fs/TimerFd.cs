// timerfd: a timer whose expirations are read from a descriptor (8-byte count), and polled like a pipe.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A timerfd_create file. Reading takes the expirations since the last read (blocking until there is one);
/// it is readable (POLLIN) while that count is not zero. The timer runs on the executor's timer heap; after an
/// expiry it stops firing until the count is read (Linux's timerfd re-arms on read too), since further
/// expirations are counted from the clock.
/// </summary>
public sealed class TimerFd : FileDescription
{
    private static long nextInode = 0x70000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);
    private readonly WaitQueue changed = new();
    private readonly IntervalTimer timer;
    private ulong ticks;
    /// <summary>The interval of the last setting, reported even when its value disarmed the timer (as Linux does).</summary>
    private long intervalTicks;

    public TimerFd(Executor.Executor executor, int clock, int flags) : base(flags)
    {
        Clock = clock;
        timer = new IntervalTimer(executor, Expired);
    }

    /// <summary>The clock id it was created with (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME...).</summary>
    public int Clock { get; }

    public override string DisplayPath => "anon_inode:[timerfd]";
    public override WaitQueue? PollQueue => changed;

    private bool Expired(ulong count)
    {
        ticks += count;
        changed.WakeAll();
        return false; // further periods are collected at the next read, gettime or poll
    }

    private void CollectNow()
    {
        ulong expirations = timer.Collect(Executor.Executor.Now);
        if (expirations == 0) return;
        ticks += expirations;
        changed.WakeAll(); // a new state for edge-triggered epoll, even when found before the timer fired
    }

    /// <summary>timerfd_settime: the old setting (remaining and interval, ns), then the new one; the unread
    /// count starts again from 0. <paramref name="deadline"/> 0 disarms.</summary>
    public (long Remaining, long Interval) Set(long deadline, long intervalTicks)
    {
        var old = Get(count: false);
        ticks = 0;
        this.intervalTicks = intervalTicks;
        if (deadline == 0) timer.Disarm();
        else timer.Arm(deadline, intervalTicks);
        changed.WakeAll();
        return old;
    }

    /// <summary>timerfd_gettime: nanoseconds to the next expiry (0 when disarmed) and the interval.</summary>
    public (long Remaining, long Interval) Get(bool count = true)
    {
        long now = Executor.Executor.Now;
        ulong expirations = timer.Collect(now);
        if (count) ticks += expirations;
        timer.Start();
        return (KernelClock.TicksToNanoseconds(Math.Max(0, timer.Remaining(now))), KernelClock.TicksToNanoseconds(intervalTicks));
    }

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        if (buffer.Length < 8) return Errno.EINVAL.Fail();
        CollectNow();
        while (ticks == 0)
        {
            if (IsNonBlocking) return Errno.EAGAIN.Fail();
            timer.Start();
            if (await thread.Process.Kernel.Wait(thread, changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
            CollectNow();
        }
        BitConverter.TryWriteBytes(buffer.Span, ticks);
        ticks = 0;
        timer.Start();
        return 8;
    }

    public override PollEvents Poll()
    {
        CollectNow();
        return ticks > 0 ? PollEvents.In : PollEvents.None;
    }

    protected override void Closed() => timer.Disarm();

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, inode, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }
}
