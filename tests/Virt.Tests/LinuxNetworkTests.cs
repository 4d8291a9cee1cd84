// Linux 6.1 (the same images as LinuxBootTests: its config already has NET, INET and VIRTIO_NET) on a virtio-net
// card on the user network: busybox configures eth0 by hand (the kernel lacks CONFIG_PACKET, which udhcpc
// needs), pings the gateway, talks to a TCP echo server on the host's loopback, and takes a connection the host
// opens through a hostfwd rule. qemu-system-riscv64 prints the same lines for these commands (times aside).
using System.Net;
using System.Net.Sockets;
using System.Text;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public class LinuxNetworkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [OpenSbiTheory]
    [InlineData("jit-default")]
    public void LinuxTalksToTheHostOverVirtioNet(string engine)
    {
        using var host = new HostEchoServers();
        // The marker is computed so that the kernel's echo of its command line does not match it. busybox nc exits
        // when both its input and the connection have ended.
        string commands = "ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up; route add default gw 10.0.2.2; ping -c 2 10.0.2.2; "
            + $"echo hello-nc | nc -w 30 10.0.2.2 {host.TcpPort}; echo guest-hello | nc -l -p 7 & sleep 1; echo ready-for-$((6*7)); wait; echo guest-done; poweroff -f";
        var images = LinuxImages.Get();
        var network = new UserNetworkOptions { Forwards = [new HostForwardRule(Ipv4Address.Loopback, (ushort)host.ForwardPort, UserNetAddresses.Guest, 7)] };
        using var run = new VirtRun(engine, 1, OpenSbiBootTests.FwJump, images.Kernel, Patience, initrd: images.Initrd,
            append: $"console=ttyS0 rvjit_run=\"{commands}\"", virtio: [new VirtioNetSpec(network)],
            wallClock: true); // nc -w counts host seconds, as on QEMU: 30, as in LinuxPciTests, for a loaded host
        run.WaitFor("ready-for-42", Patience);
        using (var client = new TcpClient())
        {
            client.Connect(IPAddress.Loopback, host.ForwardPort);
            client.ReceiveTimeout = 60_000;
            client.GetStream().Write(Encoding.ASCII.GetBytes("from-the-host\n"));
            var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            Assert.Equal("guest-hello", reader.ReadLine());
        }
        var outcome = run.Finish(Patience);
        string output = run.Output.Replace("\r", "");
        Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
        Assert.Contains("64 bytes from 10.0.2.2: seq=0 ttl=255", output);
        Assert.Contains("64 bytes from 10.0.2.2: seq=1 ttl=255", output);
        Assert.Contains("2 packets transmitted, 2 packets received, 0% packet loss", output);
        Assert.Contains("\nhello-nc\n", output);
        Assert.Contains("\nfrom-the-host\n", output);
        Assert.Contains("\nguest-done\n", output);
    }
}
