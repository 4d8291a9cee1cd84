// socketpair(AF_UNIX, SOCK_STREAM): two connected ends, each a pipe in each direction.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>One end of a connected AF_UNIX stream pair: it reads one pipe and writes the other.</summary>
public sealed class SocketPairEnd : FileDescription
{
    private readonly PipeEnd input, output;
    private readonly WaitQueue either = new();
    private static long nextInode = 0x70000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    private SocketPairEnd(PipeEnd input, PipeEnd output, int flags) : base(flags)
    {
        this.input = input;
        this.output = output;
        input.AddRef();
        output.AddRef();
    }

    /// <summary>Two connected ends (each with no references yet).</summary>
    public static (SocketPairEnd, SocketPairEnd) Create(int flags)
    {
        var (aRead, bWrite) = Pipe.Create(0);
        var (bRead, aWrite) = Pipe.Create(0);
        return (new SocketPairEnd(aRead, aWrite, OpenFlags.ReadWrite | flags), new SocketPairEnd(bRead, bWrite, OpenFlags.ReadWrite | flags));
    }

    public override string DisplayPath => $"socket:[{inode}]";
    public override WaitQueue? PollQueue => input.PollQueue;

    public override ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        input.Flags = (input.Flags & ~OpenFlags.NonBlock) | (Flags & OpenFlags.NonBlock);
        return input.Read(thread, buffer);
    }

    public override ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data)
    {
        output.Flags = (output.Flags & ~OpenFlags.NonBlock) | (Flags & OpenFlags.NonBlock);
        return output.Write(thread, data);
    }

    public override PollEvents Poll()
    {
        var inEvents = input.Poll() & (PollEvents.In | PollEvents.HangUp);
        var outEvents = output.Poll() & PollEvents.Out;
        return inEvents | outEvents;
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(StatMode.Socket | 0x1ff, inode, 0, devMajor: 0, devMinor: 8);
        return Errno.Success;
    }

    protected override void Closed()
    {
        input.Release();
        output.Release();
    }
}
