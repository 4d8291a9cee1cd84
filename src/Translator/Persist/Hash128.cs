using System.Buffers.Binary;

namespace RvJit.Translator.Persist;

/// <summary>
/// 128 bits of a digest (<see cref="ContentHash"/>, little-endian: the same bytes and order as
/// <see cref="BitConverter.ToUInt128(ReadOnlySpan{byte})"/>), the cache's key for store keys, pages and assemblies.
/// Its own type rather than <see cref="UInt128"/>: crossgen2 treats UInt128 as a type of unstable ABI and leaves every
/// method that touches one, and every generic instantiation over one, to the JIT at run time, so the ReadyToRun
/// publish JIT-compiled about 110 methods of the cache (and the CLI methods that pass it along) at every start.
/// </summary>
public readonly struct Hash128 : IEquatable<Hash128>
{
    public readonly ulong Low, High;

    public Hash128(ulong low, ulong high) { Low = low; High = high; }

    /// <summary>The first 16 bytes of <paramref name="bytes"/>.</summary>
    public static Hash128 From(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>The 16 bytes <see cref="From"/> reads.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Low);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), High);
        return bytes;
    }

    public bool Equals(Hash128 other) => Low == other.Low && High == other.High;
    public override bool Equals(object? obj) => obj is Hash128 other && Equals(other);
    public override int GetHashCode() => (int)Low ^ (int)(Low >> 32) ^ (int)High;
    public static bool operator ==(Hash128 a, Hash128 b) => a.Equals(b);
    public static bool operator !=(Hash128 a, Hash128 b) => !a.Equals(b);

    /// <summary>32 hex digits, most significant first (as UInt128's "x32").</summary>
    public override string ToString()
    {
        // By hand: the first interpolated hex formatting of a run (the cache directory's name) cost ~0.2% of a hello world.
        Span<char> text = stackalloc char[32];
        Format(text);
        return new string(text);
    }

    /// <summary>Writes the 32 hex digits of <see cref="ToString"/> to the start of <paramref name="text"/>.</summary>
    public void Format(Span<char> text)
    {
        for (int i = 0; i < 16; i++)
        {
            text[15 - i] = Digits[(int)((High >> (4 * i)) & 15)];
            text[31 - i] = Digits[(int)((Low >> (4 * i)) & 15)];
        }
    }

    internal const string Digits = "0123456789abcdef";
}
