// qemu-system's -s / -gdb tcp::PORT / -S: a gdb stub for the machine's harts, listening while the machine runs.
using System.Net;
using System.Net.Sockets;
using RvJit.Runtime.Debug;
using RvJit.Runtime.Machines;

namespace RvJit.Cli;

/// <summary>
/// Serves gdb connections to a machine one after another, as QEMU's system stub does: a connection stops the
/// machine (it already waits with -S), detaching lets it run on, and another gdb may connect later.
/// </summary>
internal sealed class MachineGdbServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly MachineDebugger target;
    private readonly Thread acceptor;
    private volatile TcpClient? client;
    private volatile bool disposed;

    private MachineGdbServer(TcpListener listener, MachineDebugger target)
    {
        this.listener = listener;
        this.target = target;
        acceptor = new Thread(Serve) { IsBackground = true, Name = "gdb stub" };
        acceptor.Start();
    }

    /// <summary>Listens on <paramref name="endpoint"/> (port 0: a free one; the address is printed on stderr).</summary>
    public static MachineGdbServer Start(MachineDebugger target, IPEndPoint endpoint)
    {
        var listener = new TcpListener(endpoint);
        try { listener.Start(1); }
        catch (SocketException e) { throw new QemuStyleException($"-gdb tcp:{endpoint}: Failed to bind socket: {e.Message}"); }
        Console.Error.WriteLine($"rvjit: waiting for gdb on {listener.LocalEndpoint}");
        return new MachineGdbServer(listener, target);
    }

    private void Serve()
    {
        while (!disposed)
        {
            TcpClient accepted;
            try { accepted = listener.AcceptTcpClient(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            accepted.NoDelay = true;
            client = accepted;
            try
            {
                target.AttachDebugger();
                var stream = accepted.GetStream();
                if (new GdbSession(target, new GdbPacketChannel(stream), stream).Run()) return; // killed
            }
            catch (IOException) { target.Detach(); } // the connection broke: the machine goes on alone
            catch (ObjectDisposedException) { return; }
            finally { accepted.Dispose(); client = null; }
        }
    }

    public void Dispose()
    {
        disposed = true;
        listener.Stop();
        client?.Dispose();
    }

    /// <summary>QEMU's -gdb device: `tcp::PORT`, `tcp:HOST:PORT` or a bare port (loopback unless a host is named).</summary>
    public static IPEndPoint ParseDevice(string device)
    {
        string spec = device.StartsWith("tcp:", StringComparison.Ordinal) ? device[4..] : device;
        int colon = spec.LastIndexOf(':');
        string host = colon < 0 ? "" : spec[..colon];
        string port = colon < 0 ? spec : spec[(colon + 1)..];
        if (!int.TryParse(port, out int number) || number is < 0 or > 65535)
            throw new UsageException($"-gdb: '{device}' is not tcp::PORT or tcp:HOST:PORT");
        IPAddress address = host is "" or "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new UsageException($"-gdb: '{host}' is not an IP address");
        return new IPEndPoint(address, number);
    }
}
