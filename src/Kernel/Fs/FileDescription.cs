// An open file description (what a file descriptor points at): the interface every kind of file implements.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// An open file description: shared by every descriptor dup'ed or inherited from one open(), with one
/// offset and one set of status flags. Operations a kind of file does not support fail with the errno
/// Linux gives. Reads and writes are async: a pipe or terminal may make the calling guest thread wait,
/// but never the executor. Results are byte counts or -errno.
/// </summary>
public abstract class FileDescription
{
    private int references;

    protected FileDescription(int flags) => Flags = flags;

    /// <summary>Access mode and status flags (O_APPEND, O_NONBLOCK...).</summary>
    public int Flags { get; set; }

    public bool CanRead => (Flags & OpenFlags.AccessMode) != OpenFlags.WriteOnly && (Flags & OpenFlags.Path) == 0;
    public bool CanWrite => (Flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly && (Flags & OpenFlags.Path) == 0;
    public bool IsNonBlocking => (Flags & OpenFlags.NonBlock) != 0;

    /// <summary>What readlink(/proc/self/fd/N) shows.</summary>
    public abstract string DisplayPath { get; }

    /// <summary>The file's place in the VFS, for *at calls relative to a directory fd and fchdir (null: not a path).</summary>
    public virtual Location? Location => null;

    /// <summary>Lines of /proc/PID/fdinfo/N after pos, flags, mnt_id and ino: what Linux's file type adds (an
    /// eventfd's count, a signalfd's mask, a pidfd's process).</summary>
    public virtual string FdInfo => "";

    /// <summary>The host descriptor behind this file, if any (fchmod, fchown, fsync, locks).</summary>
    public virtual int HostFd => -1;

    public virtual ValueTask<long> Read(UserThread thread, Memory<byte> buffer) => ValueTask.FromResult(Errno.EINVAL.Fail());
    public virtual ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data) => ValueTask.FromResult(Errno.EINVAL.Fail());
    public virtual long ReadAt(Span<byte> buffer, long offset) => Errno.ESPIPE.Fail();
    public virtual long WriteAt(ReadOnlySpan<byte> data, long offset) => Errno.ESPIPE.Fail();
    public virtual long Seek(long offset, int whence) => Errno.ESPIPE.Fail();

    /// <summary>
    /// The answer to a read (<paramref name="write"/> false) or write of <paramref name="count"/> bytes when the
    /// file never looks at the buffer (/dev/null, /dev/zero, /dev/full writes): Linux does not touch it then,
    /// so even a bad pointer succeeds. Null: the data moves.
    /// </summary>
    public virtual long? ResultWithoutBuffer(bool write, long count) => null;
    public abstract Errno Stat(out StatxBuffer stat);
    public virtual long Ioctl(UserThread thread, uint request, ulong argument) => Errno.ENOTTY.Fail();
    public virtual Errno Truncate(long length) => Errno.EINVAL;
    public virtual Errno Sync() => Errno.Success;

    /// <summary>getdents64 support (null: ENOTDIR).</summary>
    public virtual IDirectoryReader? Directory => null;

    /// <summary>Whether epoll may watch the file (Linux: its file operations have poll; regular files,
    /// directories and /dev/null do not, and epoll_ctl answers EPERM).</summary>
    public virtual bool CanPoll => Directory is null;

    /// <summary>Current readiness for poll/select.</summary>
    public virtual PollEvents Poll() => PollEvents.In | PollEvents.Out;

    /// <summary>The host descriptor to poll when waiting for readiness (-1: none, readiness is the kernel's).</summary>
    public virtual int PollableHostFd => -1;

    /// <summary>A host descriptor whose poll(2) answer for In | Out | RdHangUp is exactly <see cref="Poll"/>'s, so that
    /// epoll asks the host about all such files of its interest list in one poll(2) (-1: ask <see cref="Poll"/>).</summary>
    public virtual int HostReadinessFd => -1;

    /// <summary>Woken whenever <see cref="Poll"/> may have changed (null: readiness never changes).</summary>
    public virtual WaitQueue? PollQueue => null;

    /// <summary>Bytes for a private mmap of this file (null: ENODEV).</summary>
    public virtual IPageSource? PageSource => null;

    /// <summary>The object for a MAP_SHARED mapping (its mapping count already counts the caller), or null for ENODEV.</summary>
    public virtual SharedPages? MapShared(LinuxKernel kernel) => null;

    /// <summary>The file size for mmap's zero-past-EOF rule (ulong.MaxValue: unknown/unbounded).</summary>
    public virtual ulong MappableSize => Stat(out var st) == Errno.Success && st.IsRegular ? st.Size : ulong.MaxValue;

    /// <summary>Descriptors referring to this description.</summary>
    public int References => references;

    /// <summary>A descriptor now refers to this description.</summary>
    public void AddRef() => references++;

    /// <summary>A descriptor referring to this description was closed; the last one closes the file.</summary>
    public void Release()
    {
        if (--references == 0) Closed();
    }

    /// <summary>The last descriptor is gone: free host resources, wake peers (pipe ends).</summary>
    protected virtual void Closed() { }
}

/// <summary>Directory listing for getdents64: entries are produced from a snapshot taken at the first read or rewind.</summary>
public interface IDirectoryReader
{
    /// <summary>Entry <paramref name="index"/> of the listing (including "." and ".."), or null past the end.</summary>
    DirectoryEntry? EntryAt(long index);
    /// <summary>Index of the next entry getdents returns (the directory offset).</summary>
    long Position { get; set; }
}

/// <summary>One directory entry: name, inode number and d_type.</summary>
public readonly record struct DirectoryEntry(string Name, ulong Inode, byte Type);
