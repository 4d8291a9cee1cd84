// What a network device (virtio-net) is connected to: QEMU's -netdev.
namespace RvJit.Runtime.Devices;

public interface INetworkBackend : IDisposable
{
    /// <summary>Connects the device: <paramref name="receive"/> takes each frame for the guest (called from the
    /// backend's threads); <paramref name="mac"/> is the device's address.</summary>
    void Attach(Action<byte[]> receive, Net.MacAddress mac);

    /// <summary>A frame the guest sent (any thread; never blocks).</summary>
    void Transmit(byte[] frame);

    /// <summary>True while the backend expects an answer soon (a host connect or send under way): the machine then
    /// does not jump its virtual clock over the wait.</summary>
    bool Busy { get; }
}
