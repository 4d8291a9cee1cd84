// The user-mode network driven frame by frame from the guest's side, without a machine: ARP, DHCP, ICMP,
// malformed frames, resets for strangers, and TCP through host sockets (the handshake, data larger than the
// guest's window in order, a lost segment sent again, both FINs, a refused connect, hostfwd).
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public sealed class UserNetworkTests : IDisposable
{
    private static readonly MacAddress GuestMac = MacAddress.QemuDefault;
    private static readonly MacAddress GatewayMac = UserNetAddresses.SpecialMac(UserNetAddresses.Host);
    private static readonly uint Guest = UserNetAddresses.Guest, Host = UserNetAddresses.Host;

    private readonly BlockingCollection<byte[]> toGuest = [];
    private readonly List<string> drops = [];
    private UserNetwork net;

    public UserNetworkTests() => net = Start(new UserNetworkOptions());

    private UserNetwork Start(UserNetworkOptions options)
    {
        var n = new UserNetwork(options);
        n.DropLog = why => { lock (drops) drops.Add(why); };
        n.Attach(toGuest.Add, GuestMac);
        return n;
    }

    public void Dispose() => net.Dispose();

    private void Send(byte[] frame)
    {
        net.Transmit(frame);
        net.Sync();
    }

    private static byte[] Ip(uint source, uint destination, byte protocol, byte[] payload, MacAddress? to = null) =>
        EthernetFrame.Build(to ?? GatewayMac, GuestMac, EthernetFrame.TypeIpv4, Ipv4Packet.Build(source, destination, protocol, 64, 1, payload));

    private byte[] Next(int ms = 10_000)
    {
        Assert.True(toGuest.TryTake(out var f, ms), "no frame for the guest");
        return f!;
    }

    private void NothingMore() => Assert.False(toGuest.TryTake(out _, 200), "an unexpected frame for the guest");

    private static (EthernetFrame Eth, Ipv4Packet Ip) ParseIp(byte[] frame)
    {
        var eth = EthernetFrame.Parse(frame)!.Value;
        Assert.Equal(EthernetFrame.TypeIpv4, eth.EtherType);
        var (ip, error) = Ipv4Packet.Parse(eth.Payload);
        Assert.Null(error);
        return (eth, ip!);
    }

    private TcpSegment NextTcp(int ms = 10_000)
    {
        var (_, ip) = ParseIp(Next(ms));
        Assert.Equal(Ipv4Packet.ProtocolTcp, ip.Protocol);
        var (s, error) = TcpSegment.Parse(ip);
        Assert.Null(error);
        return s!;
    }

    [Fact]
    public void ArpIsAnsweredForTheGatewayAndDnsOnly()
    {
        foreach (uint target in new[] { Host, UserNetAddresses.Dns, Guest, Ipv4Address.Make(10, 0, 2, 99), Ipv4Address.Make(192, 168, 1, 1) })
        {
            var request = new ArpMessage(ArpMessage.Request, GuestMac, Guest, default, target);
            Send(EthernetFrame.Build(MacAddress.Broadcast, GuestMac, EthernetFrame.TypeArp, request.ToBytes()));
            if (target != Host && target != UserNetAddresses.Dns) { NothingMore(); continue; }
            var eth = EthernetFrame.Parse(Next())!.Value;
            var reply = ArpMessage.Parse(eth.Payload.Span)!;
            var mac = UserNetAddresses.SpecialMac(target);
            Assert.Equal((GuestMac, mac, EthernetFrame.TypeArp), (eth.Destination, eth.Source, eth.EtherType));
            Assert.Equal(new ArpMessage(ArpMessage.Reply, mac, target, GuestMac, Guest), reply);
        }
        Assert.Equal("52:55:0a:00:02:02", GatewayMac.ToString());
    }

    [Fact]
    public void PingToTheGatewayIsAnswered()
    {
        byte[] echo = [8, 0, 0, 0, 0x12, 0x34, 0, 1, .. "abcdefgh"u8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), InternetChecksum.Compute(echo));
        Send(Ip(Guest, Host, Ipv4Packet.ProtocolIcmp, echo));
        var (eth, ip) = ParseIp(Next());
        Assert.Equal((GuestMac, Host, Guest, (byte)255), (eth.Destination, ip.Source, ip.Destination, ip.Ttl));
        byte[] reply = ip.Payload.ToArray();
        Assert.Equal(0, reply[0]);
        Assert.Equal(echo[4..], reply[4..]);
        Assert.Equal(0, InternetChecksum.Compute(reply));
        // A bad checksum, or a ping beyond the gateway, gets nothing.
        echo[9] ^= 1;
        Send(Ip(Guest, Host, Ipv4Packet.ProtocolIcmp, echo));
        Send(Ip(Guest, Ipv4Address.Make(8, 8, 8, 8), Ipv4Packet.ProtocolIcmp, echo));
        NothingMore();
    }

    [Fact]
    public void MalformedFramesAreDroppedAndChangeNothing()
    {
        byte[] good = Ip(Guest, Host, Ipv4Packet.ProtocolUdp, UdpDatagram.Build(Guest, Host, 1, 9, new byte[4]));
        var frames = new List<byte[]> { Array.Empty<byte>(), new byte[13], EthernetFrame.Build(GatewayMac, GuestMac, 0x86DD, new byte[40]),
            EthernetFrame.Build(MacAddress.Broadcast, GuestMac, EthernetFrame.TypeArp, new byte[10]) };
        for (int cut = 14; cut < good.Length; cut += 3) frames.Add(good[..cut]); // truncated everywhere
        var badUdpLength = (byte[])good.Clone();
        badUdpLength[14 + 20 + 5] = 200;
        frames.Add(badUdpLength);
        var random = new Random(17);
        for (int i = 0; i < 200; i++)
        {
            // Random bytes behind a well-formed IPv4 header of each protocol.
            var junk = new byte[random.Next(0, 80)];
            random.NextBytes(junk);
            frames.Add(Ip(Guest, Host, (new byte[] { 1, 6, 17, 99 })[i % 4], junk));
        }
        foreach (var f in frames) net.Transmit(f);
        net.Sync();
        // Random TCP bytes may happen to checksum: then they are a stranger's segment and get a reset, nothing else.
        while (toGuest.TryTake(out var f, 200))
        {
            var (_, ip) = ParseIp(f);
            Assert.True(ip.Protocol == Ipv4Packet.ProtocolTcp && TcpSegment.Parse(ip).Segment!.Has(TcpSegment.Rst));
        }
        Assert.True(net.Dropped >= frames.Count - 10, $"{net.Dropped} of {frames.Count} dropped");
        lock (drops) Assert.Contains(drops, d => d.Contains("shorter than an Ethernet header"));
        PingToTheGatewayIsAnswered();
    }

    [Fact]
    public void DhcpOffersAndAcksTheFirstAddressAndRefusesOthers()
    {
        byte[] Message(byte type, uint requested, MacAddress mac)
        {
            var m = new byte[300];
            m[0] = 1; m[1] = 1; m[2] = 6;
            m[4] = 0xAB;
            mac.Write(m.AsSpan(28));
            byte[] options = [99, 130, 83, 99, 53, 1, type, 50, 4, (byte)(requested >> 24), (byte)(requested >> 16), (byte)(requested >> 8), (byte)requested, 255];
            options.CopyTo(m, 236);
            return EthernetFrame.Build(MacAddress.Broadcast, mac, EthernetFrame.TypeIpv4,
                Ipv4Packet.Build(0, Ipv4Address.Broadcast, Ipv4Packet.ProtocolUdp, 64, 0, UdpDatagram.Build(0, Ipv4Address.Broadcast, 68, 67, m)));
        }
        (uint Yours, byte Type) Answer()
        {
            var (eth, ip) = ParseIp(Next());
            Assert.Equal((MacAddress.Broadcast, Host, Ipv4Address.Broadcast), (eth.Destination, ip.Source, ip.Destination));
            var udp = UdpDatagram.Parse(ip).Datagram!;
            Assert.Equal((67, 68), (udp.SourcePort, udp.DestinationPort));
            var b = udp.Payload.Span;
            Assert.Equal(0xAB, b[4]);
            return (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b[16..]), b[240 + 2]);
        }
        Send(Message(DhcpServer.Discover, 0, GuestMac));
        Assert.Equal((Guest, DhcpServer.Offer), Answer());
        Send(Message(DhcpServer.Request, Guest, GuestMac));
        Assert.Equal((Guest, DhcpServer.Ack), Answer());
        // Another card gets the next address; it may not take the first one's.
        var other = new MacAddress(GuestMac.Value + 1);
        Send(Message(DhcpServer.Discover, 0, other));
        Assert.Equal((Guest + 1, DhcpServer.Offer), Answer());
        Send(Message(DhcpServer.Request, Guest, other));
        Assert.Equal((0u, DhcpServer.Nak), Answer());
        Send(Message(DhcpServer.Request, Ipv4Address.Make(10, 0, 2, 99), GuestMac));
        Assert.Equal((0u, DhcpServer.Nak), Answer());
    }

    private byte[] Tcp(ushort guestPort, uint remote, ushort remotePort, uint seq, uint ack, byte flags, ReadOnlySpan<byte> data = default, ushort window = 65535, ushort? mss = null) =>
        Ip(Guest, remote, Ipv4Packet.ProtocolTcp, TcpSegment.Build(Guest, remote, guestPort, remotePort, seq, ack, flags, window, mss, data));

    [Fact]
    public void StrangersGetResets()
    {
        // An ACK of no connection: a reset at its acknowledgment number.
        Send(Tcp(5000, Host, 80, 100, 777, TcpSegment.Ack));
        var rst = NextTcp();
        Assert.Equal((TcpSegment.Rst, 777u), (rst.Flags, rst.Sequence));
        // A SYN to an address of the guest's network that is nobody: reset, acknowledging the SYN.
        Send(Tcp(5001, Ipv4Address.Make(10, 0, 2, 77), 80, 100, 0, TcpSegment.Syn));
        rst = NextTcp();
        Assert.Equal((TcpSegment.Rst | TcpSegment.Ack, 101u), (rst.Flags, rst.Acknowledgment));
        // A reset of no connection gets nothing.
        Send(Tcp(5002, Host, 80, 100, 0, TcpSegment.Rst));
        NothingMore();
    }

    [Fact]
    public void RefusedConnectIsReset()
    {
        // A port bound but not listening refuses connects for as long as the socket holds it: a closed one could be
        // taken by another test's listener, or be the host socket's own source port (a self-connect succeeds).
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)bound.LocalEndPoint!).Port;
        Send(Tcp(5003, Host, (ushort)port, 4000, 0, TcpSegment.Syn));
        var rst = NextTcp();
        Assert.Equal((TcpSegment.Rst | TcpSegment.Ack, 4001u, (ushort)port), (rst.Flags, rst.Acknowledgment, rst.SourcePort));
        // The network's thread hands the reset to the guest before it forgets the connection: once a later event ran,
        // it has (under load the test read the count in between).
        net.Sync();
        Assert.Equal(0, net.TcpConnections);
    }

    // The guest's side of a connection to a host listener; returns the SYN-ACK.
    private TcpSegment Handshake(ushort guestPort, int hostPort, uint iss, ushort window = 65535)
    {
        Send(Tcp(guestPort, Host, (ushort)hostPort, iss, 0, TcpSegment.Syn, mss: 1000, window: window));
        var synAck = NextTcp();
        Assert.Equal((TcpSegment.Syn | TcpSegment.Ack, iss + 1, (ushort?)TcpConnection_OurMss), (synAck.Flags, synAck.Acknowledgment, synAck.Mss));
        Send(Tcp(guestPort, Host, (ushort)hostPort, iss + 1, synAck.Sequence + 1, TcpSegment.Ack, window: window));
        return synAck;
    }

    private const ushort TcpConnection_OurMss = 1460;

    [Fact]
    public void TcpCarriesDataBothWaysWithinTheGuestsWindowAndCloses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        const uint iss = 1_000_000;
        const ushort window = 4000;
        var synAck = Handshake(6000, port, iss, window);
        using var server = listener.AcceptSocket(); // the host connected before the SYN-ACK: it waits in the backlog

        // Guest to host.
        Send(Tcp(6000, Host, (ushort)port, iss + 1, synAck.Sequence + 1, TcpSegment.Ack | TcpSegment.Psh, "request"u8, window));
        var ack = NextTcp();
        Assert.Equal((TcpSegment.Ack, iss + 8), (ack.Flags, ack.Acknowledgment));
        var got = new byte[7];
        server.ReceiveTimeout = 10_000;
        Assert.Equal(7, server.Receive(got));
        Assert.Equal("request"u8.ToArray(), got);

        // Host to guest: 50000 bytes through a 4000-byte window in segments of at most the guest's MSS (1000).
        var data = new byte[50_000];
        new Random(3).NextBytes(data);
        server.Send(data);
        server.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        uint next = synAck.Sequence + 1;
        bool fin = false;
        while (!fin)
        {
            var s = NextTcp();
            Assert.True(s.Payload.Length <= 1000, $"a segment of {s.Payload.Length} bytes");
            Assert.True(s.Sequence - next + (uint)s.Payload.Length <= window, "beyond the window");
            if (s.Sequence == next)
            {
                received.Write(s.Payload.Span);
                next += (uint)s.Payload.Length;
                if (s.Has(TcpSegment.Fin)) { fin = true; next++; }
            }
            // Acknowledge every other segment and at the end, as a delayed-ACK guest does.
            if (fin || received.Length % 2000 == 0 || toGuest.Count == 0)
                Send(Tcp(6000, Host, (ushort)port, iss + 8, next, TcpSegment.Ack, window: window));
        }
        Assert.Equal(data, received.ToArray());

        // The guest closes too: its FIN is acknowledged, the host sees the end, the connection goes.
        Send(Tcp(6000, Host, (ushort)port, iss + 8, next, TcpSegment.Fin | TcpSegment.Ack, window: window));
        var finAck = NextTcp();
        Assert.Equal((TcpSegment.Ack, iss + 9), (finAck.Flags, finAck.Acknowledgment));
        Assert.Equal(0, server.Receive(new byte[10]));
        for (int i = 0; i < 100 && net.TcpConnections > 0; i++) { Thread.Sleep(20); net.Sync(); }
        Assert.Equal(0, net.TcpConnections);
    }

    [Fact]
    public void ALostSegmentIsSentAgain()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var synAck = Handshake(6001, port, 50);
        using var server = listener.AcceptSocket(); // the host connected before the SYN-ACK: it waits in the backlog
        server.Send("lost once"u8);
        var first = NextTcp();
        Assert.Equal("lost once"u8.ToArray(), first.Payload.ToArray());
        // The guest never saw it (no ACK): the same bytes come again from the same sequence number.
        var again = NextTcp(5_000);
        Assert.Equal((first.Sequence, "lost once"), (again.Sequence, System.Text.Encoding.ASCII.GetString(again.Payload.Span)));
        Assert.Equal(synAck.Sequence + 1, again.Sequence);
        Send(Tcp(6001, Host, (ushort)port, 51, again.Sequence + 9, TcpSegment.Ack));
        NothingMore();
    }

    [Fact]
    public void HostForwardOpensAConnectionIntoTheGuest()
    {
        net.Dispose();
        int port;
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)s.LocalEndPoint!).Port;
        }
        net = Start(new UserNetworkOptions { Forwards = [new HostForwardRule(Ipv4Address.Loopback, (ushort)port, Guest, 22)] });
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        var syn = NextTcp();
        Assert.Equal((TcpSegment.Syn, (ushort)22, (ushort)((IPEndPoint)client.Client.LocalEndPoint!).Port), (syn.Flags, syn.DestinationPort, syn.SourcePort));
        // The guest accepts and says hello; the host client reads it.
        byte[] Reply(uint seq, uint ack, byte flags, ReadOnlySpan<byte> data = default) =>
            EthernetFrame.Build(GatewayMac, GuestMac, EthernetFrame.TypeIpv4, Ipv4Packet.Build(Guest, Host, Ipv4Packet.ProtocolTcp, 64, 1,
                TcpSegment.Build(Guest, Host, 22, syn.SourcePort, seq, ack, flags, 65535, null, data)));
        Send(Reply(900, syn.Sequence + 1, TcpSegment.Syn | TcpSegment.Ack));
        var ack = NextTcp();
        Assert.Equal((TcpSegment.Ack, 901u), (ack.Flags, ack.Acknowledgment));
        Send(Reply(901, syn.Sequence + 1, TcpSegment.Ack | TcpSegment.Psh | TcpSegment.Fin, "SSH-2.0\n"u8));
        var buffer = new byte[64];
        client.ReceiveTimeout = 10_000;
        int n = client.Client.Receive(buffer);
        Assert.Equal("SSH-2.0\n", System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(0, client.Client.Receive(buffer));
    }

    [Fact]
    public void TwoNetworksCannotShareAForwardedPort()
    {
        int port;
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)s.LocalEndPoint!).Port;
        }
        var options = new UserNetworkOptions { Forwards = [new HostForwardRule(Ipv4Address.Loopback, (ushort)port, Guest, 22)] };
        using var first = new UserNetwork(options);
        // SO_REUSEPORT would let the second machine listen too and take half the connections.
        var e = Assert.Throws<ArgumentException>(() => new UserNetwork(options).Dispose());
        Assert.Contains($"could not set up host forwarding rule 'tcp:127.0.0.1:{port}-10.0.2.15:22'", e.Message);
    }
}
