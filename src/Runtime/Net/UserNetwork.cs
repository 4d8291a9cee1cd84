// QEMU's user-mode network (-netdev user, slirp): a virtual gateway at 10.0.2.2 that answers ARP, DHCP and
// ping itself and carries the guest's UDP and TCP to host sockets, and hostfwd listeners that open host
// connections into the guest.
using System.Collections.Concurrent;
using System.Net;
using RvJit.Runtime.Devices;

namespace RvJit.Runtime.Net;

/// <summary>
/// Everything runs on one thread of the network's own, from a queue of events (frames from the guest, host socket
/// completions, a 100 ms tick), so the state needs no locks and a guest waiting on the network never stalls the
/// harts. Frames for the guest go to the device's receive callback. Malformed frames are dropped (and counted).
/// Addresses as slirp: the host's loopback is 10.0.2.2 to the guest, the DNS server 10.0.2.3; other addresses
/// outside 10.0.2.0/24 are reached as they are.
/// </summary>
public sealed class UserNetwork : INetworkBackend
{
    public const byte IcmpReplyTtl = 255; // slirp's icmp_reflect
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);
    private const long BusyAfterSendMs = 100;

    private readonly BlockingCollection<Action> events = new();
    private readonly Thread thread;
    private readonly Timer ticker;
    private readonly DhcpServer dhcp = new();
    private readonly UdpNat udp;
    private readonly TcpNat tcp;
    private readonly IPEndPoint? dnsServer;
    private Action<byte[]>? toGuest;
    private MacAddress guestMac = MacAddress.QemuDefault;
    private ushort ipId;
    private int pending;
    private long lastHostSend = long.MinValue / 2;
    private long dropped;
    private volatile bool disposed;

    public UserNetwork(UserNetworkOptions options)
    {
        dnsServer = options.DnsServer ?? HostResolver.FromResolvConf();
        udp = new UdpNat(this);
        tcp = new TcpNat(this);
        // Listeners first: a rule whose port is taken fails the start, as QEMU refuses to start.
        foreach (var rule in options.Forwards) tcp.Listen(rule);
        thread = new Thread(Loop) { IsBackground = true, Name = "rvjit user network" };
        thread.Start();
        ticker = new Timer(_ => Post(Tick), null, TickPeriod, TickPeriod);
    }

    /// <summary>Why frames were dropped, as they are (tests and diagnostics; called on the network's thread).</summary>
    public Action<string>? DropLog { get; set; }

    /// <summary>Frames from the guest dropped as malformed or undeliverable.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>The TCP connections open now.</summary>
    public int TcpConnections => tcp.Count;

    public bool Busy => Volatile.Read(ref pending) > 0 || Environment.TickCount64 - Interlocked.Read(ref lastHostSend) < BusyAfterSendMs;

    public void Attach(Action<byte[]> receive, MacAddress mac)
    {
        Post(() =>
        {
            toGuest = receive;
            guestMac = mac;
        });
    }

    public void Transmit(byte[] frame)
    {
        Interlocked.Increment(ref pending);
        // Busy until the frame's answer (if it has one here) is with the device: a guest waiting for it must not
        // see its timeout first because the virtual clock jumped in between.
        if (!Post(() => { try { HandleFrame(frame); } finally { Interlocked.Decrement(ref pending); } })) Interlocked.Decrement(ref pending);
    }

    /// <summary>Waits until the events queued so far were handled (tests).</summary>
    public void Sync()
    {
        using var done = new ManualResetEventSlim();
        if (Post(done.Set)) done.Wait(TimeSpan.FromSeconds(10));
    }

    // --- on the network's thread ---

    internal bool Post(Action action)
    {
        if (disposed) return false;
        try { events.Add(action); return true; }
        catch (InvalidOperationException) { return false; } // completed: the network is going away
    }

    private void Loop()
    {
        foreach (var action in events.GetConsumingEnumerable())
        {
            if (disposed) continue;
            action();
        }
    }

    private void Tick()
    {
        tcp.Tick();
        udp.Tick();
    }

    internal void BeginPending() => Interlocked.Increment(ref pending);
    internal void EndPending() => Interlocked.Decrement(ref pending);
    internal void NoteHostSend() => Interlocked.Exchange(ref lastHostSend, Environment.TickCount64);

    internal void Drop(string why)
    {
        Interlocked.Increment(ref dropped);
        DropLog?.Invoke(why);
    }

    private void HandleFrame(byte[] frame)
    {
        if (EthernetFrame.Parse(frame) is not { } eth) { Drop("frame shorter than an Ethernet header"); return; }
        switch (eth.EtherType)
        {
            case EthernetFrame.TypeArp: HandleArp(eth); break;
            case EthernetFrame.TypeIpv4: HandleIpv4(eth); break;
            default: Drop($"EtherType 0x{eth.EtherType:x4}"); break;
        }
    }

    // Requests for the gateway's and the DNS server's addresses get their special Ethernet addresses; the
    // guest's own address is learnt from what it sends.
    private void HandleArp(EthernetFrame eth)
    {
        if (ArpMessage.Parse(eth.Payload.Span) is not { } arp) { Drop("malformed ARP"); return; }
        if (!arp.SenderMac.IsMulticast) guestMac = arp.SenderMac;
        if (arp.Operation != ArpMessage.Request) return;
        if (arp.TargetIp != UserNetAddresses.Host && arp.TargetIp != UserNetAddresses.Dns) return;
        var mac = UserNetAddresses.SpecialMac(arp.TargetIp);
        var reply = new ArpMessage(ArpMessage.Reply, mac, arp.TargetIp, arp.SenderMac, arp.SenderIp);
        toGuest?.Invoke(EthernetFrame.Build(arp.SenderMac, mac, EthernetFrame.TypeArp, reply.ToBytes()));
    }

    private void HandleIpv4(EthernetFrame eth)
    {
        var (ip, error) = Ipv4Packet.Parse(eth.Payload);
        if (ip is null) { Drop(error!); return; }
        if (!eth.Source.IsMulticast) guestMac = eth.Source;
        switch (ip.Protocol)
        {
            case Ipv4Packet.ProtocolIcmp:
                if (ip.Destination != UserNetAddresses.Host && ip.Destination != UserNetAddresses.Dns) { Drop("ICMP beyond the gateway"); return; }
                if (IcmpMessage.ReplyToEcho(ip.Payload.Span) is not { } reply) { Drop("ICMP other than a well-formed echo request"); return; }
                SendIpv4(ip.Destination, ip.Source, Ipv4Packet.ProtocolIcmp, reply, IcmpReplyTtl);
                break;
            case Ipv4Packet.ProtocolUdp:
            {
                var (datagram, e) = UdpDatagram.Parse(ip);
                if (datagram is null) { Drop(e!); return; }
                if (datagram.DestinationPort == DhcpServer.ServerPort && (ip.Destination == Ipv4Address.Broadcast || ip.Destination == UserNetAddresses.Host))
                {
                    if (dhcp.Answer(datagram.Payload.Span) is { } answer)
                        SendUdp(UserNetAddresses.Host, DhcpServer.ServerPort, Ipv4Address.Broadcast, DhcpServer.ClientPort, answer);
                    return;
                }
                if (HostEndpoint(ip.Destination, datagram.DestinationPort) is not { } to) { Drop($"UDP to {Ipv4Address.Format(ip.Destination)}"); return; }
                udp.Send(ip.Source, datagram.SourcePort, to, datagram.Payload);
                break;
            }
            case Ipv4Packet.ProtocolTcp:
            {
                var (segment, e) = TcpSegment.Parse(ip);
                if (segment is null) { Drop(e!); return; }
                tcp.FromGuest(ip, segment);
                break;
            }
            default:
                Drop($"IP protocol {ip.Protocol}");
                break;
        }
    }

    /// <summary>Where a guest's packet for <paramref name="address"/>:<paramref name="port"/> goes on the host: the
    /// gateway is the host's loopback, the DNS address the host's DNS server (port 53 only), other addresses of
    /// the guest's network nowhere, the rest as it is.</summary>
    internal IPEndPoint? HostEndpoint(uint address, ushort port)
    {
        if (address == UserNetAddresses.Host) return new IPEndPoint(IPAddress.Loopback, port);
        if (address == UserNetAddresses.Dns) return port == 53 ? dnsServer : null;
        if (UserNetAddresses.InNetwork(address) || address == Ipv4Address.Broadcast || address >> 28 >= 14 || address >> 24 is 0 or 127) return null;
        return new IPEndPoint(Ipv4Address.ToIp(address), port);
    }

    /// <summary>The address the guest sees for a host endpoint (the inverse of <see cref="HostEndpoint"/>).</summary>
    internal uint GuestVisible(IPEndPoint from)
    {
        uint a = Ipv4Address.FromIp(from.Address) ?? 0;
        if (dnsServer is not null && from.Port == 53 && from.Address.Equals(dnsServer.Address)) return UserNetAddresses.Dns;
        return Ipv4Address.IsLoopback(a) || a == 0 ? UserNetAddresses.Host : a;
    }

    internal void SendIpv4(uint source, uint destination, byte protocol, ReadOnlySpan<byte> payload, byte ttl = Ipv4Packet.DefaultTtl)
    {
        if (toGuest is null) return;
        byte[] packet = Ipv4Packet.Build(source, destination, protocol, ttl, ipId++, payload);
        var to = destination == Ipv4Address.Broadcast || destination == UserNetAddresses.SubnetBroadcast ? MacAddress.Broadcast : guestMac;
        toGuest(EthernetFrame.Build(to, UserNetAddresses.SpecialMac(UserNetAddresses.Host), EthernetFrame.TypeIpv4, packet));
    }

    internal void SendUdp(uint source, ushort sourcePort, uint destination, ushort destinationPort, ReadOnlySpan<byte> payload) =>
        SendIpv4(source, destination, Ipv4Packet.ProtocolUdp, UdpDatagram.Build(source, destination, sourcePort, destinationPort, payload));

    public void Dispose()
    {
        if (disposed) return;
        ticker.Dispose();
        // The sockets close on the network's thread, after what was queued before.
        using var closed = new ManualResetEventSlim();
        if (Post(() => { tcp.Dispose(); udp.Dispose(); closed.Set(); })) closed.Wait(TimeSpan.FromSeconds(5));
        disposed = true;
        events.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));
    }
}
