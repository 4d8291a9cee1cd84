// What a virtio device type (block, entropy, console) gives its transport: identity, features, configuration
// space, queues, and what to do when the driver notifies a queue.
namespace RvJit.Runtime.Devices;

/// <summary>The transport's side, as a device sees it: its queues, completion, and errors (a <see cref="VirtioCore"/>).</summary>
public interface IVirtioTransport
{
    Memory.PhysicalMemory Ram { get; }
    /// <summary>Takes the next chain of queue <paramref name="queue"/> (null if none or after an error, which the
    /// transport has already reported). Call only from <see cref="VirtioDevice.Notify"/> or under <see cref="Gate"/>.</summary>
    DescriptorChain? Pop(int queue);
    /// <summary>Returns a chain to the driver and interrupts it if it wants (any thread). A completion from
    /// before a reset (<paramref name="generation"/> older than <see cref="Generation"/>) is dropped.</summary>
    void Complete(int queue, ushort head, uint written, int generation);
    /// <summary>Reports a guest mistake: DEVICE_NEEDS_RESET, and the device stops until reset.</summary>
    void Fail(string message);
    /// <summary>Bumped at every device reset.</summary>
    int Generation { get; }
    /// <summary>Serialises queue access between harts and host threads (input, I/O completions).</summary>
    Lock Gate { get; }
}

/// <summary>A virtio device type behind a transport (virtio-mmio or virtio-pci, both over a <see cref="VirtioCore"/>).</summary>
public abstract class VirtioDevice
{
    public const int FeatureRingIndirectDesc = 28, FeatureRingEventIdx = 29, FeatureVersion1 = 32;

    /// <summary>Set by the transport when the device is plugged into it.</summary>
    public IVirtioTransport Transport { get; internal set; } = null!;

    /// <summary>Virtio device ID (2 block, 3 console, 4 entropy).</summary>
    public abstract uint DeviceId { get; }
    public abstract string Name { get; }
    public abstract int QueueCount { get; }
    /// <summary>A queue's size until the driver writes QueueNum (QEMU's default for the device type).</summary>
    public virtual int DefaultQueueSize => 256;
    /// <summary>Device-type feature bits (the transport adds the ring and version bits).</summary>
    public abstract ulong Features { get; }
    /// <summary>Features the driver accepted (valid once FEATURES_OK, or as written in legacy mode).</summary>
    public ulong Negotiated { get; internal set; }

    /// <summary>The configuration space as it is now (little-endian; the transport reads bytes from it).</summary>
    public virtual byte[] Config() => [];
    public virtual void WriteConfig(int offset, byte value) { }

    /// <summary>The driver made buffers available in <paramref name="queue"/> (under <see cref="IVirtioTransport.Gate"/>).</summary>
    public abstract void Notify(int queue);

    /// <summary>DRIVER_OK was set: the device may use its queues (input waiting for the guest, for instance).</summary>
    public virtual void Started() { }

    /// <summary>Waits for requests still being served (outside the gate) before a reset.</summary>
    public virtual void Drain() { }

    /// <summary>Back to the state after power-on (under the gate, after <see cref="Drain"/>).</summary>
    public virtual void Reset() { }
}
