// ARP for IPv4 over Ethernet (RFC 826): requests and replies of 28 bytes.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public sealed record ArpMessage(ushort Operation, MacAddress SenderMac, uint SenderIp, MacAddress TargetMac, uint TargetIp)
{
    public const ushort Request = 1, Reply = 2;
    public const int Length = 28;

    /// <summary>Null unless it is Ethernet/IPv4 ARP of full length.</summary>
    public static ArpMessage? Parse(ReadOnlySpan<byte> p)
    {
        if (p.Length < Length) return null;
        if (BinaryPrimitives.ReadUInt16BigEndian(p) != 1 || BinaryPrimitives.ReadUInt16BigEndian(p[2..]) != EthernetFrame.TypeIpv4 || p[4] != 6 || p[5] != 4)
            return null;
        return new ArpMessage(BinaryPrimitives.ReadUInt16BigEndian(p[6..]), MacAddress.Read(p[8..]), BinaryPrimitives.ReadUInt32BigEndian(p[14..]),
            MacAddress.Read(p[18..]), BinaryPrimitives.ReadUInt32BigEndian(p[24..]));
    }

    public byte[] ToBytes()
    {
        var p = new byte[Length];
        BinaryPrimitives.WriteUInt16BigEndian(p, 1);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), EthernetFrame.TypeIpv4);
        p[4] = 6;
        p[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), Operation);
        SenderMac.Write(p.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(14), SenderIp);
        TargetMac.Write(p.AsSpan(18));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(24), TargetIp);
        return p;
    }
}
