// Asynchronous device work in flight: the machine loop does not jump its virtual clock over a disk request
// (the guest would see it take seconds), and a completion wakes harts waiting in wfi.
namespace RvJit.Runtime.Devices;

/// <summary>Counts device requests being served on host threads; <see cref="Completed"/> wakes the machine.</summary>
public sealed class DeviceIo
{
    private int inFlight;

    /// <summary>Called when a request finishes (the machine loop's wake-up).</summary>
    public Action? Completed { get; set; }

    public bool Busy => Volatile.Read(ref inFlight) != 0;

    public void Begin() => Interlocked.Increment(ref inFlight);

    public void End()
    {
        Interlocked.Decrement(ref inFlight);
        Completed?.Invoke();
    }
}
