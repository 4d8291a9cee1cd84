// Linux 6.1 (tests/linux) on rvjit's virt board with a virtio-blk disk: an ext2 image made here by mke2fs -d is
// Linux's vda; the init's commands mount it, read a file, write one, mount it again read-only to read the new file
// back, and power off. The image is then checked on the host (e2fsck finds it clean, debugfs reads the file
// Linux wrote), on 1 and 2 harts, both engines, the legacy and the modern virtio-mmio interface, and the console
// says what qemu-system-riscv64 -machine virt says on the same images.
using System.Diagnostics;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class LinuxDiskTests
{
    private const string FileText = "hello from ext2";
    private const string Written = "written-by-linux-42";

    private const string Commands =
        "mount -t ext2 /dev/vda /mnt && cat /mnt/hello.txt && echo written-by-linux-$((6*7)) > /mnt/new.txt && umount /mnt" +
        " && mount -t ext2 -o ro /dev/vda /mnt && cat /mnt/new.txt && wc -c /mnt/hello.txt && umount /mnt && echo disk-done; poweroff -f";

    private static string MakeDisk() => Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText + "\n" });

    [OpenSbiTheory]
    [InlineData("jit-default", 1, true)]
    [InlineData("jit-default", 2, false)] // the modern (version 2) virtio-mmio interface
    [InlineData("interp", 2, true)]
    [InlineData("jit", 2, true)] // every block compiled: the block layer and ext2 run as translated code
    [InlineData("jit-default", 2, false, HartThreads.Multi)] // a host thread per hart, the disk's completions on device threads
    public void MountsReadsAndWritesAnExt2Disk(string engine, int harts, bool legacy, HartThreads threads = HartThreads.Single)
    {
        string disk = MakeDisk();
        try
        {
            string output;
            using (var run = LinuxBootTests.Boot(engine, harts, LinuxBootTests.Append(Commands), [new VirtioBlkSpec(disk)], legacy, threads))
            {
                var outcome = run.Finish(LinuxBootTests.Patience);
                output = run.Output.Replace("\r", "");
                Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            }
            Assert.Contains("virtio_blk virtio0: [vda] 8192 512-byte logical blocks (4.19 MB/4.00 MiB)", output);
            Assert.Contains("ext2 filesystem being mounted at /mnt", output);
            Assert.Equal([FileText, Written, "16 /mnt/hello.txt", "disk-done"], PrintedAfterInit(output).Take(4));
            HostSeesFile(disk, "/new.txt", Written);
        }
        finally { Ext2Image.Delete(disk); }
    }

    [OpenSbiTheory]
    [InlineData(1)]
    public void ConsoleMatchesQemu(int harts)
    {
        var images = LinuxImages.Get();
        string qemuDisk = MakeDisk(), ourDisk = MakeDisk();
        try
        {
            string? qemu = QemuSystem.Console(harts, ["-bios", OpenSbiBootTests.FwJump, "-kernel", images.Kernel, "-initrd", images.Initrd,
                "-append", LinuxBootTests.Append(Commands), "-drive", $"file={qemuDisk},format=raw,if=none,id=hd0", "-device", "virtio-blk-device,drive=hd0"],
                LinuxBootTests.Patience);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            using var run = LinuxBootTests.Boot("jit-default", harts, LinuxBootTests.Append(Commands), [new VirtioBlkSpec(ourDisk)]);
            var outcome = run.Finish(LinuxBootTests.Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            Assert.Contains("disk-done", qemu);
            Assert.Equal(LinuxBootTests.Comparable(qemu), LinuxBootTests.Comparable(run.Output));
        }
        finally { Ext2Image.Delete(qemuDisk); Ext2Image.Delete(ourDisk); }
    }

    /// <summary>What the commands printed: the console's lines after init's, less the kernel's (timestamped) messages.</summary>
    internal static string[] PrintedAfterInit(string output) =>
        [.. output.Split('\n').SkipWhile(l => !l.StartsWith(LinuxBootTests.Marker, StringComparison.Ordinal)).Skip(1)
            .Where(l => !l.StartsWith('[') && l.Length > 0)];

    /// <summary>The host sees <paramref name="text"/> in <paramref name="path"/> of the ext2 image, in a file system Linux left consistent.</summary>
    internal static void HostSeesFile(string disk, string path, string text)
    {
        Assert.Equal((0, text + "\n"), Host("/usr/sbin/debugfs", "-R", $"cat {path}", disk));
        var (fsck, report) = Host("/usr/sbin/e2fsck", "-f", "-n", disk);
        Assert.True(fsck == 0, report);
    }

    /// <summary>Runs an e2fsprogs tool on the host: its exit status and stdout.</summary>
    internal static (int Status, string Stdout) Host(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(File.Exists(tool) ? tool : Path.GetFileName(tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = stderr.Result;
        return (p.ExitCode, stdout);
    }
}
