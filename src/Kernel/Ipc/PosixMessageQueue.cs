// POSIX message queues (mq_overview(7)): one queue, its messages by priority, its waiters and its notification.
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Ipc;

/// <summary>
/// A queue: at most <see cref="MaxMessages"/> messages of at most <see cref="MessageSize"/> bytes, received highest
/// priority first and in sending order within a priority (Linux's rb-tree of priority lists). One process may be
/// registered for a notification (mq_notify), sent when a message arrives in an empty queue with no receiver waiting,
/// and then unregistered, as Linux's __do_notify.
/// </summary>
public sealed class PosixMessageQueue(string name, long maxMessages, long messageSize, int mode, uint uid, uint gid, long footprint)
{
    public const int MaxPriority = 32768; // MQ_PRIO_MAX

    private readonly SortedDictionary<uint, Queue<byte[]>> byPriority = new(Comparer<uint>.Create((a, b) => b.CompareTo(a)));

    public string Name { get; } = name;
    public long MaxMessages { get; } = maxMessages;
    /// <summary>What the queue counts against its owner's RLIMIT_MSGQUEUE.</summary>
    public long Footprint { get; } = footprint;
    public long MessageSize { get; } = messageSize;
    public int Mode { get; } = mode & 0x1ff;
    public uint Uid { get; } = uid;
    public uint Gid { get; } = gid;
    public long Count { get; private set; }
    /// <summary>Bytes of the messages queued (the QSIZE of a read of the descriptor).</summary>
    public long Bytes { get; private set; }

    /// <summary>Woken when a message arrives or leaves (and for poll).</summary>
    public WaitQueue Changed { get; } = new();
    /// <summary>Receivers waiting now: a message they will take sends no notification.</summary>
    public int WaitingReceivers { get; set; }

    /// <summary>The registered process, and what it asked for (SIGEV_SIGNAL's signal and value; 0 for SIGEV_NONE).</summary>
    public Process? NotifyOwner { get; private set; }
    public int NotifySignal { get; private set; }
    public ulong NotifyValue { get; private set; }

    public bool IsFull => Count >= MaxMessages;

    /// <summary>Linux's mqueue permission check: owner, group or other bits for the access asked (uid 0: always).</summary>
    public bool Allows(int access, uint callerUid, uint callerGid)
    {
        if (callerUid == 0) return true;
        int bits = callerUid == Uid ? Mode >> 6 : callerGid == Gid ? Mode >> 3 : Mode;
        return (bits & access) == access;
    }

    public void Send(byte[] message, uint priority, LinuxKernel kernel, Process sender)
    {
        if (!byPriority.TryGetValue(priority, out var list)) byPriority[priority] = list = new Queue<byte[]>();
        list.Enqueue(message);
        Count++;
        Bytes += message.Length;
        if (Count == 1 && WaitingReceivers == 0) Notify(kernel, sender);
        Changed.WakeAll();
    }

    public (byte[] Message, uint Priority)? Receive()
    {
        foreach (var (priority, list) in byPriority)
        {
            var message = list.Dequeue();
            if (list.Count == 0) byPriority.Remove(priority);
            Count--;
            Bytes -= message.Length;
            Changed.WakeAll();
            return (message, priority);
        }
        return null;
    }

    public void Register(Process owner, int signal, ulong value)
    {
        NotifyOwner = owner;
        NotifySignal = signal;
        NotifyValue = value;
    }

    public void Unregister() => NotifyOwner = null;

    private void Notify(LinuxKernel kernel, Process sender)
    {
        if (NotifyOwner is not { } owner) return;
        NotifyOwner = null;
        if (NotifySignal == 0 || owner.State != ProcessState.Running) return;
        // siginfo: SI_MESGQ, the sender's pid and uid, sigev_value.
        var info = new byte[SignalInfo.Size];
        BitConverter.TryWriteBytes(info.AsSpan(0), NotifySignal);
        BitConverter.TryWriteBytes(info.AsSpan(8), -3);
        BitConverter.TryWriteBytes(info.AsSpan(16), sender.Pid);
        BitConverter.TryWriteBytes(info.AsSpan(20), sender.Uids.Real);
        BitConverter.TryWriteBytes(info.AsSpan(24), NotifyValue);
        kernel.SendSignal(owner, NotifySignal, new SignalInfo(NotifySignal, -3, Supplied: info));
    }
}

/// <summary>The kernel's queue names (one namespace, like its System V IPC: other rvjit processes do not see it).</summary>
public sealed class PosixMessageQueues
{
    private readonly Dictionary<string, PosixMessageQueue> byName = new(StringComparer.Ordinal);

    // Linux's defaults (fs.mqueue.*): the sizes of a queue made without attributes and the limits for unprivileged callers.
    public const long DefaultMessages = 10, DefaultMessageSize = 8192, MaxMessagesUnprivileged = 10, MaxMessageSizeUnprivileged = 8192;
    public const long HardMaxMessages = 65536, HardMaxMessageSize = 16 * 1024 * 1024;

    public PosixMessageQueue? Find(string name) => byName.GetValueOrDefault(name);
    public void Add(PosixMessageQueue queue) => byName[queue.Name] = queue;
    public bool Remove(string name) => byName.Remove(name);

    /// <summary>The bytes <paramref name="uid"/>'s named queues count against RLIMIT_MSGQUEUE (Linux also counts unlinked
    /// queues still open; those are forgotten here).</summary>
    public long BytesOf(uint uid) => byName.Values.Where(q => q.Uid == uid).Sum(q => q.Footprint);
}
