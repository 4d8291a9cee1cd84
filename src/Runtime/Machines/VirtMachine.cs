// QEMU's `virt` board in system mode: RAM at 0x8000_0000, the CLINT, the PLIC, a 16550A UART, the SiFive
// test device, a goldfish RTC, virtio-mmio slots, the PCIe host with virtio-pci devices, two CFI flash banks,
// fw_cfg, a generated device tree, and several harts.
using RvJit.Runtime.DeviceTree;
using RvJit.Runtime.Devices;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Machines;

/// <summary>
/// The virt machine. Booting follows QEMU: the firmware (-bios) is loaded at RAM's base (an ELF at its own
/// addresses), the kernel past it at the next 2 MiB boundary (an ELF at its own addresses), the initrd at
/// kernel + min(RAM/2, 128 MiB), and the DTB at the top of RAM (below 3 GiB) aligned down to 2 MiB. Every
/// hart starts in M-mode at the firmware's start (the kernel's with `-bios none`) with a0 = hart id,
/// a1 = DTB address and a2 = the fw_dynamic_info in the mrom, as QEMU's reset code at 0x1000 leaves them.
/// With pflash unit 0, the harts start at the flash (0x2000_0000) instead, firmware or not; with pflash unit 1
/// (S-mode firmware such as EDK2), fw_dynamic's next_addr is that bank (0x2200_0000) and the kernel, initrd and
/// command line go to fw_cfg for the firmware to load instead of into RAM (QEMU 7.2's virt_machine_done).
/// <para>The RAM block starts at the flash, not at RAM's base: code runs from flash in place through the same
/// fetch path as from RAM. The pages between the flash and RAM are device windows or <see cref="Unassigned"/>, and
/// no instruction is fetched from them.</para>
/// </summary>
public sealed class VirtMachine : IDisposable
{
    public const uint FwDynamicMagic = 0x4942_534f, FwDynamicVersion = 2, FwDynamicNextModeS = 1;

    private readonly VirtOptions options;
    private readonly MachineLoop loop;
    private readonly Stream console;
    private volatile bool quitRequested;
    private readonly List<VirtioMmio> virtio = [];
    private readonly List<VirtioPci> virtioPci = [];
    private readonly List<IDisposable> owned = [];
    private VirtioConsole? stdioConsole;
    private readonly List<Net.UserNetwork> networks = [];

    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    public IReadOnlyList<Hart.Hart> Harts { get; }
    public IReadOnlyList<IExecutionEngine> Engines { get; }
    public Plic Plic { get; }
    public Uart16550 Uart { get; }
    public SifiveTest Test { get; }
    public GoldfishRtc Rtc { get; }
    /// <summary>The flash banks (pflash0 at 0x2000_0000, pflash1 at 0x2200_0000).</summary>
    public IReadOnlyList<CfiFlash> Flash { get; }
    public FwCfg FwCfg { get; }
    /// <summary>The virtio transports with a device, in the order the devices were given.</summary>
    public IReadOnlyList<VirtioMmio> Virtio => virtio;
    /// <summary>The virtio-*-pci functions, in the order the devices were given.</summary>
    public IReadOnlyList<VirtioPci> VirtioPci => virtioPci;
    /// <summary>The PCIe host (gpex) with its host bridge at 00:00.0.</summary>
    public PcieHost Pcie { get; }
    /// <summary>Device requests served on host threads.</summary>
    public DeviceIo DeviceIo { get; } = new();
    public byte[] Dtb { get; }
    public ulong DtbAddress { get; }
    /// <summary>Where the harts start (the firmware's entry, or the kernel's without firmware).</summary>
    public ulong StartAddress { get; }
    /// <summary>The kernel's entry (fw_dynamic's next_addr), 0 without a kernel.</summary>
    public ulong KernelEntry { get; }

    public VirtMachine(VirtOptions options)
    {
        this.options = options;
        MachineOptions m = options.Machine;
        if (options.Harts is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(options), "virt: between 1 and 64 harts");
        Ram = new PhysicalMemory(VirtBoard.FlashBase, VirtBoard.RamBase + m.RamSize - VirtBoard.FlashBase, ramStart: VirtBoard.RamBase);
        Bus = new Bus(Ram);
        // Harts on threads of their own write it (the UART, a virtio console) while the loop flushes it.
        console = Stream.Synchronized(options.Console ?? Stream.Null);

        var harts = new Hart.Hart[options.Harts];
        for (int i = 0; i < harts.Length; i++) harts[i] = new Hart.Hart(Bus, (ulong)i, viewsPerPrivilege: true);
        Harts = harts;
        Plic = new Plic(harts, VirtBoard.PlicBase);
        Uart = new Uart16550(b => console.WriteByte(b), Plic, (int)VirtBoard.UartIrq, VirtBoard.UartBase);
        Test = new SifiveTest(VirtBoard.TestBase) { Requested = StopHarts };
        Rtc = new GoldfishRtc(Plic, (int)VirtBoard.RtcIrq, VirtBoard.RtcBase);
        Bus.Attach(new Clint(harts, VirtBoard.ClintBase));
        Bus.Attach(Plic);
        Bus.Attach(Uart);
        Bus.Attach(Test);
        Bus.Attach(Rtc);
        Pcie = new PcieHost(Plic, VirtBoard.PcieIrq, VirtBoard.PcieEcamBase, VirtBoard.PcieEcamSize, VirtBoard.PciePioBase, VirtBoard.PciePioSize,
            [(VirtBoard.PcieMmioBase, VirtBoard.PcieMmioSize), (VirtBoard.PcieHighMmioBase(m.RamSize), VirtBoard.PcieHighMmioSize)]);
        foreach (var window in Pcie.Windows) Bus.Attach(window);
        AttachVirtio(options);
        Flash = AttachFlash(options);
        FwCfg = new FwCfg(VirtBoard.FwCfgBase, Ram, VirtBoard.RamBase, m.RamSize, options.Harts);
        foreach (var file in options.FwCfgFiles) FwCfg.AddFile(file.Name, file.Data);
        Bus.Attach(FwCfg);

        // Firmware, kernel, initrd, as QEMU places them.
        ulong firmwareEnd = VirtBoard.RamBase;
        ulong start = VirtBoard.RamBase;
        if (options.Bios is { } bios)
        {
            (start, firmwareEnd) = Load(bios, VirtBoard.RamBase);
        }
        ulong kernelEntry = 0;
        bool sModeFirmwareInFlash = options.Pflash.Count > 1 && options.Pflash[1] is not null;
        if (sModeFirmwareInFlash)
        {
            // The firmware in pflash1 loads the kernel itself, from fw_cfg.
            if (options.Kernel is { } kernelImage)
                FwCfg.SetBootImages(Gunzipped(File.ReadAllBytes(kernelImage)), options.Initrd is { } i ? File.ReadAllBytes(i) : null, options.Append);
            kernelEntry = VirtBoard.FlashBase + VirtBoard.FlashBankSize;
        }
        else if (options.Kernel is { } kernel)
        {
            ulong kernelStart = (firmwareEnd + (2UL << 20) - 1) & ~((2UL << 20) - 1);
            (kernelEntry, _) = Load(kernel, kernelStart);
            if (options.Bios is null) start = kernelEntry;
        }
        if (options.Pflash.Count > 0 && options.Pflash[0] is not null) start = VirtBoard.FlashBase;
        KernelEntry = kernelEntry;
        StartAddress = start;
        (ulong, ulong)? initrd = null;
        if (options.Initrd is { } initrdPath && !sModeFirmwareInFlash)
        {
            if (options.Kernel is null) throw new ArgumentException("virt: -initrd needs -kernel");
            byte[] data = File.ReadAllBytes(initrdPath);
            ulong at = kernelEntry + Math.Min(m.RamSize / 2, 128UL << 20);
            CopyToRam(at, data, initrdPath);
            initrd = (at, at + (ulong)data.Length);
        }

        Dtb = options.Dtb ?? VirtDeviceTree.Build(new VirtTreeSettings
        {
            Harts = options.Harts, RamBase = VirtBoard.RamBase, RamSize = m.RamSize, Bootargs = options.Append, Initrd = initrd,
            PcieHighMmioBase = VirtBoard.PcieHighMmioBase(m.RamSize),
            RngSeed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
        });
        ulong ramEnd = VirtBoard.RamBase + m.RamSize;
        ulong top = Math.Min(ramEnd, 0xC000_0000);
        DtbAddress = (top - (ulong)Dtb.Length) & ~((2UL << 20) - 1);
        if (DtbAddress < firmwareEnd) DtbAddress = (top - (ulong)Dtb.Length) & ~7UL;
        CopyToRam(DtbAddress, Dtb, "the device tree");
        Bus.Attach(new BootRom(VirtBoard.MromBase, ResetRom(start, DtbAddress, kernelEntry), VirtBoard.MromSize));
        // Between the flash and the PCIe host nothing answers; from the flash's end to RAM nothing is fetched.
        ulong flashEnd = VirtBoard.FlashBase + VirtBoard.FlashBanks * VirtBoard.FlashBankSize;
        Bus.Attach(new Unassigned(flashEnd, VirtBoard.PcieEcamBase - flashEnd));
        Ram.SetPageFlags(flashEnd, VirtBoard.RamBase, PhysicalMemory.FlagNoFetch);

        var engines = new IExecutionEngine[harts.Length];
        for (int i = 0; i < harts.Length; i++)
        {
            var h = harts[i];
            h.Pc = start;
            h.SetX(10, h.HartId);
            h.SetX(11, DtbAddress);
            h.SetX(12, VirtBoard.FwDynamicInfo);
            h.SetX(5, start); // t0, as the reset code leaves it
            engines[i] = m.EngineFactory?.Invoke(h) ?? new Interpreter.Interpreter(h);
        }
        Engines = engines;
        // Output leaves between slices: prompt, and without a syscall per byte.
        loop = new MachineLoop(harts, engines, m) { Poll = () => { Rtc.Poll(); console.Flush(); }, DevicesBusy = DevicesBusy, Debugger = m.Debugger };
        m.Debugger?.Attach(harts, Ram, loop.Wake);
        DeviceIo.Completed = loop.Wake.Set;
        var time = loop.TimeSource();
        foreach (var h in harts) h.Time = time;
    }

    // Disk requests in flight, or a network waiting for a host answer that is due soon.
    private bool DevicesBusy()
    {
        if (DeviceIo.Busy) return true;
        foreach (var n in networks)
            if (n.Busy) return true;
        return false;
    }

    /// <summary>Ends the run from the host (the console's Ctrl-A x).</summary>
    public void RequestQuit()
    {
        quitRequested = true;
        StopHarts();
        loop.Wake.Set();
    }

    /// <summary>Host input for the console (any thread): the virtio console on stdio if there is one, else the
    /// UART; wakes idle harts.</summary>
    public void ReceiveInput(byte b)
    {
        if (stdioConsole is not null) stdioConsole.Receive(b);
        else Uart.Receive(b);
        loop.Wake.Set();
    }

    public long Instructions => loop.Instructions;

    /// <summary>The virtual clock's ticks skipped over idle periods, and the host sleeps that paced them
    /// (<see cref="MachineOptions.IdleLead"/>).</summary>
    public (ulong SkippedTicks, long PacedWaits) Idle => (loop.SkippedTicks, loop.PacedWaits);

    public RunOutcome Run()
    {
        StopReason reason = loop.Run(StopCheck);
        console.Flush();
        return new RunOutcome(reason, reason == StopReason.PowerOff ? Test.ExitCode : 0, loop.Instructions);
    }

    private StopReason? StopCheck()
    {
        if (quitRequested) return StopReason.Quit;
        return Test.Request switch
        {
            SystemRequest.PowerOffPass or SystemRequest.PowerOffFail => StopReason.PowerOff,
            SystemRequest.Reset => StopReason.Reset,
            _ => null,
        };
    }

    private void StopHarts()
    {
        foreach (var h in Harts)
        {
            h.StopRequested = true;
            h.Wake(); // a hart asleep in wfi on a thread of its own
        }
    }

    // An ELF goes to its physical addresses (entry = its entry point), anything else to `at` (entry = at).
    // Returns the entry and the end of what was loaded.
    private (ulong Entry, ulong End) Load(string path, ulong at)
    {
        byte[] head = new byte[4];
        using (var f = File.OpenRead(path)) f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (head is [0x7f, (byte)'E', (byte)'L', (byte)'F'])
        {
            using var image = ElfImage.Load(path);
            image.CheckFitsIn(VirtBoard.RamBase, options.Machine.RamSize);
            return (image.Entry, image.LoadSegmentsInto(Ram));
        }
        byte[] data = File.ReadAllBytes(path);
        CopyToRam(at, data, path);
        return (at, at + (ulong)data.Length);
    }

    private void CopyToRam(ulong at, byte[] data, string what)
    {
        ulong length = (ulong)Math.Max(1, data.Length);
        if (at - VirtBoard.RamBase >= options.Machine.RamSize || length > options.Machine.RamSize - (at - VirtBoard.RamBase))
            throw new ArgumentException($"virt: {what} ({data.Length} bytes at 0x{at:x}) does not fit in RAM (0x{VirtBoard.RamBase:x}, {options.Machine.RamSize >> 20} MiB)");
        data.CopyTo(Ram.Span(at, data.Length));
    }

    // The banks in order, each with its drive's image or empty (QEMU creates both whatever the command line).
    private CfiFlash[] AttachFlash(VirtOptions options)
    {
        if (options.Pflash.Count > VirtBoard.FlashBanks) throw new ArgumentException($"virt: {VirtBoard.FlashBanks} flash banks (pflash units 0 and 1)");
        var banks = new CfiFlash[VirtBoard.FlashBanks];
        for (int i = 0; i < banks.Length; i++)
        {
            PflashDrive? drive = i < options.Pflash.Count ? options.Pflash[i] : null;
            banks[i] = new CfiFlash($"virt.flash{i}", VirtBoard.FlashBase + (ulong)i * VirtBoard.FlashBankSize, VirtBoard.FlashBankSize, Ram,
                drive?.Path, drive?.ReadOnly ?? false, drive?.Snapshot ?? false);
            owned.Add(banks[i]);
            Bus.Attach(banks[i]);
        }
        return banks;
    }

    // QEMU hands fw_cfg the kernel gunzipped when it is gzip-compressed (load_image_to_fw_cfg's try_decompress).
    private static byte[] Gunzipped(byte[] image)
    {
        if (image is not [0x1f, 0x8b, ..]) return image;
        try
        {
            using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(image), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            unzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException) { return image; }
    }

    // The mrom: QEMU's reset code (auipc t0, 0; addi a2, t0, 0x28; csrr a0, mhartid; ld a1, 32(t0);
    // ld t0, 24(t0); jr t0), then the start address, the DTB address and fw_dynamic_info (magic, version,
    // next_addr, next_mode = S, options, boot_hart), all 64-bit.
    private static byte[] ResetRom(ulong start, ulong dtb, ulong next)
    {
        var rom = new byte[0x28 + 6 * 8];
        uint[] code = [0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067];
        for (int i = 0; i < code.Length; i++) BitConverter.TryWriteBytes(rom.AsSpan(4 * i), code[i]);
        ulong[] data = [start, dtb, FwDynamicMagic, FwDynamicVersion, next, FwDynamicNextModeS, 0, 0];
        for (int i = 0; i < data.Length; i++) BitConverter.TryWriteBytes(rom.AsSpan(0x18 + 8 * i), data[i]);
        return rom;
    }

    // In command-line order, as QEMU plugs them: a device given a slot (bus=virtio-mmio-bus.N) takes it, the others
    // the highest free slot (the first -device is 0x1000_8000, IRQ 8; Linux names disks in device-tree order,
    // which lists it first).
    // PCI devices take their addr= slot or the first free one (1, 2, ...), in command-line order, as QEMU plugs them.
    private void AttachVirtio(VirtOptions options)
    {
        var mmioDevices = options.VirtioDevices.Where(d => !d.Pci).ToList();
        int?[] deviceIn = SlotAssignment(mmioDevices);
        var transports = new VirtioMmio[mmioDevices.Count];
        for (int slot = 0; slot < VirtBoard.VirtioSlots; slot++)
        {
            ulong at = VirtBoard.VirtioBase + VirtBoard.VirtioStride * (ulong)slot;
            if (deviceIn[slot] is not int index)
            {
                Bus.Attach(new VirtioMmioSlot(at, options.VirtioLegacy));
                continue;
            }
            var transport = new VirtioMmio(at, CreateDevice(mmioDevices[index]), Ram, Plic, (int)VirtBoard.VirtioIrq + slot, options.VirtioLegacy)
            {
                Log = options.DeviceLog,
            };
            transports[index] = transport;
            Bus.Attach(transport);
        }
        virtio.AddRange(transports);
        foreach (var spec in options.VirtioDevices.Where(d => d.Pci))
        {
            var function = new VirtioPci(CreateDevice(spec), Ram) { Log = options.DeviceLog };
            Pcie.Plug(spec.PciSlot ?? Pcie.FreeSlot(), function);
            virtioPci.Add(function);
        }
    }

    /// <summary>For each virtio-mmio slot, the index of the device in it (null: empty).</summary>
    private static int?[] SlotAssignment(IReadOnlyList<VirtioDeviceSpec> devices)
    {
        if (devices.Count > VirtBoard.VirtioSlots)
            throw new ArgumentException($"virt: at most {VirtBoard.VirtioSlots} virtio devices (virtio-mmio slots), not {devices.Count}");
        var deviceIn = new int?[VirtBoard.VirtioSlots];
        for (int i = 0; i < devices.Count; i++)
        {
            int slot = devices[i].Slot ?? Array.FindLastIndex(deviceIn, d => d is null);
            if (slot < 0 || slot >= VirtBoard.VirtioSlots)
                throw new ArgumentException($"virt: no virtio-mmio slot {slot} (0 to {VirtBoard.VirtioSlots - 1})");
            if (deviceIn[slot] is not null) throw new ArgumentException($"virt: Bus 'virtio-mmio-bus.{slot}' is full");
            deviceIn[slot] = i;
        }
        return deviceIn;
    }

    private VirtioDevice CreateDevice(VirtioDeviceSpec spec)
    {
        switch (spec)
        {
            case VirtioBlkSpec blk:
                var image = new BlockImage(blk.Path, blk.ReadOnly, blk.Snapshot, blk.Format);
                owned.Add(image);
                return new VirtioBlk(image, DeviceIo, blk.Serial);
            case VirtioRngSpec:
                return new VirtioRng();
            case VirtioConsoleSpec { Stdio: true }:
                if (stdioConsole is not null) throw new ArgumentException("virt: only one virtio console on stdio");
                return stdioConsole = new VirtioConsole(data => console.Write(data.Span), () => loop?.Wake.Set());
            case VirtioConsoleSpec { FilePath: { } path }:
                var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                owned.Add(file);
                return new VirtioConsole(data => { file.Write(data.Span); file.Flush(); });
            case VirtioConsoleSpec:
                return new VirtioConsole(_ => { });
            case VirtioNetSpec net:
                var network = new Net.UserNetwork(net.Network);
                owned.Add(network);
                networks.Add(network);
                var mac = net.Mac ?? new Net.MacAddress(Net.MacAddress.QemuDefault.Value + (ulong)(networks.Count - 1));
                return new VirtioNet(network, mac, () => loop?.Wake.Set());
            default:
                throw new ArgumentException($"virt: unknown virtio device {spec}");
        }
    }

    public void Dispose()
    {
        // Disk requests still in flight write into RAM: they finish before it goes.
        foreach (var v in virtio) v.Device.Drain();
        foreach (var v in virtioPci) v.Device.Drain();
        foreach (var d in owned) d.Dispose();
        foreach (var h in Harts) h.Dispose();
        Ram.Dispose();
        loop.Wake.Dispose();
    }
}
