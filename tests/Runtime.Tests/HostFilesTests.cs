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
}
