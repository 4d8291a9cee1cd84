// QEMU's generic PCIe host bridge (gpex) on the virt board: the ECAM configuration space of bus 0, the I/O and
// memory windows through which the guest reaches the BARs it assigned, and INTx routed onto four PLIC sources.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// One bus (0) of 32 slots, function 0 of each (no multi-function devices, no bridges: other buses and functions
/// read all ones, as an absent device does). ECAM: offset = bus &lt;&lt; 20 | device &lt;&lt; 15 | function &lt;&lt; 12 |
/// register. The windows are devices on the system bus; an access in one goes to the function whose enabled BAR
/// holds the PCI address (I/O: the offset in the I/O window; memory: the CPU address itself), and otherwise reads all
/// ones and is dropped (as QEMU's gpex answers unmapped accesses). INTx pin A of the device in slot s raises PLIC source
/// irqBase + s % 4 (the device-tree interrupt-map's swizzle), the line high while any of its devices asserts it.
/// </summary>
public sealed class PcieHost
{
    public const int Slots = 32;

    private readonly PciFunction?[] slots = new PciFunction?[Slots];
    private readonly IInterruptSink plic;
    private readonly uint irqBase;
    private readonly Lock configGate = new(), lineGate = new();
    private readonly bool[] lines = new bool[4];

    public PcieHost(IInterruptSink plic, uint irqBase, ulong ecamBase, ulong ecamSize, ulong pioBase, ulong pioSize,
        (ulong Base, ulong Size)[] memoryWindows)
    {
        this.plic = plic;
        this.irqBase = irqBase;
        List<IMmioDevice> windows =
        [
            new Window(this, "pcie-ecam", ecamBase, ecamSize, WindowKind.Config),
            new Window(this, "pcie-pio", pioBase, pioSize, WindowKind.Io),
        ];
        foreach (var (b, s) in memoryWindows) windows.Add(new Window(this, "pcie-mmio", b, s, WindowKind.Memory));
        Windows = windows;
        Plug(0, new PciHostBridge());
    }

    /// <summary>The regions to attach to the system bus.</summary>
    public IReadOnlyList<IMmioDevice> Windows { get; }

    public IReadOnlyList<PciFunction?> Functions => slots;

    /// <summary>The first free slot (QEMU's order: devices take slots 1, 2, ... as given).</summary>
    public int FreeSlot()
    {
        int s = Array.IndexOf(slots, null);
        return s >= 0 ? s : throw new ArgumentException("virt: the PCIe bus is full (32 slots)");
    }

    public void Plug(int slot, PciFunction function)
    {
        if ((uint)slot >= Slots) throw new ArgumentException($"virt: no PCI slot {slot} (0 to {Slots - 1})");
        if (slots[slot] is not null) throw new ArgumentException($"virt: PCI slot {slot} is taken");
        slots[slot] = function;
        function.IntxChanged = UpdateLines;
    }

    private void UpdateLines()
    {
        lock (lineGate)
        {
            Span<bool> level = stackalloc bool[4];
            for (int s = 0; s < Slots; s++)
                if (slots[s] is { IntxAsserted: true }) level[s % 4] = true;
            for (int l = 0; l < 4; l++)
            {
                if (level[l] == lines[l]) continue;
                lines[l] = level[l];
                plic.SetLevel((int)irqBase + l, level[l]);
            }
        }
    }

    private PciFunction? ConfigTarget(ulong offset)
    {
        ulong bus = offset >> 20, device = (offset >> 15) & 31, function = (offset >> 12) & 7;
        return bus == 0 && function == 0 ? slots[device] : null;
    }

    private PciFunction? Decoder(bool io, ulong address, int size, out int bar, out ulong offset)
    {
        foreach (var f in slots)
            if (f is not null && f.Decodes(io, address, size, out bar, out offset)) return f;
        (bar, offset) = (0, 0);
        return null;
    }

    private enum WindowKind { Config, Io, Memory }

    private sealed class Window(PcieHost host, string name, ulong @base, ulong size, WindowKind kind) : IMmioDevice
    {
        public string Name => name;
        public ulong Base => @base;
        public ulong Size => size;

        public bool Read(ulong offset, int size, out ulong value)
        {
            if (kind == WindowKind.Config)
            {
                value = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
                if ((offset & (ulong)(size - 1)) != 0 || size == 8) return true;
                lock (host.configGate)
                    if (host.ConfigTarget(offset) is { } f) value = f.ReadConfig((int)(offset & 0xfff), size);
                return true;
            }
            ulong address = kind == WindowKind.Io ? offset : @base + offset;
            value = host.Decoder(kind == WindowKind.Io, address, size, out int bar, out ulong at) is { } target ? target.ReadBar(bar, at, size)
                : size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
            return true;
        }

        public bool Write(ulong offset, int size, ulong value)
        {
            if (kind == WindowKind.Config)
            {
                if ((offset & (ulong)(size - 1)) != 0 || size == 8) return true;
                lock (host.configGate)
                    host.ConfigTarget(offset)?.WriteConfig((int)(offset & 0xfff), size, (uint)value);
                return true;
            }
            ulong address = kind == WindowKind.Io ? offset : @base + offset;
            host.Decoder(kind == WindowKind.Io, address, size, out int bar, out ulong at)?.WriteBar(bar, at, size, value);
            return true;
        }
    }
}
