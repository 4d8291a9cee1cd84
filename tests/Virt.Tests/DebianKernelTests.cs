// Debian trixie's generic riscv64 kernel (6.12, with its virtio, ext4 and networking modules in an initramfs
// around Debian's busybox-static; tests/linux/fetch-debian-kernel.sh) boots as QEMU users boot it: -bios default
// (OpenSBI fw_dynamic), -kernel, -initrd, console=ttyS0, with a virtio-blk ext4 disk, virtio-net on the user
// network and virtio-rng. The console (boot messages, device probes, the commands' output) says what
// qemu-system-riscv64 -machine virt says on the same inputs, on one and two harts, and the disk Linux wrote is
// clean on the host.
using System.Text.RegularExpressions;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Net;

namespace RvJit.Virt.Tests;

public partial class DebianKernelTests
{
    private const string FileText = "hello from debian's ext4";
    internal const string Written = "written-by-debian-42";

    internal const string DiskCommands =
        "mount -t ext4 /dev/vda /mnt && cat /mnt/hello.txt && echo written-by-debian-$((6*7)) > /mnt/new.txt && umount /mnt && echo disk-done";

    private const string Commands = DiskCommands +
        "; ip link set eth0 up; udhcpc -i eth0 -q -n -s /bin/true; ip addr add 10.0.2.15/24 dev eth0;" +
        " ping -c 1 -W 5 10.0.2.2 | grep -c 'bytes from'; cat /sys/class/rtc/rtc0/name; head -c 16 /dev/hwrng | wc -c;" +
        " ls /sys/bus/virtio/drivers; cat /proc/cpuinfo; echo all-done; poweroff -f";

    internal const string Ram = "512M";

    /// <summary>Lines that differ between runs whatever the emulator (the time, timing-placed messages) or that
    /// name the CPU: QEMU 7.2's hart has the H extension and QEMU's marchid/mimpid, it has 16 PMP entries to
    /// rvjit's 64, and QEMU 7.2 writes no riscv,isa-extensions (Linux falls back to riscv,isa).</summary>
    private static readonly string[] DifferingLines =
    [
        "Boot HART Base ISA", "Boot HART ISA Extensions", "Boot HART PMP Count", "Boot HART MHPM Count", "Boot HART MIDELEG",
        "Boot HART MEDELEG", "riscv: base ISA extensions", "Falling back to deprecated \"riscv,isa\"", "Memory: ",
        "NODE_DATA(0) allocated", "goldfish_rtc 101000.rtc: setting system clock", "Trying to unpack rootfs image", "Freeing initrd memory",
        "audit: type=2000", "node 0 deferred pages initialised", "hrtimer: interrupt took", "isa\t\t:", "hart isa\t:", "marchid\t\t:", "mimpid\t\t:",
    ];

    [GeneratedRegex(@"^\[ *[0-9]+\.[0-9]+\] ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^cpu\d+: Ratio of byte access time to unaligned word access is [0-9.]+")]
    private static partial Regex UnalignedProbe();

    internal static string[] Comparable(string text) =>
    [
        .. text.Replace("\r", "").Split('\n').Select(l => UnalignedProbe().Replace(Timestamp().Replace(l, ""), "cpuN: unaligned probe"))
            .Where(l => !DifferingLines.Any(d => l.StartsWith(d, StringComparison.Ordinal))),
    ];

    private static string[] UpToAllDone(string[] lines) =>
        [.. lines.TakeWhile(l => l != "all-done").Order(StringComparer.Ordinal), "all-done"];

    internal static string Append(string commands) => $"console=ttyS0 rvjit_run=\"{commands}\"";

    internal static VirtRun Boot(int harts, string append, IReadOnlyList<VirtioDeviceSpec> virtio, HartThreads threads = HartThreads.Single)
    {
        var images = DebianKernel.Get();
        return new VirtRun("jit-default", harts, DebianKernel.FwDynamic, images.Kernel, LinuxBootTests.Patience, ramSize: 512UL << 20,
            initrd: images.Initrd, append: append, virtio: virtio, threads: threads);
    }

    private static string MakeDisk() => Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText + "\n" }, megabytes: 32, type: "ext4");

    [OpenSbiTheory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)] // virtio-pci: Debian builds virtio_pci in, the host bridge probes and assigns the BARs
    public void BootsWithVirtioDevicesAndTheConsoleMatchesQemu(int harts, bool pci)
    {
        string transport = pci ? "pci" : "device";
        var images = DebianKernel.Get();
        string qemuDisk = MakeDisk(), ourDisk = Path.Combine(Path.GetDirectoryName(qemuDisk)!, "ours.img");
        File.Copy(qemuDisk, ourDisk); // the same file system (its UUID is in the console)
        try
        {
            // OpenSBI picks its boot hart by lottery: under load QEMU's hart 1 sometimes wins (rvjit's harts take turns on
            // one thread here, so its hart 0 always does). Compare with a QEMU run whose boot hart is 0, each on a fresh disk.
            string? qemu = null;
            for (int attempt = 0; attempt < 8 && (qemu is null || !qemu.Contains("Boot HART ID              : 0", StringComparison.Ordinal)); attempt++)
            {
                File.Copy(ourDisk, qemuDisk, overwrite: true);
                qemu = QemuSystem.Console(harts, ["-m", Ram, "-bios", "default", "-kernel", images.Kernel, "-initrd", images.Initrd,
                    "-append", Append(Commands), "-drive", $"file={qemuDisk},format=raw,if=none,id=hd0", "-device", $"virtio-blk-{transport},drive=hd0",
                    // romfile=: Debian's QEMU looks for iPXE's efi-virtio.rom (package ipxe-qemu) for a PCI NIC.
                    "-netdev", "user,id=n0", "-device", $"virtio-net-{transport},netdev=n0" + (pci ? ",romfile=" : ""), "-device", $"virtio-rng-{transport}"], LinuxBootTests.Patience);
            }
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            Assert.Contains("all-done", qemu);
            string output;
            // Command-line order, as QEMU fills the slots: the disk in the highest, then the NIC, then the rng.
            using (var run = Boot(harts, Append(Commands), [new VirtioBlkSpec(ourDisk) { Pci = pci }, new VirtioNetSpec(new UserNetworkOptions()) { Pci = pci }, new VirtioRngSpec { Pci = pci }]))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                output = run.Output.Replace("\r", "");
                Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            }
            Assert.Contains($"Linux version {images.Version}", output);
            Assert.Contains($"smp: Brought up 1 node, {harts} CPU", output);
            Assert.Contains("riscv-timer: Timer interrupt in S-mode is available via sstc extension", output);
            Assert.Contains("goldfish_rtc 101000.rtc: registered as rtc0", output);
            Assert.Contains("virtio_blk virtio0: [vda] 65536 512-byte logical blocks (33.6 MB/32.0 MiB)", output);
            Assert.Contains("udhcpc: lease of 10.0.2.15 obtained from 10.0.2.2", output);
            Assert.Equal([FileText, "disk-done"], LinuxDiskTests.PrintedAfterInit(output).Where(l => !l.StartsWith("udhcpc")).Take(2));
            Assert.Contains("isa\t\t: rv64imafdc_zicntr_zicsr_zifencei_zihintpause_zihpm_zca_zcd_zba_zbb_zbc_zbs_sstc\n", output);
            // The same lines, up to the last command's, in any order: what a kernel prints while powering off depends on
            // timing (QEMU's virtio-net driver sometimes reports a control command it could not queue, "Failed to disable
            // promisc mode"), and the kernel's messages (EXT4's mount) land between the programs' lines where they will.
            Assert.Equal(UpToAllDone(Comparable(qemu)), UpToAllDone(Comparable(output)));
            LinuxDiskTests.HostSeesFile(ourDisk, "/new.txt", Written);
        }
        finally { Ext2Image.Delete(qemuDisk); }
    }
}
