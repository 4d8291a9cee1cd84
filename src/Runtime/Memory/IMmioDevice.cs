namespace RvJit.Runtime.Memory;

/// <summary>A memory-mapped device on the <see cref="Bus"/>. Offsets are relative to <see cref="Base"/>.</summary>
public interface IMmioDevice
{
    string Name { get; }
    ulong Base { get; }
    ulong Size { get; }
    /// <summary>Reads 1, 2, 4 or 8 bytes; false means an access fault.</summary>
    bool Read(ulong offset, int size, out ulong value);
    /// <summary>Writes 1, 2, 4 or 8 bytes; false means an access fault.</summary>
    bool Write(ulong offset, int size, ulong value);
}
