// What every virtio transport keeps the same way (virtio 1.2 §2, §3): the device status, feature negotiation,
// the queues, the interrupt status, reset, and the device's side (pop, complete, fail). virtio-mmio and
// virtio-pci only map their registers onto this.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// The transport-independent state of one virtio device: status, feature selectors and the driver's features,
/// the selected queue and the queues themselves, the interrupt status (used-buffer and configuration-change
/// bits), the configuration generation, and whether a guest mistake stopped the device (DEVICE_NEEDS_RESET until
/// a reset, as QEMU's virtio_error). The transport owns the interrupt line: <see cref="InterruptChanged"/> runs
/// (under <see cref="Gate"/>) whenever <see cref="InterruptStatus"/> may have changed. Register accessors here
/// expect the caller to hold <see cref="Gate"/>; the device's side takes it itself.
/// </summary>
public sealed class VirtioCore : IVirtioTransport
{
    public const uint StatusAcknowledge = 1, StatusDriver = 2, StatusDriverOk = 4, StatusFeaturesOk = 8, StatusNeedsReset = 0x40, StatusFailed = 0x80;
    public const uint InterruptUsedBuffer = 1, InterruptConfigChange = 2;

    private readonly Virtqueue[] queues;
    private readonly string label;
    private readonly bool offerVersion1;
    private int generation;

    /// <param name="label">How log lines name the transport ("virtio-mmio@0x10001000").</param>
    /// <param name="offerVersion1">Offer VIRTIO_F_VERSION_1 (not on virtio-mmio's legacy interface).</param>
    public VirtioCore(VirtioDevice device, PhysicalMemory ram, string label, bool offerVersion1)
    {
        Device = device;
        Ram = ram;
        this.label = label;
        this.offerVersion1 = offerVersion1;
        queues = new Virtqueue[device.QueueCount];
        for (int i = 0; i < queues.Length; i++) queues[i] = new Virtqueue(ram) { Size = (uint)device.DefaultQueueSize };
        device.Transport = this;
    }

    public VirtioDevice Device { get; }
    public PhysicalMemory Ram { get; }
    public Lock Gate { get; } = new();
    public int Generation => Volatile.Read(ref generation);
    /// <summary>The last guest mistake that stopped the device (null if none since the last reset).</summary>
    public string? LastError { get; private set; }
    /// <summary>Called with each guest mistake that stops the device (QEMU prints these).</summary>
    public Action<string>? Log { get; set; }
    /// <summary>The interrupt status may have changed: the transport sets its line (called under the gate).</summary>
    public Action? InterruptChanged { get; init; }
    /// <summary>The transport's own state to clear at a device reset (called under the gate).</summary>
    public Action? TransportReset { get; init; }

    public uint Status { get; private set; }
    public uint DeviceFeaturesSelect { get; set; }
    public uint DriverFeaturesSelect { get; set; }
    public ulong DriverFeatures { get; private set; }
    public uint QueueSelect { get; set; }
    /// <summary>Used-buffer and configuration-change bits; the line is up while this is not 0.</summary>
    public uint InterruptStatus { get; private set; }
    public uint ConfigGeneration { get; private set; }
    public bool Broken { get; private set; }

    public int QueueCount => queues.Length;
    public Virtqueue Queue(int index) => queues[index];
    /// <summary>The queue QueueSelect names, or null when it names none.</summary>
    public Virtqueue? SelectedQueue => QueueSelect < queues.Length ? queues[QueueSelect] : null;

    /// <summary>The device's features, indirect descriptors, event indices, and VERSION_1 when offered.</summary>
    public ulong OfferedFeatures =>
        Device.Features | (1UL << VirtioDevice.FeatureRingIndirectDesc) | (1UL << VirtioDevice.FeatureRingEventIdx)
        | (offerVersion1 ? 1UL << VirtioDevice.FeatureVersion1 : 0);

    /// <summary>The 32-bit word of the offered features that DeviceFeaturesSelect names (0 beyond the second).</summary>
    public uint DeviceFeatureWord => DeviceFeaturesSelect < 2 ? (uint)(OfferedFeatures >> (32 * (int)DeviceFeaturesSelect)) : 0;
    public uint DriverFeatureWord => DriverFeaturesSelect < 2 ? (uint)(DriverFeatures >> (32 * (int)DriverFeaturesSelect)) : 0;

    /// <summary>The modern interface: the word DriverFeaturesSelect names (taken at FEATURES_OK).</summary>
    public void WriteDriverFeatureWord(uint v)
    {
        if (DriverFeaturesSelect >= 2) return;
        int shift = 32 * (int)DriverFeaturesSelect;
        DriverFeatures = (DriverFeatures & ~(0xFFFF_FFFFUL << shift)) | ((ulong)v << shift);
    }

    /// <summary>The legacy interface: the low word is all the features there are, and takes effect at once.</summary>
    public void WriteLegacyDriverFeatures(uint v)
    {
        DriverFeatures = v & OfferedFeatures;
        Apply();
    }

    /// <summary>A status write that is not 0 (0 is <see cref="Reset"/>). On the modern interface the device takes
    /// FEATURES_OK only for a subset of what it offered; otherwise the bit stays clear and the driver gives up.
    /// A driver that leaves VERSION_1 out negotiates as a legacy one: QEMU accepts that (it validates features
    /// only once VERSION_1 is in), and xv6's driver, which writes only the low feature word, needs it.</summary>
    public void WriteStatus(uint v, bool legacy)
    {
        if (!legacy && (v & StatusFeaturesOk) != 0 && (Status & StatusFeaturesOk) == 0)
        {
            if ((DriverFeatures & ~OfferedFeatures) == 0) Apply();
            else v &= ~StatusFeaturesOk;
        }
        bool starting = (v & StatusDriverOk) != 0 && (Status & StatusDriverOk) == 0;
        Status = (v & 0xFF & ~StatusNeedsReset) | (Status & StatusNeedsReset);
        if (starting && !Broken) Device.Started();
    }

    private void Apply()
    {
        Device.Negotiated = DriverFeatures;
        bool eventIdx = (DriverFeatures & (1UL << VirtioDevice.FeatureRingEventIdx)) != 0;
        foreach (var q in queues) q.EventIdx = eventIdx;
    }

    /// <summary>The driver notified a queue (ignored for a queue the device lacks, or while stopped).</summary>
    public void Notify(uint queue)
    {
        if (queue < queues.Length && !Broken) Device.Notify((int)queue);
    }

    /// <summary>virtio-mmio's InterruptACK: clears the bits written.</summary>
    public void Acknowledge(uint bits)
    {
        InterruptStatus &= ~bits;
        InterruptChanged?.Invoke();
    }

    /// <summary>virtio-pci's ISR read: returns the status and clears it.</summary>
    public uint TakeInterruptStatus()
    {
        uint v = InterruptStatus;
        InterruptStatus = 0;
        InterruptChanged?.Invoke();
        return v;
    }

    /// <summary>A status write of 0: requests still being served finish (into the old queues), then the device
    /// and its queues go back to their power-on state. The feature selectors keep their values, as in QEMU.
    /// Takes the gate itself (call without it).</summary>
    public void Reset()
    {
        Device.Drain();
        lock (Gate)
        {
            generation++;
            Status = QueueSelect = InterruptStatus = 0;
            DriverFeatures = 0;
            Broken = false;
            LastError = null;
            foreach (var q in queues)
            {
                q.Reset();
                q.Size = (uint)Device.DefaultQueueSize;
            }
            Device.Negotiated = 0;
            Device.Reset();
            TransportReset?.Invoke();
            InterruptChanged?.Invoke();
        }
    }

    public DescriptorChain? Pop(int queue)
    {
        lock (Gate)
        {
            if (Broken || (uint)queue >= queues.Length) return null;
            var (chain, error) = queues[queue].Pop();
            if (error is not null) Fail(error.Message);
            return chain;
        }
    }

    public void Complete(int queue, ushort head, uint written, int generation)
    {
        lock (Gate)
        {
            if (generation != this.generation || Broken || (uint)queue >= queues.Length) return;
            if (queues[queue].Push(head, written)) InterruptStatus |= InterruptUsedBuffer;
            InterruptChanged?.Invoke();
        }
    }

    public void Fail(string message)
    {
        lock (Gate)
        {
            if (Broken) return;
            Broken = true;
            LastError = message;
            Log?.Invoke($"{label} ({Device.Name}): {message}");
            Status |= StatusNeedsReset;
            // Only a modern driver learns of it through a configuration change.
            if ((Device.Negotiated & (1UL << VirtioDevice.FeatureVersion1)) != 0)
            {
                ConfigGeneration++;
                InterruptStatus |= InterruptConfigChange;
            }
            InterruptChanged?.Invoke();
        }
    }
}
