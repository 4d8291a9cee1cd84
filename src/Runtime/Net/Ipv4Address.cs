// IPv4 addresses as host-order 32-bit numbers (10.0.2.15 = 0x0A00020F), with their text and socket forms.
using System.Net;

namespace RvJit.Runtime.Net;

public static class Ipv4Address
{
    public const uint Any = 0, Broadcast = 0xFFFF_FFFF, Loopback = 0x7F00_0001;

    public static uint Make(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    public static string Format(uint a) => $"{a >> 24}.{a >> 16 & 0xFF}.{a >> 8 & 0xFF}.{a & 0xFF}";

    public static IPAddress ToIp(uint a) => new([(byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a]);

    /// <summary>An IPv4 (or IPv4-mapped IPv6) socket address as a number; null for anything else.</summary>
    public static uint? FromIp(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        byte[] b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    public static bool IsLoopback(uint a) => a >> 24 == 127;
}
