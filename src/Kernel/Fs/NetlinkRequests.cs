// Which NETLINK_ROUTE requests a guest may hand to the host.
using System.Buffers.Binary;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A guest's NETLINK_ROUTE socket is a host socket (interfaces, addresses and routes as the host lists them, as under
/// qemu-user), but only to read: a guest that rvjit runs as root must not change the host's interfaces or routes.
/// rtnetlink gives every request type a kind in its low two bits (new, delete, get, set from RTM_BASE = 16) and lets
/// processes without CAP_NET_ADMIN send only the gets; rvjit applies the same rule to every guest, and a buffer holding
/// any other request is refused whole with EPERM before the host sees it (Linux answers EPERM in an error message).
/// </summary>
public static class NetlinkRequests
{
    private const int HeaderLength = 16; // struct nlmsghdr: length, type, flags, sequence, port
    private const int FirstRequestType = 16; // NLMSG_MIN_TYPE: below it, control messages (noop, error, done)
    private const int GetKind = 2;

    /// <summary>Whether every request in <paramref name="messages"/> only reads. The walk stops where the host's would
    /// (a header shorter than a header, or longer than what is left), since nothing after that is read.</summary>
    public static bool OnlyReads(ReadOnlySpan<byte> messages)
    {
        while (messages.Length >= HeaderLength)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(messages);
            if (length < HeaderLength || length > (uint)messages.Length) return true;
            int type = BinaryPrimitives.ReadUInt16LittleEndian(messages[4..]);
            if (type >= FirstRequestType && ((type - FirstRequestType) & 3) != GetKind) return false;
            int aligned = (int)Math.Min((length + 3) & ~3u, (uint)messages.Length); // NLMSG_ALIGN
            messages = messages[aligned..];
        }
        return true;
    }
}
