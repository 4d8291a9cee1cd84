// The user network's TCP: the table of connections between guest sockets and host sockets, new connections
// from the guest (a SYN), resets for segments of no connection, and the hostfwd listeners.
using System.Net;
using System.Net.Sockets;

namespace RvJit.Runtime.Net;

/// <summary>Runs on the network's thread, except <see cref="Listen"/> (at start-up).</summary>
internal sealed class TcpNat(UserNetwork net) : IDisposable
{
    private readonly Dictionary<TcpConnection.Key, TcpConnection> connections = [];
    private readonly List<Socket> listeners = [];

    public int Count => connections.Count;

    public void FromGuest(Ipv4Packet ip, TcpSegment segment)
    {
        var key = new TcpConnection.Key(ip.Source, segment.SourcePort, ip.Destination, segment.DestinationPort);
        if (connections.TryGetValue(key, out var connection)) { connection.FromGuest(segment); return; }
        if (segment.Has(TcpSegment.Rst)) return;
        if (segment.Has(TcpSegment.Syn) && !segment.Has(TcpSegment.Ack))
        {
            if (net.HostEndpoint(ip.Destination, segment.DestinationPort) is { } to)
            {
                connection = new TcpConnection(net, this, key);
                connections[key] = connection;
                connection.Connect(segment, to);
                return;
            }
            net.Drop($"TCP to {Ipv4Address.Format(ip.Destination)}");
        }
        Reset(key, segment);
    }

    /// <summary>The answer to a segment of no connection (RFC 9293 3.10.7.1): a reset.</summary>
    internal void Reset(TcpConnection.Key key, TcpSegment segment)
    {
        if (segment.Has(TcpSegment.Ack))
            SendToGuest(key, segment.Acknowledgment, 0, TcpSegment.Rst, 0, null, []);
        else
            SendToGuest(key, 0, segment.Sequence + segment.SequenceLength, TcpSegment.Rst | TcpSegment.Ack, 0, null, []);
    }

    internal void SendToGuest(TcpConnection.Key key, uint sequence, uint acknowledgment, byte flags, ushort window, ushort? mss, ReadOnlySpan<byte> payload) =>
        net.SendIpv4(key.RemoteAddress, key.GuestAddress, Ipv4Packet.ProtocolTcp,
            TcpSegment.Build(key.RemoteAddress, key.GuestAddress, key.RemotePort, key.GuestPort, sequence, acknowledgment, flags, window, mss, payload));

    internal void Remove(TcpConnection connection) => connections.Remove(connection.Id);

    /// <summary>Opens the rule's listener (a taken port throws) and accepts connections into the guest.</summary>
    public void Listen(HostForwardRule rule)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone (a restarted machine binds again past TIME_WAIT, as slirp does); .NET's ReuseAddress
            // adds SO_REUSEPORT on Linux, which would let two machines share the port.
            if (OperatingSystem.IsLinux()) listener.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            listener.Bind(new IPEndPoint(Ipv4Address.ToIp(rule.HostAddress), rule.HostPort));
            listener.Listen(16);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new ArgumentException($"could not set up host forwarding rule 'tcp:{Ipv4Address.Format(rule.HostAddress)}:{rule.HostPort}-{Ipv4Address.Format(rule.GuestAddress)}:{rule.GuestPort}': {e.Message}");
        }
        lock (listeners) listeners.Add(listener);
        Accept(listener, rule);
    }

    private void Accept(Socket listener, HostForwardRule rule)
    {
        listener.AcceptAsync().ContinueWith(t =>
        {
            if (t.IsFaulted || t.IsCanceled) return; // the listener closed
            var client = t.Result;
            if (!net.Post(() => Forward(client, rule))) client.Dispose();
            Accept(listener, rule);
        }, TaskScheduler.Default);
    }

    // The guest sees the connection come from the client's address and port (10.0.2.2 for the host's loopback).
    private void Forward(Socket client, HostForwardRule rule)
    {
        var from = (IPEndPoint)client.RemoteEndPoint!;
        var key = new TcpConnection.Key(rule.GuestAddress, rule.GuestPort, net.GuestVisible(from), (ushort)from.Port);
        if (connections.ContainsKey(key)) { client.Dispose(); return; }
        var connection = new TcpConnection(net, this, key);
        connections[key] = connection;
        connection.OpenToGuest(client);
    }

    public void Tick()
    {
        foreach (var c in connections.Values.ToList()) c.Tick();
    }

    public void Dispose()
    {
        lock (listeners)
        {
            foreach (var l in listeners) l.Dispose();
            listeners.Clear();
        }
        foreach (var c in connections.Values.ToList()) c.Abort(sendReset: false);
    }
}
