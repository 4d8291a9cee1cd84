using RvJit.Runtime;
using RvJit.Translator.Persist;

namespace RvJit.Translator.Tests;

/// <summary>
/// A program file's digest is remembered in the cache by the file's stamp, and a remembered digest is used only while
/// the file is the one it was taken from: a changed file, even one whose size and modification time were set back, is
/// hashed again; a damaged record is ignored with a warning.
/// </summary>
public sealed class ProgramDigestsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "rvjit-pd-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string program;
    private readonly List<string> warnings = [];

    public ProgramDigestsTests()
    {
        Directory.CreateDirectory(root);
        program = Path.Combine(root, "prog");
        File.WriteAllBytes(program, Bytes(1));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] Bytes(int seed)
    {
        var bytes = new byte[100_000];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Long after the file's last change: its stamp may be remembered.</summary>
    private static readonly DateTime Later = DateTime.UtcNow.AddHours(1);

    private Hash128 Digest(DateTime? now = null)
    {
        using var file = HostFiles.OpenRead(program);
        return ProgramDigests.Of(Path.Combine(root, "cache"), file, warnings.Add, now ?? Later);
    }

    private string RecordPath()
    {
        using var file = HostFiles.OpenRead(program);
        Assert.True(HostFiles.StampOf(file, out var stamp));
        return ProgramDigests.RecordPath(Path.Combine(root, "cache"), stamp);
    }

    [Fact]
    public void The_digest_is_the_files_content_hash_and_is_remembered()
    {
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest());
        Assert.True(File.Exists(RecordPath()));
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest());
        Assert.Empty(warnings);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "cache"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_that_changed_just_now_is_not_remembered()
    {
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest(DateTime.UtcNow));
        Assert.False(File.Exists(RecordPath()));
    }

    [Fact]
    public void A_file_rewritten_with_the_same_size_and_modification_time_is_hashed_again()
    {
        Digest();
        string record = RecordPath();
        var written = File.GetLastWriteTimeUtc(program);
        using (var stream = new FileStream(program, FileMode.Open, FileAccess.Write)) stream.Write(Bytes(2)); // the same inode and size
        File.SetLastWriteTimeUtc(program, written); // the ctime moves on regardless
        Assert.Equal(record, RecordPath());
        Assert.Equal(ContentHash.Of(Bytes(2)), Digest());
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("tampered")]
    [InlineData("garbage")]
    public void A_damaged_record_is_ignored_with_a_warning_and_written_again(string how)
    {
        Digest();
        string record = RecordPath();
        byte[] bytes = File.ReadAllBytes(record);
        switch (how)
        {
            case "truncated": File.WriteAllBytes(record, bytes[..^5]); break;
            case "tampered": bytes[60] ^= 1; File.WriteAllBytes(record, bytes); break; // the digest, without its check
            default: File.WriteAllBytes(record, new byte[4096]); break;
        }
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest());
        Assert.Single(warnings);
        Assert.Equal(bytes.Length, new FileInfo(record).Length);
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest());
        Assert.Single(warnings);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_still_gives_the_digest()
    {
        File.WriteAllBytes(Path.Combine(root, "cache"), []); // the cache root is a file
        Assert.Equal(ContentHash.Of(File.ReadAllBytes(program)), Digest());
        Assert.Empty(warnings);
    }
}
