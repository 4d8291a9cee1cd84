// inotify: an instance is a host inotify instance; watches are host watches on the host files behind guest paths.
using System.Buffers.Binary;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// An inotify_init1 file. Every guest change to a host file is a host operation on that very file (rvjit
/// opens, writes, renames and unlinks through the host), so the host kernel's inotify sees the guest's changes
/// and also those of host programs and other processes; it keys watches by inode, keeps IN_MASK_ADD, IN_ONESHOT,
/// IN_EXCL_UNLINK, rename cookies and queue overflow as Linux does, and its event records have the guest's
/// layout (struct inotify_event is the same on riscv64 and x86-64). A guest watch is a host watch on an
/// O_PATH descriptor of the file the guest path resolves to (resolved inside the root by the VFS, never a
/// host path), so wds are the host's. Kernel-made files (/proc, /dev nodes) have no host inode: they get a
/// watch that reports nothing but its IN_IGNORED, numbered from <see cref="FirstVirtualWatch"/> up.
/// </summary>
public sealed class InotifyFile : FileDescription
{
    public const uint InIgnored = 0x8000, InDontFollow = 0x02000000, InOnlyDir = 0x01000000;
    public const int FirstVirtualWatch = 1 << 30;
    private const int EventHeader = 16;
    private static long nextInode = 0x78000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);
    private readonly WaitQueue drained = new();
    /// <summary>Watches on kernel-made files, by node; and their IN_IGNORED records not yet read.</summary>
    private readonly Dictionary<VirtualNode, int> virtualWatches = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<int> ignoredVirtual = new();
    private int nextVirtualWatch = FirstVirtualWatch;

    private InotifyFile(int hostFd, int flags) : base(OpenFlags.ReadOnly | flags) => Fd = hostFd;

    /// <summary>inotify_init1: a host instance (non-blocking, close-on-exec on the host; the guest's flags are the
    /// description's). Host errors (EMFILE: the user's max_user_instances) are the guest's.</summary>
    public static Errno Create(int flags, out InotifyFile? file)
    {
        file = null;
        int fd = LibC.InotifyInit1(OpenFlags.NonBlock | OpenFlags.CloseOnExec);
        if (fd < 0) return LibC.LastError;
        file = new InotifyFile(fd, flags & OpenFlags.NonBlock);
        return Errno.Success;
    }

    /// <summary>The host inotify descriptor.</summary>
    public int Fd { get; }

    public override string DisplayPath => "anon_inode:inotify";
    public override int PollableHostFd => Fd;
    // Woken when the guest finds the queue empty (edge-triggered epoll) and when a virtual watch goes.
    public override WaitQueue? PollQueue => drained;

    /// <summary>inotify_add_watch on a resolved location (IN_DONT_FOLLOW and IN_ONLYDIR already applied by
    /// the caller's resolution): the watch descriptor, or -errno.</summary>
    public long AddWatch(Location location, uint mask)
    {
        if (location.Node is { } node)
        {
            if (virtualWatches.TryGetValue(node, out int existing)) return existing;
            int wd = nextVirtualWatch++;
            virtualWatches[node] = wd;
            return wd;
        }
        if (location.Host is not { } host) return Errno.ENOENT.Fail();
        Errno e = host.Tree.Open(host.RelativePath, LibC.OPath | OpenFlags.CloseOnExec, 0, out int pathFd);
        if (e != Errno.Success) return e.Fail();
        try
        {
            // The magic link leads to the O_PATH file itself (a symlink too, for IN_DONT_FOLLOW): the host must follow it.
            return LibC.Check(LibC.InotifyAddWatch(Fd, HostTree.DescriptorPath(pathFd), mask & ~InDontFollow));
        }
        finally { LibC.Close(pathFd); }
    }

    /// <summary>inotify_rm_watch: 0, or EINVAL for a wd this instance does not have.</summary>
    public long RemoveWatch(int wd)
    {
        if (wd >= FirstVirtualWatch)
        {
            var node = virtualWatches.FirstOrDefault(w => w.Value == wd).Key;
            if (node is null) return Errno.EINVAL.Fail();
            virtualWatches.Remove(node);
            ignoredVirtual.Enqueue(wd);
            drained.WakeAll();
            return 0;
        }
        return LibC.Check(LibC.InotifyRmWatch(Fd, wd));
    }

    /// <summary>Linux's noop_llseek: the position stays 0.</summary>
    public override long Seek(long offset, int whence) => 0;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        while (true)
        {
            long n = TryRead(buffer);
            if (n != Errno.EAGAIN.Fail()) return n;
            drained.WakeAll();
            if (IsNonBlocking) return n;
            var reason = await thread.Process.Kernel.WaitForHost(thread, stop => { while (!stop() && PollHost(100) == 0) { } });
            if (reason == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
    }

    // The virtual watches' IN_IGNORED records first, then what the host has (whole records, EINVAL when the
    // first does not fit: the host's read answers that).
    private unsafe long TryRead(Memory<byte> buffer)
    {
        int done = 0;
        while (ignoredVirtual.Count > 0)
        {
            if (buffer.Length - done < EventHeader) return done > 0 ? done : Errno.EINVAL.Fail();
            var record = buffer.Span.Slice(done, EventHeader);
            record.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(record, ignoredVirtual.Dequeue());
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], InIgnored);
            done += EventHeader;
        }
        if (done > 0 && PollHost(0) == 0) return done;
        long n;
        fixed (byte* p = buffer.Span[done..]) n = LibC.Read(Fd, p, buffer.Length - done);
        if (n < 0) return done > 0 ? done : LibC.LastError.Fail();
        return done + n;
    }

    private unsafe short PollHost(int timeoutMs)
    {
        var p = new LibC.PollFd { Fd = Fd, Events = (short)PollEvents.In };
        int r = LibC.Poll(&p, 1, timeoutMs);
        return r > 0 ? p.Revents : (short)0;
    }

    public override PollEvents Poll() =>
        ignoredVirtual.Count > 0 ? PollEvents.In : (PollEvents)PollHost(0) & PollEvents.In;

    public override unsafe long Ioctl(UserThread thread, uint request, ulong argument)
    {
        const uint FionRead = 0x541B;
        if (request != FionRead) return Errno.ENOTTY.Fail();
        int available = 0;
        if (LibC.Ioctl(Fd, FionRead, &available) < 0) return LibC.LastError.Fail();
        available += ignoredVirtual.Count * EventHeader;
        return thread.Process.Space.Memory.Write(argument, available) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, inode, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }

    protected override void Closed() => LibC.Close(Fd);
}
