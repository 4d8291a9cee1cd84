// Successful parsing of well-formed ELF images: header fields, segments, sections, symbols, interpreter.
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public class ElfImageTests
{
    [Fact]
    public void Header_fields_are_decoded()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "test.elf");

        Assert.Equal("test.elf", image.Name);
        Assert.Equal(ElfType.Exec, image.Type);
        Assert.Equal(2, image.RawType);
        Assert.Equal(243, image.Machine);
        Assert.Equal(0x8000_0000UL, image.Entry);
        Assert.Equal(0x5UL, image.Flags);
        Assert.True(image.UsesRvc);
        Assert.Equal(RiscvFloatAbi.Double, image.FloatAbi);
        Assert.False(image.UsesRve);
        Assert.False(image.UsesTso);
        Assert.Equal(64UL, image.ProgramHeaderOffset);
        Assert.Equal(56, image.ProgramHeaderEntrySize);
        Assert.Equal(3, image.ProgramHeaderCount);
        Assert.Equal(64, image.SectionHeaderEntrySize);
        Assert.NotEqual(0UL, image.SectionHeaderOffset);
    }

    [Theory]
    [InlineData(0x0u, RiscvFloatAbi.Soft, false, false, false)]
    [InlineData(0x3u, RiscvFloatAbi.Single, true, false, false)]
    [InlineData(0x6u, RiscvFloatAbi.Quad, false, false, false)]
    [InlineData(0x18u, RiscvFloatAbi.Soft, false, true, true)]
    public void Riscv_flag_bits_are_decoded(uint flags, RiscvFloatAbi abi, bool rvc, bool rve, bool tso)
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.Flags = flags;
        var image = ElfImage.Parse(builder.Build().Bytes, "t");

        Assert.Equal(abi, image.FloatAbi);
        Assert.Equal(rvc, image.UsesRvc);
        Assert.Equal(rve, image.UsesRve);
        Assert.Equal(tso, image.UsesTso);
    }

    [Fact]
    public void Segments_are_decoded_with_their_file_bytes()
    {
        var built = ElfTestBuilder.BareMetalTest().Build();
        var image = ElfImage.Parse(built.Bytes, "t");

        var text = image.ProgramHeaders[0];
        Assert.Equal(new ProgramHeader(0, SegmentType.Load, SegmentFlags.Read | SegmentFlags.Execute,
            (ulong)built.SegmentDataOffsets[0], 0x8000_0000, 0x8000_0000, 8, 8, 0x1000), text);
        Assert.True(text.IsReadable && text.IsExecutable && !text.IsWritable);
        Assert.Equal(new byte[] { 0x93, 0x00, 0x10, 0x00, 0x6f, 0x00, 0x00, 0x00 }, image.SegmentData(text).ToArray());

        var data = image.ProgramHeaders[1];
        Assert.Equal(SegmentType.Load, data.Type);
        Assert.True(data.IsWritable && !data.IsExecutable);
        Assert.Equal(16UL, data.FileSize);
        Assert.Equal(0x100UL, data.MemorySize);
        Assert.Equal(16, image.SegmentData(data).Length);

        // PT_RISCV_ATTRIBUTES has file bytes but p_memsz 0, as in real toolchain output: accepted.
        var attributes = image.ProgramHeaders[2];
        Assert.Equal(SegmentType.RiscvAttributes, attributes.Type);
        Assert.Equal(0x7000_0003u, attributes.RawType);
        Assert.Equal(5UL, attributes.FileSize);
        Assert.Equal(0UL, attributes.MemorySize);
    }

    [Fact]
    public void Unknown_segment_type_keeps_its_raw_value()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddSegment(0x6000_1234, [1, 2, 3]);
        var image = ElfImage.Parse(builder.Build().Bytes, "t");

        Assert.Equal(0x6000_1234u, image.ProgramHeaders[3].RawType);
        Assert.Equal(new byte[] { 1, 2, 3 }, image.SegmentData(image.ProgramHeaders[3]).ToArray());
    }

    [Fact]
    public void Sections_are_decoded_with_names_flags_and_bytes()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "t");

        Assert.Equal([string.Empty, ".text.init", ".tohost", ".bss", ".symtab", ".strtab", ".shstrtab"],
            image.Sections.Select(s => s.Name));
        Assert.Equal(SectionType.Null, image.Sections[0].Type);

        Assert.True(image.TryGetSection(".text.init", out var text));
        Assert.Equal(1, text.Index);
        Assert.Equal(SectionType.ProgBits, text.Type);
        Assert.True(text.IsAlloc && text.IsExecutable && !text.IsWritable);
        Assert.Equal(0x8000_0000UL, text.Address);
        Assert.Equal(8UL, text.Size);
        Assert.Equal(0x93, image.SectionData(text)[0]);

        Assert.True(image.TryGetSection(".bss", out var bss));
        Assert.Equal(SectionType.NoBits, bss.Type);
        Assert.True(bss.IsAlloc && bss.IsWritable);
        Assert.Equal(0xf0UL, bss.Size);
        Assert.True(image.SectionData(bss).IsEmpty);

        Assert.True(image.TryGetSection(".symtab", out var symtab));
        Assert.Equal(SectionType.SymTab, symtab.Type);
        Assert.Equal(24UL, symtab.EntrySize);
        Assert.Equal(5u, symtab.Link);
        Assert.False(image.TryGetSection(".data", out _));
    }

    [Fact]
    public void Symbols_are_decoded_and_found_by_name()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "t");

        Assert.Equal(["_start", "tohost", "fromhost", "scratch"], image.Symbols.Select(s => s.Name));
        var tohost = image.Symbols[1];
        Assert.Equal(new Symbol(2, "tohost", 0x8000_1000, 8, SymbolType.Object, SymbolBinding.Global,
            SymbolVisibility.Default, 2), tohost);
        Assert.True(tohost.IsDefined);
        Assert.Equal(SymbolBinding.Local, image.Symbols[3].Binding);

        Assert.True(image.TryGetSymbol("tohost", out ulong tohostAddress));
        Assert.Equal(0x8000_1000UL, tohostAddress);
        Assert.True(image.TryGetSymbol("fromhost", out ulong fromhostAddress));
        Assert.Equal(0x8000_1008UL, fromhostAddress);
        Assert.True(image.TryGetSymbol("scratch", out ulong scratch));
        Assert.Equal(0x8000_1010UL, scratch);
        Assert.False(image.TryGetSymbol("begin_signature", out _));
    }

    [Fact]
    public void Global_definition_wins_over_local_and_undefined_symbols_are_not_found()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddSymbol("dup", 0x1111, binding: ElfTestBuilder.StbLocal);
        builder.AddSymbol("dup", 0x2222, binding: ElfTestBuilder.StbGlobal);
        builder.AddSymbol("dup", 0x3333, binding: ElfTestBuilder.StbWeak);
        builder.AddSymbol("imported", 0x4444, sectionIndex: 0);
        var image = ElfImage.Parse(builder.Build().Bytes, "t");

        Assert.True(image.TryGetSymbol("dup", out ulong value));
        Assert.Equal(0x2222UL, value);
        Assert.False(image.TryGetSymbol("imported", out _));
        Assert.Contains(image.Symbols, s => s.Name == "imported" && !s.IsDefined);
    }

    [Fact]
    public void Dynsym_is_used_when_there_is_no_symtab_and_interpreter_is_read()
    {
        var image = ElfImage.Parse(ElfTestBuilder.LinuxSharedObject().Build().Bytes, "libc.so.6");

        Assert.Equal(ElfType.Dyn, image.Type);
        Assert.Equal("/lib/ld-linux-riscv64-lp64d.so.1", image.Interpreter);
        Assert.Equal(SegmentType.Interp, image.ProgramHeaders[1].Type);
        Assert.True(image.TryGetSymbol("malloc", out ulong malloc));
        Assert.Equal(0x7_64a6UL, malloc);
        var printf = image.Symbols.Single(s => s.Name == "printf");
        Assert.Equal(SymbolType.Func, printf.Type);
        Assert.Equal(84UL, printf.Size);
        Assert.True(image.TryGetSection(".dynsym", out var dynsym));
        Assert.Equal(SectionType.DynSym, dynsym.Type);
        Assert.Equal(
            [SegmentType.Phdr, SegmentType.Interp, SegmentType.Load, SegmentType.Load, SegmentType.Dynamic,
             SegmentType.Tls, SegmentType.GnuStack, SegmentType.GnuRelro],
            image.ProgramHeaders.Select(p => p.Type));
    }

    [Fact]
    public void Image_without_interpreter_reports_null()
    {
        Assert.Null(ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "t").Interpreter);
    }

    [Fact]
    public void Stripped_image_without_section_headers_has_no_sections_or_symbols()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.WriteSectionHeaders = false;
        builder.SectionHeaderEntrySize = 0; // ignored when e_shoff is 0
        var image = ElfImage.Parse(builder.Build().Bytes, "t");

        Assert.Equal(0UL, image.SectionHeaderOffset);
        Assert.Empty(image.Sections);
        Assert.Empty(image.Symbols);
        Assert.False(image.TryGetSymbol("tohost", out _));
        Assert.Equal(3, image.ProgramHeaders.Count);
    }

    [Fact]
    public void Relocatable_object_needs_no_program_headers()
    {
        var builder = new ElfTestBuilder { Type = 1 };
        int text = builder.AddSection(".text", ElfTestBuilder.ShtProgBits, ElfTestBuilder.ShfAlloc | ElfTestBuilder.ShfExec, 0, [0x13, 0, 0, 0]);
        builder.AddSymbol("f", 0, 4, ElfTestBuilder.SttFunc, sectionIndex: (ushort)text);
        var image = ElfImage.Parse(builder.Build().Bytes, "f.o");

        Assert.Equal(ElfType.Rel, image.Type);
        Assert.Empty(image.ProgramHeaders);
        Assert.Equal("f", image.Symbols.Single().Name);
    }

    [Theory]
    [InlineData((ushort)4, ElfType.Core)]
    [InlineData((ushort)0, ElfType.Other)]
    [InlineData((ushort)0xfe00, ElfType.Other)]
    public void Other_object_types_are_classified(ushort rawType, ElfType expected)
    {
        var builder = new ElfTestBuilder { Type = rawType };
        var image = ElfImage.Parse(builder.Build().Bytes, "t");

        Assert.Equal(expected, image.Type);
        Assert.Equal(rawType, image.RawType);
    }

    [Fact]
    public void Extended_section_numbering_is_followed()
    {
        // As with 0xff00+ sections: e_shnum 0 and e_shstrndx SHN_XINDEX, real values in section 0.
        var built = ElfTestBuilder.BareMetalTest().Build();
        var bytes = built.Copy();
        int count = built.NameTableIndex + 1;
        BuiltElf.PutU16(bytes, 60, 0);
        BuiltElf.PutU16(bytes, 62, 0xffff);
        BuiltElf.PutU64(bytes, built.SectionHeaderField(0, BuiltElf.ShSize), (ulong)count);
        BuiltElf.PutU32(bytes, built.SectionHeaderField(0, BuiltElf.ShLink), (uint)built.NameTableIndex);
        var image = ElfImage.Parse(bytes, "t");

        Assert.Equal(count, image.Sections.Count);
        Assert.Equal(".shstrtab", image.Sections[^1].Name);
        Assert.True(image.TryGetSymbol("tohost", out _));
    }

    [Fact]
    public void Section_bytes_are_the_callers_array_not_a_copy()
    {
        var bytes = ElfTestBuilder.BareMetalTest().Build().Bytes;
        var image = ElfImage.Parse(bytes, "t");

        Assert.True(image.TryGetSection(".text.init", out var text));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(image.SectionBytes(text), out var segment));
        Assert.Same(bytes, segment.Array);
    }
}
