// A hostfwd rule of QEMU's -netdev user: tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT.
using System.Net;

namespace RvJit.Runtime.Net;

/// <summary>Connections to <paramref name="HostAddress"/>:<paramref name="HostPort"/> on the host are opened
/// into the guest's <paramref name="GuestAddress"/>:<paramref name="GuestPort"/>.</summary>
public sealed record HostForwardRule(uint HostAddress, ushort HostPort, uint GuestAddress, ushort GuestPort)
{
    /// <summary>QEMU's spelling; the host address defaults to the loopback (QEMU's to every address: rvjit keeps
    /// forwarded ports off the network), the guest's to 10.0.2.15. Null with a reason for a malformed rule.</summary>
    public static (HostForwardRule? Rule, string? Error) Parse(string text)
    {
        string[] sides = text.Split('-');
        if (sides.Length != 2) return (null, "expected tcp:[hostaddr]:hostport-[guestaddr]:guestport");
        string host = sides[0];
        int colon = host.IndexOf(':');
        string protocol = colon < 0 ? "" : host[..colon];
        if (colon < 0 || protocol is not ("tcp" or "")) return (null, protocol == "udp" ? "udp forwarding is not supported (tcp only)" : "expected tcp:[hostaddr]:hostport-[guestaddr]:guestport");
        var (hostAddr, hostPort, e1) = AddressAndPort(host[(colon + 1)..], Ipv4Address.Loopback);
        if (e1 is not null) return (null, e1);
        var (guestAddr, guestPort, e2) = AddressAndPort(sides[1], UserNetAddresses.Guest);
        if (e2 is not null) return (null, e2);
        if (guestPort == 0) return (null, "a guest port is needed");
        return (new HostForwardRule(hostAddr, hostPort, guestAddr, guestPort), null);
    }

    private static (uint, ushort, string?) AddressAndPort(string text, uint defaultAddress)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0) return (0, 0, $"'{text}': expected [address]:port");
        uint address = defaultAddress;
        if (colon > 0)
        {
            if (!IPAddress.TryParse(text[..colon], out var ip) || Ipv4Address.FromIp(ip) is not { } a) return (0, 0, $"'{text[..colon]}' is not an IPv4 address");
            address = a;
        }
        if (!ushort.TryParse(text[(colon + 1)..], out ushort port)) return (0, 0, $"'{text[(colon + 1)..]}' is not a port");
        return (address, port, null);
    }
}
