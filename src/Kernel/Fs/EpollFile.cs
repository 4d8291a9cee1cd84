// epoll: an interest list of descriptors and a level-triggered wait over their readiness.
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// An epoll instance. Readiness is level-triggered; an EPOLLET entry on a file with a poll queue is
/// reported again only after the file's state changed (its queue's version moved), so a reader that
/// stops at EAGAIN and leaves a hang-up or data pending is not woken in a loop (the Go netpoller).
/// EPOLLONESHOT disarms an entry after it is reported. Waiting goes through the watched files' wait
/// queues, like poll.
/// </summary>
public sealed class EpollFile(int flags) : FileDescription(flags)
{
    public const uint EpollIn = 1, EpollOut = 4, EpollErr = 8, EpollHup = 16, EpollRdHup = 0x2000, EpollOneShot = 1u << 30, EpollEt = 1u << 31;

    /// <summary>struct epoll_event on riscv64: u32 events, then u64 data at offset 8 (not packed).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Event
    {
        public uint Events;
        private uint pad;
        public ulong Data;
    }

    private sealed class Interest(FileDescription file, uint events, ulong data)
    {
        public FileDescription File = file;
        public uint Events = events;
        public ulong Data = data;
        public bool Disarmed;
        /// <summary>Poll queue version at the last report (edge-triggered entries).</summary>
        public ulong ReportedVersion = ulong.MaxValue;
        /// <summary>Events in the last report (edge-triggered entries).</summary>
        public uint Reported;

        /// <summary>An edge-triggered entry whose file has not changed since its last report.</summary>
        public bool Quiet => (Events & EpollEt) != 0 && File.PollQueue is { } q && q.Version == ReportedVersion;
    }

    private readonly Dictionary<int, Interest> interests = [];

    /// <summary>Woken by every change of the interest list: a thread already in epoll_wait must see a descriptor
    /// another thread adds (or re-arms) meanwhile, as in Linux (the Go netpoller blocks in epoll_pwait on one thread
    /// while others add new pipes and sockets).</summary>
    public Sync.WaitQueue InterestChanged { get; } = new();

    public override string DisplayPath => "anon_inode:[eventpoll]";

    public Errno Control(int op, int fd, FileDescription target, uint events, ulong data)
    {
        Errno result = Change(op, fd, target, events, data);
        if (result == Errno.Success) InterestChanged.WakeAll();
        return result;
    }

    private Errno Change(int op, int fd, FileDescription target, uint events, ulong data)
    {
        const int Add = 1, Delete = 2, Modify = 3;
        if (ReferenceEquals(target, this)) return Errno.EINVAL;
        switch (op)
        {
            case Add:
                if (interests.ContainsKey(fd)) return Errno.EEXIST;
                interests[fd] = new Interest(target, events, data);
                return Errno.Success;
            case Delete:
                return interests.Remove(fd) ? Errno.Success : Errno.ENOENT;
            case Modify:
                if (!interests.TryGetValue(fd, out var i)) return Errno.ENOENT;
                i.Events = events;
                i.Data = data;
                i.Disarmed = false;
                i.ReportedVersion = ulong.MaxValue;
                return Errno.Success;
            default:
                return Errno.EINVAL;
        }
    }

    /// <summary>Entries ready now (closed descriptors drop out, as Linux does when the file goes away).</summary>
    public List<Event> Ready(Process process, int max)
    {
        var ready = new List<Event>();
        // Live armed entries in interest-list order; host sockets among them are asked in one poll(2): the Go
        // netpoller polls (timeout 0) between goroutines, over every connection a server holds, and one host call
        // per socket there was the kernel's largest cost in a Go HTTP server (bench/parallel/gohttp), all of it
        // under the kernel lock.
        var live = new List<Interest>(interests.Count);
        int hostCount = 0;
        foreach (var (fd, i) in interests.ToArray())
        {
            if (!ReferenceEquals(process.Files.Get(fd), i.File)) { interests.Remove(fd); continue; }
            if (i.Disarmed) continue;
            live.Add(i);
            if (i.File.HostReadinessFd >= 0) hostCount++;
        }
        var hostAnswers = hostCount > 1 ? PollHostTogether(live, hostCount) : null;
        int hostIndex = 0;
        foreach (var i in live)
        {
            var queue = (i.Events & EpollEt) != 0 ? i.File.PollQueue : null;
            bool quiet = queue is not null && queue.Version == i.ReportedVersion;
            var p = hostAnswers is not null && i.File.HostReadinessFd >= 0 ? (PollEvents)hostAnswers[hostIndex++].Revents : i.File.Poll();
            uint got = 0;
            if ((p & PollEvents.In) != 0) got |= EpollIn;
            if ((p & PollEvents.Out) != 0) got |= EpollOut;
            if ((p & PollEvents.Error) != 0) got |= EpollErr;
            if ((p & PollEvents.HangUp) != 0) got |= EpollHup | (i.Events & EpollRdHup);
            if ((p & PollEvents.RdHangUp) != 0) got |= i.Events & EpollRdHup;
            got &= i.Events | EpollErr | EpollHup;
            if (got == 0) continue;
            // A quiet edge-triggered entry reports only readiness it has not reported yet (host sockets).
            if (quiet && (got & ~i.Reported) == 0) continue;
            ready.Add(new Event { Events = got, Data = i.Data });
            if (queue is not null) { i.Reported = quiet ? i.Reported | got : got; i.ReportedVersion = queue.Version; }
            if ((i.Events & EpollOneShot) != 0) i.Disarmed = true;
            if (ready.Count == max) break;
        }
        return ready;
    }

    /// <summary>One poll(2), timeout 0, of the host descriptors of <paramref name="live"/>'s files that have one, in
    /// their order, for what their own Poll asks (In | Out | RdHangUp; errors and hang-ups always come).</summary>
    private static unsafe LibC.PollFd[] PollHostTogether(List<Interest> live, int count)
    {
        var fds = new LibC.PollFd[count];
        int n = 0;
        foreach (var i in live)
            if (i.File.HostReadinessFd is int fd and >= 0)
                fds[n++] = new LibC.PollFd { Fd = fd, Events = (short)(PollEvents.In | PollEvents.Out | PollEvents.RdHangUp) };
        fixed (LibC.PollFd* p = fds)
            if (LibC.Poll(p, (ulong)count, 0) < 0)
                for (int k = 0; k < count; k++) p[k].Revents = 0; // as each file's own Poll answers a failed poll
        return fds;
    }

    /// <summary>The files watched (for waiting on their queues and host descriptors).</summary>
    public IEnumerable<FileDescription> Watched => interests.Values.Where(i => !i.Disarmed).Select(i => i.File);

    /// <summary>
    /// Host descriptors to watch and for what: a quiet edge-triggered entry is not watched for the events
    /// it already reported (an always-writable socket would end every wait at once); its file's queue
    /// wakes the wait when the guest drains it.
    /// </summary>
    public IEnumerable<(int Fd, PollEvents Events)> HostInterest()
    {
        foreach (var i in interests.Values)
        {
            if (i.Disarmed || i.File.PollableHostFd < 0) continue;
            uint wanted = i.Events & (EpollIn | EpollOut | EpollRdHup);
            if (i.Quiet) wanted &= ~i.Reported;
            var events = ((wanted & EpollIn) != 0 ? PollEvents.In : 0) | ((wanted & EpollOut) != 0 ? PollEvents.Out : 0) | ((wanted & EpollRdHup) != 0 ? PollEvents.RdHangUp : 0);
            yield return (i.File.PollableHostFd, events);
        }
    }

    public override PollEvents Poll() => PollEvents.None;

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, 0x80000, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }
}
