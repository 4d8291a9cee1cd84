// Random access to the bytes of an ELF file, so a loader reads the headers and the parts it needs, never the whole file.
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Elf;

/// <summary>Fills <paramref name="destination"/> with the file bytes at <paramref name="offset"/>; false on an I/O error.</summary>
public delegate bool ElfRead(ulong offset, Span<byte> destination);

/// <summary>
/// Where an <see cref="ElfImage"/> reads its bytes from: an array already in memory, an open host file
/// (read with pread), or any other reader (the kernel reads through a guest file description). A program
/// file can be gigabytes long; the image reads only its headers and, when asked, a segment or a table.
/// </summary>
public abstract class ElfSource : IDisposable
{
    /// <summary>The file's length in bytes.</summary>
    public abstract ulong Length { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>; the caller has
    /// checked that they lie inside the file. False when the host could not read them.
    /// </summary>
    public abstract bool TryRead(ulong offset, Span<byte> destination);

    /// <summary>
    /// The bytes [offset, offset + size) without copying them when the source is an array (null otherwise).
    /// </summary>
    public virtual ReadOnlyMemory<byte>? TrySlice(ulong offset, ulong size) => null;

    /// <summary>Releases the host file, if the source owns one.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>A source over <paramref name="bytes"/> (kept, not copied).</summary>
    public static ElfSource FromArray(byte[] bytes) => new ArraySource(bytes);

    /// <summary>A source that reads <paramref name="handle"/> with pread; disposing the source closes the handle.</summary>
    public static ElfSource FromFile(SafeFileHandle handle) => new FileSource(handle);

    /// <summary>A source reading through <paramref name="read"/> (which returns false on an I/O error).</summary>
    public static ElfSource FromReader(ulong length, ElfRead read) => new ReaderSource(length, read);

    private sealed class ArraySource(byte[] bytes) : ElfSource
    {
        public override ulong Length => (ulong)bytes.Length;

        public override bool TryRead(ulong offset, Span<byte> destination)
        {
            bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
            return true;
        }

        public override ReadOnlyMemory<byte>? TrySlice(ulong offset, ulong size) =>
            bytes.AsMemory(checked((int)offset), checked((int)size));
    }

    private sealed class FileSource(SafeFileHandle handle) : ElfSource
    {
        public override ulong Length { get; } = (ulong)RandomAccess.GetLength(handle);

        public override bool TryRead(ulong offset, Span<byte> destination)
        {
            try
            {
                while (!destination.IsEmpty)
                {
                    int n = RandomAccess.Read(handle, destination, checked((long)offset));
                    if (n <= 0) return false;
                    destination = destination[n..];
                    offset += (ulong)n;
                }
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public override void Dispose()
        {
            handle.Dispose();
            base.Dispose();
        }
    }

    private sealed class ReaderSource(ulong length, ElfRead read) : ElfSource
    {
        public override ulong Length => length;

        public override bool TryRead(ulong offset, Span<byte> destination) => read(offset, destination);
    }
}
