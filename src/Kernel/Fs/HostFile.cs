// An open host file, directory, terminal or FIFO: the description behind most guest descriptors.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A host file descriptor opened for the guest. Regular files and directories are read and written
/// directly (they never block indefinitely); terminals, FIFOs and sockets are polled first, and when not
/// ready the guest thread awaits readiness (the poll runs on a pool thread), so the executor keeps going.
/// </summary>
public sealed class HostFile : FileDescription
{
    private readonly int fd;
    private readonly bool ownsFd;
    /// <summary>The descriptor's file type (StatMode; 0 if it could not be read). It never changes.</summary>
    private readonly uint fileType;
    private readonly Location? location;
    private readonly string displayPath;
    private HostDirectoryReader? directory;

    /// <param name="fd">The host descriptor (owned unless <paramref name="ownsFd"/> is false: stdio).</param>
    public HostFile(int fd, int flags, Location? location, string displayPath, bool ownsFd = true) : base(flags)
    {
        this.fd = fd;
        this.ownsFd = ownsFd;
        this.location = location;
        this.displayPath = displayPath;
        if (HostFiles.StatFd(fd, out var st) == Errno.Success)
        {
            fileType = st.FileType;
            if (st.IsDirectory && location is not null) directory = new HostDirectoryReader(fd, st.Inode);
            Identity = (st.Device, st.Inode);
        }
    }

    /// <summary>The kernel's shared file mappings (set when a path is opened, and at mmap): read and write stay coherent
    /// with every MAP_SHARED mapping of the same file, made through this description or another (a file opened after a
    /// mapping was written and unmapped, while another mapping kept the pages, read the old bytes).</summary>
    public SharedFileMappings? SharedMappings { get; set; }

    // Linux shares one page cache between read/write and shared mappings; here the mapping's frames are
    // written back before a read and refreshed after a write.
    private void BeforeRead() => SharedMappings?.Find(Identity)?.Sync();

    private void AfterWrite(long offset, long length)
    {
        if (length > 0 && SharedMappings?.Find(Identity) is { } shared) shared.Reload((ulong)offset, (ulong)length);
    }

    public override string DisplayPath => displayPath;
    public override Location? Location => location;
    public override int HostFd => fd;
    public override IDirectoryReader? Directory => directory;
    /// <summary>A private mapping reads the file through its own duplicate descriptor, so the guest may close this one.</summary>
    public override IPageSource? PageSource => directory is null ? HostFileMapping.Open(fd, Identity) : null;
    public (ulong Device, ulong Inode) Identity { get; }

    public bool IsTerminal => LibC.IsATty(fd) == 1;

    /// <summary>For a pseudo-terminal's master (/dev/ptmx): its slave's number, so that input with ISIG's characters
    /// signals the slave's guest foreground group (the host's line discipline signals a host group, none).</summary>
    public int? PseudoTerminalMaster { get; init; }

    /// <summary>The host descriptor to poll when waiting for readiness (-1: never blocks).</summary>
    public override int PollableHostFd => MayBlock ? fd : -1;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        if (directory is not null) return Errno.EISDIR.Fail();
        if (MayBlock)
        {
            Errno ready = await WaitReady(thread, PollEvents.In);
            if (ready != Errno.Success) return ready.Fail();
        }
        BeforeRead();
        return ReadNow(buffer.Span);
    }

    private unsafe long ReadNow(Span<byte> buffer)
    {
        fixed (byte* p = buffer) return LibC.Check(LibC.Read(fd, p, buffer.Length));
    }

    private unsafe long WriteNow(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) return LibC.Check(LibC.Write(fd, p, data.Length));
    }

    public override async ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data)
    {
        if (MayBlock)
        {
            Errno ready = await WaitReady(thread, PollEvents.Out);
            if (ready != Errno.Success) return ready.Fail();
        }
        long n;
        if (SharedMappings?.Find(Identity) is null) n = WriteNow(data.Span);
        else
        {
            long at = LibC.LSeek(fd, 0, 1);
            n = WriteNow(data.Span);
            if (n > 0) AfterWrite((Flags & OpenFlags.Append) != 0 ? LibC.LSeek(fd, 0, 1) - n : at, n);
        }
        // A host pipe whose reader is gone: the writer gets SIGPIPE, as from any pipe.
        if (n == Errno.EPIPE.Fail()) thread.Process.Kernel.SendSignal(thread, (int)Signals.Signal.SIGPIPE);
        if (n > 0 && PseudoTerminalMaster is int number) PseudoTerminals.SignalCharacters(thread.Process.Kernel, fd, number, data.Span[..(int)n]);
        return n;
    }

    // Readiness of a descriptor that may block: now if possible, else awaited without blocking the executor.
    private async ValueTask<Errno> WaitReady(UserThread thread, PollEvents events)
    {
        while (true)
        {
            if (PollHost(events, 0) != 0) return Errno.Success;
            if (IsNonBlocking) return Errno.EAGAIN;
            var kernel = thread.Process.Kernel;
            var reason = await kernel.WaitForHost(thread, stop => PollUntilReady(events, stop));
            if (reason == RvJit.Kernel.Sync.WakeReason.Interrupted) return Errno.EINTR;
        }
    }

    // Runs on a pool thread: polls in short slices so that an abandoned wait ends soon.
    private void PollUntilReady(PollEvents events, Func<bool> stop)
    {
        while (!stop() && PollHost(events, 100) == 0) { }
    }

    private unsafe short PollHost(PollEvents events, int timeoutMs)
    {
        var p = new LibC.PollFd { Fd = fd, Events = (short)events };
        int r = LibC.Poll(&p, 1, timeoutMs);
        return r > 0 ? p.Revents : (short)0;
    }

    public override PollEvents Poll()
    {
        if (!MayBlock) return PollEvents.In | PollEvents.Out;
        return (PollEvents)PollHost(PollEvents.In | PollEvents.Out, 0);
    }

    public override unsafe long ReadAt(Span<byte> buffer, long offset)
    {
        if (directory is not null) return Errno.EISDIR.Fail();
        BeforeRead();
        fixed (byte* p = buffer) return LibC.Check(LibC.PRead(fd, p, buffer.Length, offset));
    }

    public override unsafe long WriteAt(ReadOnlySpan<byte> data, long offset)
    {
        long n;
        fixed (byte* p = data) n = LibC.Check(LibC.PWrite(fd, p, data.Length, offset));
        AfterWrite(offset, n);
        return n;
    }

    public override long Seek(long offset, int whence)
    {
        if (directory is not null)
        {
            // Directory offsets are entry indexes of the listing.
            if (whence != 0 || offset < 0) return Errno.EINVAL.Fail();
            if (offset == 0) directory.Rewind();
            directory.Position = offset;
            return offset;
        }
        return LibC.Check(LibC.LSeek(fd, offset, whence));
    }

    public override Errno Stat(out StatxBuffer stat) => HostFiles.StatFd(fd, out stat);

    public override bool CanPoll => fileType is not (StatMode.Regular or StatMode.Directory);

    /// <summary>A regular file (a descriptor's file type never changes): reads fill the buffer, a bad page cuts a transfer at its byte.</summary>
    public bool IsRegular => fileType == StatMode.Regular;

    private bool MayBlock => fileType is StatMode.Fifo or StatMode.CharDevice or StatMode.Socket;

    public override Errno Truncate(long length) => HostFiles.Result(LibC.FTruncate(fd, length));

    public override Errno Sync() => HostFiles.Result(LibC.FSync(fd));

    public override long Ioctl(UserThread thread, uint request, ulong argument) =>
        TerminalIoctl.Handle(this, fd, thread, request, argument);

    public override SharedPages? MapShared(LinuxKernel kernel) => directory is null ? kernel.SharedFiles.Get(this) : null;

    protected override void Closed()
    {
        if (ownsFd) LibC.Close(fd);
    }
}

/// <summary>getdents64 over a host directory: a listing snapshot (with "." and "..") taken at open and at rewind.</summary>
internal sealed class HostDirectoryReader(int directoryFd, ulong inode) : IDirectoryReader
{
    private List<DirectoryEntry>? entries;

    public long Position { get; set; }

    public void Rewind() => entries = null;

    public DirectoryEntry? EntryAt(long index)
    {
        if (entries is null)
        {
            entries = [new(".", inode, 4), new("..", inode, 4)];
            HostFiles.List(directoryFd, entries);
        }
        return index >= 0 && index < entries.Count ? entries[(int)index] : null;
    }
}
