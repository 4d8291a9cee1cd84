// The translation cache's digest: MurmurHash3 x64 128 (it replaced SHA-256, whose first use loaded OpenSSL at start-up).
using System.Text;
using RvJit.Translator.Persist;

namespace RvJit.Translator.Tests;

public class ContentHashTests
{
    /// <summary>The published MurmurHash3_x64_128 vectors (seed 0; h1 then h2, little-endian bytes).</summary>
    [Theory]
    [InlineData("", "00000000000000000000000000000000")]
    [InlineData("hello", "029BBD41B3A7D8CB191DAE486A901E5B")]
    [InlineData("The quick brown fox jumps over the lazy dog", "6C1B07BC7BBC4BE347939AC4A93C437A")]
    [InlineData("The quick brown fox jumps over the lazy cog", "9A2685FF70A98C653E5C8EA6EAE3FE43")]
    public void Digest_matches_the_reference_vectors(string text, string expected) =>
        Assert.Equal(expected, Convert.ToHexString(ContentHash.Of(Encoding.ASCII.GetBytes(text)).ToBytes()));

    /// <summary>A file read in 64 KiB pieces gives the digest of its bytes at every length around the pieces'
    /// and the blocks' boundaries, and its length.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65536 + 17)]
    [InlineData(3 * 65536 + 5)]
    public void A_file_hashes_as_its_bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            Assert.Equal(ContentHash.Of(bytes), ContentHash.OfFile(path, out long read));
            Assert.Equal(length, read);
        }
        finally { File.Delete(path); }
    }

    /// <summary>One changed bit anywhere changes the digest (a tampered page or bundle is told apart).</summary>
    [Fact]
    public void One_flipped_bit_changes_the_digest()
    {
        var page = new byte[4096];
        new Random(4096).NextBytes(page);
        var original = ContentHash.Of(page);
        for (int bit = 0; bit < page.Length * 8; bit += 61)
        {
            page[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, ContentHash.Of(page));
            page[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
