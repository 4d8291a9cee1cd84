// TCP segments (RFC 9293): the header with its flags, window and the MSS option, and the checksum over the
// IPv4 pseudo-header.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public sealed record TcpSegment(ushort SourcePort, ushort DestinationPort, uint Sequence, uint Acknowledgment, byte Flags, ushort Window,
    ushort? Mss, ReadOnlyMemory<byte> Payload)
{
    public const byte Fin = 1, Syn = 2, Rst = 4, Psh = 8, Ack = 16;
    public const int HeaderLength = 20;

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>Sequence space the segment takes: its data, and one each for SYN and FIN.</summary>
    public uint SequenceLength => (uint)Payload.Length + (Has(Syn) ? 1u : 0) + (Has(Fin) ? 1u : 0);

    /// <summary>The segment of an IPv4 packet, or why it is dropped.</summary>
    public static (TcpSegment? Segment, string? Error) Parse(Ipv4Packet ip)
    {
        var p = ip.Payload.Span;
        if (p.Length < HeaderLength) return (null, "TCP segment shorter than its header");
        int offset = (p[12] >> 4) * 4;
        if (offset < HeaderLength || offset > p.Length) return (null, $"TCP data offset {offset} of a {p.Length}-byte segment");
        if (InternetChecksum.Transport(ip.Source, ip.Destination, Ipv4Packet.ProtocolTcp, p) != 0) return (null, "TCP checksum");
        ushort? mss = null;
        // Options: kind 0 ends them, 1 pads, 2 is the MSS; any other carries its length.
        for (int i = HeaderLength; i < offset;)
        {
            byte kind = p[i];
            if (kind == 0) break;
            if (kind == 1) { i++; continue; }
            if (i + 1 >= offset || p[i + 1] < 2 || i + p[i + 1] > offset) break;
            if (kind == 2 && p[i + 1] == 4) mss = BinaryPrimitives.ReadUInt16BigEndian(p[(i + 2)..]);
            i += p[i + 1];
        }
        return (new TcpSegment(BinaryPrimitives.ReadUInt16BigEndian(p), BinaryPrimitives.ReadUInt16BigEndian(p[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(p[4..]), BinaryPrimitives.ReadUInt32BigEndian(p[8..]), (byte)(p[13] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(p[14..]), mss, ip.Payload[offset..]), null);
    }

    /// <summary>The TCP header (with the MSS option when given) and payload, checksummed.</summary>
    public static byte[] Build(uint source, uint destination, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment,
        byte flags, ushort window, ushort? mss, ReadOnlySpan<byte> payload)
    {
        int header = HeaderLength + (mss is null ? 0 : 4);
        var s = new byte[header + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(s, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(8), acknowledgment);
        s[12] = (byte)(header / 4 << 4);
        s[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(14), window);
        if (mss is { } m)
        {
            s[20] = 2;
            s[21] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(22), m);
        }
        payload.CopyTo(s.AsSpan(header));
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(16), InternetChecksum.Transport(source, destination, Ipv4Packet.ProtocolTcp, s));
        return s;
    }
}
