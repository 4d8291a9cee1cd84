// socketpair(AF_UNIX, SOCK_STREAM): two connected ends, each a pipe in each direction, and descriptors in flight (SCM_RIGHTS).
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>One end of a connected AF_UNIX stream pair: it reads one pipe and writes the other.</summary>
public sealed class SocketPairEnd : FileDescription
{
    private readonly PipeEnd input, output;
    private readonly InFlightRights incoming, outgoing;
    private readonly WaitQueue either = new();
    private static long nextInode = 0x70000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    private SocketPairEnd(PipeEnd input, PipeEnd output, InFlightRights incoming, InFlightRights outgoing, int flags) : base(flags)
    {
        this.input = input;
        this.output = output;
        this.incoming = incoming;
        this.outgoing = outgoing;
        input.AddRef();
        output.AddRef();
    }

    /// <summary>Two connected ends (each with no references yet).</summary>
    public static (SocketPairEnd, SocketPairEnd) Create(int flags)
    {
        var (aRead, bWrite) = Pipe.Create(0);
        var (bRead, aWrite) = Pipe.Create(0);
        InFlightRights toA = new(), toB = new();
        return (new SocketPairEnd(aRead, aWrite, toA, toB, OpenFlags.ReadWrite | flags), new SocketPairEnd(bRead, bWrite, toB, toA, OpenFlags.ReadWrite | flags));
    }

    public override string DisplayPath => $"socket:[{inode}]";
    public override WaitQueue? PollQueue => input.PollQueue;

    // A read without room for ancillary data closes the descriptors it passes (Linux: MSG_CTRUNC).
    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        List<FileDescription> rights = [];
        long n = await Receive(thread, buffer, rights);
        foreach (var f in rights) f.Release();
        return n;
    }

    public override ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data) => Send(thread, data, []);

    /// <summary>
    /// recvmsg: bytes into <paramref name="buffer"/>, and into <paramref name="rights"/> the descriptions sent
    /// with them (each holding one reference for the caller). As Linux's stream sockets do, a read that reaches
    /// a message carrying descriptors takes them and ends with that message.
    /// </summary>
    public async ValueTask<long> Receive(UserThread thread, Memory<byte> buffer, List<FileDescription> rights)
    {
        input.Flags = (input.Flags & ~OpenFlags.NonBlock) | (Flags & OpenFlags.NonBlock);
        if (incoming.Messages.Count > 0)
        {
            long limit = incoming.Messages[0].End - incoming.ReadTotal;
            if (limit > 0 && limit < buffer.Length) buffer = buffer[..(int)limit];
        }
        long n = await input.Read(thread, buffer);
        if (n <= 0) return n;
        incoming.ReadTotal += n;
        while (incoming.Messages.Count > 0 && incoming.Messages[0].Start < incoming.ReadTotal)
        {
            rights.AddRange(incoming.Messages[0].Files);
            incoming.Messages.RemoveAt(0);
        }
        return n;
    }

    /// <summary>sendmsg: <paramref name="rights"/> (each holding a reference the message takes over) travel with the first byte.</summary>
    public async ValueTask<long> Send(UserThread thread, ReadOnlyMemory<byte> data, FileDescription[] rights)
    {
        output.Flags = (output.Flags & ~OpenFlags.NonBlock) | (Flags & OpenFlags.NonBlock);
        if (rights.Length == 0 || data.Length == 0)
        {
            foreach (var f in rights) f.Release();
            return await output.Write(thread, data);
        }
        var message = new InFlightRights.Message(outgoing.ReadTotal + output.Buffer.Count, long.MaxValue, rights);
        outgoing.Messages.Add(message);
        long n = await output.Write(thread, data);
        int i = outgoing.Messages.IndexOf(message);
        if (n <= 0)
        {
            if (i >= 0) { outgoing.Messages.RemoveAt(i); foreach (var f in rights) f.Release(); }
            return n;
        }
        if (i >= 0) outgoing.Messages[i] = message with { End = message.Start + n };
        return n;
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
        // Descriptors nobody will receive now are closed.
        foreach (var m in incoming.Messages)
            foreach (var f in m.Files) f.Release();
        incoming.Messages.Clear();
    }
}

/// <summary>One direction of a socket pair: the bytes read so far and the descriptors sent and not yet received.</summary>
internal sealed class InFlightRights
{
    /// <summary>Descriptors sent with the stream bytes [Start, End).</summary>
    public readonly record struct Message(long Start, long End, FileDescription[] Files);

    public long ReadTotal;
    public List<Message> Messages { get; } = [];
}
