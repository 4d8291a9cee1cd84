// virtio-console (virtio 1.2 §5.3) with its single port 0, the console (hvc0 in Linux): transmitted bytes go
// to the host's console, host input fills the receive queue's buffers.
namespace RvJit.Runtime.Devices;

/// <summary>
/// Queue 0 receives (port 0's receiveq), queue 1 transmits. MULTIPORT is not offered, so the driver uses
/// port 0 without control queues (QEMU's virtio-serial offers it; a driver that does not accept it gets the
/// same single-port device there). Input waits in a queue until the guest posts receive buffers (a reset keeps
/// it, as a character device keeps what the guest has not read).
/// </summary>
public sealed class VirtioConsole(Action<ReadOnlyMemory<byte>> transmit, Action? wake = null) : VirtioDevice
{
    public const int ReceiveQueue = 0, TransmitQueue = 1;

    private readonly Queue<byte> input = new();

    public override uint DeviceId => 3;
    public override string Name => "virtio-console";
    public override int QueueCount => 2;
    public override ulong Features => 0;
    public override int DefaultQueueSize => 128;

    // struct virtio_console_config: cols, rows, max_nr_ports, emerg_wr (only meaningful with the features).
    public override byte[] Config() => [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A byte from the host (any thread).</summary>
    public void Receive(byte b)
    {
        lock (Transport.Gate)
        {
            input.Enqueue(b);
            Deliver();
        }
        wake?.Invoke();
    }

    public override void Notify(int queue)
    {
        if (queue == ReceiveQueue) { Deliver(); return; }
        while (Transport.Pop(TransmitQueue) is { } chain)
        {
            var data = new byte[(int)Math.Min(chain.ReadableLength, 1 << 20)];
            Virtqueue.Gather(Transport.Ram, chain.Readable, 0, data);
            transmit(data);
            Transport.Complete(TransmitQueue, chain.Head, 0, Transport.Generation);
        }
    }

    public override void Started() => Deliver();

    // Fills posted receive buffers while input waits (under the gate).
    private void Deliver()
    {
        while (input.Count > 0 && Transport.Pop(ReceiveQueue) is { } chain)
        {
            int n = (int)Math.Min((ulong)input.Count, chain.WritableLength);
            var data = new byte[n];
            for (int i = 0; i < n; i++) data[i] = input.Dequeue();
            Virtqueue.Scatter(Transport.Ram, chain.Writable, 0, data);
            Transport.Complete(ReceiveQueue, chain.Head, (uint)n, Transport.Generation);
        }
    }
}
