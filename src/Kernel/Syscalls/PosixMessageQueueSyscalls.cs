// POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify, mq_getsetattr.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Ipc;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// The queues of the kernel's namespace (<see cref="PosixMessageQueues"/>), with ipc/mqueue.c's checks in its order.
/// glibc strips the leading '/' of a name. Timeouts are absolute CLOCK_REALTIME times, read and checked before anything
/// else; a full (empty) queue makes a sender (receiver) wait unless the description is non-blocking (EAGAIN), until the
/// timeout (ETIMEDOUT) or a signal (EINTR; restarted under SA_RESTART, as signal(7) lists them: the timeout is absolute).
/// </summary>
public static class PosixMessageQueueSyscalls
{
    private const int SigevSignal = 0, SigevNone = 1, SigevThread = 2;
    private const int NameMax = 255;
    /// <summary>struct mq_attr: mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs (longs), then 4 reserved longs.</summary>
    private const int AttrSize = 64;
    // Kernel sizes counted against RLIMIT_MSGQUEUE for each message slot (struct msg_msg, struct posix_msg_tree_node).
    private const long MessageHeader = 48, PriorityNode = 48;

    public static void Register(SyscallTable t)
    {
        t.Add("mq_open", "s,O,o,p", Open);
        t.Add("mq_unlink", "s", Unlink);
        t.Add("mq_timedsend", "i,p,u,u,p", Send);
        t.Add("mq_timedreceive", "i,p,u,p,p", Receive);
        t.Add("mq_notify", "i,p", Notify);
        t.Add("mq_getsetattr", "i,p,p", GetSetAttr);
    }

    /// <summary>A queue name as getname and lookup_one_len take it: ENOENT for "" (glibc's "/"), EACCES for "." and ".." and
    /// names with '/', ENAMETOOLONG past NAME_MAX.</summary>
    private static Errno ReadName(SyscallContext c, ulong address, out string name)
    {
        Errno e = c.Memory.ReadString(address, Vfs.PathMax, out name);
        if (e != Errno.Success) return e;
        if (name.Length == 0) return Errno.ENOENT;
        if (name == "." || name == ".." || name.Contains('/')) return Errno.EACCES;
        return FileNames.ByteCount(name) > NameMax ? Errno.ENAMETOOLONG : Errno.Success;
    }

    private static long Open(SyscallContext c)
    {
        int flags = (int)c.A1, mode = (int)c.A2;
        long maxMessages = PosixMessageQueues.DefaultMessages, messageSize = PosixMessageQueues.DefaultMessageSize;
        bool haveAttributes = c.A3 != 0;
        if (haveAttributes)
        {
            if (c.Memory.Read(c.A3 + 8, out maxMessages) != Errno.Success || c.Memory.Read(c.A3 + 16, out messageSize) != Errno.Success)
                return Errno.EFAULT.Fail();
        }
        Errno e = ReadName(c, c.A0, out string name);
        if (e is Errno.EFAULT or Errno.ENOENT || (e == Errno.ENAMETOOLONG && name.Length == 0)) return e.Fail(); // getname's
        if (!c.Process.Files.HasFree(DescriptorSyscalls.FileLimit(c.Process))) return Errno.EMFILE.Fail();
        if (e != Errno.Success) return e.Fail();
        var queues = c.Kernel.PosixQueues;
        var queue = queues.Find(name);
        uint uid = c.Process.Uids.Effective, gid = c.Process.Gids.Effective;
        if (queue is null)
        {
            if ((flags & OpenFlags.Create) == 0) return Errno.ENOENT.Fail();
            if (haveAttributes)
            {
                if (maxMessages <= 0 || messageSize <= 0) return Errno.EINVAL.Fail();
                bool privileged = uid == 0; // CAP_SYS_RESOURCE
                if (privileged ? maxMessages > PosixMessageQueues.HardMaxMessages || messageSize > PosixMessageQueues.HardMaxMessageSize
                               : maxMessages > PosixMessageQueues.MaxMessagesUnprivileged || messageSize > PosixMessageQueues.MaxMessageSizeUnprivileged)
                    return Errno.EINVAL.Fail();
            }
            long bytes = Footprint(maxMessages, messageSize);
            var (limit, _) = c.Process.Limits[Resource.MsgQueue];
            if ((ulong)(queues.BytesOf(uid) + bytes) > limit) return Errno.EMFILE.Fail();
            queue = new PosixMessageQueue(name, maxMessages, messageSize, mode & ~c.Process.Umask, uid, gid, bytes);
            queues.Add(queue);
        }
        else
        {
            if ((flags & (OpenFlags.Create | OpenFlags.Exclusive)) == (OpenFlags.Create | OpenFlags.Exclusive)) return Errno.EEXIST.Fail();
            int accessMode = flags & OpenFlags.AccessMode;
            if (accessMode == 3) return Errno.EINVAL.Fail();
            int access = accessMode == OpenFlags.ReadOnly ? 4 : accessMode == OpenFlags.WriteOnly ? 2 : 6;
            if (!queue.Allows(access, uid, gid)) return Errno.EACCES.Fail();
        }
        var file = new MessageQueueFile(queue, c.Process, flags & (OpenFlags.AccessMode | OpenFlags.NonBlock));
        return EventSyscalls.Install(c, file, (flags & OpenFlags.CloseOnExec) != 0);
    }

    /// <summary>What a queue counts against RLIMIT_MSGQUEUE, as mqueue_get_inode counts it.</summary>
    private static long Footprint(long maxMessages, long messageSize) =>
        maxMessages * MessageHeader + Math.Min(maxMessages, PosixMessageQueue.MaxPriority) * PriorityNode + maxMessages * messageSize;

    private static long Unlink(SyscallContext c)
    {
        Errno e = ReadName(c, c.A0, out string name);
        if (e != Errno.Success) return e.Fail();
        var queues = c.Kernel.PosixQueues;
        if (queues.Find(name) is null) return Errno.ENOENT.Fail();
        // The queue directory is world-writable and sticky: only the owner (or uid 0) removes a queue.
        var queue = queues.Find(name)!;
        uint uid = c.Process.Uids.Effective;
        if (uid != 0 && uid != queue.Uid) return Errno.EPERM.Fail();
        queues.Remove(name);
        return 0;
    }

    /// <summary>An absolute CLOCK_REALTIME timeout as an executor deadline (0: none), checked as prepare_timeout checks it.</summary>
    private static Errno ReadTimeout(SyscallContext c, ulong address, out long deadline)
    {
        deadline = 0;
        if (address == 0) return Errno.Success;
        if (GuestTimespec.Read(c, address, out long ns) is var e && e != Errno.Success) return e;
        deadline = Math.Max(1, KernelClock.DeadlineForRealtime(ns));
        return Errno.Success;
    }

    private static bool Expired(long deadline) => deadline != 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= deadline;

    private static async ValueTask<long> Send(SyscallContext c)
    {
        Errno e = ReadTimeout(c, c.A4, out long deadline);
        if (e != Errno.Success) return e.Fail();
        if (c.A3 >= PosixMessageQueue.MaxPriority) return Errno.EINVAL.Fail();
        if (c.File(c.A0) is not MessageQueueFile file || !file.CanWrite) return Errno.EBADF.Fail();
        var queue = file.Queue;
        if (c.A2 > (ulong)queue.MessageSize) return Errno.EMSGSIZE.Fail();
        var message = new byte[c.A2];
        if (c.Memory.Read(c.A1, message) != Errno.Success) return Errno.EFAULT.Fail();
        while (queue.IsFull)
        {
            if (file.IsNonBlocking) return Errno.EAGAIN.Fail();
            if (Expired(deadline)) return Errno.ETIMEDOUT.Fail();
            var reason = await c.Kernel.Wait(c.Thread, queue.Changed, deadline);
            if (reason == WakeReason.Interrupted) return Errno.EINTR.Fail();
            if (reason == WakeReason.TimedOut && queue.IsFull) return Errno.ETIMEDOUT.Fail();
        }
        queue.Send(message, (uint)c.A3, c.Kernel, c.Process);
        return 0;
    }

    private static async ValueTask<long> Receive(SyscallContext c)
    {
        Errno e = ReadTimeout(c, c.A4, out long deadline);
        if (e != Errno.Success) return e.Fail();
        if (c.File(c.A0) is not MessageQueueFile file || !file.CanRead) return Errno.EBADF.Fail();
        var queue = file.Queue;
        if (c.A2 < (ulong)queue.MessageSize) return Errno.EMSGSIZE.Fail();
        while (queue.Count == 0)
        {
            if (file.IsNonBlocking) return Errno.EAGAIN.Fail();
            if (Expired(deadline)) return Errno.ETIMEDOUT.Fail();
            queue.WaitingReceivers++;
            WakeReason reason;
            try { reason = await c.Kernel.Wait(c.Thread, queue.Changed, deadline); }
            finally { queue.WaitingReceivers--; }
            if (reason == WakeReason.Interrupted) return Errno.EINTR.Fail();
            if (reason == WakeReason.TimedOut && queue.Count == 0) return Errno.ETIMEDOUT.Fail();
        }
        var (message, priority) = queue.Receive()!.Value;
        // As in Linux, a bad buffer loses the message it was taking.
        if ((c.A3 != 0 && c.Memory.Write(c.A3, priority) != Errno.Success) || c.Memory.Write(c.A1, message) != Errno.Success)
            return Errno.EFAULT.Fail();
        return message.Length;
    }

    /// <summary>
    /// mq_notify: NULL removes the caller's registration; SIGEV_SIGNAL and SIGEV_NONE register the caller unless another
    /// process is registered (EBUSY). SIGEV_THREAD is glibc's notification through a netlink socket the kernel writes
    /// a cookie to: the guest's netlink sockets are the host's, which this kernel cannot write to (ENOSYS, after
    /// Linux's own checks of the cookie and the descriptor).
    /// </summary>
    private static long Notify(SyscallContext c)
    {
        int notify = 0, signal = 0;
        ulong value = 0;
        if (c.A1 != 0)
        {
            if (c.Memory.Read(c.A1, out value) != Errno.Success || c.Memory.Read(c.A1 + 8, out signal) != Errno.Success ||
                c.Memory.Read(c.A1 + 12, out notify) != Errno.Success)
                return Errno.EFAULT.Fail();
            if (notify is not (SigevSignal or SigevNone or SigevThread)) return Errno.EINVAL.Fail();
            if (notify == SigevSignal && (signal <= 0 || signal > Signals.Signals.Count)) return Errno.EINVAL.Fail();
            if (notify == SigevThread)
            {
                var cookie = new byte[32];
                if (c.Memory.Read(value, cookie) != Errno.Success) return Errno.EFAULT.Fail();
                return c.File((ulong)signal) is HostSocket ? Errno.ENOSYS.Fail() : Errno.EBADF.Fail();
            }
        }
        if (c.File(c.A0) is not MessageQueueFile file) return Errno.EBADF.Fail();
        var queue = file.Queue;
        if (c.A1 == 0)
        {
            if (ReferenceEquals(queue.NotifyOwner, c.Process)) queue.Unregister();
            return 0;
        }
        if (queue.NotifyOwner is { State: ProcessState.Running }) return Errno.EBUSY.Fail();
        queue.Register(c.Process, notify == SigevSignal ? signal : 0, value);
        return 0;
    }

    private static long GetSetAttr(SyscallContext c)
    {
        long newFlags = 0;
        if (c.A1 != 0)
        {
            if (c.Memory.Read(c.A1, out newFlags) != Errno.Success) return Errno.EFAULT.Fail();
            if ((newFlags & ~(long)OpenFlags.NonBlock) != 0) return Errno.EINVAL.Fail();
        }
        if (c.File(c.A0) is not MessageQueueFile file) return Errno.EBADF.Fail();
        var queue = file.Queue;
        Span<long> old = stackalloc long[AttrSize / 8];
        old.Clear();
        old[0] = file.Flags & OpenFlags.NonBlock;
        old[1] = queue.MaxMessages;
        old[2] = queue.MessageSize;
        old[3] = queue.Count;
        if (c.A1 != 0) file.Flags = (file.Flags & ~OpenFlags.NonBlock) | (int)newFlags;
        if (c.A2 != 0 && c.Memory.Write(c.A2, System.Runtime.InteropServices.MemoryMarshal.AsBytes(old)) != Errno.Success) return Errno.EFAULT.Fail();
        return 0;
    }
}
