// The PCIe host and the virtio-pci devices, driven by the bare-metal program virtio_pci.c (ECAM enumeration, BAR
// sizing and assignment, capabilities, the modern interface of a disk and an entropy device, the legacy I/O
// registers), with qemu-system-riscv64 -machine virt on the same binary as the oracle; the command line's PCI
// spellings; the configuration space's protocols directly.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public class VirtioPciTests
{
    private const int Sectors = 128;

    /// <summary>A disk image of <see cref="Sectors"/> sectors, byte j of sector s = 7s + j (what virtio_pci.c checks).</summary>
    private static string MakeImage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-vpci-{Guid.NewGuid():N}.img");
        var bytes = new byte[Sectors * 512];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i / 512 * 7 + i % 512);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static bool SectorSevenWritten(string image)
    {
        byte[] data = File.ReadAllBytes(image);
        for (int j = 0; j < 512; j++)
            if (data[7 * 512 + j] != (byte)(0x5A ^ j)) return false;
        return true;
    }

    private static string? QemuOutput(IEnumerable<string> args, string image)
    {
        string? text = QemuSystem.Console(1, ["-bios", "none", "-kernel", GuestBuild.DeviceProgram("virtio_pci"), .. args], TimeSpan.FromMinutes(2));
        return text;
    }

    /// <summary>Both engines print what QEMU prints for a disk in slot 1 and an entropy device in slot 2, and the
    /// write reaches the image.</summary>
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void ProgramSeesWhatItSeesOnQemu(string engine)
    {
        string ours = MakeImage(), theirs = MakeImage();
        try
        {
            string? qemu = QemuOutput(["-drive", $"file={theirs},format=raw,if=none,id=hd0", "-device", "virtio-blk-pci,drive=hd0", "-device", "virtio-rng-pci"], theirs);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed (scripts/install-deps.sh installs qemu-system-misc)");
            using var run = new VirtRun(engine, 1, null, GuestBuild.DeviceProgram("virtio_pci"),
                virtio: [new VirtioBlkSpec(ours) { Pci = true }, new VirtioRngSpec { Pci = true }]);
            var outcome = run.Finish();
            Assert.Equal(qemu.Replace("\r", ""), run.Output);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            Assert.Contains("pci: 00:01.0 1af4:1001 class 010000", run.Output);
            Assert.Contains("blk: reads back what it wrote\nblk: flush status 0\n", run.Output);
            Assert.Contains("rng: random bytes\npci: done\n", run.Output);
            Assert.True(SectorSevenWritten(ours));
            Assert.True(SectorSevenWritten(theirs));
        }
        finally { File.Delete(ours); File.Delete(theirs); }
    }

    /// <summary>`-drive if=virtio` is a virtio-blk-pci device after the -device ones (slot 2 here), as QEMU makes it;
    /// addr= picks a slot.</summary>
    [Theory]
    [InlineData(new[] { "-device", "virtio-rng-pci", "-drive", "file=IMAGE,format=raw,if=virtio" }, "pci: 00:02.0 1af4:1001")]
    [InlineData(new[] { "-drive", "file=IMAGE,format=raw,if=none,id=hd0", "-device", "virtio-blk-pci,drive=hd0,addr=0x5", "-device", "virtio-rng-pci,addr=03.0" },
        "pci: 00:05.0 1af4:1001")]
    public void CommandLineMatchesQemu(string[] options, string diskLine)
    {
        string ours = MakeImage(), theirs = MakeImage();
        try
        {
            var rvjit = VirtioTests.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvjit.dll"), "system", "-nographic", "-bios", "none",
                "-kernel", GuestBuild.DeviceProgram("virtio_pci"), "--timeout", "100" }.Concat(options.Select(o => o.Replace("IMAGE", ours))));
            string? qemu = QemuOutput(options.Select(o => o.Replace("IMAGE", theirs)), theirs);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed");
            Assert.Equal(0, rvjit.Code);
            Assert.Equal(qemu.Replace("\r", ""), rvjit.Stdout);
            Assert.Contains(diskLine, rvjit.Stdout);
            Assert.Contains("blk: reads back what it wrote", rvjit.Stdout);
            Assert.True(SectorSevenWritten(ours));
        }
        finally { File.Delete(ours); File.Delete(theirs); }
    }

    [Theory]
    [InlineData(new[] { "-device", "virtio-rng-pci,bus=virtio-mmio-bus.1" }, "Bus 'virtio-mmio-bus.1' not found")]
    [InlineData(new[] { "-device", "virtio-rng-pci,addr=0" }, "slot 0 function 0 not available")]
    [InlineData(new[] { "-device", "virtio-rng-pci,addr=3", "-device", "virtio-rng-pci,addr=3" }, "slot 3 function 0 not available")]
    [InlineData(new[] { "-device", "virtio-rng-pci,addr=2.1" }, "single-function")]
    [InlineData(new[] { "-device", "virtio-rng-pci,addr=zz" }, "Property 'addr' doesn't take value 'zz'")]
    [InlineData(new[] { "-device", "virtio-blk-pci" }, "drive property not set")]
    [InlineData(new[] { "-device", "virtio-net-pci,netdev=n0" }, "Property 'virtio-net-pci.netdev' can't find value 'n0'")]
    public void CommandLineMistakesAreReported(string[] options, string message)
    {
        var (code, _, stderr) = VirtioTests.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvjit.dll"), "system", "-bios", "none",
            "-kernel", GuestBuild.DeviceProgram("test_status") }.Concat(options));
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
    }

    /// <summary>The configuration space's protocols on a machine without a guest: absent devices, the BAR sizing
    /// protocol on a 64-bit BAR, decoding only once the command register enables memory, and INTx following the
    /// ISR onto PLIC source 0x20 + slot % 4, masked by the command register's INTx-disable bit.</summary>
    [Fact]
    public void ConfigurationSpaceAndIntxFollowTheProtocol()
    {
        using var machine = new VirtMachine(new VirtOptions { VirtioDevices = [new VirtioRngSpec { Pci = true }] });
        Bus bus = machine.Bus;
        ulong Cfg(int slot, int reg) => VirtBoard.PcieEcamBase + ((ulong)slot << 15) + (ulong)reg;
        uint R32(ulong a) { Assert.True(bus.Read(a, 4, out ulong v)); return (uint)v; }
        void W32(ulong a, uint v) => Assert.True(bus.Write(a, 4, v));
        void W16(ulong a, ushort v) => Assert.True(bus.Write(a, 2, v));

        Assert.Equal(0x0008_1b36u, R32(Cfg(0, 0)));
        Assert.Equal(0x1005_1af4u, R32(Cfg(1, 0)));
        Assert.Equal(0xffff_ffffu, R32(Cfg(2, 0)));
        Assert.Equal(0xffff_ffffu, R32(Cfg(1, 0) + 0x1000)); // function 1
        Assert.Equal(0u, R32(Cfg(1, 0x100))); // no extended capabilities

        // BAR4/5: a 64-bit prefetchable BAR of 16 KiB.
        W32(Cfg(1, 0x20), 0xffff_ffff);
        W32(Cfg(1, 0x24), 0xffff_ffff);
        Assert.Equal(0xffff_c00cu, R32(Cfg(1, 0x20)));
        Assert.Equal(0xffff_ffffu, R32(Cfg(1, 0x24)));
        W32(Cfg(1, 0x20), 0x4000_0000);
        W32(Cfg(1, 0x24), 4);
        Assert.Equal(0x4_4000_0000UL, machine.VirtioPci[0].BarAddress(4));
        ulong common = 0x4_4000_0000UL, isr = common + VirtioPci.IsrOffset;
        Assert.True(bus.Read(common + 0x12, 2, out ulong before));
        Assert.Equal(0xffffUL, before); // memory decoding is off
        W16(Cfg(1, 4), PciFunction.CommandMemory | PciFunction.CommandBusMaster);
        Assert.True(bus.Read(common + 0x12, 2, out ulong queues));
        Assert.Equal(1UL, queues);

        // A request completed: ISR bit 0, status bit 3, PLIC source 0x21 pending; INTx disable masks the line.
        bool Pending(int irq) => (R32(VirtBoard.PlicBase + Plic.PendingOffset + 4 * (ulong)(irq / 32)) & (1u << (irq % 32))) != 0;
        ulong ring = VirtBoard.RamBase + 0x10_0000;
        bus.Write(common + 0x14, 1, 0); // reset
        bus.Write(common + 0x16, 2, 0);
        bus.Write(common + 0x18, 2, 8);
        bus.Write(common + 0x20, 8, ring);
        bus.Write(common + 0x28, 8, ring + 0x100);
        bus.Write(common + 0x30, 8, ring + 0x1000);
        bus.Write(common + 0x1c, 2, 1);
        bus.Write(common + 0x14, 1, 0xf);
        bus.Write(ring, 8, ring + 0x2000); // descriptor 0: 16 writable bytes
        bus.Write(ring + 8, 4, 16);
        bus.Write(ring + 12, 2, Virtqueue.DescWrite);
        bus.Write(ring + 0x100 + 4, 2, 0);
        bus.Write(ring + 0x100 + 2, 2, 1);
        bus.Write(common + VirtioPci.NotifyOffset, 2, 0);
        Assert.True(bus.Read(ring + 0x1000 + 2, 2, out ulong usedIdx));
        Assert.Equal(1UL, usedIdx);
        Assert.NotEqual(0u, R32(Cfg(1, 4)) & (PciFunction.StatusInterrupt << 16));
        Assert.True(Pending(0x21));
        W16(Cfg(1, 4), PciFunction.CommandMemory | PciFunction.CommandBusMaster | PciFunction.CommandIntxDisable);
        Assert.False(Pending(0x21));
        W16(Cfg(1, 4), PciFunction.CommandMemory | PciFunction.CommandBusMaster);
        Assert.True(bus.Read(isr, 1, out ulong isrValue));
        Assert.Equal(1UL, isrValue);
        Assert.False(Pending(0x21));
        Assert.Equal(0u, R32(Cfg(1, 4)) & (PciFunction.StatusInterrupt << 16));
    }
}
