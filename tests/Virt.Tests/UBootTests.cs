// Debian's U-Boot (the u-boot-qemu package, built for QEMU's virt board) boots on rvjit's virt board to its
// prompt: the S-mode build as the payload of Debian's OpenSBI fw_jump, and the M-mode build as the firmware
// itself (-bios), on one and two harts. Typed commands run (version, sbi, virtio scan/info, ls and load from an
// ext2 file system on a virtio-blk disk, md), Linux loaded from the disk starts with booti, and poweroff and
// reset end the machine. The console says what qemu-system-riscv64 -machine virt says on the same options, apart
// from the lines about the CPU. A virtio-blk-pci disk on the PCIe host is enumerated and read as on QEMU. The CFI
// flash: flinfo, md, erase, cp.b into a bank, protect, as on QEMU, and the bank's image written as QEMU writes it.
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

/// <summary>A theory that needs Debian's u-boot-qemu and opensbi packages (scripts/install-deps.sh installs both).</summary>
public sealed class UBootTheoryAttribute : TheoryAttribute
{
    public UBootTheoryAttribute()
    {
        if (!File.Exists(UBootTests.SMode) || !File.Exists(UBootTests.MMode) || !File.Exists(OpenSbiBootTests.FwJump))
            Skip = $"Debian's u-boot-qemu and opensbi packages are needed ({UBootTests.SMode}): apt-get install u-boot-qemu opensbi";
    }
}

public class UBootTests
{
    public const string SMode = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
    public const string MMode = "/usr/lib/u-boot/qemu-riscv64/u-boot.bin";

    private const string Prompt = "=> ";
    private const string FileText = "hello from ext2, read by U-Boot\n";

    // Hang detection only: U-Boot reaches its prompt in seconds; a loaded CI machine may be many times slower.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static readonly string[] DiskCommands =
    [
        "version", "virtio scan", "virtio info", "ls virtio 0", "load virtio 0 0x84000000 hello.txt", "md.b 0x84000000 0x20",
    ];

    /// <summary>-bios and -kernel as QEMU's documentation boots each build.</summary>
    private static (string? Bios, string? Kernel) Images(bool sMode) =>
        sMode ? (OpenSbiBootTests.FwJump, SMode) : (MMode, null);

    private static VirtRun Boot(string engine, int harts, bool sMode, string disk, HartThreads threads = HartThreads.Single)
    {
        var (bios, kernel) = Images(sMode);
        return new VirtRun(engine, harts, bios, kernel, Patience, virtio: [new VirtioBlkSpec(disk)], threads: threads);
    }

    /// <summary>Types each command once the prompt has come back for it (the first after autoboot gives up).</summary>
    private static void Converse(VirtRun run, IEnumerable<string> commands)
    {
        int prompts = 0;
        foreach (string command in commands)
        {
            run.WaitForOccurrences(Prompt, ++prompts, Patience);
            run.Type(command + "\r");
        }
    }

    private static void WithDisk(Action<string> body) => WithDisk(disk => { body(disk); return 0; });

    private static T WithDisk<T>(Func<string, T> body)
    {
        string disk = Ext2Image.Make(new Dictionary<string, string> { ["hello.txt"] = FileText });
        try { return body(disk); }
        finally { Ext2Image.Delete(disk); }
    }

    [UBootTheory]
    [InlineData("interp", 1, true)]
    [InlineData("jit", 1, true)]
    [InlineData("jit-default", 2, true)]
    [InlineData("interp", 1, false)]
    [InlineData("jit", 2, false)]
    [InlineData("jit-default", 2, true, HartThreads.Multi)]
    public void ReachesThePromptRunsCommandsAndPowersOff(string engine, int harts, bool sMode, HartThreads threads = HartThreads.Single)
    {
        WithDisk(disk =>
        {
            using var run = Boot(engine, harts, sMode, disk, threads);
            Converse(run, [.. DiskCommands, "poweroff"]);
            var outcome = run.Finish(Patience);
            string output = run.Output.Replace("\r", "");
            Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            Assert.Contains("U-Boot 2023.01", output);
            Assert.Contains("Model: riscv-virtio,qemu\nDRAM:  128 MiB\n", output);
            Assert.Contains("Hit any key to stop autoboot:", output);
            Assert.Contains("Device 0: QEMU VirtIO Block Device\n            Type: Hard Disk\n            Capacity: 4.0 MB = 0.0 GB (8192 x 512)\n", output);
            Assert.Contains("<DIR>      12288 lost+found\n", output);
            Assert.Contains($"{FileText.Length,16} hello.txt\n", output);
            Assert.Contains($"{FileText.Length} bytes read in ", output);
            Assert.Contains("84000000: 68 65 6c 6c 6f 20 66 72 6f 6d 20 65 78 74 32 2c  hello from ext2,\n", output);
            Assert.Contains("84000010: 20 72 65 61 64 20 62 79 20 55 2d 42 6f 6f 74 0a   read by U-Boot.\n", output);
            Assert.EndsWith($"{Prompt}poweroff\npoweroff ...\n", output);
        });
    }

    [UBootTheory]
    [InlineData("jit", true)]
    [InlineData("jit", false)]
    public void ResetStopsTheMachineWithReset(string engine, bool sMode)
    {
        WithDisk(disk =>
        {
            using var run = Boot(engine, 1, sMode, disk);
            Converse(run, ["reset"]);
            var outcome = run.Finish(Patience);
            Assert.True(StopReason.Reset == outcome.Reason, $"{outcome.Reason}; output:\n{run.Output}");
            Assert.Contains("resetting ...", run.Output);
        });
    }

    /// <summary>U-Boot loads Linux (tests/linux) and its initramfs from the virtio disk and starts it with booti on the
    /// device tree it was given; Linux runs the command line set in U-Boot's environment and powers off.</summary>
    [UBootTheory]
    [InlineData("jit-default", 1)]
    [InlineData("jit-default", 2)]
    public void BootsLinuxFromTheVirtioDisk(string engine, int harts)
    {
        var linux = LinuxImages.Get();
        string disk = Ext2Image.Make(new Dictionary<string, string>(), 16,
            new Dictionary<string, string> { ["Image"] = linux.Kernel, ["initramfs.cpio.gz"] = linux.Initrd });
        try
        {
            using var run = Boot(engine, harts, sMode: true, disk);
            Converse(run,
            [
                "load virtio 0 0x84000000 Image", "load virtio 0 0x86000000 initramfs.cpio.gz",
                "setenv bootargs 'console=ttyS0 rvjit_run=\"echo from-u-boot-$((6*7)); poweroff -f\"'",
                "booti 0x84000000 0x86000000:${filesize} ${fdtcontroladdr}",
            ]);
            var outcome = run.Finish(LinuxBootTests.Patience);
            string output = run.Output.Replace("\r", "");
            Assert.True((StopReason.PowerOff, 0L) == (outcome.Reason, outcome.ExitCode), $"{outcome.Reason} {outcome.ExitCode}; output:\n{output}");
            Assert.Contains($"{new FileInfo(linux.Kernel).Length} bytes read in ", output);
            Assert.Contains("Moving Image from 0x84000000 to 0x80200000", output);
            Assert.Contains("Starting kernel ...", output);
            Assert.Contains($"smp: Brought up 1 node, {harts} CPU", output);
            Assert.Contains($"{LinuxBootTests.Marker} (6.1.", output);
            Assert.Contains("\nfrom-u-boot-42\n", output);
        }
        finally { Ext2Image.Delete(disk); }
    }

    /// <summary>Lines that differ between QEMU's board and rvjit's: the CPU's ISA string (QEMU's has H), the device
    /// tree's address (its size differs), marchid and mimpid (QEMU gives its version), a load's duration, and
    /// OpenSBI's lines about the CPU.</summary>
    private static readonly string[] DifferingLines =
    [
        "CPU:   ", "Working FDT set to ", "  Architecture ID ", "  Implementation ID ",
        "Boot HART Base ISA", "Boot HART ISA Extensions", "Boot HART PMP Count", "Boot HART MHPM Count", "Boot HART MIDELEG", "Boot HART MEDELEG",
    ];

    private static string[] Comparable(string text) =>
    [
        .. text.Replace("\r", "").Split('\n')
            .Where(l => !DifferingLines.Any(d => l.StartsWith(d, StringComparison.Ordinal)))
            .Select(l => l.Contains(" bytes read in ", StringComparison.Ordinal) ? l[..(l.IndexOf(" in ", StringComparison.Ordinal))] : l),
    ];

    /// <summary>A virtio-blk-pci disk and a virtio-rng-pci device: U-Boot enumerates the PCIe bus (`pci` lists the
    /// host bridge and both functions with QEMU's IDs and classes), binds its legacy virtio-pci driver to the
    /// transitional functions, and reads the ext2 file system through it, as on QEMU.</summary>
    [UBootTheory]
    [InlineData("interp", false)]
    [InlineData("jit", true)]
    public void PciDiskMatchesQemu(string engine, bool sMode)
    {
        string[] commands = ["pci", "virtio scan", "virtio info", "ls virtio 0", "load virtio 0 0x84000000 hello.txt", "md.b 0x84000000 0x20", "poweroff"];
        var (bios, kernel) = Images(sMode);
        var (qemu, ours) = (WithDisk(disk =>
        {
            string[] args = ["-bios", bios!, .. kernel is null ? Array.Empty<string>() : ["-kernel", kernel],
                "-drive", $"file={disk},format=raw,if=none,id=hd0", "-device", "virtio-blk-pci,drive=hd0", "-device", "virtio-rng-pci"];
            return QemuSystem.Dialogue(1, args, Prompt, commands, Patience) ?? "";
        }), WithDisk(disk =>
        {
            using var run = new VirtRun(engine, 1, bios, kernel, Patience, virtio: [new VirtioBlkSpec(disk) { Pci = true }, new VirtioRngSpec { Pci = true }]);
            Converse(run, commands);
            var outcome = run.Finish(Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            return run.Output;
        }));
        Assert.True(qemu.Length > 0, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
        string output = ours.Replace("\r", "");
        Assert.Contains("""
            00.00.00   0x1b36     0x0008     Bridge device           0x00
            00.01.00   0x1af4     0x1001     Mass storage controller 0x00
            00.02.00   0x1af4     0x1005     Build before PCI Rev2.0 0xff

            """, output);
        Assert.Contains("Device 0: 1af4 VirtIO Block Device\n", output);
        Assert.Contains($"{FileText.Length,16} hello.txt\n", output);
        Assert.Equal(Comparable(qemu), Comparable(ours));
    }

    [UBootTheory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void ConsoleMatchesQemu(int harts, bool sMode)
    {
        string[] commands = [.. DiskCommands, "sbi", "poweroff"];
        if (!sMode) commands = [.. DiskCommands, "poweroff"]; // the M-mode build has no SBI underneath
        var (bios, kernel) = Images(sMode);
        var (qemu, ours) = (WithDisk(disk =>
        {
            string[] args = ["-bios", bios!, .. kernel is null ? Array.Empty<string>() : ["-kernel", kernel],
                "-drive", $"file={disk},format=raw,if=none,id=hd0", "-device", "virtio-blk-device,drive=hd0"];
            return QemuSystem.Dialogue(harts, args, Prompt, commands, Patience) ?? "";
        }), WithDisk(disk =>
        {
            using var run = Boot("jit-default", harts, sMode, disk);
            Converse(run, commands);
            var outcome = run.Finish(Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            return run.Output;
        }));
        Assert.True(qemu.Length > 0, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
        Assert.Equal(Comparable(qemu), Comparable(ours));
    }

    /// <summary>U-Boot's CFI flash driver on bank 1 (pflash unit 1): the banks' geometry, an erase, a copy into the
    /// flash (buffered programs), a comparison, protected sectors left alone; the console and the bank's image file
    /// end as QEMU's. The M-mode build only: with pflash unit 1, QEMU (and rvjit) send OpenSBI to the bank instead of
    /// the S-mode build given as -kernel, which goes to fw_cfg.</summary>
    [UBootTheory]
    [InlineData("jit-default")]
    [InlineData("interp")]
    public void FlashCommandsMatchQemu(string engine)
    {
        string[] commands =
        [
            "flinfo 2", "md.l 0x22000000 4", "erase 0x22040000 +0x40000", "md.l 0x22040000 4", "cp.b 0x80200000 0x22040000 0x1000",
            "cmp.b 0x80200000 0x22040000 0x1000", "protect on 0x22040000 +0x40000", "erase 0x22040000 +0x40000", "md.l 0x22040000 4", "poweroff",
        ];
        var (bios, kernel) = Images(sMode: false);
        string qemuBank = Bank(), ourBank = Bank();
        try
        {
            string? qemu = QemuSystem.Dialogue(1, ["-bios", bios!, .. kernel is null ? Array.Empty<string>() : ["-kernel", kernel],
                "-drive", $"if=pflash,unit=1,format=raw,file={qemuBank}"], Prompt, commands, Patience);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            using var run = new VirtRun(engine, 1, bios, kernel, Patience, pflash: [null, new PflashDrive(ourBank)]);
            Converse(run, commands);
            var outcome = run.Finish(Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            string output = run.Output.Replace("\r", "");
            Assert.Contains("Flash: 32 MiB\n", output);
            Assert.Contains("Bank # 2: CFI conformant flash (16 x 16)  Size: 16 MB in 128 Sectors\n", output);
            Assert.Contains("Total of 4096 byte(s) were the same\n", output);
            Assert.Equal(Comparable(qemu), Comparable(run.Output));
            Assert.True(File.ReadAllBytes(qemuBank).AsSpan().SequenceEqual(File.ReadAllBytes(ourBank)), "the bank's image differs from QEMU's");
        }
        finally { File.Delete(qemuBank); File.Delete(ourBank); }
    }

    private static string Bank()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-uboot-flash-{Guid.NewGuid():N}.img");
        using (var f = File.Create(path)) f.SetLength((long)VirtBoard.FlashBankSize);
        return path;
    }
}
