// The user network's UDP: each guest source address and port gets a host socket that sends the guest's
// datagrams where they go and brings every answer back to that guest port (slirp's udp.c).
using System.Net;
using System.Net.Sockets;

namespace RvJit.Runtime.Net;

/// <summary>Flows idle for <see cref="IdleSeconds"/> are closed (slirp's SO_EXPIRE). Runs on the network's thread.</summary>
internal sealed class UdpNat(UserNetwork net) : IDisposable
{
    public const int IdleSeconds = 240;

    private sealed class Flow(Socket socket, uint guestAddress, ushort guestPort)
    {
        public Socket Socket { get; } = socket;
        public uint GuestAddress { get; } = guestAddress;
        public ushort GuestPort { get; } = guestPort;
        public long LastUsed { get; set; } = Environment.TickCount64;
        public bool Closed { get; set; }
    }

    private readonly Dictionary<(uint, ushort), Flow> flows = [];

    public void Send(uint guestAddress, ushort guestPort, IPEndPoint to, ReadOnlyMemory<byte> payload)
    {
        if (!flows.TryGetValue((guestAddress, guestPort), out var flow))
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try { socket.Bind(new IPEndPoint(IPAddress.Any, 0)); }
            catch (SocketException e) { socket.Dispose(); net.Drop($"UDP socket: {e.SocketErrorCode}"); return; }
            flow = new Flow(socket, guestAddress, guestPort);
            flows[(guestAddress, guestPort)] = flow;
            Receive(flow);
        }
        flow.LastUsed = Environment.TickCount64;
        try
        {
            // A datagram socket does not block on send.
            flow.Socket.SendTo(payload.Span, SocketFlags.None, to);
            net.NoteHostSend();
        }
        catch (SocketException e) { net.Drop($"UDP to {to}: {e.SocketErrorCode}"); }
    }

    private void Receive(Flow flow)
    {
        var buffer = new byte[65536];
        flow.Socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).ContinueWith(t => net.Post(() =>
        {
            if (flow.Closed) return;
            if (t.IsFaulted || t.IsCanceled)
            {
                // An ICMP error reported on the socket does not end the flow.
                if (t.Exception?.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
                    Receive(flow);
                else Close(flow);
                return;
            }
            var result = t.Result;
            if (result.RemoteEndPoint is IPEndPoint from)
            {
                flow.LastUsed = Environment.TickCount64;
                net.SendUdp(net.GuestVisible(from), (ushort)from.Port, flow.GuestAddress, flow.GuestPort, buffer.AsSpan(0, result.ReceivedBytes));
            }
            Receive(flow);
        }), TaskScheduler.Default);
    }

    private void Close(Flow flow)
    {
        flow.Closed = true;
        flow.Socket.Dispose();
        flows.Remove((flow.GuestAddress, flow.GuestPort));
    }

    public void Tick()
    {
        long now = Environment.TickCount64;
        foreach (var flow in flows.Values.Where(f => now - f.LastUsed > IdleSeconds * 1000L).ToList()) Close(flow);
    }

    public void Dispose()
    {
        foreach (var flow in flows.Values.ToList()) Close(flow);
    }
}
