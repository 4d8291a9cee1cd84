// qemu-user's -g PORT: wait for gdb, then serve its session on a thread of its own while the kernel runs.
using System.Net;
using System.Net.Sockets;
using RvJit.Runtime.Debug;

namespace RvJit.Cli;

/// <summary>One gdb connection to a stopped program: accepted before the program runs, served by a
/// <see cref="GdbSession"/> on its own thread.</summary>
internal sealed class GdbConnection : IDisposable
{
    private readonly TcpClient client;
    private readonly Thread session;

    private GdbConnection(TcpClient client, IGdbTarget target)
    {
        this.client = client;
        var stream = client.GetStream();
        session = new Thread(() =>
        {
            try { new GdbSession(target, new GdbPacketChannel(stream), stream).Run(); }
            catch (IOException) { target.Detach(); }           // the connection broke: the program goes on alone
            catch (ObjectDisposedException) { }                // rvjit is ending
        }) { IsBackground = true, Name = "gdb stub" };
        session.Start();
    }

    /// <summary>Listens on the loopback <paramref name="port"/> (0: a free one; the port is printed on stderr),
    /// waits for gdb and starts its session.</summary>
    public static GdbConnection Accept(IGdbTarget target, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try { listener.Start(1); }
        catch (SocketException e) { throw new QemuStyleException($"-g {port}: cannot listen on 127.0.0.1:{port}: {e.Message}"); }
        try
        {
            Console.Error.WriteLine($"rvjit: waiting for gdb on 127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            var client = listener.AcceptTcpClient();
            client.NoDelay = true;
            return new GdbConnection(client, target);
        }
        finally { listener.Stop(); }
    }

    /// <summary>The program has ended: give gdb a moment to read the exit and close its side.</summary>
    public void Finish() => session.Join(TimeSpan.FromSeconds(5));

    public void Dispose() => client.Dispose();
}
