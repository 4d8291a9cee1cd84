// A sockaddr ready for a host socket call; an AF_UNIX path in it names a descriptor opened inside the root.
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>
/// What bind, connect and sendto give the host. A guest AF_UNIX path becomes /proc/self/fd/N (the socket
/// file itself) or /proc/self/fd/N/name (a new name in its parent directory) for a descriptor the VFS
/// opened inside the root: the host resolves nothing the guest can redirect. The descriptor stays open
/// until this is disposed, after the host call.
/// </summary>
public sealed class HostSocketAddress : IDisposable
{
    private const int AfUnix = 1, SunPathLength = 108;
    private int heldFd;

    public HostSocketAddress(byte[] bytes, int heldFd = -1)
    {
        Bytes = bytes;
        this.heldFd = heldFd;
    }

    public byte[] Bytes { get; }

    /// <summary>For an AF_UNIX path: the address as the guest should see it in getsockname/getpeername.</summary>
    public byte[]? GuestName { get; set; }

    /// <summary>sockaddr_un for <paramref name="hostPath"/> (which <paramref name="heldFd"/> keeps valid).</summary>
    internal static Errno ForUnixPath(string hostPath, int heldFd, out HostSocketAddress address)
    {
        address = null!;
        byte[] path = System.Text.Encoding.UTF8.GetBytes(hostPath);
        if (path.Length >= SunPathLength)
        {
            LibC.Close(heldFd);
            return Errno.ENAMETOOLONG;
        }
        var bytes = new byte[2 + path.Length + 1];
        bytes[0] = AfUnix;
        path.CopyTo(bytes, 2);
        address = new HostSocketAddress(bytes, heldFd);
        return Errno.Success;
    }

    public void Dispose()
    {
        if (heldFd >= 0) LibC.Close(heldFd);
        heldFd = -1;
    }
}
