// Socket system calls: socket, bind, listen, accept, connect, names, options, send/recv (and the msg forms).
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// AF_INET, AF_INET6 and AF_UNIX sockets are host sockets (<see cref="HostSocket"/>), as under qemu-user:
/// servers on loopback, clients, datagrams. AF_UNIX paths are guest paths resolved by the VFS and handed
/// to the host as descriptors opened inside the root (<see cref="HostSocketAddress"/>). The network and
/// abstract AF_UNIX names follow <see cref="KernelSettings.Network"/>. So do AF_NETLINK sockets of NETLINK_ROUTE
/// (interfaces and addresses: getifaddrs, Go's net.Interfaces), host sockets too. Other families report
/// EAFNOSUPPORT (the C library's nscd probes fall back quietly). socketpair makes a host socket pair, so stream,
/// datagram and seqpacket pairs keep Linux's semantics (message boundaries, shutdown, options). AF_UNIX sockets
/// pass descriptors as the host's SCM_RIGHTS (<see cref="PassedDescriptors"/>) and, to a receiver that set
/// SO_PASSCRED, the sender's credentials: the host's SCM_CREDENTIALS name rvjit, so on a pair or a connection between
/// guest sockets (<see cref="UnixConnections"/>) the record of who sent what (<see cref="PairSenders"/>) names the guest
/// process, or the credentials it gave itself (checked as Linux checks them).
/// </summary>
public static class SocketSyscalls
{
    private const int AfUnix = 1, AfInet = 2, AfInet6 = 10, AfNetlink = 16, NetlinkRoute = 0;
    private const int SockTypeMask = 0xf, SockStream = 1, SockDgram = 2, SockSeqPacket = 5;
    private const int SoPeerCred = 17, SoPassCred = 16, SoError = 4;
    private const int MaxAddress = 128;

    public static void Register(SyscallTable t)
    {
        t.Add("socket", "i,i,i", Socket);
        t.Add("socketpair", "i,i,i,p", SocketPair);
        t.Add("bind", "i,p,u", Bind);
        t.Add("listen", "i,i", c => WithSocket(c, s => LibC.Check(LibC.Listen(s.Fd, (int)c.A1))));
        t.Add("accept", "i,p,p", c => Accept(c, 0));
        t.Add("accept4", "i,p,p,x", c => Accept(c, (int)c.A3));
        t.Add("connect", "i,p,u", Connect);
        t.Add("getsockname", "i,p,p", c => Name(c, peer: false));
        t.Add("getpeername", "i,p,p", c => Name(c, peer: true));
        t.Add("setsockopt", "i,i,i,p,u", SetSockOpt);
        t.Add("getsockopt", "i,i,i,p,p", GetSockOpt);
        t.Add("sendto", "i,w,u,x,p,u", SendTo);
        t.Add("recvfrom", "i,r,u,x,p,p", RecvFrom);
        t.Add("sendmsg", "i,p,x", SendMsg);
        t.Add("recvmsg", "i,p,x", RecvMsg);
        t.Add("sendmmsg", "i,p,u,x", SendMultiple);
        t.Add("recvmmsg", "i,p,u,x,p", ReceiveMultiple);
        t.Add("shutdown", "i,i", c => c.File(c.A0) switch
        {
            HostSocket s => LibC.Check(LibC.Shutdown(s.Fd, (int)c.A1)),
            null => Errno.EBADF.Fail(),
            _ => Errno.ENOTSOCK.Fail(),
        });
    }

    private static long Socket(SyscallContext c)
    {
        int domain = (int)c.A0, type = (int)c.A1, protocol = (int)c.A2;
        // Linux rejects unknown flag bits in the type before it looks at the family.
        if ((type & ~SockTypeMask & ~(OpenFlags.NonBlock | OpenFlags.CloseOnExec)) != 0) return Errno.EINVAL.Fail();
        // NETLINK_ROUTE is the host's too, as under qemu-user: its messages have one layout on every architecture,
        // and getifaddrs, Go's net.Interfaces and iproute2 list the host's interfaces through it.
        bool routeNetlink = domain == AfNetlink && protocol == NetlinkRoute;
        if (domain is not (AfUnix or AfInet or AfInet6) && !routeNetlink) return Errno.EAFNOSUPPORT.Fail();
        if (domain != AfUnix && c.Kernel.Settings.Network == NetworkAccess.None) return Errno.EACCES.Fail();
        int fd = LibC.Socket(domain, (type & SockTypeMask) | OpenFlags.NonBlock | OpenFlags.CloseOnExec, protocol);
        if (fd < 0) return LibC.LastError.Fail();
        var socket = new HostSocket(fd, domain, type & SockTypeMask, type & OpenFlags.NonBlock);
        return EventSyscalls.Install(c, socket, (type & OpenFlags.CloseOnExec) != 0);
    }

    /// <summary>socketpair(AF_UNIX, type): a host pair (non-blocking and close-on-exec on the host, as every host
    /// socket here), whose SO_PEERCRED names the calling process as Linux's does.</summary>
    private static unsafe long SocketPair(SyscallContext c)
    {
        int domain = (int)c.A0, type = (int)c.A1, protocol = (int)c.A2;
        if ((type & ~SockTypeMask & ~(OpenFlags.NonBlock | OpenFlags.CloseOnExec)) != 0) return Errno.EINVAL.Fail();
        // Linux: the internet families have sockets but no pairs; families it lacks have neither.
        if (domain != AfUnix) return domain is AfInet or AfInet6 ? Errno.EOPNOTSUPP.Fail() : Errno.EAFNOSUPPORT.Fail();
        if ((type & SockTypeMask) is not (SockStream or SockSeqPacket or SockDgram)) return Errno.EINVAL.Fail();
        int* fds = stackalloc int[2];
        if (LibC.SocketPair(domain, (type & SockTypeMask) | OpenFlags.NonBlock | OpenFlags.CloseOnExec, protocol, fds) < 0) return LibC.LastError.Fail();
        var ends = new[] { new HostSocket(fds[0], domain, type & SockTypeMask, type & OpenFlags.NonBlock), new HostSocket(fds[1], domain, type & SockTypeMask, type & OpenFlags.NonBlock) };
        foreach (var end in ends) end.PairCreatorPid = c.Process.Pid;
        HostSocket.Pair(ends[0], ends[1]);
        bool cloexec = (type & OpenFlags.CloseOnExec) != 0;
        int fa = (int)EventSyscalls.Install(c, ends[0], cloexec);
        if (fa < 0) { ends[1].AddRef(); ends[1].Release(); return fa; }
        int fb = (int)EventSyscalls.Install(c, ends[1], cloexec);
        if (fb < 0) { c.Process.Files.Close(fa); return fb; }
        if (c.Memory.Write(c.A3, ((long)fb << 32) | (uint)fa) != Errno.Success)
        {
            c.Process.Files.Close(fa);
            c.Process.Files.Close(fb);
            return Errno.EFAULT.Fail();
        }
        return 0;
    }

    private static long WithSocket(SyscallContext c, Func<HostSocket, long> body) => c.File(c.A0) switch
    {
        HostSocket s => body(s),
        null => Errno.EBADF.Fail(),
        _ => Errno.ENOTSOCK.Fail(),
    };

    /// <summary>
    /// A sockaddr from the guest, made ready for the host: an AF_UNIX path is resolved inside the root
    /// (<paramref name="binding"/>: a new name, not following a final symlink; otherwise an existing socket
    /// file, following symlinks inside the root); an abstract or unnamed AF_UNIX address needs the network.
    /// </summary>
    private static Errno ReadAddress(SyscallContext c, ulong address, ulong length, bool binding, out HostSocketAddress result)
    {
        result = null!;
        if (length > MaxAddress) return Errno.EINVAL;
        var raw = new byte[length];
        if (c.Memory.Read(address, raw) != Errno.Success) return Errno.EFAULT;
        if (raw.Length < 2 || BitConverter.ToUInt16(raw, 0) != AfUnix)
        {
            result = new HostSocketAddress(raw);
            return Errno.Success;
        }
        if (raw.Length < 3 || raw[2] == 0)
        {
            if (c.Kernel.Settings.Network == NetworkAccess.None) return Errno.EACCES;
            result = new HostSocketAddress(raw);
            return Errno.Success;
        }
        Errno e = GuestUnixPath(raw, out string path);
        if (e != Errno.Success) return e;
        var options = binding ? ResolveOptions.NoOverlay : ResolveOptions.FollowFinal | ResolveOptions.NoOverlay;
        e = c.Resolve(unchecked((ulong)OpenFlags.AtFdCwd), path, options, out var location);
        if (e != Errno.Success) return e;
        e = Vfs.UnixSocketAddress(location, binding, out result);
        // The name getsockname and getpeername report: as the binder spelled it; the server's file for a peer.
        if (e == Errno.Success) result.GuestName = binding ? GuestUnixName(raw) : UnixName(location.GuestPath);
        return e;
    }

    private static byte[] UnixName(string path) => [AfUnix, 0, .. System.Text.Encoding.UTF8.GetBytes(path), 0];

    private static Errno GuestUnixPath(byte[] raw, out string path)
    {
        int end = Array.IndexOf(raw, (byte)0, 2);
        path = System.Text.Encoding.UTF8.GetString(raw, 2, (end < 0 ? raw.Length : end) - 2);
        return path.Length < 108 ? Errno.Success : Errno.EINVAL;
    }

    /// <summary>The guest's name of an AF_UNIX path address (family, path, NUL), as getsockname reports it.</summary>
    private static byte[] GuestUnixName(byte[] raw)
    {
        int end = Array.IndexOf(raw, (byte)0, 2);
        return end < 0 ? [.. raw, 0] : raw[..(end + 1)];
    }

    // A socketpair end answers EOPNOTSUPP, like the other calls that need a host socket (WithSocket).
    private static long Bind(SyscallContext c) => WithSocket(c, s =>
    {
        Errno e = ReadAddress(c, c.A1, c.A2, binding: true, out var address);
        if (e != Errno.Success) return e.Fail();
        using (address)
        {
            long r;
            unsafe { fixed (byte* p = address.Bytes) r = LibC.Check(LibC.Bind(s.Fd, p, (uint)address.Bytes.Length)); }
            if (r == 0 && address.GuestName is { } name)
            {
                s.GuestName = name;
                if (s.Domain == AfUnix) c.Kernel.UnixConnections.Named(s, address.Bytes, name);
            }
            if (r == 0 && s.Domain == AfUnix && s.Type == SockDgram) c.Kernel.UnixConnections.Bound(s, address);
            return r;
        }
    });

    /// <summary>Copies a sockaddr out to (address, *lengthPointer), truncated as Linux does; writes the full length.</summary>
    private static Errno WriteAddress(SyscallContext c, ulong address, ulong lengthPointer, ReadOnlySpan<byte> value)
    {
        if (address == 0 || lengthPointer == 0) return Errno.Success;
        if (c.Memory.Read(lengthPointer, out uint room) != Errno.Success) return Errno.EFAULT;
        if ((int)room < 0) return Errno.EINVAL;
        int n = Math.Min((int)room, value.Length);
        if (n > 0 && c.Memory.Write(address, value[..n]) != Errno.Success) return Errno.EFAULT;
        return c.Memory.Write(lengthPointer, (uint)value.Length);
    }

    private static async ValueTask<long> Accept(SyscallContext c, int flags)
    {
        if (c.File(c.A0) is not HostSocket s) return c.File(c.A0) is null ? Errno.EBADF.Fail() : Errno.ENOTSOCK.Fail();
        if ((flags & ~(OpenFlags.NonBlock | OpenFlags.CloseOnExec)) != 0) return Errno.EINVAL.Fail();
        var (fd, address) = await s.Accept(c.Thread);
        if (fd < 0) return fd;
        var socket = new HostSocket((int)fd, s.Domain, s.Type, flags & OpenFlags.NonBlock) { GuestName = s.GuestName };
        if (s.Domain == AfUnix && s.Type != SockDgram) c.Kernel.UnixConnections.Accepted(socket);
        long guestFd = EventSyscalls.Install(c, socket, (flags & OpenFlags.CloseOnExec) != 0);
        if (guestFd < 0) return guestFd;
        if (WriteAddress(c, c.A1, c.A2, address) != Errno.Success) return Errno.EFAULT.Fail();
        return guestFd;
    }

    private static async ValueTask<long> Connect(SyscallContext c)
    {
        if (c.File(c.A0) is not HostSocket s) return c.File(c.A0) is null ? Errno.EBADF.Fail() : Errno.ENOTSOCK.Fail();
        Errno e = ReadAddress(c, c.A1, c.A2, binding: false, out var address);
        if (e != Errno.Success) return e.Fail();
        using (address)
        {
            long r = await s.Connect(c.Thread, address.Bytes);
            if (r == 0 && address.GuestName is { } name) s.GuestPeerName = name;
            if (r == 0 && s.Domain == AfUnix && s.Type != SockDgram) c.Kernel.UnixConnections.Connected(s);
            if (r == 0 && s.Domain == AfUnix && s.Type == SockDgram) s.SendsTo(c.Kernel.UnixConnections.ReceiverAt(address));
            return r;
        }
    }

    private static unsafe long Name(SyscallContext c, bool peer) => WithSocket(c, s =>
    {
        var buffer = new byte[MaxAddress];
        uint length = MaxAddress;
        int r;
        fixed (byte* p = buffer) r = peer ? LibC.GetPeerName(s.Fd, p, &length) : LibC.GetSockName(s.Fd, p, &length);
        if (r < 0) return LibC.LastError.Fail();
        // The host knows an AF_UNIX path by the descriptor name rvjit gave it; the guest by its own. A peer that is a
        // guest socket bound here is named as its binder spelled it (Linux reports the bound address: Python's asyncio
        // test_create_ssl_unix_connection binds "./name"); another, by its socket file.
        if (peer && s.Domain == AfUnix && c.Kernel.UnixConnections.GuestAddress(buffer, length) is { } bound)
            return -(long)WriteAddress(c, c.A1, c.A2, bound);
        if ((peer ? s.GuestPeerName : s.GuestName) is { } guestName) return -(long)WriteAddress(c, c.A1, c.A2, guestName);
        return -(long)WriteAddress(c, c.A1, c.A2, buffer.AsSpan(0, (int)Math.Min(length, (uint)MaxAddress)));
    });

    private static unsafe long SetSockOpt(SyscallContext c) => WithSocket(c, s =>
    {
        if (c.A4 > 4096) return Errno.EINVAL.Fail();
        var value = new byte[c.A4];
        if (c.Memory.Read(c.A3, value) != Errno.Success) return Errno.EFAULT.Fail();
        // A bound datagram socket keeps the host's SO_PASSCRED on (HostSocket.ReceiveDatagramsFromGuests): the guest's is its own.
        if (c.A1 == SolSocket && c.A2 == SoPassCred && s.PassCredForced)
        {
            if (value.Length < 4) return Errno.EINVAL.Fail();
            s.GuestPassCred = BitConverter.ToInt32(value) != 0;
            return 0;
        }
        fixed (byte* p = value) return LibC.Check(LibC.SetSockOpt(s.Fd, (int)c.A1, (int)c.A2, p, (uint)value.Length));
    });

    private static unsafe long GetSockOpt(SyscallContext c) => WithSocket(c, s =>
    {
        if (c.Memory.Read(c.A4, out uint room) != Errno.Success) return Errno.EFAULT.Fail();
        var value = new byte[Math.Min(room, 4096u)];
        uint length = (uint)value.Length;
        int r;
        fixed (byte* p = value) r = LibC.GetSockOpt(s.Fd, (int)c.A1, (int)c.A2, p, &length);
        if (r < 0) return LibC.LastError.Fail();
        // A pair's peer is the process that made it; the host names rvjit, whose pid only the first process has.
        if (c.A1 == SolSocket && c.A2 == SoPeerCred && s.PairCreatorPid is { } creator && length >= 4) BitConverter.TryWriteBytes(value, creator);
        if (c.A1 == SolSocket && c.A2 == SoPassCred && s.PassCredForced && length >= 4) BitConverter.TryWriteBytes(value, s.GuestPassCred ? 1 : 0);
        if (c.A1 == SolSocket && c.A2 == SoError && s.DeferredError != Errno.Success && length >= 4) BitConverter.TryWriteBytes(value, (int)s.TakeDeferredError());
        // The host socket is always non-blocking; the guest sees its own view of the flag nowhere here.
        if (length > 0 && c.Memory.Write(c.A3, value.AsSpan(0, (int)Math.Min(length, (uint)value.Length))) != Errno.Success) return Errno.EFAULT.Fail();
        return c.Memory.Write(c.A4, length) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    });

    private static async ValueTask<long> SendTo(SyscallContext c)
    {
        var file = c.File(c.A0);
        var data = new GuestBuffer(c.A1, c.A2);
        if (file is not HostSocket s) return file is null ? Errno.EBADF.Fail() : Errno.ENOTSOCK.Fail();
        HostSocketAddress? to = null;
        if (c.A4 != 0)
        {
            Errno e = ReadAddress(c, c.A4, c.A5, binding: false, out to);
            if (e != Errno.Success) return e.Fail();
        }
        // The address holds a descriptor inside the root until the host call has used it.
        using (to) return await Send(c, s, data, (int)c.A3, to?.Bytes, toSenders: DatagramReceiver(c, s, to));
    }

    /// <summary>Guest bytes to a host socket in bounded chunks; a datagram goes whole, in one chunk.</summary>
    private static ValueTask<long> Send(SyscallContext c, HostSocket s, GuestBuffer data, int flags, byte[]? to, UnixCredentials? credentials = null,
        PairSenders? toSenders = null, byte[]? protocolControl = null)
    {
        bool stream = s.Type == SockStream;
        if (!stream && data.Remaining > GuestTransfer.Chunk) return new(Errno.EMSGSIZE.Fail());
        return GuestTransfer.Send(c.Memory, data, byteExact: false, singleChunk: !stream,
            (chunk, _) => s.Send(c.Thread, chunk, flags, to, credentials: credentials, toSenders: toSenders, protocolControl: protocolControl));
    }

    /// <summary>The record of the guest datagram socket a datagram to <paramref name="to"/> goes to, if any.</summary>
    private static PairSenders? DatagramReceiver(SyscallContext c, HostSocket s, HostSocketAddress? to) =>
        to is not null && s.Domain == AfUnix && s.Type == SockDgram ? c.Kernel.UnixConnections.ReceiverAt(to)?.DatagramSenders : null;

    /// <summary>A host socket's bytes into the guest in bounded chunks, one receive call (a short read ends it).</summary>
    private static ValueTask<long> Receive(SyscallContext c, HostSocket s, GuestBuffer data, int flags, byte[]? from, Action<uint> fromLength) =>
        GuestTransfer.Receive(c.Memory, data, byteExact: false, singleCall: true, (chunk, _) => s.Receive(c.Thread, chunk, flags, from, fromLength),
            faultTakesMessage: TakesWholeMessages(s, flags));

    /// <summary>A receive that dequeues one message before copying it (datagram and seqpacket sockets, not a peek).</summary>
    private static bool TakesWholeMessages(HostSocket s, int flags) => (s.Type & 0xf) is SockDgram or SockSeqPacket && (flags & MsgPeek) == 0;

    /// <summary>A datagram's sender as the guest names it: a guest socket's bound path instead of the host's name for it
    /// (<see cref="UnixConnections.GuestAddress"/>); other addresses stay as they are.</summary>
    private static void GuestSender(SyscallContext c, ref byte[]? from, ref uint fromLength)
    {
        if (from is not null && c.Kernel.UnixConnections.GuestAddress(from, fromLength) is { } guestFrom)
            (from, fromLength) = (guestFrom, (uint)guestFrom.Length);
    }

    private static async ValueTask<long> RecvFrom(SyscallContext c)
    {
        var file = c.File(c.A0);
        var data = new GuestBuffer(c.A1, c.A2);
        if (file is not HostSocket s) return file is null ? Errno.EBADF.Fail() : Errno.ENOTSOCK.Fail();
        var from = c.A4 != 0 ? new byte[MaxAddress] : null;
        uint fromLength = 0;
        long n = await Receive(c, s, data, (int)c.A3, from, l => fromLength = l);
        if (n < 0) return n;
        GuestSender(c, ref from, ref fromLength);
        if (from is not null && WriteAddress(c, c.A4, c.A5, from.AsSpan(0, (int)Math.Min(fromLength, (uint)MaxAddress))) != Errno.Success) return Errno.EFAULT.Fail();
        return n;
    }

    /// <summary>struct msghdr on riscv64: name, namelen (u32, padded), iov, iovlen, control, controllen, flags.</summary>
#pragma warning disable CS0649, CS0169 // filled from guest memory
    private struct MsgHdr
    {
        public ulong Name;
        public uint NameLength;
        private uint pad;
        public ulong Iov;
        public ulong IovLength;
        public ulong Control;
        public ulong ControlLength;
        public int Flags;
        private int pad2;
    }
#pragma warning restore CS0649, CS0169

    /// <summary>What sendmsg and recvmsg start with: the socket (a0), its msghdr (at <paramref name="header"/>) and the iovec as a guest buffer.</summary>
    private static Errno OpenMessage(SyscallContext c, ulong header, out HostSocket socket, out MsgHdr h, out GuestBuffer data)
    {
        socket = null!; // read only after success
        h = default;
        data = null!;
        if (c.File(c.A0) is not { } found) return Errno.EBADF;
        if (found is not HostSocket s) return Errno.ENOTSOCK;
        socket = s;
        if (c.Memory.Read(header, out h) != Errno.Success) return Errno.EFAULT;
        if (h.IovLength > GuestBuffer.MaxVectors) return Errno.EMSGSIZE;
        return GuestBuffer.FromIovecs(c.Memory, h.Iov, h.IovLength, out data);
    }

    private static ValueTask<long> SendMsg(SyscallContext c) => SendMessage(c, c.A1, (int)c.A2);

    private static async ValueTask<long> SendMessage(SyscallContext c, ulong header, int flags)
    {
        Errno e = OpenMessage(c, header, out var s, out MsgHdr h, out var data);
        if (e != Errno.Success) return e.Fail();
        e = ReadRights(c, h, out var rights, out var credentials, out var protocolControl);
        if (e != Errno.Success) return e.Fail();
        HostSocketAddress? to = null;
        if (h.Name != 0 && h.NameLength > 0)
        {
            e = ReadAddress(c, h.Name, h.NameLength, binding: false, out to);
            if (e != Errno.Success) { Release(rights); return e.Fail(); }
        }
        using (to)
        {
            var toSenders = DatagramReceiver(c, s, to);
            if (rights.Length == 0) return await Send(c, s, data, flags, to?.Bytes, credentials, toSenders, protocolControl);
            return await SendWithRights(c, s, data, flags, to?.Bytes, rights, credentials, toSenders);
        }
    }

    /// <summary>sendmsg with SCM_RIGHTS on a host socket: the host's SCM_RIGHTS carries a host descriptor for each
    /// description (<see cref="PassedDescriptors"/>) with the first chunk. The message's references go once it is sent.</summary>
    private static async ValueTask<long> SendWithRights(SyscallContext c, HostSocket s, GuestBuffer data, int flags, byte[]? to, FileDescription[] rights,
        UnixCredentials? credentials, PairSenders? toSenders)
    {
        if (s.Domain != AfUnix) { Release(rights); return Errno.EINVAL.Fail(); } // Linux: only AF_UNIX passes descriptors
        var passed = c.Kernel.PassedDescriptors;
        var hostFds = new int[rights.Length];
        var temporary = new bool[rights.Length];
        int made = 0;
        Errno e = Errno.Success;
        for (; made < rights.Length && e == Errno.Success; made++) e = passed.HostDescriptorFor(rights[made], out hostFds[made], out temporary[made]);
        long result;
        if (e != Errno.Success) result = e.Fail();
        else
        {
            bool stream = s.Type == SockStream;
            bool handedOver = false;
            if (!stream && data.Remaining > GuestTransfer.Chunk) result = Errno.EMSGSIZE.Fail();
            else result = await GuestTransfer.Send(c.Memory, data, byteExact: false, singleChunk: !stream, async (chunk, _) =>
            {
                long n = await s.Send(c.Thread, chunk, flags, to, handedOver ? null : hostFds, credentials, toSenders);
                if (n >= 0) handedOver = true;
                return n;
            });
            if (!handedOver) e = Errno.EAGAIN; // nothing carried them: the tokens go
        }
        for (int i = 0; i < made; i++)
        {
            if (!temporary[i]) continue;
            if (e != Errno.Success) passed.Unsent(hostFds[i]);
            LibC.Close(hostFds[i]);
        }
        Release(rights);
        return result;
    }

    private const int SolSocket = 1, ScmRights = 1, ScmCredentials = 2, CmsgHeader = 16, ScmMaxFd = 253;
    private const int MsgCtrunc = 8, MsgCmsgCloexec = 0x40000000;
    private const ulong OptMemMax = 131072;

    private static void Release(FileDescription[] files)
    {
        foreach (var f in files) f.Release();
    }

    /// <summary>
    /// The control messages of a sendmsg, checked as Linux's __scm_send checks them: SCM_RIGHTS descriptors
    /// (at most 253 in all, each open: EBADF), SCM_CREDENTIALS (<see cref="CheckCredentials"/>; the last one
    /// counts), other SOL_SOCKET types EINVAL, other levels go to the host's protocol as they are (its checks are
    /// Linux's: IP_PKTINFO, IP_TOS, IPV6_HOPLIMIT...; the layouts are the same). Each description returned holds a
    /// reference for the message.
    /// </summary>
    private static Errno ReadRights(SyscallContext c, in MsgHdr h, out FileDescription[] rights, out UnixCredentials? credentials, out byte[]? protocolControl)
    {
        rights = [];
        credentials = null;
        protocolControl = null;
        if (h.ControlLength > int.MaxValue || h.ControlLength > OptMemMax) return Errno.ENOBUFS;
        if (h.ControlLength < CmsgHeader) return Errno.Success;
        var control = new byte[h.ControlLength];
        if (c.Memory.Read(h.Control, control) != Errno.Success) return Errno.EFAULT;
        List<FileDescription> files = [];
        List<byte>? protocol = null;
        Errno Fail(Errno e)
        {
            foreach (var f in files) f.Release();
            return e;
        }
        for (int offset = 0; offset + CmsgHeader <= control.Length;)
        {
            ulong length = BitConverter.ToUInt64(control, offset);
            if (length < CmsgHeader || length > (ulong)(control.Length - offset)) return Fail(Errno.EINVAL);
            int level = BitConverter.ToInt32(control, offset + 8), type = BitConverter.ToInt32(control, offset + 12);
            if (level == SolSocket)
            {
                if (type == ScmRights)
                {
                    int count = (int)(length - CmsgHeader) / 4;
                    if (count > ScmMaxFd || files.Count + count > ScmMaxFd) return Fail(Errno.EINVAL);
                    for (int i = 0; i < count; i++)
                    {
                        if (c.Process.Files.Get(BitConverter.ToInt32(control, offset + CmsgHeader + 4 * i)) is not { } f) return Fail(Errno.EBADF);
                        f.AddRef();
                        files.Add(f);
                    }
                }
                else if (type == ScmCredentials)
                {
                    if (length != CmsgHeader + UnixCredentials.Size) return Fail(Errno.EINVAL);
                    var given = UnixCredentials.FromBytes(control.AsSpan(offset + CmsgHeader));
                    Errno check = CheckCredentials(c, given);
                    if (check != Errno.Success) return Fail(check);
                    credentials = given;
                }
                else return Fail(Errno.EINVAL);
            }
            else
            {
                int space = (int)Math.Min((length + 7) & ~7UL, (ulong)(control.Length - offset));
                protocol ??= [];
                protocol.AddRange(control.AsSpan(offset, space));
                for (int pad = space; pad < (int)((length + 7) & ~7UL); pad++) protocol.Add(0);
            }
            offset += (int)((length + 7) & ~7UL);
        }
        rights = [.. files];
        protocolControl = protocol?.ToArray();
        return Errno.Success;
    }

    /// <summary>
    /// Credentials a sender gives itself, checked as Linux's scm_check_creds and __scm_send check them: uid or gid -1
    /// is EINVAL; another pid, uid or gid than the caller's is EPERM unless it is privileged (uid 0: CAP_SYS_ADMIN,
    /// CAP_SETUID, CAP_SETGID); a pid no process has is ESRCH.
    /// </summary>
    private static Errno CheckCredentials(SyscallContext c, UnixCredentials given)
    {
        var own = HostSocket.CredentialsOf(c.Thread);
        if (given.Uid == uint.MaxValue || given.Gid == uint.MaxValue) return Errno.EINVAL;
        bool privileged = own.Uid == 0;
        if (!privileged && given != own) return Errno.EPERM;
        if (given.Pid != own.Pid && c.Kernel.Processes.Find(given.Pid) is null) return Errno.ESRCH;
        return Errno.Success;
    }

    /// <summary>
    /// Installs received descriptors as Linux's scm_detach_fds does: as many as the control buffer holds
    /// (MSG_CTRUNC for the rest, which are closed), one SCM_RIGHTS message at <paramref name="control"/>.
    /// </summary>
    private static Errno InstallRights(SyscallContext c, ControlWriter control, List<FileDescription> rights, bool cloexec)
    {
        if (rights.Count == 0) return Errno.Success;
        int max = Math.Min(control.Room > CmsgHeader ? (int)Math.Min((control.Room - CmsgHeader) / 4, int.MaxValue) : 0, rights.Count);
        List<int> fds = [];
        for (int i = 0; i < max; i++)
        {
            int fd = c.Process.Files.Add(rights[i], cloexec, 0, DescriptorSyscalls.FileLimit(c.Process));
            if (fd < 0) break;
            fds.Add(fd);
        }
        foreach (var f in rights) f.Release();
        if (fds.Count < rights.Count) control.Flags |= MsgCtrunc;
        if (fds.Count == 0) return Errno.Success;
        var data = new byte[4 * fds.Count];
        for (int i = 0; i < fds.Count; i++) BitConverter.TryWriteBytes(data.AsSpan(4 * i), fds[i]);
        return control.Put(ScmRights, data);
    }

    /// <summary>
    /// The control buffer of a recvmsg, filled as Linux's put_cmsg fills it (the one writer of SCM_CREDENTIALS and
    /// SCM_RIGHTS messages): a message that does not fit whole is cut to the room left, with MSG_CTRUNC (none at
    /// all when not even a header fits); each message takes CMSG_SPACE of its data, or the rest of the buffer.
    /// </summary>
    private sealed class ControlWriter(SyscallContext c, ulong address, ulong length, int flags)
    {
        private ulong used;
        /// <summary>Bytes left in the guest's control buffer.</summary>
        public ulong Room => length - used;
        /// <summary>msg_flags so far (MSG_CTRUNC added here).</summary>
        public int Flags { get; set; } = flags;
        /// <summary>The msg_controllen recvmsg reports: the bytes written.</summary>
        public ulong Used => used;

        public Errno Put(int type, ReadOnlySpan<byte> data) => Put(SolSocket, type, data);

        public Errno Put(int level, int type, ReadOnlySpan<byte> data)
        {
            if (address == 0 || Room < CmsgHeader)
            {
                Flags |= MsgCtrunc;
                return Errno.Success;
            }
            ulong full = CmsgHeader + (ulong)data.Length, written = full;
            if (Room < full)
            {
                Flags |= MsgCtrunc;
                written = Room;
            }
            var message = new byte[written];
            BitConverter.TryWriteBytes(message.AsSpan(0), written);
            BitConverter.TryWriteBytes(message.AsSpan(8), level);
            BitConverter.TryWriteBytes(message.AsSpan(12), type);
            data[..(int)(written - CmsgHeader)].CopyTo(message.AsSpan(CmsgHeader));
            if (c.Memory.Write(address + used, message) != Errno.Success) return Errno.EFAULT;
            used += Math.Min((full + 7) & ~7UL, Room);
            return Errno.Success;
        }
    }

    private static ValueTask<long> RecvMsg(SyscallContext c) => ReceiveMessage(c, c.A1, (int)c.A2);

    /// <summary>struct mmsghdr: a msghdr, then the length sent or received (unsigned int, padded to 8).</summary>
    private const ulong MmsgHdrSize = 64, MmsgLengthOffset = 56;
    /// <summary>Linux's UIO_MAXIOV: longer vectors are cut to it.</summary>
    private const ulong MaxMessages = 1024;
    private const int MsgDontWait = 0x40, MsgWaitForOne = 0x10000, MsgOob = 1, MsgPeek = 2;

    /// <summary>
    /// sendmmsg as Linux's __sys_sendmmsg: a sendmsg per entry, each one's count written to its msg_len, until one fails;
    /// the number sent, or the first entry's error when none was.
    /// </summary>
    private static async ValueTask<long> SendMultiple(SyscallContext c)
    {
        if (c.File(c.A0) is not { } file) return Errno.EBADF.Fail();
        if (file is not HostSocket) return Errno.ENOTSOCK.Fail();
        ulong count = Math.Min(c.A2, MaxMessages);
        long sent = 0, error = 0;
        for (ulong i = 0; i < count; i++)
        {
            ulong entry = c.A1 + i * MmsgHdrSize;
            long n = await SendMessage(c, entry, (int)c.A3);
            if (n < 0) { error = n; break; }
            if (c.Memory.Write(entry + MmsgLengthOffset, (uint)n) != Errno.Success) { error = Errno.EFAULT.Fail(); break; }
            sent++;
        }
        return sent > 0 ? sent : error;
    }

    /// <summary>
    /// recvmmsg as Linux's do_recvmmsg: a recvmsg per entry (MSG_WAITFORONE: only the first may wait); the timeout is
    /// checked only after each datagram, as Linux does (the first receive waits as long as it would without it), and
    /// what is left of it is written back. The number received, or the first receive's error when none was.
    /// </summary>
    private static async ValueTask<long> ReceiveMultiple(SyscallContext c)
    {
        long deadline = 0;
        if (c.A4 != 0)
        {
            if (GuestTimespec.Read(c, c.A4, out long ns) is var e && e != Errno.Success) return e.Fail();
            deadline = c.Kernel.Clock.MonotonicNanoseconds + ns;
        }
        if (c.File(c.A0) is not { } file) return Errno.EBADF.Fail();
        if (file is not HostSocket) return Errno.ENOTSOCK.Fail();
        int flags = (int)c.A3;
        ulong count = Math.Min(c.A2, MaxMessages);
        long received = 0, error = 0;
        for (ulong i = 0; i < count; i++)
        {
            ulong entry = c.A1 + i * MmsgHdrSize;
            long n = await ReceiveMessage(c, entry, flags & ~MsgWaitForOne);
            if (n < 0) { error = n; break; }
            if (c.Memory.Write(entry + MmsgLengthOffset, (uint)n) != Errno.Success) { error = Errno.EFAULT.Fail(); break; }
            received++;
            if ((flags & MsgWaitForOne) != 0) flags |= MsgDontWait;
            if (c.A4 != 0 && deadline - c.Kernel.Clock.MonotonicNanoseconds <= 0) break;
            if (c.Memory.Read(entry + 48, out int messageFlags) == Errno.Success && (messageFlags & MsgOob) != 0) break;
        }
        // An error after some datagrams waits for the next call (Linux: sk_err), unless it only said there were no more.
        if (received > 0 && error != 0 && error != Errno.EAGAIN.Fail() && file is HostSocket socket) socket.DeferredError = (Errno)(-error);
        if (c.A4 != 0 && received > 0)
        {
            long left = Math.Max(0, deadline - c.Kernel.Clock.MonotonicNanoseconds);
            if (GuestTimespec.Write(c, c.A4, left) != Errno.Success) return Errno.EFAULT.Fail();
        }
        return received > 0 ? received : error;
    }

    private static async ValueTask<long> ReceiveMessage(SyscallContext c, ulong header, int flags)
    {
        Errno e = OpenMessage(c, header, out var socket, out MsgHdr h, out var data);
        if (e != Errno.Success) return e.Fail();
        byte[]? from = h.Name != 0 ? new byte[MaxAddress] : null;
        uint fromLength = 0;
        // Descriptors the host passed with the bytes become descriptions (this kernel's own when they were sent from here).
        var received = new ReceivedDescriptors();
        long n = await GuestTransfer.Receive(c.Memory, data, byteExact: false, singleCall: true,
            (chunk, _) => socket.Receive(c.Thread, chunk, flags & ~MsgCmsgCloexec, from, l => fromLength = l, received),
            faultTakesMessage: TakesWholeMessages(socket, flags));
        List<FileDescription> rights = [.. received.HostFds.Select(c.Kernel.PassedDescriptors.Adopt)];
        if (n < 0) { foreach (var f in rights) f.Release(); return n; }
        // The control messages as Linux's scm_recv writes them: the credentials first, then the descriptors.
        // msg_flags echoes MSG_CMSG_CLOEXEC only when the guest asked for it (rvjit always asks the host).
        var control = new ControlWriter(c, h.Control, h.ControlLength, (received.MessageFlags & ~MsgCmsgCloexec) | (flags & MsgCmsgCloexec));
        foreach (var (level, type, bytes) in received.Protocol)
            if (control.Put(level, type, bytes) != Errno.Success)
            {
                foreach (var f in rights) f.Release();
                return Errno.EFAULT.Fail();
            }
        if (received.Credentials is { } credentials)
        {
            // The sender as the guest knows it: what a process of this kernel sent with, or a host program's guest pid.
            if (received.Sender is { } sender) credentials = sender.ToBytes();
            else BitConverter.TryWriteBytes(credentials, c.Kernel.GuestPidForHostPid(BitConverter.ToInt32(credentials)));
            if (control.Put(ScmCredentials, credentials) != Errno.Success)
            {
                foreach (var f in rights) f.Release();
                return Errno.EFAULT.Fail();
            }
        }
        InstallRights(c, control, rights, (flags & MsgCmsgCloexec) != 0);
        h.Flags = control.Flags;
        h.ControlLength = control.Used;
        GuestSender(c, ref from, ref fromLength);
        if (from is not null)
        {
            int len = (int)Math.Min(Math.Min(fromLength, (uint)MaxAddress), h.NameLength);
            if (len > 0 && c.Memory.Write(h.Name, from.AsSpan(0, len)) != Errno.Success) return Errno.EFAULT.Fail();
            h.NameLength = fromLength;
        }
        if (c.Memory.Write(header, h) != Errno.Success) return Errno.EFAULT.Fail();
        return n;
    }
}
