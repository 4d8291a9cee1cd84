// A guest socket backed by a host socket (AF_INET, AF_INET6, AF_UNIX paths): loopback servers and clients.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A socket whose host descriptor is always non-blocking: a call that would block waits for readiness on
/// a pool thread (the executor never blocks) unless the guest asked for O_NONBLOCK or MSG_DONTWAIT.
/// </summary>
public sealed class HostSocket : FileDescription
{
    private const int MsgDontWait = 0x40, MsgNoSignal = 0x4000, MsgPeek = 0x2, SockStream = 1;
    // Reading the error queue never waits (Linux: EAGAIN when it is empty), whatever poll says of the socket.
    private const int MsgErrQueue = 0x2000;
    private static long nextInode = 0x90000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);

    public HostSocket(int hostFd, int domain, int type, int flags) : base(OpenFlags.ReadWrite | flags)
    {
        Fd = hostFd;
        Domain = domain;
        Type = type;
    }

    /// <summary>The host socket (non-blocking, close-on-exec).</summary>
    public int Fd { get; }
    public int Domain { get; }
    public int Type { get; }

    /// <summary>For an end of a socketpair: the guest process that made it (its SO_PEERCRED pid).</summary>
    public int? PairCreatorPid { get; set; }

    /// <summary>For an end of a socketpair: the guest senders of what this end sent and the peer has not received,
    /// and of what the peer sent and this end has not (the peer's <see cref="Outgoing"/>).</summary>
    public PairSenders? Outgoing { get; private set; }
    private PairSenders? incoming;

    /// <summary>Makes the two ends of one connection record who sends on each, for SCM_CREDENTIALS: each credits what it
    /// receives to the other's senders. The ends of a host socket pair, or a server's accepted socket and the guest
    /// socket that connected to it (whose record, kept since it connected, holds what it sent before the accept).</summary>
    public static void Pair(HostSocket a, HostSocket b)
    {
        a.RecordSenders();
        b.RecordSenders();
        a.incoming = b.Outgoing;
        b.incoming = a.Outgoing;
    }

    /// <summary>This end starts recording who sends on it (a guest socket connected by path does so before the server
    /// accepts: the bytes it sends meanwhile wait in the accepted socket).</summary>
    public void RecordSenders() => Outgoing ??= new PairSenders(Type == SockStream);

    /// <summary>
    /// A guest datagram socket bound to a path or abstract name: datagrams that guest sockets send it are recorded in
    /// its incoming senders (<see cref="DatagramSenders"/>). The host's SO_PASSCRED is kept on, so that each receive
    /// learns whether rvjit sent the datagram (only those were recorded); the guest's own SO_PASSCRED is
    /// <see cref="GuestPassCred"/>, and the credentials reach it only when that is set.
    /// </summary>
    public unsafe void ReceiveDatagramsFromGuests()
    {
        if (passCredForced || PairCreatorPid is not null) return; // a pair's end keeps the pair's record
        GuestPassCred = PassesCredentials();
        int on = 1;
        if (LibC.SetSockOpt(Fd, 1 /* SOL_SOCKET */, 16 /* SO_PASSCRED */, (byte*)&on, 4) != 0) return;
        passCredForced = true;
        incoming = new PairSenders(stream: false);
    }

    private bool passCredForced;

    /// <summary>Whether the host's SO_PASSCRED stands for rvjit's record keeping (<see cref="ReceiveDatagramsFromGuests"/>).</summary>
    public bool PassCredForced => passCredForced;

    /// <summary>The guest's SO_PASSCRED when <see cref="PassCredForced"/>.</summary>
    public bool GuestPassCred { get; set; }

    /// <summary>For a bound datagram receiver: who sent the datagrams in flight to it from guest sockets.</summary>
    public PairSenders? DatagramSenders => passCredForced ? incoming : null;

    /// <summary>A datagram socket connected to a guest receiver (null: to anything else) sends into that receiver's record.</summary>
    public void SendsTo(HostSocket? receiver)
    {
        if (PairCreatorPid is null) Outgoing = receiver?.DatagramSenders;
    }

    /// <summary>The host socket's inode (how the host's socket diagnostics name it), 0 if unknown.</summary>
    public unsafe ulong HostInode
    {
        get
        {
            StatxBuffer st;
            return LibC.Statx(Fd, "", LibC.AtEmptyPath, 0x100 /* STATX_INO */, &st) == 0 ? st.Inode : 0;
        }
    }

    /// <summary>Called once the guest has closed its last descriptor of it (a kernel registry forgets it).</summary>
    public Action? OnClosed { get; set; }

    /// <summary>The credentials of a send by <paramref name="thread"/>'s process without SCM_CREDENTIALS.</summary>
    public static UnixCredentials CredentialsOf(UserThread thread) =>
        new(thread.Process.Pid, thread.Process.Kernel.Credentials.Uid, thread.Process.Kernel.Credentials.Gid);

    /// <summary>The AF_UNIX address the guest bound (or the listener's, for an accepted socket) and the one
    /// it connected to, as the guest wrote them: the host knows them by rvjit's descriptor names.</summary>
    public byte[]? GuestName { get; set; }
    public byte[]? GuestPeerName { get; set; }

    public override string DisplayPath => $"socket:[{inode}]";
    public override int HostFd => Fd;
    public override int PollableHostFd => Fd;

    // Woken when the guest sees EAGAIN: an edge-triggered epoll entry may report this socket again.
    private readonly RvJit.Kernel.Sync.WaitQueue drained = new();
    public override RvJit.Kernel.Sync.WaitQueue? PollQueue => drained;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        if (Domain != AfUnix) return await Receive(thread, buffer, 0, null);
        // A plain read drops the descriptors that come with the bytes (Linux closes them): taken here, so that a
        // kernel-made object passed as a token is released rather than left open by the host's discard.
        var received = new ReceivedDescriptors();
        long n = await Receive(thread, buffer, 0, null, null, received);
        foreach (int fd in received.HostFds) thread.Process.Kernel.PassedDescriptors.Adopt(fd).Release();
        return n;
    }

    private const int AfUnix = 1, AfNetlink = 16;

    public override ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data) => Send(thread, data, 0, null);

    /// <summary>An error recvmmsg met after it had received datagrams, kept for later as Linux keeps it in sk_err: the
    /// next receive answers it before any data, SO_ERROR reports it, poll shows POLLERR; each clears it.</summary>
    public Errno DeferredError { get; set; }

    /// <summary>Takes <see cref="DeferredError"/> (Linux's sock_error).</summary>
    public Errno TakeDeferredError()
    {
        var e = DeferredError;
        DeferredError = Errno.Success;
        return e;
    }

    /// <summary>recvfrom: data into <paramref name="buffer"/>, the sender's address into <paramref name="from"/> (its length returned through it).</summary>
    /// <param name="passed">Given: descriptors the host passed with the bytes (SCM_RIGHTS) are collected here.</param>
    public async ValueTask<long> Receive(UserThread thread, Memory<byte> buffer, int flags, byte[]? from, Action<uint>? fromLength = null,
        ReceivedDescriptors? passed = null)
    {
        if (passCredForced && passed is null)
        {
            // The credentials tell whether rvjit sent it; descriptors that came along are dropped, as a plain read drops them.
            var dropped = new ReceivedDescriptors();
            long r = await Receive(thread, buffer, flags, from, fromLength, dropped);
            foreach (int fd in dropped.HostFds) thread.Process.Kernel.PassedDescriptors.Adopt(fd).Release();
            return r;
        }
        if ((flags & MsgErrQueue) == 0 && DeferredError != Errno.Success) return TakeDeferredError().Fail();
        while (true)
        {
            long n = TryReceive(buffer.Span, flags, from, out uint length, passed);
            if (n >= 0) fromLength?.Invoke(length);
            if (n >= 0 && (flags & MsgPeek) == 0 && (!passCredForced || passed!.FromRvjit)) incoming?.Received(n);
            if (n >= 0 && passCredForced && !GuestPassCred) passed!.Credentials = null;
            if (n == Errno.EAGAIN.Fail()) drained.WakeAll();
            if (n != Errno.EAGAIN.Fail() || IsNonBlocking || (flags & (MsgDontWait | MsgErrQueue)) != 0) return n;
            var e = await WaitReady(thread, PollEvents.In);
            if (e != Errno.Success) return e.Fail();
        }
    }

    /// <summary>sendto: <paramref name="to"/> is the destination address (null: connected).</summary>
    /// <param name="passed">Host descriptors to pass with the bytes (SCM_RIGHTS), or null.</param>
    /// <param name="credentials">Credentials the sender gave itself (SCM_CREDENTIALS, checked), or null: its own.</param>
    /// <param name="toSenders">For a datagram to an address: the record of the guest receiver bound there, if any.</param>
    /// <param name="protocolControl">Control messages of other levels than SOL_SOCKET (IP_PKTINFO, IP_TOS, IPV6_HOPLIMIT...),
    /// whole cmsghdr records with their padding, for the host's protocol to read.</param>
    public async ValueTask<long> Send(UserThread thread, ReadOnlyMemory<byte> data, int flags, byte[]? to, int[]? passed = null,
        UnixCredentials? credentials = null, PairSenders? toSenders = null, byte[]? protocolControl = null)
    {
        if (Domain == AfNetlink && !NetlinkRequests.OnlyReads(data.Span)) return Errno.EPERM.Fail();
        while (true)
        {
            long n = TrySend(data.Span, flags, to, passed, protocolControl);
            // A datagram sent to another address than the peer's is not the peer's to receive.
            if (n >= 0) (to is null ? Outgoing : toSenders)?.Sent(credentials ?? CredentialsOf(thread), n);
            if (n == Errno.EPIPE.Fail() && (flags & MsgNoSignal) == 0) thread.Process.Kernel.SendSignal(thread, (int)Signals.Signal.SIGPIPE);
            if (n == Errno.EAGAIN.Fail()) drained.WakeAll();
            if (n != Errno.EAGAIN.Fail() || IsNonBlocking || (flags & MsgDontWait) != 0) return n;
            var e = await WaitReady(thread, PollEvents.Out);
            if (e != Errno.Success) return e.Fail();
        }
    }

    /// <summary>accept4: a new host socket for the next connection (waits unless non-blocking).</summary>
    public async ValueTask<(long Result, byte[] Address)> Accept(UserThread thread)
    {
        var address = new byte[128];
        while (true)
        {
            int fd = TryAccept(address, out uint length);
            if (fd >= 0) return (fd, address[..(int)Math.Min(length, (uint)address.Length)]);
            var err = LibC.LastError;
            if (err == Errno.EAGAIN) drained.WakeAll();
            if (err != Errno.EAGAIN || IsNonBlocking) return (err.Fail(), []);
            var e = await WaitReady(thread, PollEvents.In);
            if (e != Errno.Success) return (e.Fail(), []);
        }
    }

    /// <summary>connect: completes the connection unless non-blocking (then EINPROGRESS, as Linux).</summary>
    public async ValueTask<long> Connect(UserThread thread, byte[] address)
    {
        if (TryConnect(address) == 0) return 0;
        var err = LibC.LastError;
        if (err == Errno.EINPROGRESS) drained.WakeAll();
        if (err != Errno.EINPROGRESS || IsNonBlocking) return err.Fail();
        var e = await WaitReady(thread, PollEvents.Out);
        if (e != Errno.Success) return e.Fail();
        int soError = PendingError();
        return soError == 0 ? 0 : ((Errno)soError).Fail();
    }

    private unsafe long TryReceive(Span<byte> buffer, int flags, byte[]? from, out uint length, ReceivedDescriptors? passed)
    {
        if (passed is not null) return TryReceiveMessage(buffer, flags, from, out length, passed);
        uint l = from is null ? 0u : (uint)from.Length;
        long n;
        fixed (byte* p = buffer)
        fixed (byte* a = from)
            n = LibC.Check(LibC.RecvFrom(Fd, p, buffer.Length, flags | MsgDontWait, a, from is null ? null : &l));
        length = l;
        return n;
    }

    // The control space for the credentials (SO_PASSCRED: CMSG_SPACE of a struct ucred), the most descriptors one
    // message may carry (SCM_MAX_FD, CMSG_SPACE of 253 ints), and the protocols' own (IP_PKTINFO, IPV6_HOPLIMIT,
    // timestamps...: all of them fit in 512 bytes).
    private const int CredentialsSize = 12, ControlSize = (16 + 16) + (16 + 253 * 4 + 4) + 512;

    private unsafe long TryReceiveMessage(Span<byte> buffer, int flags, byte[]? from, out uint length, ReceivedDescriptors passed)
    {
        // Linux's stream read with credentials stops where the sender changes (each part is credited to its own);
        // the host sees one sender, rvjit, so the read is cut there.
        if (incoming?.BytesBeforeNextSender is { } sameSender && sameSender < buffer.Length && PassesCredentials())
            buffer = buffer[..(int)sameSender];
        UnixCredentials? sender = incoming?.Oldest;
        byte* control = stackalloc byte[ControlSize];
        long n;
        fixed (byte* p = buffer)
        fixed (byte* a = from)
        {
            var iov = new LibC.IoVec { Base = p, Length = buffer.Length };
            var message = new LibC.MsgHdr
            {
                Name = a, NameLength = from is null ? 0u : (uint)from.Length, Iov = &iov, IovLength = 1,
                Control = control, ControlLength = ControlSize,
            };
            // Close-on-exec on the host: rvjit's host programs must not inherit them.
            n = LibC.Check(LibC.RecvMsg(Fd, &message, flags | MsgDontWait | LibC.MsgCmsgCloexec));
            length = message.NameLength;
            if (n < 0) return n;
            passed.MessageFlags |= message.Flags;
            for (long offset = 0; offset + 16 <= message.ControlLength;)
            {
                long cmsgLength = *(long*)(control + offset);
                if (cmsgLength < 16 || offset + cmsgLength > message.ControlLength) break;
                int level = *(int*)(control + offset + 8), type = *(int*)(control + offset + 12);
                if (level == LibC.SolSocket && type == LibC.ScmRights)
                    for (long i = 16; i + 4 <= cmsgLength; i += 4) passed.HostFds.Add(*(int*)(control + offset + i));
                else if (level != LibC.SolSocket || type != LibC.ScmCredentials)
                    passed.Protocol.Add((level, type, new ReadOnlySpan<byte>(control + offset + 16, (int)cmsgLength - 16).ToArray()));
                else if (cmsgLength >= 16 + CredentialsSize)
                {
                    passed.Credentials = new ReadOnlySpan<byte>(control + offset + 16, CredentialsSize).ToArray();
                    // rvjit's own pid stands for every guest process: the pair's record names the one that sent it.
                    passed.FromRvjit = *(int*)(control + offset + 16) == Environment.ProcessId;
                    if (passed.FromRvjit) passed.Sender = sender;
                }
                offset += (cmsgLength + 7) & ~7L;
            }
        }
        return n;
    }

    private unsafe long TrySend(ReadOnlySpan<byte> data, int flags, byte[]? to, int[]? passed, byte[]? protocolControl)
    {
        if (passed is { Length: > 0 } || protocolControl is { Length: > 0 })
        {
            int rightsSize = passed is { Length: > 0 } ? 16 + 4 * passed.Length : 0, rightsSpace = (rightsSize + 7) & ~7;
            int controlSize = rightsSpace + (protocolControl?.Length ?? 0);
            byte* control = stackalloc byte[controlSize];
            new Span<byte>(control, controlSize).Clear();
            if (passed is { Length: > 0 })
            {
                *(long*)control = rightsSize;
                *(int*)(control + 8) = LibC.SolSocket;
                *(int*)(control + 12) = LibC.ScmRights;
                for (int i = 0; i < passed.Length; i++) *(int*)(control + 16 + 4 * i) = passed[i];
            }
            protocolControl?.CopyTo(new Span<byte>(control + rightsSpace, protocolControl.Length));
            fixed (byte* p = data)
            fixed (byte* a = to)
            {
                var iov = new LibC.IoVec { Base = p, Length = data.Length };
                var message = new LibC.MsgHdr
                {
                    Name = a, NameLength = to is null ? 0u : (uint)to.Length, Iov = &iov, IovLength = 1,
                    Control = control, ControlLength = controlSize,
                };
                return LibC.Check(LibC.SendMsg(Fd, &message, flags | MsgDontWait | MsgNoSignal));
            }
        }
        fixed (byte* p = data)
        fixed (byte* a = to)
            return LibC.Check(LibC.SendTo(Fd, p, data.Length, flags | MsgDontWait | MsgNoSignal, a, to is null ? 0u : (uint)to.Length));
    }

    private unsafe int TryAccept(byte[] address, out uint length)
    {
        uint l = (uint)address.Length;
        int fd;
        fixed (byte* a = address) fd = LibC.Accept4(Fd, a, &l, OpenFlags.NonBlock | OpenFlags.CloseOnExec);
        length = l;
        return fd;
    }

    private unsafe int TryConnect(byte[] address)
    {
        fixed (byte* a = address) return LibC.Connect(Fd, a, (uint)address.Length);
    }

    private unsafe bool PassesCredentials()
    {
        int on = 0;
        uint length = 4;
        return LibC.GetSockOpt(Fd, 1 /* SOL_SOCKET */, 16 /* SO_PASSCRED */, (byte*)&on, &length) == 0 && on != 0;
    }

    private unsafe int PendingError()
    {
        int soError = 0;
        uint length = 4;
        LibC.GetSockOpt(Fd, 1 /* SOL_SOCKET */, 4 /* SO_ERROR */, (byte*)&soError, &length);
        return soError;
    }

    private async ValueTask<Errno> WaitReady(UserThread thread, PollEvents events)
    {
        while (true)
        {
            if (PollHost(events, 0) != 0) return Errno.Success;
            var reason = await thread.Process.Kernel.WaitForHost(thread, stop => { while (!stop() && PollHost(events, 100) == 0) { } });
            if (reason == RvJit.Kernel.Sync.WakeReason.Interrupted) return Errno.EINTR;
        }
    }

    private unsafe short PollHost(PollEvents events, int timeoutMs)
    {
        var p = new LibC.PollFd { Fd = Fd, Events = (short)events };
        int r = LibC.Poll(&p, 1, timeoutMs);
        return r > 0 ? p.Revents : (short)0;
    }

    public override PollEvents Poll() =>
        (PollEvents)PollHost(PollEvents.In | PollEvents.Out | PollEvents.RdHangUp, 0) | (DeferredError != Errno.Success ? PollEvents.Error : PollEvents.None);

    public override int HostReadinessFd => Fd;

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(StatMode.Socket | 0x1ff, inode, 0, devMajor: 0, devMinor: 8);
        return Errno.Success;
    }

    /// <summary>The interface queries that read a struct ifreq and write one back (SIOCGIFNAME .. SIOCGIFINDEX): the
    /// host answers them, as under qemu-user; struct ifreq is 40 bytes of the same layout on x86-64 and riscv64.</summary>
    private static readonly uint[] InterfaceQueries = [0x8910, 0x8913, 0x8915, 0x8917, 0x8919, 0x891b, 0x8921, 0x8927, 0x8933];
    private const int InterfaceRequestSize = 40;

    public override unsafe long Ioctl(UserThread thread, uint request, ulong argument)
    {
        const uint FionRead = 0x541B;
        var memory = thread.Process.Space.Memory;
        if (Array.IndexOf(InterfaceQueries, request) >= 0)
        {
            var ifreq = new byte[InterfaceRequestSize];
            if (memory.Read(argument, ifreq) != Errno.Success) return Errno.EFAULT.Fail();
            fixed (byte* p = ifreq) if (LibC.Ioctl(Fd, request, p) < 0) return LibC.LastError.Fail();
            return memory.Write(argument, ifreq) == Errno.Success ? 0 : Errno.EFAULT.Fail();
        }
        if (request != FionRead) return Errno.ENOTTY.Fail();
        int available = 0;
        if (LibC.Ioctl(Fd, FionRead, &available) < 0) return LibC.LastError.Fail();
        return thread.Process.Space.Memory.Write(argument, available) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    protected override void Closed()
    {
        OnClosed?.Invoke();
        LibC.Close(Fd);
    }
}

/// <summary>What came with received bytes besides them: host descriptors (owned by the receiver), the message's
/// flags, the sender's credentials.</summary>
public sealed class ReceivedDescriptors
{
    public List<int> HostFds { get; } = [];
    /// <summary>The host's msg_flags (MSG_TRUNC, MSG_CTRUNC when the host dropped descriptors, MSG_EOR...).</summary>
    public int MessageFlags { get; set; }

    /// <summary>The sender's struct ucred (pid, uid, gid) when the receiver set SO_PASSCRED.</summary>
    public byte[]? Credentials { get; set; }

    /// <summary>The credentials the bytes were sent with, when the host named rvjit and the socket is an end of a
    /// connection that recorded them (<see cref="PairSenders"/>); otherwise the host's pid is mapped as a host pid.</summary>
    public UnixCredentials? Sender { get; set; }

    /// <summary>The host's credentials named rvjit (a guest process of some rvjit, maybe this kernel's).</summary>
    public bool FromRvjit { get; set; }

    /// <summary>The other control messages, in the host's order: the protocols' (IP_PKTINFO, IP_TTL, IPV6_HOPLIMIT,
    /// IPV6_TCLASS...) and SOL_SOCKET's timestamps, whose layouts riscv64 and the host share (64-bit Linux).</summary>
    public List<(int Level, int Type, byte[] Data)> Protocol { get; } = [];
}
