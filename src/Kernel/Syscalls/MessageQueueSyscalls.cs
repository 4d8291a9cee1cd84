// System V message queues: msgget, msgsnd, msgrcv, msgctl.
using System.Runtime.InteropServices;
using RvJit.Kernel.Ipc;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Message queues of the kernel's IPC namespace. Blocked senders and receivers await the queue's wait
/// queue (signals interrupt them: EINTR, never restarted); removal wakes them with EIDRM. Checks follow
/// ipc/msg.c's order.
/// </summary>
public static class MessageQueueSyscalls
{
    private const int MsgNoError = 0x1000, MsgExcept = 0x2000, MsgCopy = 0x4000;
    private const int MsgStat = 11, MsgInfo = 12, MsgStatAny = 13;

    public static void Register(SyscallTable t)
    {
        t.Add("msgget", "i,x", MsgGet);
        t.Add("msgsnd", "i,p,u,x", MsgSnd);
        t.Add("msgrcv", "i,p,u,i,x", MsgRcv);
        t.Add("msgctl", "i,i,p", MsgCtl);
    }

    private static long MsgGet(SyscallContext c)
    {
        var credentials = c.Kernel.Credentials;
        int key = (int)c.A0, flags = (int)c.A1;
        return c.Kernel.Ipc.MessageQueues.Get(key, flags, credentials, _ => Errno.Success,
            () => new MessageQueue(key, flags, credentials));
    }

    private static async ValueTask<long> MsgSnd(SyscallContext c)
    {
        int id = (int)c.A0, flags = (int)c.A3;
        ulong address = c.A1, size = c.A2;
        if (size > MessageQueue.MaxMessage || id < 0) return Errno.EINVAL.Fail();
        if (c.Memory.Read(address, out long type) != Errno.Success) return Errno.EFAULT.Fail();
        if (type < 1) return Errno.EINVAL.Fail();
        var text = new byte[size];
        if (c.Memory.Read(address + 8, text) != Errno.Success) return Errno.EFAULT.Fail();
        var queue = c.Kernel.Ipc.MessageQueues.Find(id);
        if (queue is null) return Errno.EINVAL.Fail();
        while (true)
        {
            if (!queue.Allows(IpcFlags.WriteAccess, c.Kernel.Credentials)) return Errno.EACCES.Fail();
            if (queue.HasRoomFor(text.Length))
            {
                queue.Append(type, text, c.Process.Pid);
                return 0;
            }
            if ((flags & IpcFlags.NoWait) != 0) return Errno.EAGAIN.Fail();
            if (await c.Kernel.Wait(c.Thread, queue.Changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
            if (queue.Removed) return Errno.EIDRM.Fail();
        }
    }

    private static async ValueTask<long> MsgRcv(SyscallContext c)
    {
        int id = (int)c.A0, flags = (int)c.A4;
        ulong address = c.A1;
        long size = (long)c.A2, type = (long)c.A3;
        if (id < 0 || size < 0) return Errno.EINVAL.Fail();
        if ((flags & MsgCopy) != 0)
        {
            if ((flags & MsgExcept) != 0 || (flags & IpcFlags.NoWait) == 0) return Errno.EINVAL.Fail();
            return Errno.ENOSYS.Fail(); // MSG_COPY exists only with CONFIG_CHECKPOINT_RESTORE
        }
        if (type == long.MinValue) type = -long.MaxValue;
        var queue = c.Kernel.Ipc.MessageQueues.Find(id);
        if (queue is null) return Errno.EINVAL.Fail();
        while (true)
        {
            if (!queue.Allows(IpcFlags.ReadAccess, c.Kernel.Credentials)) return Errno.EACCES.Fail();
            if (queue.Find(type, (flags & MsgExcept) != 0) is { } node)
            {
                var (messageType, text) = node.Value;
                if (text.Length > size && (flags & MsgNoError) == 0) return Errno.E2BIG.Fail();
                queue.Take(node, c.Process.Pid);
                int n = (int)Math.Min(text.Length, size);
                // As in Linux, a bad buffer loses the message it was taking.
                if (c.Memory.Write(address, messageType) != Errno.Success || c.Memory.Write(address + 8, text.AsSpan(0, n)) != Errno.Success)
                    return Errno.EFAULT.Fail();
                return n;
            }
            if ((flags & IpcFlags.NoWait) != 0) return Errno.ENOMSG.Fail();
            if (await c.Kernel.Wait(c.Thread, queue.Changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
            if (queue.Removed) return Errno.EIDRM.Fail();
        }
    }

    private static long MsgCtl(SyscallContext c)
    {
        int id = (int)c.A0, cmd = (int)c.A1;
        ulong buffer = c.A2;
        var ipc = c.Kernel.Ipc.MessageQueues;
        var credentials = c.Kernel.Credentials;
        if (id < 0 || cmd < 0) return Errno.EINVAL.Fail();
        switch (cmd)
        {
            case IpcFlags.Info:
            case MsgInfo:
            {
                // struct msginfo: msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql (ints), msgseg (ushort).
                var info = new int[8];
                bool usage = cmd == MsgInfo;
                info[0] = usage ? ipc.Count : MessageQueue.MaxQueues * MessageQueue.DefaultQueueBytes / 1024;
                info[1] = usage ? ipc.All.Sum(q => q.Count) : MessageQueue.DefaultQueueBytes;
                info[2] = MessageQueue.MaxMessage;
                info[3] = MessageQueue.DefaultQueueBytes;
                info[4] = MessageQueue.MaxQueues;
                info[5] = 16;
                info[6] = usage ? (int)ipc.All.Sum(q => (long)q.Bytes) : MessageQueue.DefaultQueueBytes;
                info[7] = 0xffff;
                if (c.Memory.Write(buffer, MemoryMarshal.AsBytes(info.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
                return ipc.HighestIndex;
            }
            case IpcFlags.Stat:
            case MsgStat:
            case MsgStatAny:
            {
                var queue = cmd == IpcFlags.Stat ? ipc.Find(id) : ipc.AtIndex(id);
                if (queue is null) return Errno.EINVAL.Fail();
                if (cmd != MsgStatAny && !queue.Allows(IpcFlags.ReadAccess, credentials)) return Errno.EACCES.Fail();
                if (c.Memory.Write(buffer, queue.ToBytes()) != Errno.Success) return Errno.EFAULT.Fail();
                return cmd == IpcFlags.Stat ? 0 : queue.Id;
            }
            case IpcFlags.Set:
            {
                var requested = new byte[MessageQueue.StructSize];
                if (c.Memory.Read(buffer, requested) != Errno.Success) return Errno.EFAULT.Fail();
                var queue = ipc.Find(id);
                if (queue is null) return Errno.EINVAL.Fail();
                if (!queue.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                ulong maxBytes = BitConverter.ToUInt64(requested, 88);
                if (maxBytes > MessageQueue.DefaultQueueBytes && credentials.Uid != 0) return Errno.EPERM.Fail();
                queue.ReadPermissions(requested);
                queue.MaxBytes = maxBytes;
                queue.Changed.WakeAll();
                return 0;
            }
            case IpcFlags.Remove:
            {
                var queue = ipc.Find(id);
                if (queue is null) return Errno.EINVAL.Fail();
                if (!queue.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                ipc.Remove(queue);
                queue.Changed.WakeAll();
                return 0;
            }
            default:
                return Errno.EINVAL.Fail();
        }
    }
}
