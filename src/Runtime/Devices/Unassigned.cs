// Physical addresses the board leaves empty inside the RAM block's span (between the flash and RAM on virt).
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>A range where nothing answers: every access faults, as QEMU's unassigned addresses do. The RAM block
/// of the virt machine starts at the flash so that code runs from it; this keeps the rest of that span out of reach.</summary>
public sealed class Unassigned(ulong @base, ulong size) : IMmioDevice
{
    public string Name => "unassigned";
    public ulong Base { get; } = @base;
    public ulong Size { get; } = size;

    public bool Read(ulong offset, int size, out ulong value) { value = 0; return false; }

    public bool Write(ulong offset, int size, ulong value) => false;
}
