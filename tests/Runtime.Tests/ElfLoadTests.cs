// ElfImage.Load: reading from disk and the errors for files that cannot be read.
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public sealed class ElfLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rvjit-elf-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_reads_and_parses_a_file()
    {
        string path = Path.Combine(_directory, "prog.elf");
        File.WriteAllBytes(path, ElfTestBuilder.BareMetalTest().Build().Bytes);
        var image = ElfImage.Load(path);

        Assert.Equal(path, image.Name);
        Assert.True(image.TryGetSymbol("tohost", out ulong tohost));
        Assert.Equal(0x8000_1000UL, tohost);
    }

    [Fact]
    public void Missing_file_is_reported_by_its_name()
    {
        string path = Path.Combine(_directory, "prog.elf");
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Load(path));
        Assert.Equal($"{path}: no such file", e.Message);

        string inMissingDirectory = Path.Combine(_directory, "nowhere", "prog.elf");
        e = Assert.Throws<ElfFormatException>(() => ElfImage.Load(inMissingDirectory));
        Assert.Equal($"{inMissingDirectory}: no such file", e.Message);
    }

    [Fact]
    public void Directory_is_reported()
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Load(_directory));
        Assert.Equal($"{_directory}: is a directory", e.Message);
    }

    [Fact]
    public void Parse_errors_from_a_loaded_file_name_the_path()
    {
        string path = Path.Combine(_directory, "script.sh");
        File.WriteAllText(path, "#!/bin/sh\necho hi\n");
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Load(path));
        Assert.Equal($"{path}: not an ELF file (bad magic number)", e.Message);
    }
}
