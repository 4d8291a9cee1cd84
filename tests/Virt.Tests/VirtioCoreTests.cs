// virtio-mmio (modern) and virtio-pci over one transport core: the same driver steps through either register map
// give the same answers — FEATURES_OK refused for a feature not offered and taken for a subset, a malformed queue
// stopping the device with DEVICE_NEEDS_RESET and a configuration-change interrupt, and a reset bringing it back.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public class VirtioCoreTests
{
    private const ulong RamBase = 0x8000_0000, Ring = RamBase + 0x1_0000;

    /// <summary>The few registers a driver needs, as one transport maps them.</summary>
    private interface IRegisters
    {
        void SetStatus(uint v);
        uint Status();
        void DriverFeatures(uint select, uint v);
        uint DeviceFeatures(uint select);
        void EnableQueue(ulong desc, ulong avail, ulong used);
        void Notify();
        uint InterruptStatus(); // virtio-pci's ISR read also clears it
        bool Line { get; }
        string? LastError { get; }
    }

    private sealed class Mmio : IRegisters, IInterruptSink
    {
        private readonly VirtioMmio t;
        public Mmio(VirtioDevice device, PhysicalMemory ram) => t = new VirtioMmio(0x1000_1000, device, ram, this, 1, legacy: false);
        public bool Line { get; private set; }
        public void SetLevel(int irq, bool high) => Line = high;
        private void W(ulong o, uint v) => t.Write(o, 4, v);
        private uint R(ulong o) { t.Read(o, 4, out ulong v); return (uint)v; }
        public void SetStatus(uint v) => W(0x70, v);
        public uint Status() => R(0x70);
        public void DriverFeatures(uint select, uint v) { W(0x24, select); W(0x20, v); }
        public uint DeviceFeatures(uint select) { W(0x14, select); return R(0x10); }
        public void EnableQueue(ulong desc, ulong avail, ulong used)
        {
            W(0x30, 0); W(0x38, 4);
            W(0x80, (uint)desc); W(0x84, (uint)(desc >> 32));
            W(0x90, (uint)avail); W(0x94, (uint)(avail >> 32));
            W(0xa0, (uint)used); W(0xa4, (uint)(used >> 32));
            W(0x44, 1);
        }
        public void Notify() => W(0x50, 0);
        public uint InterruptStatus() { uint v = R(0x60); W(0x64, v); return v; }
        public string? LastError => t.LastError;
    }

    private sealed class Pci : IRegisters
    {
        private readonly VirtioPci f;
        public Pci(VirtioDevice device, PhysicalMemory ram)
        {
            f = new VirtioPci(device, ram);
            f.WriteConfig(PciFunction.RegCommand, 2, PciFunction.CommandMemory | PciFunction.CommandBusMaster);
        }
        public bool Line => f.IntxAsserted;
        private void W(ulong o, int size, ulong v) => f.WriteBar(VirtioPci.ModernBar, o, size, v);
        private ulong R(ulong o, int size) => f.ReadBar(VirtioPci.ModernBar, o, size);
        public void SetStatus(uint v) => W(0x14, 1, v);
        public uint Status() => (uint)R(0x14, 1);
        public void DriverFeatures(uint select, uint v) { W(0x08, 4, select); W(0x0c, 4, v); }
        public uint DeviceFeatures(uint select) { W(0x00, 4, select); return (uint)R(0x04, 4); }
        public void EnableQueue(ulong desc, ulong avail, ulong used)
        {
            W(0x16, 2, 0); W(0x18, 2, 4);
            W(0x20, 8, desc); W(0x28, 8, avail); W(0x30, 8, used);
            W(0x1c, 2, 1);
        }
        public void Notify() => W(VirtioPci.NotifyOffset, 2, 0);
        public uint InterruptStatus() => (uint)R(VirtioPci.IsrOffset, 1);
        public string? LastError => f.LastError;
    }

    [Theory]
    [InlineData("mmio")]
    [InlineData("pci")]
    public void BothTransportsNegotiateFailAndResetAlike(string transport)
    {
        using var ram = new PhysicalMemory(RamBase, 1 << 20);
        IRegisters t = transport == "mmio" ? new Mmio(new VirtioRng(), ram) : new Pci(new VirtioRng(), ram);
        Assert.Equal(1u, t.DeviceFeatures(1)); // VERSION_1
        Assert.Equal(3u << 28, t.DeviceFeatures(0)); // indirect descriptors, event index

        // A feature the device did not offer: FEATURES_OK stays clear.
        t.SetStatus(0);
        t.SetStatus(3);
        t.DriverFeatures(0, 1u << 27);
        t.DriverFeatures(1, 1);
        t.SetStatus(11);
        Assert.Equal(3u, t.Status());

        // A subset: taken.
        t.SetStatus(0);
        t.SetStatus(3);
        t.DriverFeatures(0, 0);
        t.DriverFeatures(1, 1);
        t.SetStatus(11);
        Assert.Equal(11u, t.Status());

        // A descriptor pointing outside RAM stops the device: NEEDS_RESET, a configuration change, the line up.
        t.EnableQueue(Ring, Ring + 0x100, Ring + 0x1000);
        t.SetStatus(15);
        ram.Span(Ring, 16).Clear();
        BitConverter.TryWriteBytes(ram.Span(Ring, 8), 0x10UL); // below RAM
        BitConverter.TryWriteBytes(ram.Span(Ring + 8, 4), 16u);
        BitConverter.TryWriteBytes(ram.Span(Ring + 12, 2), (ushort)Virtqueue.DescWrite);
        BitConverter.TryWriteBytes(ram.Span(Ring + 0x100 + 2, 2), (ushort)1);
        t.Notify();
        Assert.NotNull(t.LastError);
        Assert.Equal(15u | VirtioCore.StatusNeedsReset, t.Status());
        Assert.True(t.Line);
        Assert.Equal(VirtioCore.InterruptConfigChange, t.InterruptStatus());
        Assert.False(t.Line);

        // A reset brings it back.
        t.SetStatus(0);
        Assert.Equal(0u, t.Status());
        Assert.Null(t.LastError);
        Assert.False(t.Line);
    }
}
