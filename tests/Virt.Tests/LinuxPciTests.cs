// Linux 6.1 (tests/linux: PCI_HOST_GENERIC and VIRTIO_PCI) on rvjit's PCIe host with QEMU's transitional
// virtio-pci functions: a network card, an entropy source, a console and an ext2 disk (as `-device virtio-net-pci
// -device virtio-rng-pci -device virtio-serial-pci -device virtconsole -drive if=virtio` put them in slots 1-4). Linux's pci-host-ecam-generic scans the bus, sizes
// and assigns the BARs, the modern virtio-pci driver finds its capabilities, and each device's INTx reaches the PLIC
// through the device tree's interrupt-map; the init's commands list the functions and drivers from sysfs, the
// interrupt lines from /proc/interrupts, read the entropy source, write to the console (hvc1: hvc0 is the SBI
// console), mount the disk, write and read back a file, and
// talk to an echo server on the host. The console matches qemu-system-riscv64 -machine virt on the same images.
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class LinuxPciTests
{
    private const string FileText = "hello from ext2";
    private const string Written = "written-over-pci-42";

    // Kernel messages stop reaching the console before the network comes up (dmesg -n 1): the link's message comes
    // from a work item, at a moment that depends on timing. The awk program prints each virtio interrupt's Linux
    // number, PLIC source, trigger and name.
    private static string Commands(int echoPort) =>
        "for d in /sys/bus/pci/devices/*; do drv=$(readlink $d/driver); echo pci ${d##*/} $(cat $d/vendor $d/device $d/subsystem_device $d/class) ${drv##*/}; done; "
        + "for v in /sys/bus/virtio/devices/*; do drv=$(readlink $v/driver); echo ${v##*/} $(cat $v/device) ${drv##*/}; done; "
        + "awk '/virtio/ {print $1, $(NF-2), $(NF-1), $NF}' /proc/interrupts; "
        + "echo rng $(cat /sys/devices/virtual/misc/hw_random/rng_current) $(head -c 64 /dev/hwrng | wc -c); "
        + "echo to-hvc-$((6*7)) > /dev/hvc1; "
        + "mount -t ext2 /dev/vda /mnt && cat /mnt/hello.txt && echo written-over-pci-$((6*7)) > /mnt/new.txt && umount /mnt"
        + " && mount -t ext2 -o ro /dev/vda /mnt && cat /mnt/new.txt && umount /mnt && echo disk-done; "
        + "dmesg -n 1; ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up; ping -c 2 10.0.2.2 > /tmp/ping; "
        + "grep -o 'seq=[0-9] ttl=[0-9]*' /tmp/ping; grep 'packets transmitted' /tmp/ping; "
        + $"echo hello-over-pci | nc -w 30 10.0.2.2 {echoPort}; echo pci-done; poweroff -f";

    /// <summary>What the commands print (after the init's marker, kernel messages aside).</summary>
    private static readonly string[] Printed =
    [
        "pci 0000:00:00.0 0x1b36 0x0008 0x1100 0x060000",
        "pci 0000:00:01.0 0x1af4 0x1000 0x0001 0x020000 virtio-pci",
        "pci 0000:00:02.0 0x1af4 0x1005 0x0004 0x00ff00 virtio-pci",
        "pci 0000:00:03.0 0x1af4 0x1003 0x0003 0x078000 virtio-pci",
        "pci 0000:00:04.0 0x1af4 0x1001 0x0002 0x010000 virtio-pci",
        "virtio0 0x0001 virtio_net",
        "virtio1 0x0004 virtio_rng",
        "virtio2 0x0003 virtio_console",
        "virtio3 0x0002 virtio_blk",
        // INTA of slots 1-4: PLIC sources 0x20 + slot % 4 (the interrupt-map's swizzle).
        "1: 33 Edge virtio0",
        "2: 34 Edge virtio1",
        "3: 35 Edge virtio2",
        "4: 32 Edge virtio3",
        "rng virtio_rng.0 64",
        FileText,
        Written,
        "disk-done",
        "seq=0 ttl=255",
        "seq=1 ttl=255",
        "2 packets transmitted, 2 packets received, 0% packet loss",
        "hello-over-pci",
        "pci-done",
    ];

    private static string MakeDisk() => Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText + "\n" });

    // In QEMU's slot order: the -device cards first, then the -drive if=virtio disk.
    private static VirtioDeviceSpec[] Devices(string disk, string console) =>
    [
        new VirtioNetSpec(new RvJit.Runtime.Net.UserNetworkOptions()) { Pci = true },
        new VirtioRngSpec { Pci = true },
        new VirtioConsoleSpec(FilePath: console) { Pci = true },
        new VirtioBlkSpec(disk) { Pci = true },
    ];

    private static VirtRun Boot(string engine, int harts, string disk, string console, int echoPort)
    {
        var images = LinuxImages.Get();
        // nc's -w counts host seconds (the wall clock, as on QEMU), for the connect and for two silent polls after its
        // input ends. The guest's own time counts too: the "jit" engine on 2 harts compiles each new block of nc and of
        // the kernel's TCP paths on the hart's thread, 1.5 s for the nc line on a lightly loaded host; under load it
        // passed -w 2 and printed nothing. nc shuts its sending side at its input's end and the echo server then
        // closes, so nc returns as soon as the echo is back: the generous -w 30 costs nothing when all goes well.
        return new VirtRun(engine, harts, OpenSbiBootTests.FwJump, images.Kernel, LinuxBootTests.Patience, initrd: images.Initrd,
            append: LinuxBootTests.Append(Commands(echoPort)), virtio: Devices(disk, console), wallClock: true);
    }

    [OpenSbiTheory]
    [InlineData("jit-default", 1)]
    [InlineData("jit", 2)] // every block compiled: the PCI scan, virtio-pci and the drivers run as translated code
    [InlineData("interp", 1)]
    public void DiskNetworkAndEntropyWorkOnThePciHost(string engine, int harts)
    {
        using var host = new HostEchoServers();
        string disk = MakeDisk(), console = Path.Combine(Path.GetDirectoryName(disk)!, "hvc1.txt");
        try
        {
            string output;
            using (var run = Boot(engine, harts, disk, console, host.TcpPort))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                output = run.Output.Replace("\r", "");
                Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            }
            Assert.Contains("pci 0000:00:04.0: BAR 0 [io  0x0000-0x007f]", output); // the disk's legacy registers and QEMU's configuration space
            Assert.Contains("virtio_blk virtio3: [vda] 8192 512-byte logical blocks (4.19 MB/4.00 MiB)", output);
            Assert.Equal(Printed, LinuxDiskTests.PrintedAfterInit(output).Take(Printed.Length));
            Assert.Equal("to-hvc-42\r\n", File.ReadAllText(console)); // the tty adds the carriage return, as on QEMU
            LinuxDiskTests.HostSeesFile(disk, "/new.txt", Written);
        }
        finally { Ext2Image.Delete(disk); }
    }

    [OpenSbiTheory]
    [InlineData(1)]
    public void ConsoleMatchesQemu(int harts)
    {
        var images = LinuxImages.Get();
        using var host = new HostEchoServers(); // one port for both runs: it is on the kernel's command line
        string qemuDisk = MakeDisk(), ourDisk = MakeDisk();
        string qemuConsole = Path.Combine(Path.GetDirectoryName(qemuDisk)!, "hvc1.txt"), ourConsole = Path.Combine(Path.GetDirectoryName(ourDisk)!, "hvc1.txt");
        try
        {
            string? qemu = QemuSystem.Console(harts, ["-bios", OpenSbiBootTests.FwJump, "-kernel", images.Kernel, "-initrd", images.Initrd,
                "-append", LinuxBootTests.Append(Commands(host.TcpPort)), "-drive", $"file={qemuDisk},format=raw,if=virtio",
                "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,romfile=", "-device", "virtio-rng-pci",
                "-chardev", $"file,path={qemuConsole},id=c0", "-device", "virtio-serial-pci", "-device", "virtconsole,chardev=c0"], LinuxBootTests.Patience);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            Assert.Contains("pci-done", qemu);
            using var run = Boot("jit-default", harts, ourDisk, ourConsole, host.TcpPort);
            var outcome = run.Finish(LinuxBootTests.Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            // The entropy device's kernel thread seeds the random pool while other drivers probe: its line comes at a
            // moment that depends on timing, in both.
            const string seeded = "random: crng init done";
            static string[] Comparable(string text) => [.. LinuxBootTests.Comparable(text).Where(l => l != seeded)];
            Assert.Contains(seeded, qemu);
            Assert.Contains(seeded, run.Output);
            Assert.Equal(Comparable(qemu), Comparable(run.Output));
            Assert.Equal(File.ReadAllText(qemuConsole), File.ReadAllText(ourConsole));
        }
        finally { Ext2Image.Delete(qemuDisk); Ext2Image.Delete(ourDisk); }
    }
}
