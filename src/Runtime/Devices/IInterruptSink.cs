namespace RvJit.Runtime.Devices;

/// <summary>Where a device's interrupt line goes (the PLIC): level-triggered, numbered sources.</summary>
public interface IInterruptSink
{
    /// <summary>Drives source <paramref name="irq"/>'s line high or low.</summary>
    void SetLevel(int irq, bool high);
}
