// Ethernet II frames (no FCS, as virtio-net carries them): destination, source, EtherType, payload.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public readonly record struct EthernetFrame(MacAddress Destination, MacAddress Source, ushort EtherType, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderLength = 14;
    public const ushort TypeIpv4 = 0x0800, TypeArp = 0x0806;
    /// <summary>The largest frame the link carries (1500 bytes of payload; virtio-net without GSO).</summary>
    public const int MaxLength = HeaderLength + 1500;

    /// <summary>Null when the frame is shorter than its header.</summary>
    public static EthernetFrame? Parse(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length < HeaderLength) return null;
        var s = frame.Span;
        return new EthernetFrame(MacAddress.Read(s), MacAddress.Read(s[6..]), BinaryPrimitives.ReadUInt16BigEndian(s[12..]), frame[HeaderLength..]);
    }

    public static byte[] Build(MacAddress destination, MacAddress source, ushort etherType, ReadOnlySpan<byte> payload)
    {
        var f = new byte[HeaderLength + payload.Length];
        destination.Write(f);
        source.Write(f.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), etherType);
        payload.CopyTo(f.AsSpan(HeaderLength));
        return f;
    }
}
