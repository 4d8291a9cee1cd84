// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit big-endian
// words, used by IPv4 headers, ICMP, UDP and TCP (the last two over a pseudo-header too).
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum (an odd last byte is padded with zero).</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        // Fold early so that long buffers never overflow.
        return (sum & 0xFFFF) + (sum >> 16);
    }

    /// <summary>The checksum of a running sum: folded and complemented.</summary>
    public static ushort Finish(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>The sum of the IPv4 pseudo-header of a TCP or UDP segment.</summary>
    public static uint PseudoHeader(uint source, uint destination, byte protocol, int length) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + protocol + (uint)length;

    /// <summary>The TCP or UDP checksum of <paramref name="segment"/> (its checksum field included as it is:
    /// 0 when the field is right, the value to store when the field is zero).</summary>
    public static ushort Transport(uint source, uint destination, byte protocol, ReadOnlySpan<byte> segment) =>
        Finish(Add(PseudoHeader(source, destination, protocol, segment.Length), segment));
}
