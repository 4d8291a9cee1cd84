// The addresses of QEMU's user-mode network (slirp's defaults): the guest's network 10.0.2.0/24, the
// gateway and host at 10.0.2.2, the DNS forwarder at 10.0.2.3, DHCP addresses from 10.0.2.15.
namespace RvJit.Runtime.Net;

public static class UserNetAddresses
{
    public static readonly uint Network = Ipv4Address.Make(10, 0, 2, 0);
    public static readonly uint Netmask = Ipv4Address.Make(255, 255, 255, 0);
    public static readonly uint Host = Ipv4Address.Make(10, 0, 2, 2);
    public static readonly uint Dns = Ipv4Address.Make(10, 0, 2, 3);
    public static readonly uint Guest = Ipv4Address.Make(10, 0, 2, 15);

    /// <summary>The network's broadcast address (10.0.2.255).</summary>
    public static uint SubnetBroadcast => Network | ~Netmask;

    public static bool InNetwork(uint address) => (address & Netmask) == Network;

    /// <summary>The Ethernet address slirp gives its own addresses: 52:55 then the IPv4 address (52:55:0a:00:02:02).</summary>
    public static MacAddress SpecialMac(uint address) => new(0x5255_0000_0000UL | address);
}
