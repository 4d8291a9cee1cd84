// The host bridge function at 00:00.0 of QEMU's generic PCIe host (gpex): Red Hat's 1b36:0008, class "host
// bridge", no BARs and no interrupt.
namespace RvJit.Runtime.Devices;

/// <summary>Function 00:00.0: identity only (QEMU's subsystem 1af4:1100); the guest may still write its command register.</summary>
public sealed class PciHostBridge() : PciFunction(VendorRedHat, DeviceGpexHost, 0, 0x06_00_00, 0x1af4, 0x1100, interruptPin: false)
{
    public const ushort VendorRedHat = 0x1b36, DeviceGpexHost = 0x0008;

    public override ulong ReadBar(int bar, ulong offset, int size) => 0;
    public override void WriteBar(int bar, ulong offset, int size, ulong value) { }
}
