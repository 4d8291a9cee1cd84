// The user network's packet formats on their own: the Internet checksum against RFC 1071's example, and
// IPv4, UDP and TCP parsing that refuses what is malformed (short, inconsistent lengths, bad checksums,
// fragments, option lists that run past the header) without throwing.
using System.Buffers.Binary;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public class PacketTests
{
    private static readonly uint A = Ipv4Address.Make(10, 0, 2, 15), B = UserNetAddresses.Host;

    [Fact]
    public void ChecksumMatchesRfc1071()
    {
        // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2 (folded), its complement 220d.
        Assert.Equal(0x220d, InternetChecksum.Compute([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
        // An odd byte counts as the high half of a word.
        Assert.Equal(InternetChecksum.Compute([0x12, 0x34, 0x56, 0x00]), InternetChecksum.Compute([0x12, 0x34, 0x56]));
        Assert.Equal(0xFFFF, InternetChecksum.Compute([]));
        // Long buffers of 0xFF never overflow the running sum.
        Assert.Equal(0, InternetChecksum.Compute(Enumerable.Repeat((byte)0xFF, 100_001).ToArray()) & 0xFF00);
    }

    [Fact]
    public void BuiltPacketsCheckOut()
    {
        byte[] ip = Ipv4Packet.Build(A, B, Ipv4Packet.ProtocolUdp, 64, 7, UdpDatagram.Build(A, B, 1000, 2000, "hi"u8));
        Assert.Equal(0, InternetChecksum.Compute(ip.AsSpan(0, 20)));
        var (packet, error) = Ipv4Packet.Parse(ip);
        Assert.Null(error);
        Assert.Equal((A, B, (byte)17, (byte)64), (packet!.Source, packet.Destination, packet.Protocol, packet.Ttl));
        var (udp, e2) = UdpDatagram.Parse(packet);
        Assert.Null(e2);
        Assert.Equal((1000, 2000, "hi"), (udp!.SourcePort, udp.DestinationPort, System.Text.Encoding.ASCII.GetString(udp.Payload.Span)));
    }

    [Fact]
    public void EthernetPaddingPastTheIpPacketIsIgnored()
    {
        byte[] ip = Ipv4Packet.Build(A, B, Ipv4Packet.ProtocolIcmp, 64, 1, new byte[8]);
        var (packet, error) = Ipv4Packet.Parse(ip.Concat(new byte[18]).ToArray());
        Assert.Null(error);
        Assert.Equal(8, packet!.Payload.Length);
    }

    public static TheoryData<string, string> MalformedIpv4 => new()
    {
        { "short", "shorter than its header" },
        { "version6", "IP version 6" },
        { "ihl3", "header length 12" },
        { "ihl15", "header length 60" },
        { "total-beyond", "total length 1400" },
        { "total-below-header", "total length 10" },
        { "checksum", "header checksum" },
        { "fragment", "fragment" },
        { "last-fragment", "fragment" },
    };

    [Theory]
    [MemberData(nameof(MalformedIpv4))]
    public void MalformedIpv4IsRefused(string how, string reason)
    {
        byte[] p = Ipv4Packet.Build(A, B, Ipv4Packet.ProtocolUdp, 64, 1, new byte[16]);
        void Fix() { p[10] = p[11] = 0; BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), InternetChecksum.Compute(p.AsSpan(0, (p[0] & 15) * 4 <= p.Length ? Math.Max(20, (p[0] & 15) * 4) : 20))); }
        switch (how)
        {
            case "short": p = p[..19]; break;
            case "version6": p[0] = 0x65; Fix(); break;
            case "ihl3": p[0] = 0x43; Fix(); break;
            case "ihl15": p[0] = 0x4F; break;
            case "total-beyond": BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 1400); Fix(); break;
            case "total-below-header": BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 10); Fix(); break;
            case "checksum": p[10] ^= 1; break;
            case "fragment": p[6] = 0x20; Fix(); break; // more fragments
            case "last-fragment": p[7] = 0x10; Fix(); break; // an offset
        }
        var (packet, error) = Ipv4Packet.Parse(p);
        Assert.Null(packet);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void UdpLengthsAndChecksumsAreChecked()
    {
        byte[] d = UdpDatagram.Build(A, B, 1, 2, new byte[10]);
        Ipv4Packet Packet(byte[] payload) => new(A, B, Ipv4Packet.ProtocolUdp, 64, 0, payload);
        Assert.NotNull(UdpDatagram.Parse(Packet(d)).Datagram);
        var bad = (byte[])d.Clone();
        bad[12] ^= 0xFF;
        Assert.Contains("checksum", UdpDatagram.Parse(Packet(bad)).Error);
        // A zero checksum is "none computed": the datagram is taken.
        bad[6] = bad[7] = 0;
        Assert.NotNull(UdpDatagram.Parse(Packet(bad)).Datagram);
        var longer = (byte[])d.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(4), 200);
        Assert.Contains("UDP length 200", UdpDatagram.Parse(Packet(longer)).Error);
        Assert.Contains("shorter", UdpDatagram.Parse(Packet(d[..5])).Error);
    }

    [Fact]
    public void TcpOptionsFlagsAndChecksumsAreRead()
    {
        byte[] s = TcpSegment.Build(A, B, 4000, 80, 1000, 2000, TcpSegment.Syn | TcpSegment.Ack, 8192, 1400, "abc"u8);
        var ip = new Ipv4Packet(A, B, Ipv4Packet.ProtocolTcp, 64, 0, s);
        var (seg, error) = TcpSegment.Parse(ip);
        Assert.Null(error);
        Assert.Equal((4000, 80, 1000u, 2000u, (ushort)8192, (ushort?)1400, 3), (seg!.SourcePort, seg.DestinationPort, seg.Sequence, seg.Acknowledgment, seg.Window, seg.Mss, seg.Payload.Length));
        Assert.True(seg.Has(TcpSegment.Syn) && seg.Has(TcpSegment.Ack) && !seg.Has(TcpSegment.Fin));
        Assert.Equal(4u, seg.SequenceLength); // SYN + 3 bytes

        var bad = (byte[])s.Clone();
        bad[^1] ^= 1;
        Assert.Contains("checksum", TcpSegment.Parse(ip with { Payload = bad }).Error);
    }

    [Fact]
    public void TcpHeaderLengthPastTheSegmentIsRefused()
    {
        byte[] s = TcpSegment.Build(A, B, 1, 2, 0, 0, TcpSegment.Syn, 0, null, []);
        s[12] = 0xF0; // 60 bytes of header in a 20-byte segment
        Assert.Contains("data offset 60", TcpSegment.Parse(new Ipv4Packet(A, B, 6, 64, 0, s)).Error);
        s[12] = 0x40; // 16 bytes: less than the fixed header
        Assert.Contains("data offset 16", TcpSegment.Parse(new Ipv4Packet(A, B, 6, 64, 0, s)).Error);
    }

    [Fact]
    public void TcpOptionsThatRunPastTheHeaderEndTheList()
    {
        // A kind-8 option claiming 40 bytes in a 4-byte option area; a zero-length option; an MSS option cut by the header's end.
        foreach (byte[] options in new byte[][] { [1, 8, 40, 0], [5, 0, 0, 0], [1, 1, 2, 4] })
        {
            var s = new byte[24];
            s[12] = 0x60;
            s[13] = TcpSegment.Ack;
            options.CopyTo(s, 20);
            BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(16), InternetChecksum.Transport(A, B, 6, s));
            var (seg, error) = TcpSegment.Parse(new Ipv4Packet(A, B, 6, 64, 0, s));
            Assert.Null(error);
            Assert.Null(seg!.Mss);
        }
    }

    [Fact]
    public void ArpNeedsEthernetAndIpv4OfFullLength()
    {
        var request = new ArpMessage(ArpMessage.Request, MacAddress.QemuDefault, A, default, B);
        byte[] b = request.ToBytes();
        Assert.Equal(request, ArpMessage.Parse(b));
        Assert.Null(ArpMessage.Parse(b.AsSpan(0, 27)));
        b[5] = 16; // an IPv6-sized protocol address
        Assert.Null(ArpMessage.Parse(b));
    }

    [Theory]
    [InlineData("tcp::5555-:22", 0x7F000001u, 5555, 0x0A00020Fu, 22)]
    [InlineData("tcp:127.0.0.1:8080-10.0.2.16:80", 0x7F000001u, 8080, 0x0A000210u, 80)]
    [InlineData("::2222-:22", 0x7F000001u, 2222, 0x0A00020Fu, 22)]
    [InlineData("tcp:0.0.0.0:0-:7", 0u, 0, 0x0A00020Fu, 7)]
    public void HostForwardRulesParse(string text, uint hostAddress, int hostPort, uint guestAddress, int guestPort)
    {
        var (rule, error) = HostForwardRule.Parse(text);
        Assert.Null(error);
        Assert.Equal(new HostForwardRule(hostAddress, (ushort)hostPort, guestAddress, (ushort)guestPort), rule);
    }

    [Theory]
    [InlineData("tcp::5555")]
    [InlineData("tcp::5555-:0")]
    [InlineData("tcp::99999-:22")]
    [InlineData("tcp:example:1-:2")]
    [InlineData("sctp::1-:2")]
    [InlineData("udp::1-:2")]
    [InlineData(":2222-:22")] // QEMU too reads "2222-" as the host address
    public void MalformedHostForwardRulesAreRefused(string text)
    {
        var (rule, error) = HostForwardRule.Parse(text);
        Assert.Null(rule);
        Assert.NotNull(error);
    }
}
