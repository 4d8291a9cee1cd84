// The device tree of rvjit's `virt` machine, shaped like the one QEMU generates for its virt board.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Machines;

namespace RvJit.Runtime.DeviceTree;

/// <summary>What the generated tree describes.</summary>
public sealed record VirtTreeSettings
{
    public int Harts { get; init; } = 1;
    public ulong RamBase { get; init; } = 0x8000_0000;
    public ulong RamSize { get; init; } = 128UL << 20;
    public string? Bootargs { get; init; }
    /// <summary>/chosen's rng-seed (QEMU passes 32 random bytes: Linux's CRNG is ready before any driver).</summary>
    public byte[]? RngSeed { get; init; }
    /// <summary>The initrd's physical range [start, end), if one was loaded.</summary>
    public (ulong Start, ulong End)? Initrd { get; init; }
    /// <summary>Virtio-mmio transports to describe (QEMU describes all eight slots).</summary>
    public int VirtioSlots { get; init; } = 8;
    /// <summary>Where the PCIe host's 64-bit memory window starts (it follows RAM).</summary>
    public ulong PcieHighMmioBase { get; init; } = VirtBoard.PcieHighMmioBase(128UL << 20);
}

/// <summary>Builds the DTB for the virt board (see <see cref="VirtBoard"/> for the addresses).</summary>
public static class VirtDeviceTree
{
    /// <summary>The extensions rvjit's harts implement, as they appear in riscv,isa-extensions (in QEMU 7.2's
    /// order). Sstc is named so that Linux (6.1 reads riscv,isa) programs stimecmp itself instead of asking
    /// the firmware for every timer deadline. Zicntr and Zihpm are listed here but not in riscv,isa (QEMU 7.2's
    /// string has neither; Linux infers both from the deprecated string, and Debian's 6.12, which reads this
    /// list, printed an ISA without them).</summary>
    public static readonly string[] IsaExtensions = ["i", "m", "a", "f", "d", "c", "zicntr", "zicsr", "zifencei", "zihintpause", "zihpm", "zba", "zbb", "zbc", "zbs", "sstc"];

    /// <summary>The riscv,isa string as QEMU 7.2 writes it: single letters, then the multi-letter extensions
    /// joined by '_' (without the counters, which the string implies).</summary>
    public static string IsaString =>
        "rv64" + string.Concat(IsaExtensions.Where(e => e.Length == 1))
        + string.Concat(IsaExtensions.Where(e => e.Length > 1 && e is not ("zicntr" or "zihpm")).Select(e => "_" + e));

    public static byte[] Build(VirtTreeSettings s)
    {
        var w = new FdtWriter();
        uint[] intc = new uint[s.Harts];
        for (int h = 0; h < s.Harts; h++) intc[h] = w.AllocatePhandle();
        uint[] cpus = new uint[s.Harts];
        for (int h = 0; h < s.Harts; h++) cpus[h] = w.AllocatePhandle();
        uint plic = w.AllocatePhandle(), test = w.AllocatePhandle();

        w.BeginNode("");
        w.Cells("#address-cells", 2);
        w.Cells("#size-cells", 2);
        w.Strings("compatible", "riscv-virtio");
        w.Strings("model", "riscv-virtio,qemu");

        // fw_cfg and the two flash banks, where QEMU 7.2 puts them (before /chosen, properties in its order).
        w.BeginNode($"fw-cfg@{VirtBoard.FwCfgBase:x}");
        w.Property("dma-coherent");
        w.Cells64("reg", VirtBoard.FwCfgBase, 0x18);
        w.Strings("compatible", "qemu,fw-cfg-mmio");
        w.EndNode();

        w.BeginNode($"flash@{VirtBoard.FlashBase:x}");
        w.Cells("bank-width", CfiFlash.BankWidth);
        w.Cells64("reg", VirtBoard.FlashBase, VirtBoard.FlashBankSize, VirtBoard.FlashBase + VirtBoard.FlashBankSize, VirtBoard.FlashBankSize);
        w.Strings("compatible", "cfi-flash");
        w.EndNode();

        w.BeginNode("chosen");
        if (s.RngSeed is { } seed) w.Property("rng-seed", seed);
        w.Strings("stdout-path", $"/soc/serial@{VirtBoard.UartBase:x}");
        if (s.Bootargs is { } args) w.Strings("bootargs", args);
        if (s.Initrd is { } initrd)
        {
            w.Cells64("linux,initrd-start", initrd.Start);
            w.Cells64("linux,initrd-end", initrd.End);
        }
        w.EndNode();

        w.BeginNode("poweroff");
        w.Cells("value", SifiveTest.Pass);
        w.Cells("offset", 0);
        w.Cells("regmap", test);
        w.Strings("compatible", "syscon-poweroff");
        w.EndNode();

        w.BeginNode("reboot");
        w.Cells("value", SifiveTest.Reset);
        w.Cells("offset", 0);
        w.Cells("regmap", test);
        w.Strings("compatible", "syscon-reboot");
        w.EndNode();

        // QEMU's platform bus for sysbus devices plugged at run time: empty on rvjit's board as on QEMU's without
        // such devices, but described (U-Boot counts it among its devices).
        w.BeginNode($"platform-bus@{VirtBoard.PlatformBusBase:x}");
        w.Cells("interrupt-parent", plic);
        w.Cells("ranges", 0, 0, (uint)VirtBoard.PlatformBusBase, (uint)VirtBoard.PlatformBusSize);
        w.Cells("#address-cells", 1);
        w.Cells("#size-cells", 1);
        w.Strings("compatible", "qemu,platform", "simple-bus");
        w.EndNode();

        w.BeginNode($"memory@{s.RamBase:x}");
        w.Strings("device_type", "memory");
        w.Cells64("reg", s.RamBase, s.RamSize);
        w.EndNode();

        w.BeginNode("cpus");
        w.Cells("#address-cells", 1);
        w.Cells("#size-cells", 0);
        w.Cells("timebase-frequency", (uint)Clint.TimebaseFrequency);
        for (int h = 0; h < s.Harts; h++)
        {
            w.BeginNode($"cpu@{h}");
            w.Cells("phandle", cpus[h]);
            w.Strings("device_type", "cpu");
            w.Cells("reg", (uint)h);
            w.Strings("status", "okay");
            w.Strings("compatible", "riscv");
            w.Strings("riscv,isa", IsaString);
            w.Strings("riscv,isa-base", "rv64i");
            w.Strings("riscv,isa-extensions", IsaExtensions);
            w.Strings("mmu-type", "riscv,sv39");
            w.BeginNode("interrupt-controller");
            w.Cells("#interrupt-cells", 1);
            w.Property("interrupt-controller");
            w.Strings("compatible", "riscv,cpu-intc");
            w.Cells("phandle", intc[h]);
            w.EndNode();
            w.EndNode();
        }
        w.BeginNode("cpu-map");
        w.BeginNode("cluster0");
        for (int h = 0; h < s.Harts; h++)
        {
            w.BeginNode($"core{h}");
            w.Cells("cpu", cpus[h]);
            w.EndNode();
        }
        w.EndNode();
        w.EndNode();
        w.EndNode();

        w.BeginNode("soc");
        w.Cells("#address-cells", 2);
        w.Cells("#size-cells", 2);
        w.Strings("compatible", "simple-bus");
        w.Property("ranges");

        w.BeginNode($"rtc@{VirtBoard.RtcBase:x}");
        w.Cells("interrupts", VirtBoard.RtcIrq);
        w.Cells("interrupt-parent", plic);
        w.Cells64("reg", VirtBoard.RtcBase, 0x1000);
        w.Strings("compatible", "google,goldfish-rtc");
        w.EndNode();

        w.BeginNode($"serial@{VirtBoard.UartBase:x}");
        w.Cells("interrupts", VirtBoard.UartIrq);
        w.Cells("interrupt-parent", plic);
        w.Cells("clock-frequency", Uart16550.ClockFrequency);
        w.Cells64("reg", VirtBoard.UartBase, 0x100);
        w.Strings("compatible", "ns16550a");
        w.EndNode();

        w.BeginNode($"test@{VirtBoard.TestBase:x}");
        w.Cells("phandle", test);
        w.Cells64("reg", VirtBoard.TestBase, 0x1000);
        w.Strings("compatible", "sifive,test1", "sifive,test0", "syscon");
        w.EndNode();

        Pcie(w, s, plic);

        for (int i = s.VirtioSlots - 1; i >= 0; i--)
        {
            ulong at = VirtBoard.VirtioBase + VirtBoard.VirtioStride * (ulong)i;
            w.BeginNode($"virtio_mmio@{at:x}");
            w.Cells("interrupts", (uint)(VirtBoard.VirtioIrq + i));
            w.Cells("interrupt-parent", plic);
            w.Cells64("reg", at, VirtBoard.VirtioStride);
            w.Strings("compatible", "virtio,mmio");
            w.EndNode();
        }

        w.BeginNode($"plic@{VirtBoard.PlicBase:x}");
        w.Cells("phandle", plic);
        w.Cells("riscv,ndev", Plic.DefaultSources);
        w.Cells64("reg", VirtBoard.PlicBase, VirtBoard.PlicSize);
        w.Cells("interrupts-extended", PerHart(intc, 11, 9)); // M and S external interrupts
        w.Property("interrupt-controller");
        w.Strings("compatible", "sifive,plic-1.0.0", "riscv,plic0");
        w.Cells("#address-cells", 0);
        w.Cells("#interrupt-cells", 1);
        w.EndNode();

        w.BeginNode($"clint@{VirtBoard.ClintBase:x}");
        w.Cells("interrupts-extended", PerHart(intc, 3, 7)); // M software and M timer interrupts
        w.Cells64("reg", VirtBoard.ClintBase, 0x10000);
        w.Strings("compatible", "sifive,clint0", "riscv,clint0");
        w.EndNode();

        w.EndNode(); // soc
        w.EndNode(); // root
        return w.Finish();
    }

    // QEMU 7.2's node for the gpex host: ECAM of buses 0-255; ranges <PCI address (3 cells: space code, high,
    // low), CPU address, size> for the I/O window (PCI I/O address 0), the 32-bit memory window and the 64-bit
    // one; an interrupt-map entry for pins A-D of slots 0-3 (the mask keeps the slot's low two bits and the pin), each
    // onto PLIC source 0x20 + (slot + pin - 1) % 4.
    private static void Pcie(FdtWriter w, VirtTreeSettings s, uint plic)
    {
        const uint spaceIo = 0x0100_0000, spaceMemory32 = 0x0200_0000, spaceMemory64 = 0x0300_0000;
        w.BeginNode($"pci@{VirtBoard.PcieEcamBase:x}");
        var map = new List<uint>();
        for (uint slot = 0; slot < 4; slot++)
            for (uint pin = 1; pin <= 4; pin++)
                map.AddRange([slot << 11, 0, 0, pin, plic, VirtBoard.PcieIrq + (slot + pin - 1) % VirtBoard.PcieIrqLines]);
        w.Cells("interrupt-map-mask", 0x1800, 0, 0, 7);
        w.Cells("interrupt-map", [.. map]);
        w.Cells("ranges",
            spaceIo, 0, 0, Hi(VirtBoard.PciePioBase), Lo(VirtBoard.PciePioBase), Hi(VirtBoard.PciePioSize), Lo(VirtBoard.PciePioSize),
            spaceMemory32, Hi(VirtBoard.PcieMmioBase), Lo(VirtBoard.PcieMmioBase), Hi(VirtBoard.PcieMmioBase), Lo(VirtBoard.PcieMmioBase),
            Hi(VirtBoard.PcieMmioSize), Lo(VirtBoard.PcieMmioSize),
            spaceMemory64, Hi(s.PcieHighMmioBase), Lo(s.PcieHighMmioBase), Hi(s.PcieHighMmioBase), Lo(s.PcieHighMmioBase),
            Hi(VirtBoard.PcieHighMmioSize), Lo(VirtBoard.PcieHighMmioSize));
        w.Cells64("reg", VirtBoard.PcieEcamBase, VirtBoard.PcieEcamSize);
        w.Property("dma-coherent");
        w.Cells("bus-range", 0, 0xff);
        w.Cells("linux,pci-domain", 0);
        w.Strings("device_type", "pci");
        w.Strings("compatible", "pci-host-ecam-generic");
        w.Cells("#size-cells", 2);
        w.Cells("#interrupt-cells", 1);
        w.Cells("#address-cells", 3);
        w.EndNode();
    }

    private static uint Hi(ulong v) => (uint)(v >> 32);
    private static uint Lo(ulong v) => (uint)v;

    // <intc cause intc cause> for every hart: the interrupts a device raises at each hart's controller.
    private static uint[] PerHart(uint[] intc, uint first, uint second) =>
        [.. intc.SelectMany(phandle => new[] { phandle, first, phandle, second })];
}
