// Loopback TCP ports for tests that start servers (rvjit's gdb stub, QEMU's, host echo servers). Compiled into each
// test project that needs it (a linked source file, not a project).
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RvJit.Tests.Shared;

internal static class LoopbackPorts
{
    /// <summary>A port no one listens on now (the OS's pick for a listener opened and closed at once).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="who"/> listens on <paramref name="port"/>, looking at the kernel's socket
    /// tables instead of connecting (QEMU's gdb stubs accept one connection: a probe would take it).</summary>
    public static void WaitForListener(int port, string who)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            string tcp = File.ReadAllText("/proc/net/tcp") + (File.Exists("/proc/net/tcp6") ? File.ReadAllText("/proc/net/tcp6") : "");
            if (Regex.IsMatch(tcp, $":{port:X4} 0+:0000 0A")) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"{who} never listened on {port}");
    }
}
