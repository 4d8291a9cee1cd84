// A System V message queue: typed messages in arrival order, bounded in bytes (msg_qbytes).
using System.Runtime.InteropServices;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Ipc;

/// <summary>One queue. Senders wait for room and receivers for a matching message on <see cref="Changed"/>.</summary>
public sealed class MessageQueue(int key, int mode, Credentials credentials) : IpcObject(key, mode, credentials)
{
    /// <summary>Linux's defaults: MSGMAX (largest message), MSGMNB (default queue bytes), MSGMNI (queues).</summary>
    public const int MaxMessage = 8192, DefaultQueueBytes = 16384, MaxQueues = 32000;
    public const int StructSize = 120;

    private readonly LinkedList<(long Type, byte[] Text)> messages = [];

    public ulong Bytes { get; private set; }
    public ulong MaxBytes = DefaultQueueBytes;
    public long SendTime, ReceiveTime;
    public int LastSender, LastReceiver;

    /// <summary>Woken on every send, receive, IPC_SET and removal (waiters re-check).</summary>
    public WaitQueue Changed { get; } = new();

    public int Count => messages.Count;

    /// <summary>Linux's msg_fits_queue: the bytes and the message count both stay within msg_qbytes.</summary>
    public bool HasRoomFor(int size) => Bytes + (ulong)size <= MaxBytes && (ulong)messages.Count + 1 <= MaxBytes;

    public void Append(long type, byte[] text, int sender)
    {
        messages.AddLast((type, text));
        Bytes += (ulong)text.Length;
        LastSender = sender;
        SendTime = Now;
        Changed.WakeAll();
    }

    /// <summary>
    /// The first message msgrcv's type selects: 0 any; &gt; 0 that type (any other with MSG_EXCEPT);
    /// &lt; 0 the lowest type not above |type| (the first of them).
    /// </summary>
    public LinkedListNode<(long Type, byte[] Text)>? Find(long type, bool except)
    {
        LinkedListNode<(long Type, byte[] Text)>? best = null;
        for (var n = messages.First; n is not null; n = n.Next)
        {
            long t = n.Value.Type;
            if (type == 0) return n;
            if (type > 0)
            {
                if ((t == type) != except) return n;
                continue;
            }
            if (t <= -type && (best is null || t < best.Value.Type)) best = n;
        }
        return best;
    }

    public void Take(LinkedListNode<(long Type, byte[] Text)> node, int receiver)
    {
        messages.Remove(node);
        Bytes -= (ulong)node.Value.Text.Length;
        LastReceiver = receiver;
        ReceiveTime = Now;
        Changed.WakeAll();
    }

    /// <summary>struct msqid64_ds.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[StructSize];
        var s = b.AsSpan();
        WritePermissions(s);
        MemoryMarshal.Write(s[48..], SendTime);
        MemoryMarshal.Write(s[56..], ReceiveTime);
        MemoryMarshal.Write(s[64..], ChangeTime);
        MemoryMarshal.Write(s[72..], Bytes);
        MemoryMarshal.Write(s[80..], (ulong)messages.Count);
        MemoryMarshal.Write(s[88..], MaxBytes);
        MemoryMarshal.Write(s[96..], LastSender);
        MemoryMarshal.Write(s[100..], LastReceiver);
        return b;
    }
}
