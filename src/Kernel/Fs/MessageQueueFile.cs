// A descriptor of a POSIX message queue (mq_open).
using System.Text;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Ipc;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// An open queue: readable for poll while it holds a message, writable while it has room. A read gives Linux's status
/// line (QSIZE, NOTIFY, SIGNO, NOTIFY_PID). Closing it by the process registered for the notification unregisters it.
/// </summary>
public sealed class MessageQueueFile(PosixMessageQueue queue, Process opener, int flags) : FileDescription(flags)
{
    private static long nextInode = 0x70000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    public PosixMessageQueue Queue { get; } = queue;

    public override string DisplayPath => "/" + Queue.Name;
    public override WaitQueue? PollQueue => Queue.Changed;
    public override bool CanPoll => true;

    public override PollEvents Poll() =>
        (Queue.Count > 0 ? PollEvents.In : PollEvents.None) | (!Queue.IsFull ? PollEvents.Out : PollEvents.None);

    private string Status()
    {
        var owner = Queue.NotifyOwner;
        int notify = owner is null ? 0 : Queue.NotifySignal == 0 ? 1 : 0; // SIGEV_NONE 1, SIGEV_SIGNAL 0
        return $"QSIZE:{Queue.Bytes,-10} NOTIFY:{notify,-5} SIGNO:{(owner is null ? 0 : Queue.NotifySignal),-5} NOTIFY_PID:{owner?.Pid ?? 0,-6}\n";
    }

    private long position;

    public override ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        byte[] text = Encoding.ASCII.GetBytes(Status());
        if (position >= text.Length) return ValueTask.FromResult(0L);
        int n = (int)Math.Min(buffer.Length, text.Length - position);
        text.AsSpan((int)position, n).CopyTo(buffer.Span);
        position += n;
        return ValueTask.FromResult((long)n);
    }

    public override long Seek(long offset, int whence)
    {
        if (whence != 0 || offset < 0) return Errno.EINVAL.Fail();
        position = offset;
        return offset;
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(StatMode.Regular | (uint)Queue.Mode, inode, 80, 0, 19);
        stat.Uid = Queue.Uid;
        stat.Gid = Queue.Gid;
        return Errno.Success;
    }

    protected override void Closed()
    {
        if (ReferenceEquals(Queue.NotifyOwner, opener)) Queue.Unregister();
    }
}
