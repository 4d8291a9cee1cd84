// What a disk image format offers the block device: a virtual disk of Size bytes, read and written at byte
// offsets inside it. A false return is an I/O error for the guest (a corrupt image, a host error), never an
// exception: a hostile image must not end the machine.
namespace RvJit.Runtime.Devices;

public interface IDiskFormat : IDisposable
{
    /// <summary>The virtual disk's size in bytes.</summary>
    long Size { get; }

    /// <summary>Fills <paramref name="dest"/> from <paramref name="offset"/> (inside Size); false on an error.</summary>
    bool Read(long offset, Span<byte> dest);

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/> (inside Size); false on an error.</summary>
    bool Write(long offset, ReadOnlySpan<byte> source);

    /// <summary>Makes written data durable; false on a host error.</summary>
    bool Flush();
}
