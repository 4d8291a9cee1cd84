// UDP (RFC 768): ports, length and the optional checksum over the IPv4 pseudo-header.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public sealed record UdpDatagram(ushort SourcePort, ushort DestinationPort, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderLength = 8;

    /// <summary>The datagram of an IPv4 packet, or why it is dropped.</summary>
    public static (UdpDatagram? Datagram, string? Error) Parse(Ipv4Packet ip)
    {
        var p = ip.Payload.Span;
        if (p.Length < HeaderLength) return (null, "UDP datagram shorter than its header");
        int length = BinaryPrimitives.ReadUInt16BigEndian(p[4..]);
        if (length < HeaderLength || length > p.Length) return (null, $"UDP length {length} of a {p.Length}-byte payload");
        // A zero checksum means none was computed.
        if (BinaryPrimitives.ReadUInt16BigEndian(p[6..]) != 0 && InternetChecksum.Transport(ip.Source, ip.Destination, Ipv4Packet.ProtocolUdp, p[..length]) != 0)
            return (null, "UDP checksum");
        return (new UdpDatagram(BinaryPrimitives.ReadUInt16BigEndian(p), BinaryPrimitives.ReadUInt16BigEndian(p[2..]), ip.Payload[HeaderLength..length]), null);
    }

    /// <summary>The UDP header and payload with its checksum (a computed 0 is sent as 0xFFFF).</summary>
    public static byte[] Build(uint source, uint destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var d = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(d, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(4), (ushort)d.Length);
        payload.CopyTo(d.AsSpan(HeaderLength));
        ushort sum = InternetChecksum.Transport(source, destination, Ipv4Packet.ProtocolUdp, d);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(6), sum == 0 ? (ushort)0xFFFF : sum);
        return d;
    }
}
