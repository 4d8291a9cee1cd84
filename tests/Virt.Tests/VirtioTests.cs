// The virtio-mmio devices driven by the bare-metal programs virtio.c and virtio_bad.c (programs/virtio.h is
// their driver): virtio-blk read/write/flush/get-id over the legacy and the modern interface, read-only and
// snapshot images, virtio-rng, the virtio console both ways, malformed queues the device survives, the
// command line's QEMU spellings, and the same programs under qemu-system-riscv64 -machine virt as the oracle.
using System.Diagnostics;
using System.Text;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class VirtioTests
{
    private const int Sectors = 128, WrittenSector = 7;

    // What virtio.c prints for a disk in slot 7 (serial rvjit-disk), an entropy device in slot 6 and a console
    // in slot 5. It depends on the interface only through the version number.
    private static string Expected(int version, bool readOnly, string received = "nothing received") => $"""
        virtio: slot 7 device 2 version {version}
        blk: capacity {Sectors} ro {(readOnly ? 1 : 0)} flush 1 indirect 1
        blk: get-id status 0 id 'rvjit-disk'
        blk: read ok
        blk: indirect read ok
        blk: write status {(readOnly ? 1 : 0)}
        blk: reads back {(readOnly ? "the old sector" : "what it wrote")}
        blk: flush status 0
        blk: read past the end status 1
        blk: partial sector status 1
        blk: unknown type status 2
        blk: event index: first completion quiet, second status 0, avail_event 11 of 11
        virtio: slot 6 device 4 version {version}
        rng: random bytes
        virtio: slot 5 device 3 version {version}
        console: sent
        console: {received}
        virtio: done

        """;

    /// <summary>A disk image of <see cref="Sectors"/> sectors, byte j of sector s = 7s + j.</summary>
    private static string MakeImage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-virtio-{Guid.NewGuid():N}.img");
        var bytes = new byte[Sectors * 512];
        for (int s = 0; s < Sectors; s++)
            for (int j = 0; j < 512; j++) bytes[s * 512 + j] = (byte)(s * 7 + j);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static bool SectorWasWritten(string image)
    {
        byte[] sector = File.ReadAllBytes(image).AsSpan(WrittenSector * 512, 512).ToArray();
        for (int j = 0; j < 512; j++)
            if (sector[j] != (byte)(0xA5 ^ j)) return false;
        return true;
    }

    private static bool Untouched(string image)
    {
        byte[] data = File.ReadAllBytes(image);
        for (int i = 0; i < data.Length; i++)
            if (data[i] != (byte)(i / 512 * 7 + i % 512)) return false;
        return data.Length == Sectors * 512;
    }

    [Theory]
    [InlineData("interp", true)]
    [InlineData("interp", false)]
    [InlineData("jit", true)]
    [InlineData("jit", false)]
    public void DiskEntropyAndConsoleWork(string engine, bool legacy)
    {
        string image = MakeImage();
        try
        {
            string consoleFile = image + ".console";
            using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio"),
                virtio: [new VirtioBlkSpec(image, Serial: "rvjit-disk"), new VirtioRngSpec(), new VirtioConsoleSpec(FilePath: consoleFile)], virtioLegacy: legacy);
            var outcome = run.Finish();
            Assert.Equal(Expected(legacy ? 1 : 2, readOnly: false), run.Output);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            Assert.True(SectorWasWritten(image), "the guest's write did not reach the image file");
            Assert.Equal("hello from the virtio console\n", File.ReadAllText(consoleFile));
            File.Delete(consoleFile);
        }
        finally { File.Delete(image); }
    }

    [Theory]
    [InlineData("interp", true, false)]
    [InlineData("jit", true, false)]
    [InlineData("interp", false, true)]
    [InlineData("jit", true, true)]
    public void ReadOnlyAndSnapshotImagesAreNotWritten(string engine, bool readOnly, bool snapshot)
    {
        string image = MakeImage();
        try
        {
            using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio"),
                virtio: [new VirtioBlkSpec(image, ReadOnly: readOnly, Snapshot: snapshot, Serial: "rvjit-disk"), new VirtioRngSpec(), new VirtioConsoleSpec()],
                virtioLegacy: snapshot);
            run.Finish();
            // A snapshot takes the write (and reads it back) but keeps it in memory.
            Assert.Equal(Expected(snapshot ? 1 : 2, readOnly), run.Output);
            Assert.True(Untouched(image), "the image file changed");
        }
        finally { File.Delete(image); }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void ConsoleOnStdioTakesTheInput(string engine)
    {
        string image = MakeImage();
        try
        {
            // Typed before the driver is up: the input waits for the receive buffer.
            using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio"),
                virtio: [new VirtioBlkSpec(image, Serial: "rvjit-disk"), new VirtioRngSpec(), new VirtioConsoleSpec(Stdio: true)],
                beforeRun: m => { foreach (char c in "ping") m.ReceiveInput((byte)c); });
            run.Finish();
            Assert.Equal(Expected(1, false, "received 'ping'").Replace("console: sent", "hello from the virtio console\nconsole: sent"), run.Output);
        }
        finally { File.Delete(image); }
    }

    private const string BadExpected = """
        bad: first read ok
        bad: looping chain: device needs reset, nothing used, read after reset ok
        bad: buffer outside RAM: device needs reset, nothing used, read after reset ok
        bad: head beyond the queue: device needs reset, nothing used, read after reset ok
        bad: nested indirect table: device needs reset, nothing used, read after reset ok
        bad: request without a status byte: device needs reset, nothing used, read after reset ok
        bad: available index jump: device needs reset, nothing used, read after reset ok
        bad: done

        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void MalformedQueuesAskForAResetAndTheDeviceRecovers(string engine)
    {
        string image = MakeImage();
        try
        {
            using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio_bad"),
                virtio: [new VirtioBlkSpec(image, ReadOnly: true)], virtioLegacy: false);
            var outcome = run.Finish();
            Assert.Equal(BadExpected, run.Output);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            // The last mistake was cleared by the reset that followed it.
            Assert.Null(run.Machine.Virtio[0].LastError);
        }
        finally { File.Delete(image); }
    }

    // The command line shared by rvjit system and qemu-system-riscv64.
    private static string[] Arguments(string program, string image, string consoleFile, string drive, bool? legacy, string diskBus = "", string rngBus = "")
    {
        var args = new List<string> { "-nographic", "-bios", "none", "-kernel", GuestBuild.DeviceProgram(program),
            "-drive", $"file={image},format=raw,if=none,id=hd0{drive}", "-device", $"virtio-blk-device,drive=hd0,serial=rvjit-disk{diskBus}" };
        if (program == "virtio")
            args.AddRange(["-device", $"virtio-rng-device{rngBus}", "-chardev", $"file,id=vc,path={consoleFile}", "-device", "virtio-serial-device", "-device", "virtconsole,chardev=vc"]);
        if (legacy is { } l) args.AddRange(["-global", $"virtio-mmio.force-legacy={(l ? "true" : "false")}"]);
        return [.. args];
    }

    /// <summary>Runs a host program to its end (at most two minutes): its status and output (Latin-1, byte for byte).</summary>
    internal static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.Latin1 };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail($"{file} did not finish in two minutes"); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static (int, string, string) Rvjit(IEnumerable<string> args) =>
        Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvjit.dll"), "system" }.Concat(args).Concat(["--timeout", "100"]));

    private static (int, string, string) Qemu(IEnumerable<string> args) => Run("qemu-system-riscv64", new[] { "-machine", "virt", "-monitor", "none" }.Concat(args));

    [Theory]
    [InlineData("virtio", "", null)]
    [InlineData("virtio", ",readonly=on", false)]
    [InlineData("virtio", ",snapshot=on", true)]
    [InlineData("virtio_bad", ",readonly=on", false)]
    public void QemuSystemAgrees(string program, string drive, bool? legacy)
    {
        string rvjitImage = MakeImage(), qemuImage = MakeImage();
        try
        {
            var ours = Rvjit(Arguments(program, rvjitImage, rvjitImage + ".console", drive, legacy));
            var theirs = Qemu(Arguments(program, qemuImage, qemuImage + ".console", drive, legacy));
            Assert.Equal(0, theirs.Item1);
            Assert.Equal(theirs.Item2, ours.Item2);
            Assert.Equal(0, ours.Item1);
            Assert.Equal(Untouched(qemuImage), Untouched(rvjitImage));
            Assert.Equal(SectorWasWritten(qemuImage), SectorWasWritten(rvjitImage));
            if (program == "virtio") Assert.Equal(File.ReadAllText(qemuImage + ".console"), File.ReadAllText(rvjitImage + ".console"));
            // Both report each malformed queue on stderr.
            if (program == "virtio_bad") Assert.Equal(6, ours.Item3.Split('\n').Count(l => l.Contains("virtio-blk", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var f in new[] { rvjitImage, qemuImage }) { File.Delete(f); File.Delete(f + ".console"); }
        }
    }

    /// <summary>bus=virtio-mmio-bus.N puts a device in slot N (xv6 looks for its disk in slot 0 at 0x1000_1000); the
    /// devices without a bus take the highest free slots.</summary>
    [Theory]
    [InlineData(",bus=virtio-mmio-bus.0", "")]
    [InlineData(",bus=virtio-mmio-bus.7", ",bus=virtio-mmio-bus.3")]
    [InlineData("", ",bus=virtio-mmio-bus.6")]
    public void BusPropertyPicksTheSlotAsOnQemu(string diskBus, string rngBus)
    {
        string rvjitImage = MakeImage(), qemuImage = MakeImage();
        try
        {
            var ours = Rvjit(Arguments("virtio", rvjitImage, rvjitImage + ".console", "", null, diskBus, rngBus));
            var theirs = Qemu(Arguments("virtio", qemuImage, qemuImage + ".console", "", null, diskBus, rngBus));
            Assert.Equal(0, theirs.Item1);
            Assert.Equal(theirs.Item2, ours.Item2);
            Assert.Equal(0, ours.Item1);
            Assert.Contains("virtio: done\n", ours.Item2);
        }
        finally
        {
            foreach (var f in new[] { rvjitImage, qemuImage }) { File.Delete(f); File.Delete(f + ".console"); }
        }
    }

    [Theory]
    [InlineData(new[] { "-device", "virtio-rng-device,bus=virtio-mmio-bus.8" }, "Bus 'virtio-mmio-bus.8' not found")]
    [InlineData(new[] { "-device", "virtio-rng-device,bus=pcie.0" }, "Bus 'pcie.0' not found")]
    [InlineData(new[] { "-device", "virtio-rng-device", "-device", "virtio-rng-device,bus=virtio-mmio-bus.7" }, "Bus 'virtio-mmio-bus.7' is full")]
    [InlineData(new[] { "-device", "virtio-gpu-device" }, "'virtio-gpu-device' is not a valid device model name")]
    [InlineData(new[] { "-device", "virtio-blk-device" }, "drive property not set")]
    [InlineData(new[] { "-device", "virtio-blk-device,drive=nope" }, "can't find value 'nope'")]
    [InlineData(new[] { "-device", "virtconsole" }, "No 'virtio-serial-bus' bus found")]
    [InlineData(new[] { "-drive", "file=/nonexistent/disk.img,format=raw,if=none,id=hd0" }, "Could not open '/nonexistent/disk.img'")]
    [InlineData(new[] { "-drive", "file=IMAGE,format=vmdk,if=none,id=hd0" }, "format 'vmdk' is not supported")]
    [InlineData(new[] { "-drive", "file=IMAGE,if=none,id=hd0,bogus=1" }, "Invalid parameter 'bogus'")]
    [InlineData(new[] { "-global", "virtio-mmio.force-legacy=maybe" }, "expects 'on' or 'off'")]
    [InlineData(new[] { "-global", "virtio-pci.disable-legacy=on" }, "only virtio-mmio.force-legacy")]
    [InlineData(new[] { "-device", "virtio-blk-device,drive=hd0,bogus=1" }, "Property 'virtio-blk-device.bogus' not found")]
    public void DeviceOptionMistakesAreReported(string[] options, string message)
    {
        string image = MakeImage();
        try
        {
            var args = new List<string> { "-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status") };
            if (options[0] == "-device" && options[1].Contains("drive=hd0", StringComparison.Ordinal))
                args.AddRange(["-drive", $"file={image},format=raw,if=none,id=hd0"]);
            args.AddRange(options.Select(o => o.Replace("IMAGE", image)));
            var (code, _, stderr) = Rvjit(args);
            Assert.Equal(1, code);
            Assert.Contains(message, stderr);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void ARawImageNamedQcow2IsRefused()
    {
        string image = MakeImage();
        try
        {
            var (code, _, stderr) = Rvjit(["-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status"),
                "-drive", $"file={image},format=qcow2,if=none,id=hd0", "-device", "virtio-blk-device,drive=hd0"]);
            Assert.NotEqual(0, code);
            Assert.Contains($"qcow2 image {image}: not a qcow2 image", stderr);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void ANicBeforeAnotherDeviceKeepsItsSlot()
    {
        // The NIC takes the highest slot and the rng the next, as on QEMU (the NIC's slot was once dropped, and the
        // rng then claimed the same one: "Bus 'virtio-mmio-bus.7' is full").
        var (code, _, stderr) = Rvjit(["-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status"),
            "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0", "-device", "virtio-rng-device"]);
        Assert.DoesNotContain("is full", stderr);
        Assert.NotEqual(1, code);
    }

    [Fact]
    public void BackendsMayFollowTheDevicesThatNameThem()
    {
        string image = MakeImage();
        try
        {
            // As on QEMU, which creates drives, chardevs and netdevs before devices.
            var (code, stdout, stderr) = Rvjit(["-bios", "none", "-kernel", GuestBuild.DeviceProgram("virtio_pci"), "-device", "virtio-blk-pci,drive=hd0",
                "-device", "virtio-serial-pci", "-device", "virtconsole,chardev=c0", "-device", "virtio-net-pci,netdev=n0",
                "-drive", $"file={image},format=raw,if=none,id=hd0", "-chardev", "null,id=c0", "-netdev", "user,id=n0"]);
            Assert.True(code == 0, stderr);
            Assert.Contains("pci: 00:01.0 1af4:1001 class 010000", stdout);
            Assert.Contains("pci: 00:02.0 1af4:1003 class 078000", stdout);
            Assert.Contains("pci: 00:03.0 1af4:1000 class 020000", stdout);
            Assert.EndsWith("pci: done\n", stdout);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void DriveIfVirtioAndSnapshotFlagWork()
    {
        string image = MakeImage();
        try
        {
            // -drive if=virtio is a virtio-blk-pci disk (slot 1 of the PCIe bus, as on QEMU); -snapshot keeps its
            // writes off the file.
            var (code, stdout, _) = Rvjit(["-bios", "none", "-kernel", GuestBuild.DeviceProgram("virtio_pci"), "-snapshot", "-drive", $"file={image},format=raw,if=virtio"]);
            Assert.Equal(0, code);
            Assert.Contains("pci: 00:01.0 1af4:1001 class 010000", stdout);
            Assert.Contains("blk: capacity 128\nblk: read ok\nblk: write status 0\nblk: reads back what it wrote\n", stdout);
            Assert.EndsWith("pci: done\n", stdout);
            Assert.True(Untouched(image));
        }
        finally { File.Delete(image); }
    }
}
