// Connections between guest AF_UNIX sockets made by path (bind, listen, connect, accept): the host sees rvjit at both ends.
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>
/// The guest sockets of this kernel that connected to an AF_UNIX stream or seqpacket path, by host inode, until they
/// close. When a guest server accepts, the host's socket diagnostics name the connecting socket's inode
/// (<see cref="UnixPeers"/>); if it is one of these, the two ends record their senders as a socketpair's do
/// (<see cref="HostSocket.Connected"/>), so SCM_CREDENTIALS name the guest process that sent, not rvjit.
/// </summary>
public sealed class UnixConnections
{
    private readonly Dictionary<ulong, HostSocket> clients = [];
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
        if (client is not null) HostSocket.Connected(accepted, client);
    }
}
