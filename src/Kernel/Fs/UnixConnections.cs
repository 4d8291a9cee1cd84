// Connections between guest AF_UNIX sockets made by path (bind, listen, connect, accept): the host sees rvjit at both ends.
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>
/// The guest sockets of this kernel that connected to an AF_UNIX stream or seqpacket path, by host inode, until they
/// close. When a guest server accepts, the host's socket diagnostics name the connecting socket's inode
/// (<see cref="UnixPeers"/>); if it is one of these, the two ends record their senders as a socketpair's do
/// (<see cref="HostSocket.Pair"/>), so SCM_CREDENTIALS name the guest process that sent, not rvjit.
/// And the guest datagram sockets bound to a path (by the socket file's device and inode) or an abstract name (by
/// the name), until they close: a guest socket that sends to one of those addresses records the datagram's sender
/// in the receiver's record (<see cref="HostSocket.ReceiveDatagramsFromGuests"/>).
/// </summary>
public sealed class UnixConnections
{
    private readonly Dictionary<ulong, HostSocket> clients = [];
    private readonly Dictionary<string, HostSocket> receivers = [];
    private readonly Dictionary<string, byte[]> guestNames = [];
    private readonly Lock gate = new();

    /// <summary>A guest socket has connected (it records its senders from now on).</summary>
    public void Connected(HostSocket client)
    {
        ulong inode = client.HostInode;
        if (inode == 0) return;
        client.RecordSenders();
        lock (gate) clients[inode] = client;
        client.OnClosed = () => { lock (gate) if (clients.GetValueOrDefault(inode) == client) clients.Remove(inode); };
    }

    /// <summary>A guest server accepted <paramref name="accepted"/>: pairs it with the guest socket at the other end, if any.</summary>
    public void Accepted(HostSocket accepted)
    {
        if (UnixPeers.PeerOf(accepted.HostInode) is not { } peer) return;
        HostSocket? client;
        lock (gate) client = clients.GetValueOrDefault(peer);
        if (client is not null) HostSocket.Pair(accepted, client);
    }

    /// <summary>A guest datagram socket was bound to <paramref name="address"/> (still held: its path is valid).</summary>
    public void Bound(HostSocket receiver, HostSocketAddress address)
    {
        if (Key(address) is not { } key) return;
        receiver.ReceiveDatagramsFromGuests();
        if (!receiver.PassCredForced) return;
        lock (gate) receivers[key] = receiver;
        receiver.OnClosed = () => { lock (gate) if (receivers.GetValueOrDefault(key) == receiver) receivers.Remove(key); };
    }

    /// <summary>
    /// A guest socket was bound to an AF_UNIX path as <paramref name="hostName"/> (the /proc/self/fd/N/name the host
    /// took, which it reports as the socket's address for good): a datagram it sends arrives from that name, and
    /// <see cref="GuestAddress"/> gives the receiver the guest's name instead, until the socket closes.
    /// </summary>
    public void Named(HostSocket socket, byte[] hostName, byte[] guestName)
    {
        string key = Convert.ToHexString(hostName.AsSpan(0, AddressLength(hostName, hostName.Length)));
        lock (gate) guestNames[key] = guestName;
        var previous = socket.OnClosed;
        socket.OnClosed = () =>
        {
            previous?.Invoke();
            lock (gate) if (guestNames.GetValueOrDefault(key) == guestName) guestNames.Remove(key);
        };
    }

    /// <summary>A sender's address as recvfrom or recvmsg got it from the host (<paramref name="length"/> bytes of
    /// <paramref name="address"/>) turned into the guest's name when it is a guest socket's bound path; null: as it is.</summary>
    public byte[]? GuestAddress(byte[] address, uint length)
    {
        int n = AddressLength(address, (int)Math.Min(length, (uint)address.Length));
        if (n < 3 || address[0] != 1 || address[1] != 0 || address[2] == 0) return null;
        string key = Convert.ToHexString(address.AsSpan(0, n));
        lock (gate) return guestNames.GetValueOrDefault(key);
    }

    // An AF_UNIX path address up to its path's NUL (the host may report it with or without one).
    private static int AddressLength(byte[] address, int length)
    {
        int end = length > 2 ? Array.IndexOf(address, (byte)0, 2, length - 2) : -1;
        return end < 0 ? length : end;
    }

    /// <summary>The guest datagram socket bound at <paramref name="address"/> (still held), if any.</summary>
    public HostSocket? ReceiverAt(HostSocketAddress address)
    {
        if (Key(address) is not { } key) return null;
        lock (gate) return receivers.GetValueOrDefault(key);
    }

    // An AF_UNIX address as the host knows it: an abstract name by its bytes; a path (a /proc/self/fd name the held
    // descriptor keeps valid) by the socket file's device and inode.
    private static unsafe string? Key(HostSocketAddress address)
    {
        byte[] bytes = address.Bytes;
        if (bytes.Length < 3 || bytes[0] != 1 || bytes[1] != 0) return null;
        if (bytes[2] == 0) return "abstract:" + Convert.ToHexString(bytes);
        int end = Array.IndexOf(bytes, (byte)0, 2);
        string path = System.Text.Encoding.UTF8.GetString(bytes, 2, (end < 0 ? bytes.Length : end) - 2);
        StatxBuffer st;
        if (LibC.Statx(LibC.AtFdCwd, path, 0, 0x100 /* STATX_INO */, &st) != 0) return null;
        return $"file:{st.DevMajor}:{st.DevMinor}:{st.Inode}";
    }
}
