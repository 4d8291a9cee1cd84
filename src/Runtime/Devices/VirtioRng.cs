// virtio-rng (virtio 1.2 §5.4): the entropy device fills the driver's writable buffers with host randomness.
using System.Security.Cryptography;

namespace RvJit.Runtime.Devices;

/// <summary>One request queue; each chain's writable buffers are filled (at most 64 KiB a chain, which
/// bounds the work a notify does on the hart's thread) and returned at once.</summary>
public sealed class VirtioRng : VirtioDevice
{
    public const int MaxBytesPerChain = 64 << 10;

    public override uint DeviceId => 4;
    public override string Name => "virtio-rng";
    public override int QueueCount => 1;
    public override ulong Features => 0;
    public override int DefaultQueueSize => 8;

    public override void Notify(int queue)
    {
        while (Transport.Pop(queue) is { } chain)
        {
            int n = (int)Math.Min(chain.WritableLength, MaxBytesPerChain);
            var bytes = new byte[n];
            RandomNumberGenerator.Fill(bytes);
            Virtqueue.Scatter(Transport.Ram, chain.Writable, 0, bytes);
            Transport.Complete(queue, chain.Head, (uint)n, Transport.Generation);
        }
    }
}
