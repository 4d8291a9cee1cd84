// HostFiles: the start-up path's file reads, made without .NET's file APIs, behave as those did.
namespace RvJit.Runtime.Tests;

public class HostFilesTests
{
    /// <summary>procfs files report size 0: the whole file comes back anyway, byte for byte what File.ReadAllBytes gives.</summary>
    [Fact]
    public void A_procfs_file_is_read_to_its_end()
    {
        byte[] ours = HostFiles.ReadAllBytes("/proc/self/cmdline");
        Assert.NotEmpty(ours);
        Assert.Equal(File.ReadAllBytes("/proc/self/cmdline"), ours);
    }

    [Fact]
    public void A_file_larger_than_the_first_buffer_is_read_whole()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] data = new byte[10_000];
            new Random(7).NextBytes(data);
            File.WriteAllBytes(path, data);
            Assert.Equal(data, HostFiles.ReadAllBytes(path));
            using var handle = HostFiles.OpenRead(path);
            Assert.Equal(data.Length, RandomAccess.GetLength(handle));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Errors_are_the_exceptions_of_dotnets_file_apis()
    {
        string file = Path.GetTempFileName();
        try
        {
            Assert.Throws<FileNotFoundException>(() => HostFiles.OpenRead(file + ".missing"));
            Assert.Throws<DirectoryNotFoundException>(() => HostFiles.ReadAllBytes(Path.Combine(file, "inside")));
        }
        finally { File.Delete(file); }
    }

    /// <summary>The files of a directory whose names end with a suffix are what Directory.GetFiles(dir, "*" + suffix) lists
    /// (a directory with that ending left out), and their write times are File.GetLastWriteTimeUtc's.</summary>
    [Fact]
    public void Files_ending_with_a_suffix_and_their_write_times_are_dotnets()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rvjit-hf-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        try
        {
            foreach (string name in (string[])["a.idx", "b.idx", "c.dll", "idx", "d.idx.tmp", "é.idx"]) File.WriteAllText(Path.Combine(dir, name), name);
            Directory.CreateDirectory(Path.Combine(dir, "sub.idx"));
            File.SetLastWriteTimeUtc(Path.Combine(dir, "a.idx"), new DateTime(2020, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc));
            var ours = HostFiles.FilesEndingWith(dir, ".idx");
            ours.Sort(StringComparer.Ordinal);
            var theirs = Directory.GetFiles(dir, "*.idx");
            Array.Sort(theirs, StringComparer.Ordinal);
            Assert.Equal(3, ours.Count);
            Assert.Equal(theirs, ours);
            foreach (string path in ours) Assert.Equal(File.GetLastWriteTimeUtc(path), HostFiles.LastWriteTimeUtc(path));
            Assert.Equal(new DateTime(2020, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), HostFiles.LastWriteTimeUtc(Path.Combine(dir, "a.idx")));
            Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(dir, "missing.idx")), HostFiles.LastWriteTimeUtc(Path.Combine(dir, "missing.idx")));
            Assert.Empty(HostFiles.FilesEndingWith(Path.Combine(dir, "missing"), ".idx"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_replaced_file_is_whole_its_directories_are_made_and_no_temporary_file_stays()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rvjit-hf-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            string path = Path.Combine(dir, "sub", "record");
            Assert.True(HostFiles.TryReplace(path, "first"u8));
            Assert.True(HostFiles.TryReplace(path, "second"u8));
            Assert.Equal("second"u8.ToArray(), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
            Span<byte> start = stackalloc byte[3];
            Assert.True(HostFiles.TryReadStart(path, start, out int length));
            Assert.Equal(3, length);
            Assert.Equal("sec"u8.ToArray(), start.ToArray());
            Assert.False(HostFiles.TryReadStart(path + ".missing", start, out _));
            File.WriteAllBytes(Path.Combine(dir, "file"), []);
            Assert.False(HostFiles.TryReplace(Path.Combine(dir, "file", "record"), "x"u8)); // its directory is a file
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_stamp_names_the_file_and_changes_with_its_contents()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            HostFiles.FileStamp before, after;
            using (var file = HostFiles.OpenRead(path)) Assert.True(HostFiles.StampOf(file, out before));
            Assert.Equal(3, before.Size);
            Assert.Equal((long)new FileInfo(path).LastWriteTimeUtc.Subtract(DateTime.UnixEpoch).Ticks, before.ModifiedNanoseconds / 100);
            var written = File.GetLastWriteTimeUtc(path);
            Thread.Sleep(20); // past the filesystem's timestamp tick
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write)) stream.Write([4, 5, 6]);
            File.SetLastWriteTimeUtc(path, written);
            using (var file = HostFiles.OpenRead(path)) Assert.True(HostFiles.StampOf(file, out after));
            Assert.Equal((before.Device, before.Inode, before.Size), (after.Device, after.Inode, after.Size));
            Assert.NotEqual(before, after); // the ctime moved
        }
        finally { File.Delete(path); }
    }
}
