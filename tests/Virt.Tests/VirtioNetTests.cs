// virtio-net on the user-mode network, driven by the bare-metal virtio_net.c: DHCP, ARP, ICMP echo with the
// gateway, malformed frames, UDP and TCP exchanges with echo servers on the host's loopback, a refused
// connection and a hostfwd connection into the guest, under both engines and both virtio-mmio interfaces;
// the same program under qemu-system-riscv64 with the same options as the oracle; the command line's mistakes.
using System.Diagnostics;
using System.Text;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public class VirtioNetTests
{
    // What virtio_net.c prints on QEMU's user network (qemu-system-riscv64 7.2 prints the same).
    private static string Expected(int version) => $"""
        net: device 1 version {version} mac 52:54:00:12:34:56 status 1 features mac 1 status 1 header {(version == 1 ? 10 : 12)}
        dhcp: offer 10.0.2.15 from 10.0.2.2 to 255.255.255.255 server 10.0.2.2 router 10.0.2.2 mask 255.255.255.0 dns 10.0.2.3 lease 86400
        dhcp: ack 10.0.2.15 from 10.0.2.2 to 255.255.255.255 server 10.0.2.2 router 10.0.2.2 mask 255.255.255.0 dns 10.0.2.3 lease 86400
        arp: 10.0.2.2 is at 52:55:0a:00:02:02
        arp: 10.0.2.3 is at 52:55:0a:00:02:03
        arp: 10.0.2.99: no answer
        icmp: echo reply from 10.0.2.2 seq 1 ttl 255 data ok
        net: malformed frames sent
        icmp: echo reply from 10.0.2.2 seq 2 ttl 255 data ok
        udp: reply from 10.0.2.2 (the echo port) 'hello over udp'
        tcp: connected to 10.0.2.2
        tcp: echo 'hello over tcp'
        tcp: closed both ways
        tcp: closed port answers RST ACK of the SYN
        hostfwd: listening
        hostfwd: connection from 10.0.2.2
        hostfwd: received 'ping from the host'
        hostfwd: closed both ways
        net: done

        """;

    private static UserNetworkOptions Network(HostEchoServers host) =>
        new() { Forwards = [new HostForwardRule(Ipv4Address.Loopback, (ushort)host.ForwardPort, UserNetAddresses.Guest, 7)] };

    [Theory]
    [InlineData("interp", true)]
    [InlineData("interp", false)]
    [InlineData("jit", true)]
    [InlineData("jit", false)]
    public void GuestTalksToTheHostOverTheUserNetwork(string engine, bool legacy)
    {
        using var host = new HostEchoServers();
        using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio_net"), append: host.Append,
            virtio: [new VirtioNetSpec(Network(host))], virtioLegacy: legacy);
        run.WaitFor("hostfwd: listening\n");
        Assert.Equal(HostEchoServers.GuestAnswer, host.ConnectThroughForward());
        var outcome = run.Finish();
        Assert.Equal(Expected(legacy ? 1 : 2), run.Output);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        var device = (RvJit.Runtime.Devices.VirtioNet)run.Machine.Virtio[0].Device;
        Assert.Equal(0, device.DroppedIncoming);
        Assert.Null(run.Machine.Virtio[0].LastError);
    }

    // The options shared by rvjit system and qemu-system-riscv64.
    private static string[] Arguments(HostEchoServers host, bool legacy) =>
    [
        "-nographic", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("virtio_net"), "-append", host.Append,
        "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{host.ForwardPort}-:7", "-device", "virtio-net-device,netdev=n0",
        "-global", $"virtio-mmio.force-legacy={(legacy ? "true" : "false")}",
    ];

    /// <summary>Runs a machine as a process; connects the hostfwd client when the guest listens. Returns the
    /// exit status, the console and what the client got.</summary>
    private static (int Code, string Console, string Client) RunWithClient(string file, IEnumerable<string> args, HostEchoServers host)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.Latin1 };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var console = new StringBuilder();
        string client = "";
        var stderr = p.StandardError.ReadToEndAsync();
        Task<string>? connect = null;
        var reader = Task.Run(() =>
        {
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null)
            {
                lock (console) console.Append(line).Append('\n');
                if (line == "hostfwd: listening") connect = Task.Run(host.ConnectThroughForward);
            }
        });
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail($"{file} did not finish in two minutes:\n{console}\n{stderr.Result}"); }
        reader.Wait(10_000);
        if (connect is not null && connect.Wait(10_000)) client = connect.Result;
        return (p.ExitCode, console.ToString(), client);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void QemuSystemAgrees(bool legacy)
    {
        using var host = new HostEchoServers();
        var theirs = RunWithClient("qemu-system-riscv64", new[] { "-machine", "virt", "-monitor", "none" }.Concat(Arguments(host, legacy)), host);
        using var host2 = new HostEchoServers();
        var ours = RunWithClient("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvjit.dll"), "system" }.Concat(Arguments(host2, legacy)).Concat(["--timeout", "100"]), host2);
        Assert.Equal((0, HostEchoServers.GuestAnswer), (theirs.Code, theirs.Client));
        Assert.Equal(theirs.Console, ours.Console);
        Assert.Equal((0, HostEchoServers.GuestAnswer), (ours.Code, ours.Client));
        Assert.Equal(Expected(legacy ? 1 : 2), ours.Console);
    }

    private static (int Code, string Stderr) Rvjit(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "rvjit.dll"), "system" }.Concat(args).Concat(["--timeout", "100"])) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); Assert.Fail("rvjit did not finish"); }
        return (p.ExitCode, stderr.Result);
    }

    [Theory]
    [InlineData(new[] { "-netdev", "tap,id=n0" }, "network backend 'tap' is not supported")]
    [InlineData(new[] { "-netdev", "user" }, "Parameter 'id' is missing")]
    [InlineData(new[] { "-netdev", "user,id=n0,hostfwd=tcp::x-:22" }, "Invalid host forwarding rule")]
    [InlineData(new[] { "-netdev", "user,id=n0,hostfwd=udp::5555-:53" }, "udp forwarding is not supported")]
    [InlineData(new[] { "-netdev", "user,id=n0,smb=/tmp" }, "Invalid parameter 'smb'")]
    [InlineData(new[] { "-device", "virtio-net-device" }, "needs a netdev")]
    [InlineData(new[] { "-device", "virtio-net-device,netdev=nope" }, "can't find value 'nope'")]
    [InlineData(new[] { "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0,mac=01:00:00:00:00:01" }, "doesn't take value")]
    [InlineData(new[] { "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0", "-device", "virtio-net-device,netdev=n0" }, "it's in use")]
    [InlineData(new[] { "-nic", "user,model=e1000" }, "model 'e1000' is not supported")]
    public void NetworkOptionMistakesAreReported(string[] options, string message)
    {
        var (code, stderr) = Rvjit(new[] { "-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status") }.Concat(options));
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void AForwardedPortInUseIsReported()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stderr) = Rvjit(["-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status"),
            "-netdev", $"user,id=n0,hostfwd=tcp::{port}-:22", "-device", "virtio-net-device,netdev=n0"]);
        Assert.NotEqual(0, code);
        Assert.Contains($"could not set up host forwarding rule 'tcp:127.0.0.1:{port}-10.0.2.15:22'", stderr);
    }
}
