// Files the kernel makes up (procfs, /dev/null...): the interface the path resolver walks.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A file, directory or symbolic link that exists only inside the kernel. Contents may depend on the
/// process looking (/proc/self), so every call gets it.
/// </summary>
public abstract class VirtualNode
{
    private static long nextInode = 0x10000;

    protected VirtualNode() => Inode = (ulong)Interlocked.Increment(ref nextInode);

    /// <summary>File type and permission bits (st_mode).</summary>
    public abstract uint Mode { get; }

    public ulong Inode { get; }

    public bool IsDirectory => (Mode & StatMode.TypeMask) == StatMode.Directory;
    public bool IsSymlink => (Mode & StatMode.TypeMask) == StatMode.Symlink;

    /// <summary>A symlink's target as <paramref name="process"/> sees it.</summary>
    public virtual string? LinkTarget(Process process) => null;

    /// <summary>
    /// A "magic" link (/proc/self/fd/N): when it is the last component and is followed, it stands for the
    /// open file itself rather than for its textual target.
    /// </summary>
    public virtual FileDescription? MagicTarget(Process process) => null;

    /// <summary>A directory's child by name.</summary>
    public virtual VirtualNode? Lookup(Process process, string name) => null;

    /// <summary>A directory's children.</summary>
    public virtual IEnumerable<(string Name, VirtualNode Node)> List(Process process) => [];

    /// <summary>Opens the node. Directories get a listing reader.</summary>
    public virtual Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
    {
        file = null;
        return Errno.EACCES;
    }

    public virtual StatxBuffer Stat(Process process) => StatxBuffer.Virtual(Mode, Inode, 0, devMajor: 0, devMinor: 4);
}
