// The virt board's fw_cfg (QEMU's at 0x10100000): a bare-metal probe reads the signature, the ID, the items and the
// file directory through the data register, every file by DMA, and sends DMA requests QEMU reports as errors; its
// console is qemu-system-riscv64's. -fw_cfg files (which QEMU 7.2's virt refuses: its fw_cfg is made after the
// command line's files are added) are read by both interfaces. Hostile DMA requests reach nothing outside RAM.
using System.Buffers.Binary;
using System.Text;
using RvJit.Runtime.Devices;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public class FwCfgTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string Probe() => GuestBuild.DeviceProgram("fw_cfg");

    private static string Run(string engine, int harts = 1, IReadOnlyList<FwCfgFile>? files = null)
    {
        using var run = new VirtRun(engine, harts, bios: null, kernel: Probe(), Patience, fwCfg: files);
        var outcome = run.Finish(Patience);
        Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
        return run.Output;
    }

    [Theory]
    [InlineData("interp", 1)]
    [InlineData("jit", 2)]
    public void ProbeMatchesQemu(string engine, int harts)
    {
        string ours = Run(engine, harts);
        Assert.Contains("signature QEMU\n", ours);
        Assert.Contains("dma register QEMU CFG\n", ours);
        Assert.Contains("id 00000003\n", ours);
        Assert.Contains($"item 05 000000000000000{harts}\n", ours);
        Assert.Contains("files 3\n  0020 0 bios-geometry\n  0021 0 bootorder\n  0022 4 etc/boot-fail-wait\n", ours);
        Assert.Contains("read to an address outside RAM: 00000001\n", ours);
        Assert.Contains("read past RAM's end: 00000001 left 0000000000000000\n", ours);
        string? qemu = QemuSystem.Console(harts, ["-bios", "none", "-kernel", Probe()], Patience);
        Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
        Assert.Equal(qemu.Replace("\r", ""), ours);
    }

    [Fact]
    public void FilesFromTheCommandLineReadTheSameByPortAndDma()
    {
        byte[] text = Encoding.ASCII.GetBytes("hello fw_cfg file\n");
        string ours = Run("jit", files: [new FwCfgFile("opt/rvjit/file", text), new FwCfgFile("opt/a", "abc"u8.ToArray())]);
        Assert.Contains("files 5\n  0020 0 bios-geometry\n  0021 0 bootorder\n  0022 4 etc/boot-fail-wait\n  0023 3 opt/a\n  0024 18 opt/rvjit/file\n", ours);
        string hex = string.Concat(text.Select(b => $" {b:x2}"));
        Assert.Contains($"opt/rvjit/file dma control 00000000:{hex}\n  by port:{hex}\n", ours);
        Assert.Contains("opt/a dma control 00000000: 61 62 63\n  by port: 61 62 63\n", ours);
    }

    [Fact]
    public void DuplicateAndOverlongNamesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new VirtMachine(new VirtOptions { FwCfgFiles = [new FwCfgFile("opt/x", []), new FwCfgFile("opt/x", [])] }));
        Assert.Throws<ArgumentException>(() => new VirtMachine(new VirtOptions { FwCfgFiles = [new FwCfgFile("opt/" + new string('n', 60), [])] }));
    }

    private const ulong RamBase = 0x8000_0000, RamSize = 1 << 20;

    // A descriptor {control, length, address} (big-endian) at `at`, run through the 64-bit DMA register.
    private static uint Dma(FwCfg device, PhysicalMemory ram, ulong at, uint control, uint length, ulong address)
    {
        var d = ram.Span(at, 16);
        BinaryPrimitives.WriteUInt32BigEndian(d, control);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], length);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], address);
        Assert.True(device.Write(16, 8, BinaryPrimitives.ReverseEndianness(at)));
        return BinaryPrimitives.ReadUInt32BigEndian(ram.Span(at, 4));
    }

    [Fact]
    public void HostileDmaSetsTheErrorBitAndStaysInRam()
    {
        // RAM's block begins below guest RAM (as the virt machine's begins at the flash): DMA must not reach that part.
        using var ram = new PhysicalMemory(RamBase - 0x1000, RamSize + 0x1000);
        ram.Span(RamBase - 0x1000, 0x1000).Fill(0x5a);
        var device = new FwCfg(0x1010_0000, ram, RamBase, RamSize, cpus: 1);
        device.AddFile("opt/big", new byte[64]);
        const ulong at = RamBase + 0x100;
        const uint read = FwCfg.DmaRead | FwCfg.DmaSelect;
        // Into the block below RAM, a length of 4 GiB - 1 from RAM's last page, an address that wraps, a write.
        Assert.Equal(FwCfg.DmaError, Dma(device, ram, at, read, 16, RamBase - 0x800));
        Assert.Equal(FwCfg.DmaError, Dma(device, ram, at, read | 0x20u << 16, 0xffff_ffff, RamBase + RamSize - 0x100));
        Assert.Equal(FwCfg.DmaError, Dma(device, ram, at, read, 8, ulong.MaxValue - 3));
        Assert.Equal(FwCfg.DmaError, Dma(device, ram, at, FwCfg.DmaWrite | FwCfg.DmaSelect | 0x20u << 16, 4, RamBase));
        Assert.True(ram.Span(RamBase - 0x1000, 0x1000).IndexOfAnyExcept((byte)0x5a) < 0, "DMA wrote below RAM");
        // A descriptor outside RAM, or straddling its end: nothing is read or written, no fault.
        Assert.True(device.Write(16, 8, BinaryPrimitives.ReverseEndianness(RamBase + RamSize - 8)));
        Assert.True(device.Write(16, 8, BinaryPrimitives.ReverseEndianness(0x1000UL)));
        Assert.True(device.Write(16, 8, ulong.MaxValue));
        // The register's halves: the high one alone does nothing, the low one runs the request.
        var d = ram.Span(at, 16);
        BinaryPrimitives.WriteUInt32BigEndian(d, FwCfg.DmaRead | FwCfg.DmaSelect);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], 4);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], RamBase + 0x200);
        Assert.True(device.Write(16, 4, 0));
        Assert.Equal(FwCfg.DmaRead | FwCfg.DmaSelect, BinaryPrimitives.ReadUInt32BigEndian(ram.Span(at, 4)));
        Assert.True(device.Write(20, 4, BinaryPrimitives.ReverseEndianness((uint)at)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(ram.Span(at, 4)));
        Assert.Equal("QEMU", Encoding.ASCII.GetString(ram.Span(RamBase + 0x200, 4)));
        // Accesses QEMU refuses fault: a selector read, a data read off its start, a DMA write of 2 bytes.
        Assert.False(device.Read(8, 2, out _));
        Assert.False(device.Read(4, 4, out _));
        Assert.False(device.Write(16, 2, 0));
    }
}
