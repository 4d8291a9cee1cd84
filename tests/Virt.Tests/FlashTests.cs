// The virt board's CFI flash (QEMU's pflash_cfi01 as virt makes it): a bare-metal program that runs in place from
// pflash unit 0 with -bios none and drives bank 1 (CFI query, ids, status, erase, word and buffered programs, code
// programmed into the flash and run) says what it says under qemu-system-riscv64, and leaves the same image file;
// a read-only bank reports QEMU's errors and keeps its file; QEMU's size rule for images; where the harts start
// and where OpenSBI jumps with a flash bank (an S-mode payload in pflash unit 1 under fw_dynamic, with the kernel
// QEMU hands to it through fw_cfg); the command set at the device's interface.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Machines;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public class FlashTests
{
    private const ulong Bank1 = 0x2200_0000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static string FlashProgram() => GuestBuild.FlashImage("flash", ["mstart.S", "flash.c"], "flashlink.ld");
    private static string SModePayload() => GuestBuild.FlashImage("flash_smode", ["flash_smode.c"], "flashslink.ld");

    private static string EmptyBank()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-flash-{Guid.NewGuid():N}.img");
        using (var f = File.Create(path)) f.SetLength((long)VirtBoard.FlashBankSize);
        return path;
    }

    /// <summary>The one line where QEMU 7.2 differs from a flash: it runs the code it translated from the bank before
    /// the erase and the new program (its translations of flash code outlive the writes), rvjit the new code.</summary>
    private const string Reprogrammed = "reprogrammed code returns ";

    private static string Run(string engine, string bank1, bool readOnly)
    {
        using var run = new VirtRun(engine, 1, bios: null, kernel: null, Patience,
            pflash: [new PflashDrive(FlashProgram(), ReadOnly: true), new PflashDrive(bank1, readOnly)]);
        var outcome = run.Finish(Patience);
        Assert.Equal(StopReason.PowerOff, outcome.Reason);
        return run.Output;
    }

    private static string? Qemu(string bank1, bool readOnly) =>
        QemuSystem.Console(1, ["-bios", "none", "-drive", $"if=pflash,unit=0,format=raw,file={FlashProgram()},readonly=on",
            "-drive", $"if=pflash,unit=1,format=raw,file={bank1}{(readOnly ? ",readonly=on" : "")}"], Patience);

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void ProgramRunningFromFlashMatchesQemu(string engine)
    {
        string ours = EmptyBank(), theirs = EmptyBank();
        try
        {
            string output = Run(engine, ours, readOnly: false);
            Assert.Contains("running from flash at 20000000\n", output);
            Assert.Contains("code in flash returns 0000002a\n", output);
            Assert.Contains(Reprogrammed + "00000007\n", output);
            Assert.EndsWith("done\n", output);
            string? qemu = Qemu(theirs, readOnly: false);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            string[] Comparable(string text) => [.. text.Replace("\r", "").Split('\n').Where(l => !l.StartsWith(Reprogrammed, StringComparison.Ordinal))];
            Assert.Equal(Comparable(qemu), Comparable(output));
            // The programs and erases reached the file as QEMU writes them back.
            Assert.True(File.ReadAllBytes(theirs).AsSpan().SequenceEqual(File.ReadAllBytes(ours)), "the bank's image differs from QEMU's");
            Assert.Equal(0xcafef00du, BitConverter.ToUInt32(File.ReadAllBytes(ours), 2 * (int)CfiFlash.SectorLength + 8));
        }
        finally { File.Delete(ours); File.Delete(theirs); }
    }

    [Fact]
    public void ReadOnlyBankReportsQemusErrorsAndKeepsItsFile()
    {
        // The lines qemu-system-riscv64 prints for this program with readonly=on (it ends in the trap, so the run
        // powers off with status 3 and is not compared whole).
        string ours = EmptyBank();
        try
        {
            string output = Run("jit", ours, readOnly: true);
            Assert.Contains("erase status 00a000a0\n", output);
            Assert.Contains("program status 00b000b0\n", output);
            Assert.Contains("  buffered status 00000000\n", output); // the confirm after an error aborts to read-array mode
            Assert.Contains("trap 02 at 22040000", output); // the bank still holds zeros where the code should be
            Assert.True(File.ReadAllBytes(ours).All(b => b == 0), "a read-only bank's file was written");
        }
        finally { File.Delete(ours); }
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData((32 << 20) + 512)]
    [InlineData(0)]
    public void ImageOfAnotherSizeIsRefusedAsQemuRefusesIt(int size)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-flash-{Guid.NewGuid():N}.img");
        using (var f = File.Create(path)) f.SetLength(size);
        try
        {
            var e = Assert.Throws<ArgumentException>(() => new VirtMachine(new VirtOptions { Pflash = [new PflashDrive(path)] }));
            Assert.Contains($"device requires 33554432 bytes, block backend provides {size} bytes", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Pflash0IsWhereTheHartsStartWithOrWithoutFirmware()
    {
        string bank = EmptyBank();
        try
        {
            using (var none = new VirtMachine(new VirtOptions { Pflash = [new PflashDrive(bank)] }))
            {
                Assert.Equal(VirtBoard.FlashBase, none.StartAddress);
                Assert.Equal(VirtBoard.FlashBase, none.Harts[0].Pc);
            }
            if (!File.Exists(OpenSbiBootTests.FwJump)) return;
            using var withFirmware = new VirtMachine(new VirtOptions { Bios = OpenSbiBootTests.FwJump, Pflash = [new PflashDrive(bank)] });
            Assert.Equal(VirtBoard.FlashBase, withFirmware.StartAddress);
            // The firmware is still loaded at RAM's base, for flash code to jump to.
            Assert.True(withFirmware.Bus.Read(VirtBoard.RamBase, 4, out ulong first) && first != 0);
        }
        finally { File.Delete(bank); }
    }

    [Fact]
    public void Pflash1IsOpenSbisNextAddressAndTheKernelGoesToFwCfg()
    {
        string bank = EmptyBank(), kernel = Path.GetTempFileName();
        File.WriteAllBytes(kernel, [1, 2, 3, 4, 5]);
        try
        {
            using var m = new VirtMachine(new VirtOptions { Pflash = [null, new PflashDrive(bank)], Kernel = kernel, Append = "console=ttyS0" });
            Assert.Equal(VirtBoard.FlashBase + VirtBoard.FlashBankSize, m.KernelEntry);
            Assert.Equal(VirtBoard.RamBase, m.StartAddress); // -bios none: RAM's base, as QEMU's reset vector
            Assert.True(m.Bus.Read(VirtBoard.RamBase + (2 << 20), 4, out ulong atKernel) && atKernel == 0, "the kernel was loaded into RAM");
            Assert.Equal(new ulong[] { 5, 0x0504030201, 14 }, new[] { Item(m.FwCfg, FwCfg.KernelSize), Item(m.FwCfg, FwCfg.KernelData), Item(m.FwCfg, FwCfg.CmdlineSize) });
        }
        finally { File.Delete(bank); File.Delete(kernel); }
    }

    private static ulong Item(FwCfg device, ushort key)
    {
        Assert.True(device.Write(8, 2, (ulong)(ushort)(key << 8 | key >> 8)));
        Assert.True(device.Read(0, 8, out ulong value));
        return value;
    }

    [OpenSbiTheory]
    [InlineData("interp")]
    [InlineData("jit-default")]
    public void SModePayloadInPflash1RunsUnderOpenSbiAsOnQemu(string engine)
    {

        string kernel = Path.GetTempFileName();
        File.WriteAllText(kernel, "KERNELBYTES0123456789");
        try
        {
            string? qemu = QemuSystem.Console(1, ["-bios", OpenSbiBootTests.FwDynamic, "-drive", $"if=pflash,unit=1,format=raw,file={SModePayload()},readonly=on",
                "-kernel", kernel, "-append", "hello-cmdline"], Patience);
            Assert.True(qemu is not null, "qemu-system-riscv64 is needed for this comparison (scripts/install-deps.sh installs qemu-system-misc)");
            using var run = new VirtRun(engine, 1, OpenSbiBootTests.FwDynamic, kernel, Patience, append: "hello-cmdline",
                pflash: [null, new PflashDrive(SModePayload(), ReadOnly: true)]);
            var outcome = run.Finish(Patience);
            Assert.Equal((StopReason.PowerOff, 0L), (outcome.Reason, outcome.ExitCode));
            string output = run.Output.Replace("\r", "");
            Assert.Contains("Domain0 Next Address      : 0x0000000022000000\n", output);
            Assert.Contains("S-mode payload in flash at 22000000, hart 0, dtb 87e00000\n", output);
            Assert.Contains("fw_cfg kernel size 00000015: 4b 45 52 4e 45 4c 42 59 54 45 53 30 31 32 33 34\nfw_cfg cmdline 0000000e 'hello-cmdline'\n", output);
            Assert.Equal(OpenSbiBootTests.Comparable(qemu), OpenSbiBootTests.Comparable(run.Output));
        }
        finally { File.Delete(kernel); }
    }

    // The device alone, on a RAM block that starts at it.
    private static (CfiFlash Flash, PhysicalMemory Ram) Device(string? image = null, bool readOnly = false)
    {
        var ram = new PhysicalMemory(VirtBoard.FlashBase, VirtBoard.FlashBankSize);
        return (new CfiFlash("test", VirtBoard.FlashBase, VirtBoard.FlashBankSize, ram, image, readOnly, keepWritesInMemory: false), ram);
    }

    private static uint Read(CfiFlash f, ulong offset, int size = 4) { Assert.True(f.Read(offset, size, out ulong v)); return (uint)v; }
    private static void Command(CfiFlash f, ulong offset, uint command) => Assert.True(f.Write(offset, 4, command * 0x10001u));

    [Fact]
    public void QueryIdsAndStatusAnswerForBothDevices()
    {
        var (f, ram) = Device();
        using (f)
        using (ram)
        {
            Assert.True(f.InReadArrayMode);
            Command(f, 0x55 * 4, 0x98);
            Assert.False(f.InReadArrayMode);
            Assert.Equal("QRY", string.Concat(new[] { 0x10, 0x11, 0x12 }.Select(i => (char)(Read(f, 4UL * (uint)i) & 0xFF))));
            Assert.Equal(0x00180018u, Read(f, 4 * 0x27)); // 2^24 bytes a device, two devices
            Assert.Equal(0x007f007fu, Read(f, 4 * 0x2D)); // 128 blocks
            Assert.Equal(0x00020002u, Read(f, 4 * 0x30)); // of 128 KiB a device
            Assert.True(f.Read(4 * 0x10, 8, out ulong both)); // two 4-byte accesses
            Assert.Equal(0x0052_0052_0051_0051UL, both);
            Command(f, 0, 0xff);
            Assert.True(f.InReadArrayMode);
            Command(f, 0, 0x90);
            Assert.Equal(0x00890089u, Read(f, 0));
            Assert.Equal(0x00180018u, Read(f, 4));
            Command(f, 0, 0x70);
            Assert.Equal(0x00800080u, Read(f, 0));
            Assert.Equal(0x80u, Read(f, 0, 2));
        }
    }

    [Fact]
    public void ProgramsAndErasesReachTheFileAndDropDecodedCode()
    {
        string path = EmptyBank();
        var (f, ram) = Device(path);
        using (ram)
        {
            ulong dropped = 0;
            ram.CodePageWritten += pa => dropped = pa;
            ram.MarkCode(VirtBoard.FlashBase + CfiFlash.SectorLength);
            Command(f, CfiFlash.SectorLength, 0x40);
            Assert.True(f.Write(CfiFlash.SectorLength, 4, 0x00000513));
            Assert.Equal(VirtBoard.FlashBase + CfiFlash.SectorLength, dropped);
            Assert.Equal(0x00800080u, Read(f, 0)); // status until read-array mode
            Command(f, 0, 0xff);
            Assert.Equal(0x00000513u, Read(f, CfiFlash.SectorLength));
            // A buffered program: count - 1, the words, the confirm; then an erase of another sector.
            Command(f, 0x1000, 0xe8);
            Assert.True(f.Write(0x1000, 4, 0x00010001));
            Assert.True(f.Write(0x1000, 4, 0x11111111));
            Assert.True(f.Write(0x1004, 4, 0x22222222));
            Assert.Equal(0u, ram.Span(VirtBoard.FlashBase + 0x1000, 4)[0]); // not before the confirm
            Command(f, 0x1000, 0xd0);
            Command(f, 3 * CfiFlash.SectorLength + 8, 0x20);
            Command(f, 3 * CfiFlash.SectorLength, 0xd0);
            Command(f, 0, 0xff);
            Assert.Equal(0xffffffffu, Read(f, 4 * CfiFlash.SectorLength - 4));
            f.Dispose();
            byte[] file = File.ReadAllBytes(path);
            Assert.Equal(0x00000513u, BitConverter.ToUInt32(file, (int)CfiFlash.SectorLength));
            Assert.Equal(0x22222222u, BitConverter.ToUInt32(file, 0x1004));
            Assert.True(file.AsSpan(3 * (int)CfiFlash.SectorLength, (int)CfiFlash.SectorLength).IndexOfAnyExcept((byte)0xff) < 0);
            Assert.Equal(0, file[4 * (int)CfiFlash.SectorLength]);
            File.Delete(path);
        }
    }

    /// <summary>Virtio DMA reaches guest RAM only: a ring or a buffer in the flash (or the holes after it), which share
    /// the RAM block on the virt machine, is refused as any address outside RAM.</summary>
    [Fact]
    public void VirtioBuffersInTheFlashAreOutsideRam()
    {
        using var m = new VirtMachine(new VirtOptions());
        var ring = new Virtqueue(m.Ram) { Size = 8, DescAddress = VirtBoard.FlashBase, AvailAddress = VirtBoard.RamBase + 4096, UsedAddress = VirtBoard.RamBase + 8192, Ready = true };
        Assert.Contains("outside RAM", ring.Pop().Error?.Message);
        // A descriptor in RAM pointing into the flash.
        var d = m.Ram.Span(VirtBoard.RamBase, 16);
        BitConverter.TryWriteBytes(d, VirtBoard.FlashBase + 0x100);
        BitConverter.TryWriteBytes(d[8..], 16u);
        BitConverter.TryWriteBytes(m.Ram.Span(VirtBoard.RamBase + 4096 + 2, 2), (ushort)1);
        ring = new Virtqueue(m.Ram) { Size = 8, DescAddress = VirtBoard.RamBase, AvailAddress = VirtBoard.RamBase + 4096, UsedAddress = VirtBoard.RamBase + 8192, Ready = true };
        Assert.Contains("outside RAM", ring.Pop().Error?.Message);
        Assert.True(m.Ram.ContainsRam(VirtBoard.RamBase, 16) && !m.Ram.ContainsRam(VirtBoard.RamBase - 8, 16));
    }
}
