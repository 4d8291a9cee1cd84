// signalfd: pending signals read as struct signalfd_siginfo records instead of being delivered to handlers.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A signalfd4 file: a read takes signals in <see cref="Mask"/> from the reading thread's queue, then its
/// process's (Linux's dequeue_signal), one 128-byte record each. Readiness for poll and epoll looks at the
/// creating process's queue and its threads' (Linux looks at the polling thread's own).
/// </summary>
public sealed class SignalFd(Process owner, ulong mask, int flags) : FileDescription(flags)
{
    public const int RecordSize = 128;
    private static long nextInode = 0x68000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    /// <summary>The signals this descriptor takes (never SIGKILL or SIGSTOP).</summary>
    public ulong Mask { get; private set; } = mask & ~Signals.Signals.Unblockable;

    public override string FdInfo => $"sigmask:\t{Mask:x16}\n";

    /// <summary>signalfd4 on an existing descriptor: a new mask, and waiting readers look again.</summary>
    public void SetMask(ulong mask)
    {
        Mask = mask & ~Signals.Signals.Unblockable;
        owner.SignalQueued.WakeAll();
    }

    public override string DisplayPath => "anon_inode:[signalfd]";
    public override WaitQueue? PollQueue => owner.SignalQueued;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        int records = buffer.Length / RecordSize;
        if (records == 0) return Errno.EINVAL.Fail();
        int taken = 0;
        while (taken < records)
        {
            if (LinuxKernel.TakeSignal(thread, Mask, out var info) != 0)
            {
                ToRecord(info, buffer.Span.Slice(taken++ * RecordSize, RecordSize));
                continue;
            }
            // Only the first record is waited for (Linux's signalfd_read).
            if (taken > 0) break;
            if (IsNonBlocking) return Errno.EAGAIN.Fail();
            if (await thread.Process.Kernel.Wait(thread, thread.Process.SignalQueued) == WakeReason.Interrupted)
            {
                // A signal in the mask that the thread does not block interrupts the wait; it is still ours.
                if (LinuxKernel.TakeSignal(thread, Mask, out info) != 0) { ToRecord(info, buffer.Span[..RecordSize]); taken = 1; continue; }
                return Errno.EINTR.Fail();
            }
        }
        return taken * RecordSize;
    }

    public override PollEvents Poll()
    {
        ulong pending = owner.PendingSignals.Mask;
        foreach (var t in owner.Threads) pending |= t.PendingSignals.Mask;
        return (pending & Mask) != 0 ? PollEvents.In : PollEvents.None;
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, inode, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }

    /// <summary>
    /// struct signalfd_siginfo from a siginfo_t, field by field as Linux's signalfd_copyinfo picks them by
    /// the siginfo's layout (which its signal and code select).
    /// </summary>
    public static void ToRecord(SignalInfo info, Span<byte> destination)
    {
        var record = new byte[RecordSize];
        byte[] si = info.ToBytes();
        int signal = BitConverter.ToInt32(si, 0), code = BitConverter.ToInt32(si, 8);
        void Copy32(int from, int to) => si.AsSpan(from, 4).CopyTo(record.AsSpan(to));
        void Copy64(int from, int to) => si.AsSpan(from, 8).CopyTo(record.AsSpan(to));
        Copy32(0, 0); Copy32(4, 4); Copy32(8, 8);
        const int Pid = 12, Uid = 16, Fd = 20, Tid = 24, Band = 28, Overrun = 32, Status = 40, Int = 44, Ptr = 48,
            Utime = 56, Stime = 64, Addr = 72, Syscall = 84, CallAddr = 88, Arch = 96;
        switch (Layout(signal, code))
        {
            case SiginfoLayout.Kill:
                Copy32(16, Pid); Copy32(20, Uid);
                break;
            case SiginfoLayout.Timer:
                Copy32(16, Tid); Copy32(20, Overrun); Copy64(24, Ptr); Copy32(24, Int);
                break;
            case SiginfoLayout.Poll:
                Copy32(16, Band); Copy32(24, Fd);
                break;
            case SiginfoLayout.Fault:
                Copy64(16, Addr);
                break;
            case SiginfoLayout.Child:
                Copy32(16, Pid); Copy32(20, Uid); Copy32(24, Status); Copy64(32, Utime); Copy64(40, Stime);
                break;
            case SiginfoLayout.Realtime:
                Copy32(16, Pid); Copy32(20, Uid); Copy64(24, Ptr); Copy32(24, Int);
                break;
            case SiginfoLayout.Sys:
                Copy64(16, CallAddr); Copy32(24, Syscall); Copy32(28, Arch);
                break;
        }
        record.CopyTo(destination);
    }

    private enum SiginfoLayout { Kill, Timer, Poll, Fault, Child, Realtime, Sys }

    // Linux's siginfo_layout: a kernel code (between SI_USER and SI_KERNEL) selects the signal's own layout
    // up to the number of codes it defines; SI_TIMER and SI_SIGIO have theirs; other negative codes are RT.
    private static SiginfoLayout Layout(int signal, int code)
    {
        const int SiTimer = -2, SiSigio = -5, NSigPoll = 6;
        if (code > SignalCodes.User && code < SignalCodes.Kernel)
        {
            (SiginfoLayout Layout, int Limit)? own = (Signal)signal switch
            {
                Signal.SIGILL => (SiginfoLayout.Fault, 11),
                Signal.SIGFPE => (SiginfoLayout.Fault, 15),
                Signal.SIGSEGV => (SiginfoLayout.Fault, 10),
                Signal.SIGBUS => (SiginfoLayout.Fault, 5),
                Signal.SIGTRAP => (SiginfoLayout.Fault, 6),
                Signal.SIGCHLD => (SiginfoLayout.Child, 6),
                Signal.SIGIO => (SiginfoLayout.Poll, 6),
                Signal.SIGSYS => (SiginfoLayout.Sys, 2),
                _ => null,
            };
            if (own is { } o && code <= o.Limit) return o.Layout;
            return code <= NSigPoll ? SiginfoLayout.Poll : SiginfoLayout.Kill;
        }
        return code switch
        {
            SiTimer => SiginfoLayout.Timer,
            SiSigio => SiginfoLayout.Poll,
            < 0 => SiginfoLayout.Realtime,
            _ => SiginfoLayout.Kill,
        };
    }
}
