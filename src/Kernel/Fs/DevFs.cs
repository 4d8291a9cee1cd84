// The kernel's /dev files: null, zero, full, random, urandom, tty, and the stdin/stdout/stderr/fd links.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>Builds the /dev nodes the kernel provides itself (other /dev names go to the host or the root).</summary>
public static class DevFs
{
    public static VirtualNode Create()
    {
        var nodes = new List<(string, VirtualNode)>
        {
            ("null", new DeviceNode(1, 3, DeviceKind.Null)),
            ("zero", new DeviceNode(1, 5, DeviceKind.Zero)),
            ("full", new DeviceNode(1, 7, DeviceKind.Full)),
            ("random", new DeviceNode(1, 8, DeviceKind.Random)),
            ("urandom", new DeviceNode(1, 9, DeviceKind.Random)),
            ("tty", new TtyNode()),
            ("ptmx", PseudoTerminals.Multiplexer),
            ("pts", PseudoTerminals.SlaveDirectory),
            ("shm", SharedMemoryLink),
            ("stdin", new SymlinkNode(_ => "/proc/self/fd/0")),
            ("stdout", new SymlinkNode(_ => "/proc/self/fd/1")),
            ("stderr", new SymlinkNode(_ => "/proc/self/fd/2")),
            ("fd", new SymlinkNode(_ => "/proc/self/fd")),
        };
        return new DirectoryNode(_ => nodes);
    }

    /// <summary>/dev/shm in a jail whose tree has none (Vfs decides): a link to /tmp, the jail's world-writable
    /// directory, so shm_open and sem_open (Python's multiprocessing locks, PostgreSQL's dynamic shared memory) find a
    /// directory as they do under qemu-user, whose -L falls back to the host's /dev/shm.</summary>
    public static VirtualNode SharedMemoryLink { get; } = new SymlinkNode(_ => "/tmp");

    public enum DeviceKind { Null, Zero, Full, Random }

    private sealed class DeviceNode(uint major, uint minor, DeviceKind kind) : VirtualNode
    {
        public override uint Mode => StatMode.CharDevice | 0x1b6;

        public override StatxBuffer Stat(Process process) => StatxBuffer.Virtual(Mode, Inode, 0, 0, 5, major, minor);

        public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
        {
            file = new DeviceFile(kind, this, process, guestPath, flags & ~OpenFlags.NoCtty);
            return Errno.Success;
        }
    }

    /// <summary>/dev/tty: the controlling pseudo-terminal of the opener's session when it took one
    /// (<see cref="ControllingTerminals"/>), else the host's controlling terminal, if rvjit has one.</summary>
    private sealed class TtyNode : VirtualNode
    {
        public override uint Mode => StatMode.CharDevice | 0x1b6;

        public override StatxBuffer Stat(Process process) => StatxBuffer.Virtual(Mode, Inode, 0, 0, 5, 5, 0);

        public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
        {
            file = null;
            string? pty = process.Kernel.Terminals.HostPathOf(process.Session);
            int fd = LibC.Open(pty ?? "/dev/tty", (flags & (OpenFlags.AccessMode | OpenFlags.NonBlock)) | OpenFlags.NoCtty | OpenFlags.CloseOnExec, 0);
            if (fd < 0) return LibC.LastError;
            file = new HostFile(fd, flags & ~OpenFlags.NoCtty, null, pty ?? "/dev/tty");
            return Errno.Success;
        }
    }

    private sealed class DeviceFile(DeviceKind kind, VirtualNode node, Process opener, string guestPath, int flags) : FileDescription(flags), IPageSource
    {
        public override string DisplayPath => guestPath;
        public override Location? Location => new() { GuestPath = guestPath, Node = node, Exists = true, Stat = node.Stat(opener) };

        public override ValueTask<long> Read(UserThread thread, Memory<byte> buffer) => ValueTask.FromResult(ReadAt(buffer.Span, 0));

        public override long ReadAt(Span<byte> buffer, long offset)
        {
            switch (kind)
            {
                case DeviceKind.Null: return 0;
                case DeviceKind.Random: LibC.FillRandom(buffer); return buffer.Length;
                default: buffer.Clear(); return buffer.Length;
            }
        }

        public override ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data) => ValueTask.FromResult(WriteAt(data.Span, 0));

        public override long WriteAt(ReadOnlySpan<byte> data, long offset) => kind == DeviceKind.Full ? Errno.ENOSPC.Fail() : data.Length;

        public override long Seek(long offset, int whence) => 0;

        public override bool CanPoll => kind == DeviceKind.Random;

        public override long? ResultWithoutBuffer(bool write, long count) => (kind, write) switch
        {
            (DeviceKind.Null, _) => write ? count : 0,
            (DeviceKind.Zero, true) => count,
            (DeviceKind.Full, true) => Errno.ENOSPC.Fail(),
            _ => null,
        };

        public override Errno Stat(out StatxBuffer stat)
        {
            stat = node.Stat(opener);
            return Errno.Success;
        }

        // A private mapping of /dev/zero is anonymous memory.
        public override IPageSource? PageSource => kind == DeviceKind.Zero ? this : null;
        public override ulong MappableSize => ulong.MaxValue;
        void IPageSource.Read(ulong offset, Span<byte> destination) { }
        public (ulong Device, ulong Inode) Identity => (5, node.Inode);

        public override SharedPages? MapShared(LinuxKernel kernel) =>
            kind == DeviceKind.Zero ? new SharedPages(kernel.Frames) : null;
    }
}
