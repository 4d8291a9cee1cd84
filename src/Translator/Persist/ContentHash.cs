using System.Buffers.Binary;
using System.Numerics;

namespace RvJit.Translator.Persist;

/// <summary>
/// The translation cache's digest of bytes (program files, guest pages, bundle files and indexes): MurmurHash3's
/// x64 128-bit variant (seed 0), in managed code. It replaced SHA-256, whose first use loaded OpenSSL (libssl,
/// libcrypto and its configuration file) into every run: about a tenth of a static hello world's CPU. Nothing
/// here needs a cryptographic hash: a digest only selects stored code, and every region is still checked against
/// the guest page it is installed in; someone who can write the cache directory can rewrite an index's digests as
/// well as its files. 128 bits keep accidental collisions out of reach.
/// </summary>
public static class ContentHash
{
    private const ulong C1 = 0x87c37b91114253d5, C2 = 0x4cf5ad432745937f;

    /// <summary>The digest of <paramref name="bytes"/>.</summary>
    public static Hash128 Of(ReadOnlySpan<byte> bytes)
    {
        var state = new State();
        int whole = bytes.Length & ~15;
        state.Blocks(bytes[..whole]);
        return state.Finish(bytes[whole..], (ulong)bytes.Length);
    }

    /// <summary>The digest of the file at <paramref name="path"/>, read in pieces; its length in <paramref name="length"/>.</summary>
    public static Hash128 OfFile(string path, out long length)
    {
        using var file = Runtime.HostFiles.OpenRead(path); // not File.OpenHandle: see HostFiles (a bundle's assembly is hashed in every run that loads it)
        return OfFile(file, out length);
    }

    /// <summary>The digest of the open file's bytes from its start; its length in <paramref name="length"/>.</summary>
    public static Hash128 OfFile(Microsoft.Win32.SafeHandles.SafeFileHandle file, out long length)
    {
        var state = new State();
        var buffer = new byte[64 << 10];
        long offset = 0;
        int held = 0; // bytes at the buffer's start not yet taken (fewer than 16, or the whole last piece)
        while (true)
        {
            int n = RandomAccess.Read(file, buffer.AsSpan(held), offset);
            if (n <= 0) break;
            offset += n;
            held += n;
            int whole = held & ~15;
            state.Blocks(buffer.AsSpan(0, whole));
            buffer.AsSpan(whole, held - whole).CopyTo(buffer);
            held -= whole;
        }
        length = offset;
        return state.Finish(buffer.AsSpan(0, held), (ulong)offset);
    }

    private struct State
    {
        private ulong h1, h2;

        /// <summary>Mixes in 16-byte blocks (<paramref name="blocks"/>' length is a multiple of 16).</summary>
        public void Blocks(ReadOnlySpan<byte> blocks)
        {
            ulong a = h1, b = h2;
            for (int i = 0; i < blocks.Length; i += 16)
            {
                ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(blocks[i..]);
                ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(blocks[(i + 8)..]);
                a ^= MixK1(k1);
                a = BitOperations.RotateLeft(a, 27) + b;
                a = a * 5 + 0x52dce729;
                b ^= MixK2(k2);
                b = BitOperations.RotateLeft(b, 31) + a;
                b = b * 5 + 0x38495ab5;
            }
            h1 = a;
            h2 = b;
        }

        /// <summary>The last (fewer than 16) bytes and the total length.</summary>
        public Hash128 Finish(ReadOnlySpan<byte> tail, ulong length)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            tail.CopyTo(padded);
            if (tail.Length > 8) h2 ^= MixK2(BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
            if (tail.Length > 0) h1 ^= MixK1(BinaryPrimitives.ReadUInt64LittleEndian(padded));
            h1 ^= length;
            h2 ^= length;
            h1 += h2;
            h2 += h1;
            h1 = Final(h1);
            h2 = Final(h2);
            h1 += h2;
            h2 += h1;
            return new Hash128(h1, h2);
        }

        private static ulong MixK1(ulong k) => BitOperations.RotateLeft(k * C1, 31) * C2;
        private static ulong MixK2(ulong k) => BitOperations.RotateLeft(k * C2, 33) * C1;

        private static ulong Final(ulong k)
        {
            k ^= k >> 33;
            k *= 0xff51afd7ed558ccd;
            k ^= k >> 33;
            k *= 0xc4ceb9fe1a85ec53;
            return k ^ (k >> 33);
        }
    }
}
