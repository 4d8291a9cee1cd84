// Readiness system calls: ppoll and pselect6 over kernel wait queues and host descriptors.
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// poll-style waiting. Kernel files (pipes) wake the thread through their wait queues; host files that may
/// block (terminals, FIFOs) are polled by the host on a pool thread; the executor never blocks.
/// </summary>
public static class PollSyscalls
{
    public static void Register(SyscallTable t)
    {
        t.Add("ppoll", "p,u,p,p,u", PPoll);
        t.Add("pselect6", "i,p,p,p,p,p", PSelect6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>A relative timeout (struct timespec) as an executor deadline: 0 = wait forever, -1 = do not wait.</summary>
    internal static Errno ReadTimeout(SyscallContext c, ulong address, out long deadline)
    {
        deadline = 0;
        if (address == 0) return Errno.Success;
        if (GuestTimespec.Read(c, address, out long ns) is var e && e != Errno.Success) return e;
        deadline = ns == 0 ? -1 : KernelClock.DeadlineAfter(ns);
        return Errno.Success;
    }

    /// <summary>
    /// Writes the time left before <paramref name="deadline"/> back into the timeout at <paramref name="address"/>, as
    /// Linux does for ppoll and pselect6 whatever the result (not for a zero timeout): a call a signal interrupted
    /// goes on (ERESTARTNOHAND) with only the rest. A timeout the guest cannot write is left as it is, as Linux does.
    /// </summary>
    private static void WriteTimeLeft(SyscallContext c, ulong address, long deadline)
    {
        if (address == 0 || deadline <= 0) return;
        GuestTimespec.Write(c, address, Math.Max(0, KernelClock.TicksToNanoseconds(deadline - System.Diagnostics.Stopwatch.GetTimestamp())));
    }

    /// <summary>Waits until one of <paramref name="ready"/>'s checks reports readiness or the deadline passes.</summary>
    /// <param name="hostInterest">The host descriptors to watch and for which events (default: every
    /// pollable host descriptor of <paramref name="files"/>, for input and output); asked again on every round.</param>
    internal static ValueTask<Errno> WaitReady(SyscallContext c, Func<int> check, IReadOnlyList<FileDescription> files, long deadline, ulong sigmask, bool hasMask,
        Func<IEnumerable<(int Fd, PollEvents Events)>>? hostInterest = null) =>
        WaitReady(c, check, () => files, deadline, sigmask, hasMask, hostInterest);

    /// <param name="watched">The descriptors to wait on, read again after every wake (epoll's interest list may grow).</param>
    /// <param name="alsoWakes">A queue whose wake also ends the wait (epoll_ctl's).</param>
    internal static async ValueTask<Errno> WaitReady(SyscallContext c, Func<int> check, Func<IReadOnlyList<FileDescription>> watched, long deadline, ulong sigmask, bool hasMask,
        Func<IEnumerable<(int Fd, PollEvents Events)>>? hostInterest = null, WaitQueue? alsoWakes = null)
    {
        ulong oldMask = c.Thread.SignalMask;
        if (hasMask)
        {
            c.Thread.SignalMask = sigmask & ~Signals.Signals.Unblockable;
            c.Kernel.WantHostSignals(c.Thread.SignalMask);
        }
        try
        {
            while (true)
            {
                if (check() > 0 || deadline == -1) return Errno.Success;
                if (deadline > 0 && Executor.Executor.Now >= deadline) return Errno.Success;
                var files = watched();
                var queues = files.Select(f => f.PollQueue).Where(q => q is not null).Cast<WaitQueue>().Append(alsoWakes).OfType<WaitQueue>().Distinct().ToList();
                var hostFds = (hostInterest?.Invoke() ?? files.Select(f => (f.PollableHostFd, PollEvents.In | PollEvents.Out)))
                    .Where(h => h.Item1 >= 0 && h.Item2 != 0)
                    .GroupBy(h => h.Item1, (fd, all) => new LibC.PollFd { Fd = fd, Events = (short)all.Aggregate(PollEvents.None, (a, h) => a | h.Item2) })
                    .ToArray();
                WakeReason reason;
                if (hostFds.Length == 0)
                {
                    reason = await c.Kernel.Wait(c.Thread, queues, deadline);
                }
                else
                {
                    // Host descriptors: poll them on a pool thread in short slices; kernel queues and the deadline also wake us.
                    var waiter = c.Kernel.CreateWaiter(deadline);
                    foreach (var q in queues) q.Add(waiter);
                    var scheduler = c.Kernel.Executor.Scheduler;
                    var stopFlag = new System.Runtime.CompilerServices.StrongBox<bool>();
                    _ = Task.Run(() => PollHostUntilReady(hostFds, stopFlag))
                        .ContinueWith(_ => scheduler.Schedule(() => waiter.Wake(WakeReason.Woken)), TaskScheduler.Default);
                    reason = await c.Kernel.Block(c.Thread, waiter);
                    Volatile.Write(ref stopFlag.Value, true);
                }
                if (reason == WakeReason.Interrupted) return Errno.EINTR;
            }
        }
        finally
        {
            // The temporary mask stays until a signal handler has run (rt_sigreturn restores the saved one).
            if (hasMask && !c.Kernel.HasDeliverableSignal(c.Thread)) c.Thread.SignalMask = oldMask;
            else if (hasMask) c.Thread.MaskToRestore = oldMask;
        }
    }

    // Runs on a pool thread: polls the host descriptors in short slices until one is ready or the wait is over.
    private static unsafe void PollHostUntilReady(LibC.PollFd[] fds, System.Runtime.CompilerServices.StrongBox<bool> stop)
    {
        while (!Volatile.Read(ref stop.Value))
        {
            int r;
            fixed (LibC.PollFd* p = fds) r = LibC.Poll(p, (ulong)fds.Length, 50);
            if (r != 0) break;
        }
    }

    private static async ValueTask<long> PPoll(SyscallContext c)
    {
        // Linux's order: the count, the timeout, the signal mask, then the descriptors.
        ulong count = c.A1;
        if (count > (ulong)DescriptorSyscalls.FileLimit(c.Process)) return Errno.EINVAL.Fail();
        Errno e = ReadTimeout(c, c.A2, out long deadline);
        if (e != Errno.Success) return e.Fail();
        ulong mask = 0;
        if (c.A3 != 0 && c.A4 != 8) return Errno.EINVAL.Fail();
        if (c.A3 != 0 && c.Memory.Read(c.A3, out mask) != Errno.Success) return Errno.EFAULT.Fail();
        var fds = new PollFd[count];
        if (c.Memory.Read(c.A0, MemoryMarshal.AsBytes(fds.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();

        var files = new List<FileDescription>();
        foreach (var p in fds) if (c.Process.Files.Get(p.Fd) is { } f) files.Add(f);
        int Check()
        {
            int ready = 0;
            for (int i = 0; i < fds.Length; i++)
            {
                ref var p = ref fds[i];
                p.Revents = 0;
                if (p.Fd < 0) continue;
                var f = c.Process.Files.Get(p.Fd);
                var ev = f is null ? PollEvents.Invalid : f.Poll() & ((PollEvents)p.Events | PollEvents.Error | PollEvents.HangUp);
                p.Revents = (short)ev;
                if (ev != 0) ready++;
            }
            return ready;
        }
        IEnumerable<(int, PollEvents)> Interest() =>
            fds.Where(p => p.Fd >= 0).Select(p => (c.Process.Files.Get(p.Fd)?.PollableHostFd ?? -1, (PollEvents)p.Events & (PollEvents.In | PollEvents.Out | PollEvents.Priority | PollEvents.RdHangUp)));
        e = await WaitReady(c, Check, files, deadline, mask, c.A3 != 0, Interest);
        WriteTimeLeft(c, c.A2, deadline);
        if (e != Errno.Success) return e.Fail();
        int n = Check();
        if (c.Memory.Write(c.A0, MemoryMarshal.AsBytes(fds.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
        return n;
    }

    private static async ValueTask<long> PSelect6(SyscallContext c)
    {
        // Linux's order: the timeout, the signal mask, then the count (clamped to the descriptor table) and the sets.
        Errno e = ReadTimeout(c, c.A4, out long deadline);
        if (e != Errno.Success) return e.Fail();
        ulong mask = 0;
        bool hasMask = false;
        if (c.A5 != 0)
        {
            // struct { const sigset_t *ss; size_t ss_len; }
            if (c.Memory.Read(c.A5, out ulong maskPointer) != Errno.Success || c.Memory.Read(c.A5 + 8, out ulong maskSize) != Errno.Success)
                return Errno.EFAULT.Fail();
            if (maskPointer != 0)
            {
                if (maskSize != 8) return Errno.EINVAL.Fail();
                if (c.Memory.Read(maskPointer, out mask) != Errno.Success) return Errno.EFAULT.Fail();
                hasMask = true;
            }
        }
        int nfds = (int)c.A0;
        if (nfds < 0) return Errno.EINVAL.Fail();
        nfds = Math.Min(nfds, DescriptorSyscalls.FileLimit(c.Process));
        int words = (nfds + 63) / 64;
        var sets = new ulong[3][];
        ulong[] addresses = [c.A1, c.A2, c.A3];
        for (int s = 0; s < 3; s++)
        {
            sets[s] = new ulong[words];
            if (addresses[s] != 0 && words > 0 && c.Memory.Read(addresses[s], MemoryMarshal.AsBytes(sets[s].AsSpan())) != Errno.Success)
                return Errno.EFAULT.Fail();
        }

        var files = new List<FileDescription>();
        for (int fd = 0; fd < nfds; fd++)
        {
            bool wanted = ((sets[0][fd / 64] | sets[1][fd / 64] | sets[2][fd / 64]) & (1UL << (fd % 64))) != 0;
            if (!wanted) continue;
            if (c.Process.Files.Get(fd) is { } f) files.Add(f);
            else return Errno.EBADF.Fail();
        }
        var result = new ulong[3][];
        int Check()
        {
            int ready = 0;
            for (int s = 0; s < 3; s++) result[s] = new ulong[words];
            for (int fd = 0; fd < nfds; fd++)
            {
                ulong bit = 1UL << (fd % 64);
                int w = fd / 64;
                if (((sets[0][w] | sets[1][w] | sets[2][w]) & bit) == 0) continue;
                var ev = c.Process.Files.Get(fd)?.Poll() ?? PollEvents.Invalid;
                if ((sets[0][w] & bit) != 0 && (ev & (PollEvents.In | PollEvents.HangUp | PollEvents.Error)) != 0) { result[0][w] |= bit; ready++; }
                if ((sets[1][w] & bit) != 0 && (ev & (PollEvents.Out | PollEvents.Error)) != 0) { result[1][w] |= bit; ready++; }
                if ((sets[2][w] & bit) != 0 && (ev & PollEvents.Priority) != 0) { result[2][w] |= bit; ready++; }
            }
            return ready;
        }
        IEnumerable<(int, PollEvents)> Interest()
        {
            for (int fd = 0; fd < nfds; fd++)
            {
                ulong bit = 1UL << (fd % 64);
                int w = fd / 64;
                var events = ((sets[0][w] & bit) != 0 ? PollEvents.In : 0) | ((sets[1][w] & bit) != 0 ? PollEvents.Out : 0) | ((sets[2][w] & bit) != 0 ? PollEvents.Priority : 0);
                if (events != 0) yield return (c.Process.Files.Get(fd)?.PollableHostFd ?? -1, events);
            }
        }
        e = await WaitReady(c, Check, files, deadline, mask, hasMask, Interest);
        WriteTimeLeft(c, c.A4, deadline);
        if (e != Errno.Success) return e.Fail();
        int n = Check();
        for (int s = 0; s < 3; s++)
            if (addresses[s] != 0 && words > 0 && c.Memory.Write(addresses[s], MemoryMarshal.AsBytes(result[s].AsSpan())) != Errno.Success)
                return Errno.EFAULT.Fail();
        return n;
    }
}
