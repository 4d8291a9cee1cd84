// IPv4 packets (RFC 791): the header checked on the way in (version, lengths, checksum; fragments refused),
// built with a correct checksum on the way out.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public sealed record Ipv4Packet(uint Source, uint Destination, byte Protocol, byte Ttl, ushort Identification, ReadOnlyMemory<byte> Payload)
{
    public const byte ProtocolIcmp = 1, ProtocolTcp = 6, ProtocolUdp = 17;
    public const int HeaderLength = 20;
    public const byte DefaultTtl = 64;

    /// <summary>The packet, or why it is dropped (the guest's mistakes are dropped, never fatal).</summary>
    public static (Ipv4Packet? Packet, string? Error) Parse(ReadOnlyMemory<byte> data)
    {
        var p = data.Span;
        if (p.Length < HeaderLength) return (null, "IPv4 packet shorter than its header");
        if (p[0] >> 4 != 4) return (null, $"IP version {p[0] >> 4}");
        int headerLength = (p[0] & 0xF) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        if (headerLength < HeaderLength || headerLength > p.Length) return (null, $"IPv4 header length {headerLength}");
        // The frame may carry Ethernet padding past the packet, never less than the packet.
        if (total < headerLength || total > p.Length) return (null, $"IPv4 total length {total} of a {p.Length}-byte packet");
        if (InternetChecksum.Compute(p[..headerLength]) != 0) return (null, "IPv4 header checksum");
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(p[6..]);
        if ((fragment & 0x3FFF) != 0) return (null, "IPv4 fragment (not reassembled)");
        return (new Ipv4Packet(BinaryPrimitives.ReadUInt32BigEndian(p[12..]), BinaryPrimitives.ReadUInt32BigEndian(p[16..]), p[9], p[8],
            BinaryPrimitives.ReadUInt16BigEndian(p[4..]), data[headerLength..total]), null);
    }

    /// <summary>A packet with a 20-byte header (DF clear, as slirp sends).</summary>
    public static byte[] Build(uint source, uint destination, byte protocol, byte ttl, ushort identification, ReadOnlySpan<byte> payload)
    {
        var p = new byte[HeaderLength + payload.Length];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), identification);
        p[8] = ttl;
        p[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), InternetChecksum.Compute(p.AsSpan(0, HeaderLength)));
        payload.CopyTo(p.AsSpan(HeaderLength));
        return p;
    }
}
