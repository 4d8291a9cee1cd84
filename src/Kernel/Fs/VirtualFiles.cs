// Building blocks for kernel-made files: fixed directories, symlinks, generated text files, and their open descriptions.
using System.Text;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>A directory whose children are given by a function of the looking process.</summary>
public class DirectoryNode(Func<Process, IEnumerable<(string Name, VirtualNode Node)>> children, uint permissions = 0x16d) : VirtualNode
{
    public override uint Mode => StatMode.Directory | permissions;

    public override IEnumerable<(string Name, VirtualNode Node)> List(Process process) => children(process);

    public override VirtualNode? Lookup(Process process, string name)
    {
        var entries = children(process);
        // A list is walked through its own enumerator: the interface's, over these tuples, is generic code that the
        // ReadyToRun image lacks (JIT-compiled on the first lookup of a run).
        if (entries is List<(string Name, VirtualNode Node)> list)
        {
            foreach (var (n, node) in list)
                if (n == name) return node;
            return null;
        }
        foreach (var (n, node) in entries)
            if (n == name) return node;
        return null;
    }

    public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
    {
        file = null;
        if ((flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly) return Errno.EISDIR;
        file = new VirtualDirectoryFile(this, process, guestPath, flags & ~OpenFlags.NoCtty);
        return Errno.Success;
    }
}

/// <summary>A symbolic link whose target depends on the looking process.</summary>
public sealed class SymlinkNode(Func<Process, string?> target) : VirtualNode
{
    public override uint Mode => StatMode.Symlink | 0x1ff;
    public override string? LinkTarget(Process process) => target(process);
}

/// <summary>A read-only text file generated when it is opened (procfs).</summary>
public sealed class GeneratedNode(Func<Process, string> content, uint permissions = 0x124) : VirtualNode
{
    public override uint Mode => StatMode.Regular | permissions;

    public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
    {
        file = null;
        if ((flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly) return Errno.EACCES;
        file = new GeneratedFile(Encoding.UTF8.GetBytes(content(process)), this, process, guestPath, flags & ~OpenFlags.NoCtty);
        return Errno.Success;
    }
}

/// <summary>An open generated file: a byte snapshot with its own offset.</summary>
public sealed class GeneratedFile(byte[] content, VirtualNode node, Process opener, string guestPath, int flags) : FileDescription(flags)
{
    private long position;

    public override string DisplayPath => guestPath;
    public override Location? Location => new() { GuestPath = guestPath, Node = node, Exists = true, Stat = node.Stat(opener) };

    public override ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        long n = ReadAt(buffer.Span, position);
        if (n > 0) position += n;
        return ValueTask.FromResult(n);
    }

    public override long ReadAt(Span<byte> buffer, long offset)
    {
        if (offset < 0) return Errno.EINVAL.Fail();
        if (offset >= content.Length) return 0;
        int n = (int)Math.Min(buffer.Length, content.Length - offset);
        content.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    public override long Seek(long offset, int whence)
    {
        long target = whence switch { 0 => offset, 1 => position + offset, 2 => content.Length + offset, _ => -1 };
        if (target < 0) return Errno.EINVAL.Fail();
        position = target;
        return target;
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = node.Stat(opener);
        return Errno.Success;
    }
}

/// <summary>An open kernel-made directory: lists the node's children for getdents64.</summary>
public sealed class VirtualDirectoryFile(VirtualNode node, Process opener, string guestPath, int flags) : FileDescription(flags), IDirectoryReader
{
    private List<DirectoryEntry>? entries;

    public override string DisplayPath => guestPath;
    public override Location? Location => new() { GuestPath = guestPath, Node = node, Exists = true, Stat = node.Stat(opener) };
    public override IDirectoryReader? Directory => this;
    public long Position { get; set; }

    public DirectoryEntry? EntryAt(long index)
    {
        entries ??= [new(".", node.Inode, 4), new("..", 1, 4),
            .. node.List(opener).Select(c => new DirectoryEntry(c.Name, c.Node.Inode, StatMode.DirentType(c.Node.Mode)))];
        return index >= 0 && index < entries.Count ? entries[(int)index] : null;
    }

    public override long Seek(long offset, int whence)
    {
        if (whence != 0 || offset < 0) return Errno.EINVAL.Fail();
        if (offset == 0) entries = null;
        Position = offset;
        return offset;
    }

    public override ValueTask<long> Read(UserThread thread, Memory<byte> buffer) => ValueTask.FromResult(Errno.EISDIR.Fail());

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = node.Stat(opener);
        return Errno.Success;
    }
}
