// The host side of the virtio-net tests, all on loopback: a UDP and a TCP echo server, a port nothing listens
// on, a free port for the hostfwd rule, and the host client that connects through it.
using System.Net;
using System.Net.Sockets;
using System.Text;
using RvJit.Tests.Shared;

namespace RvJit.Virt.Tests;

internal sealed class HostEchoServers : IDisposable
{
    public const string ClientLine = "ping from the host\n";
    public const string GuestAnswer = "guest says: PING FROM THE HOST\n";

    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly TcpListener tcp = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public HostEchoServers()
    {
        tcp.Start();
        ClosedPort = LoopbackPorts.Free();
        ForwardPort = LoopbackPorts.Free();
        _ = Task.Run(EchoUdp);
        _ = Task.Run(EchoTcp);
    }

    public int UdpPort => ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
    public int TcpPort => ((IPEndPoint)tcp.LocalEndpoint).Port;
    public int ClosedPort { get; }
    public int ForwardPort { get; }

    /// <summary>The kernel command line virtio_net.c reads its ports from.</summary>
    public string Append => $"ports={UdpPort}:{TcpPort}:{ClosedPort}";

    private async Task EchoUdp()
    {
        try
        {
            while (true)
            {
                var r = await udp.ReceiveAsync(stop.Token);
                await udp.SendAsync(r.Buffer, r.RemoteEndPoint, stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
    }

    private async Task EchoTcp()
    {
        try
        {
            while (true)
            {
                var client = await tcp.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        int n;
                        while ((n = await stream.ReadAsync(buffer, stop.Token)) > 0) await stream.WriteAsync(buffer.AsMemory(0, n), stop.Token);
                    }
                });
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
    }

    /// <summary>The host client of the hostfwd rule: sends its line, reads the guest's answer to the end.</summary>
    public string ConnectThroughForward()
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ForwardPort);
        client.ReceiveTimeout = 60_000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(ClientLine));
        using var answer = new MemoryStream();
        stream.CopyTo(answer);
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        tcp.Stop();
    }
}
