// Linux on qcow2 disks: the format probed as QEMU probes it (no format= given) or named. Debian's 6.12 mounts an
// ext4 qcow2 image qemu-img made, reads it and writes it; the test kernel (6.1) does the same with ext2 on a
// compressed image and on an overlay whose backing file is a raw image, and with snapshot=on. Afterwards
// `qemu-img check` finds each image clean, and the file Linux wrote is in the image qemu-img converts back to raw.
using System.Security.Cryptography;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class Qcow2LinuxTests
{
    private const string FileText = "hello from ext2";
    private const string Ext2Commands =
        "mount -t ext2 /dev/vda /mnt && cat /mnt/hello.txt && echo written-by-linux-$((6*7)) > /mnt/new.txt && umount /mnt" +
        " && mount -t ext2 -o ro /dev/vda /mnt && cat /mnt/new.txt && umount /mnt && echo disk-done; poweroff -f";

    private static string ToQcow2(string raw, string name, params string[] options)
    {
        string image = Path.Combine(Path.GetDirectoryName(raw)!, name);
        DebianKernel.QemuImgOk(["convert", .. options, "-f", "raw", "-O", "qcow2", raw, image]);
        return image;
    }

    private static void CleanAndHolds(string image, string path, string text)
    {
        var (status, check) = DebianKernel.RunQemuImg("check", image);
        Assert.True(status == 0 && check.Contains("No errors were found on the image."), check);
        string raw = image + ".check.raw";
        DebianKernel.QemuImgOk("convert", "-O", "raw", image, raw);
        LinuxDiskTests.HostSeesFile(raw, path, text);
    }

    [OpenSbiTheory]
    [InlineData(1)]
    public void DebiansKernelMountsReadsAndWritesAnExt4Qcow2Disk(int harts)
    {
        string raw = Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = "hello from qcow2\n" }, megabytes: 32, type: "ext4");
        try
        {
            string image = ToQcow2(raw, "disk.qcow2");
            string output;
            using (var run = DebianKernelTests.Boot(harts, DebianKernelTests.Append(DebianKernelTests.DiskCommands + "; poweroff -f"), [new VirtioBlkSpec(image)]))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                output = run.Output.Replace("\r", "");
                Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            }
            Assert.Contains("virtio_blk virtio0: [vda] 65536 512-byte logical blocks (33.6 MB/32.0 MiB)", output);
            Assert.Equal(["hello from qcow2", "disk-done"], LinuxDiskTests.PrintedAfterInit(output).Take(2));
            CleanAndHolds(image, "/new.txt", DebianKernelTests.Written);
        }
        finally { Ext2Image.Delete(raw); }
    }

    [OpenSbiTheory]
    [InlineData("compressed", 1)]
    [InlineData("backing", 2)]
    [InlineData("v2-small-clusters", 2)]
    public void TheTestKernelUsesAnExt2Qcow2Disk(string kind, int harts)
    {
        string raw = Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText + "\n" }, megabytes: 8);
        try
        {
            string dir = Path.GetDirectoryName(raw)!;
            string image = kind switch
            {
                "compressed" => ToQcow2(raw, "disk.qcow2", "-c"),
                "v2-small-clusters" => ToQcow2(raw, "disk.qcow2", "-o", "compat=0.10,cluster_size=4096"),
                _ => Path.Combine(dir, "overlay.qcow2"),
            };
            if (kind == "backing") DebianKernel.QemuImgOk("create", "-f", "qcow2", "-b", "disk.img", "-F", "raw", image);
            byte[] baseBefore = SHA256.HashData(File.ReadAllBytes(raw));
            string output;
            using (var run = LinuxBootTests.Boot("jit-default", harts, LinuxBootTests.Append(Ext2Commands), [new VirtioBlkSpec(image, Format: "qcow2")]))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                output = run.Output.Replace("\r", "");
                Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            }
            Assert.Equal([FileText, "written-by-linux-42", "disk-done"], LinuxDiskTests.PrintedAfterInit(output).Take(3));
            CleanAndHolds(image, "/new.txt", "written-by-linux-42");
            Assert.Equal(baseBefore, SHA256.HashData(File.ReadAllBytes(raw))); // the raw source (the backing file) is untouched
        }
        finally { Ext2Image.Delete(raw); }
    }

    [OpenSbiTheory]
    [InlineData(1)]
    public void SnapshotOnKeepsLinuxsWritesOutOfTheImage(int harts)
    {
        string raw = Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText + "\n" }, megabytes: 8);
        try
        {
            string image = ToQcow2(raw, "disk.qcow2");
            byte[] before = File.ReadAllBytes(image);
            using (var run = LinuxBootTests.Boot("jit-default", harts, LinuxBootTests.Append(Ext2Commands), [new VirtioBlkSpec(image, Snapshot: true)]))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
                Assert.Contains("disk-done", run.Output);
            }
            Assert.Equal(before, File.ReadAllBytes(image));
        }
        finally { Ext2Image.Delete(raw); }
    }
}
