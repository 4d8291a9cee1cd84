// The host's socket diagnostics (NETLINK_SOCK_DIAG, unix_diag): which AF_UNIX socket is connected to which.
namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// Asks the host for the peer of an AF_UNIX socket, by inode (SOCK_DIAG_BY_FAMILY, UDIAG_SHOW_PEER): an accepted
/// connection's peer is the socket that connected, which the kernel may know as a guest socket of its own.
/// </summary>
public static unsafe class UnixPeers
{
    private const int AfNetlink = 16, NetlinkSockDiag = 4, SockDiagByFamily = 20, NlmFRequest = 1, NlmsgError = 2;
    private const int UdiagShowPeer = 4, UnixDiagPeer = 2, SockDgram = 2, SockCloexec = 0x80000;

    /// <summary>The inode of the socket connected to the one with <paramref name="inode"/>, or null (no peer, or no
    /// socket diagnostics in the host kernel).</summary>
    public static ulong? PeerOf(ulong inode)
    {
        if (inode == 0 || inode > uint.MaxValue) return null;
        int fd = LibC.Socket(AfNetlink, SockDgram | SockCloexec, NetlinkSockDiag);
        if (fd < 0) return null;
        try
        {
            // struct nlmsghdr (16 bytes), then struct unix_diag_req (24 bytes): family, protocol, pad, states,
            // inode, what to show, and the "no cookie" cookie (both words ~0).
            byte* request = stackalloc byte[40];
            new Span<byte>(request, 40).Clear();
            *(uint*)request = 40;
            *(ushort*)(request + 4) = SockDiagByFamily;
            *(ushort*)(request + 6) = NlmFRequest;
            request[16] = 1; // AF_UNIX
            *(uint*)(request + 20) = uint.MaxValue; // every state
            *(uint*)(request + 24) = (uint)inode;
            *(uint*)(request + 28) = UdiagShowPeer;
            *(uint*)(request + 32) = uint.MaxValue;
            *(uint*)(request + 36) = uint.MaxValue;
            if (LibC.SendTo(fd, request, 40, 0, null, 0) != 40) return null;
            byte* reply = stackalloc byte[512];
            long n = LibC.RecvFrom(fd, reply, 512, 0, null, null);
            // nlmsghdr, then struct unix_diag_msg (16 bytes), then attributes (struct rtattr: length, type, value).
            if (n < 32 || *(ushort*)(reply + 4) == NlmsgError) return null;
            long end = Math.Min(n, *(uint*)reply);
            for (long at = 32; at + 4 <= end;)
            {
                ushort length = *(ushort*)(reply + at), type = *(ushort*)(reply + at + 2);
                if (length < 4 || at + length > end) break;
                if (type == UnixDiagPeer && length >= 8) return *(uint*)(reply + at + 4);
                at += (length + 3) & ~3;
            }
            return null;
        }
        finally
        {
            LibC.Close(fd);
        }
    }
}
