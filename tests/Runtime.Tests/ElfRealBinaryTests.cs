// A real riscv64 shared object (the cross glibc, when installed) must parse like the built look-alike does.
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public class ElfRealBinaryTests
{
    private const string CrossLibc = "/usr/riscv64-linux-gnu/lib/libc.so.6";

    /// <summary>The cross libc if present, otherwise the builder's glibc look-alike; the same facts hold for both.</summary>
    private static ElfImage SharedLibrary() => File.Exists(CrossLibc)
        ? ElfImage.Load(CrossLibc)
        : ElfImage.Parse(ElfTestBuilder.LinuxSharedObject().Build().Bytes, "libc.so.6");

    [Fact]
    public void Glibc_shared_object_parses()
    {
        var image = SharedLibrary();

        Assert.Equal(ElfType.Dyn, image.Type);
        Assert.True(image.UsesRvc);
        Assert.Equal(RiscvFloatAbi.Double, image.FloatAbi);
        Assert.Equal("/lib/ld-linux-riscv64-lp64d.so.1", image.Interpreter);

        var loads = image.ProgramHeaders.Where(p => p.Type == SegmentType.Load).ToList();
        Assert.Equal(2, loads.Count);
        Assert.True(loads[0].IsExecutable && !loads[0].IsWritable);
        Assert.True(loads[1].IsWritable && !loads[1].IsExecutable);
        Assert.True(loads[1].MemorySize > loads[1].FileSize); // .bss
        Assert.Contains(image.ProgramHeaders, p => p.Type == SegmentType.Dynamic);
        Assert.Contains(image.ProgramHeaders, p => p.Type == SegmentType.Tls);
        Assert.Contains(image.ProgramHeaders, p => p.Type == SegmentType.GnuStack);
        Assert.Contains(image.ProgramHeaders, p => p.Type == SegmentType.GnuRelro);

        // The executable segment contains the entry point.
        Assert.InRange(image.Entry, loads[0].VirtualAddress, loads[0].VirtualAddress + loads[0].MemorySize - 1);

        Assert.True(image.TryGetSection(".dynsym", out var dynsym));
        Assert.Equal(SectionType.DynSym, dynsym.Type);
        Assert.True(image.TryGetSymbol("malloc", out ulong malloc));
        var mallocSymbol = image.Symbols.First(s => s.Name == "malloc");
        Assert.Equal(malloc, mallocSymbol.Value);
        Assert.Equal(SymbolType.Func, mallocSymbol.Type);
        Assert.Equal(SymbolBinding.Global, mallocSymbol.Binding);
        Assert.True(image.Sections[mallocSymbol.SectionIndex].IsExecutable);
        Assert.True(image.TryGetSymbol("printf", out _));
    }
}
