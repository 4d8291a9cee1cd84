// Every way a file can be rejected: each must raise a one-line ElfFormatException naming the file and the problem.
// Only the ELF header and program headers can make a file unloadable (as for Linux's loader); damaged
// section or symbol tables leave a one-line warning (SectionProblem) and an image without them.
using System.Text;
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public class ElfErrorTests
{
    private static string Reject(byte[] bytes)
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes, "bad.elf"));
        Assert.StartsWith("bad.elf: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    private static string Reject(ElfTestBuilder builder) => Reject(builder.Build().Bytes);

    /// <summary>The file loads; its section and symbol tables are dropped with a one-line warning.</summary>
    private static string Warn(byte[] bytes)
    {
        var image = ElfImage.Parse(bytes, "bad.elf");
        Assert.NotEmpty(image.ProgramHeaders);
        string? problem = image.SectionProblem;
        Assert.NotNull(problem);
        Assert.StartsWith("bad.elf: ", problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Empty(image.Sections);
        Assert.Empty(image.Symbols);
        Assert.False(image.TryGetSymbol("tohost", out _));
        return problem;
    }

    private static string Warn(ElfTestBuilder builder) => Warn(builder.Build().Bytes);

    private static BuiltElf Valid() => ElfTestBuilder.BareMetalTest().Build();

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L' })]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'G', 2, 1, 1 })]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b', (byte)'i', (byte)'n' })]
    public void Bad_magic_is_not_an_elf(byte[] bytes)
    {
        Assert.Equal("bad.elf: not an ELF file (bad magic number)", Reject(bytes));
    }

    [Fact]
    public void Text_file_is_not_an_elf()
    {
        Assert.Contains("not an ELF file", Reject(Encoding.ASCII.GetBytes(new string('x', 200))));
    }

    [Fact]
    public void Elf32_is_rejected_even_when_truncated()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.Class = 1;
        Assert.Contains("32-bit", Reject(builder));
        Assert.Contains("ELFCLASS32", Reject([0x7f, (byte)'E', (byte)'L', (byte)'F', 1]));
    }

    [Fact]
    public void Unknown_class_is_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.Class = 7;
        Assert.Contains("bad ELF class 7", Reject(builder));
    }

    [Fact]
    public void Big_endian_is_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.DataEncoding = 2;
        Assert.Contains("big-endian", Reject(builder));
        builder.DataEncoding = 0;
        Assert.Contains("bad ELF data encoding 0", Reject(builder));
    }

    [Theory]
    [InlineData((ushort)62, "x86-64 (e_machine 62)")]
    [InlineData((ushort)183, "AArch64 (e_machine 183)")]
    [InlineData((ushort)3, "x86 (i386) (e_machine 3)")]
    [InlineData((ushort)9999, "e_machine 9999")]
    public void Wrong_machine_names_the_machine(ushort machine, string expected)
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.Machine = machine;
        var message = Reject(builder);
        Assert.Equal($"bad.elf: wrong machine: {expected}; expected RISC-V (e_machine 243)", message);
    }

    [Fact]
    public void Bad_versions_are_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.IdentVersion = 0;
        Assert.Contains("unsupported ELF version 0 in e_ident", Reject(builder));
        // e_version is ignored by Linux (and qemu-riscv64).
        builder = ElfTestBuilder.BareMetalTest();
        builder.Version = 2;
        Assert.Equal(ElfType.Exec, ElfImage.Parse(builder.Build().Bytes, "t").Type);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(16)]
    [InlineData(63)]
    public void Truncated_header_is_rejected(int length)
    {
        var message = Reject(Valid().Bytes[..length]);
        Assert.Equal($"bad.elf: truncated file: ELF header needs 64 bytes, file has {length}", message);
    }

    [Fact]
    public void Truncated_program_header_table_is_rejected()
    {
        Assert.Contains("truncated file: program header table", Reject(Valid().Bytes[..100]));
        var bytes = Valid().Copy();
        BuiltElf.PutU64(bytes, 32, (ulong)bytes.Length - 8); // e_phoff near the end
        Assert.Contains("truncated file: program header table", Reject(bytes));
        BuiltElf.PutU64(bytes, 32, ulong.MaxValue - 4); // e_phoff + size would wrap
        Assert.Contains("truncated file: program header table", Reject(bytes));
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)32)]
    [InlineData((ushort)64)]
    public void Bad_phentsize_is_rejected(ushort size)
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.ProgramHeaderEntrySize = size;
        Assert.Contains($"bad e_phentsize {size} (expected 56)", Reject(builder));
    }

    [Fact]
    public void Pn_xnum_program_header_count_is_rejected()
    {
        var bytes = Valid().Copy();
        BuiltElf.PutU16(bytes, 56, 0xffff);
        Assert.Contains("PN_XNUM", Reject(bytes));
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)40)]
    public void Bad_shentsize_is_a_warning(ushort size)
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.SectionHeaderEntrySize = size;
        Assert.Contains($"bad e_shentsize {size} (expected 64)", Warn(builder));
    }

    [Fact]
    public void Segment_data_past_end_of_file_loads_but_cannot_be_copied_to_ram()
    {
        // Linux maps PT_LOAD bytes past the end of the file without complaint; a bare-metal loader copies them.
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.ProgramHeaderField(1, BuiltElf.PhOffset), (ulong)bytes.Length - 4);
        var image = ElfImage.Parse(bytes, "bad.elf");
        var e = Assert.Throws<ElfFormatException>(() => image.CheckFitsIn(0x8000_0000, 0x1000_0000));
        Assert.Contains("bad.elf: truncated file: segment 1 data at", e.Message);
        Assert.Throws<ElfFormatException>(() => image.SegmentData(image.ProgramHeaders[1]).ToArray());

        bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.ProgramHeaderField(0, BuiltElf.PhOffset), ulong.MaxValue);
        Assert.Contains("segment 0: p_offset 0xffffffffffffffff + p_filesz", Reject(bytes));
    }

    [Fact]
    public void File_cut_inside_section_headers_is_a_warning()
    {
        var built = Valid();
        Assert.Contains("truncated file: section header table", Warn(built.Bytes[..(built.SectionHeaderOffset + 100)]));
        Assert.Contains("truncated file: section header table", Warn(built.Bytes[..(built.SectionHeaderOffset + 10)]));
    }

    [Fact]
    public void Section_data_past_end_of_file_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.SectionHeaderField(2, BuiltElf.ShSize), 0x10_0000);
        Assert.Contains("truncated file: section 2 data", Warn(bytes));
    }

    [Fact]
    public void Nobits_section_may_be_larger_than_the_file()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.SectionHeaderField(3, BuiltElf.ShSize), 0x1000_0000);
        Assert.Equal(0x1000_0000UL, ElfImage.Parse(bytes, "t").Sections[3].Size);
    }

    [Fact]
    public void Section_address_overflow_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.SectionHeaderField(3, BuiltElf.ShAddr), ulong.MaxValue - 0x10);
        Assert.Contains("section 3: sh_addr", Warn(bytes));
    }

    [Fact]
    public void Filesz_larger_than_memsz_is_rejected_for_load_segments()
    {
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x1000, new byte[32], memorySize: 16);
        Assert.Contains("segment 0: p_filesz 0x20 is larger than p_memsz 0x10", Reject(builder));
    }

    [Fact]
    public void Overlapping_load_segments_are_accepted()
    {
        // Linux maps PT_LOADs in order with MAP_FIXED: a later segment replaces what it overlaps.
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x1000, new byte[16], memorySize: 0x2000);
        builder.AddLoad(0x8000, new byte[16]);
        builder.AddLoad(0x2800, new byte[16]);
        Assert.Equal(3, ElfImage.Parse(builder.Build().Bytes, "t").ProgramHeaders.Count);
    }

    [Fact]
    public void Adjacent_and_empty_load_segments_do_not_overlap()
    {
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x1000, new byte[16], memorySize: 0x1000);
        builder.AddLoad(0x2000, new byte[16]);
        builder.AddLoad(0x1800, [], memorySize: 0);
        Assert.Equal(3, ElfImage.Parse(builder.Build().Bytes, "t").ProgramHeaders.Count);
    }

    [Fact]
    public void Virtual_address_overflow_is_rejected()
    {
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0xffff_ffff_ffff_f000, new byte[16], memorySize: 0x1000); // ends exactly at 2^64
        Assert.Contains("segment 0: p_vaddr 0xfffffffffffff000 + p_memsz 0x1000 overflows", Reject(builder));

        // Linux checks only PT_LOAD addresses.
        builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddSegment(ElfTestBuilder.PtDynamic, new byte[16], 0xffff_ffff_ffff_fff8);
        builder.AddLoad(0x1000, new byte[16]);
        Assert.Equal(2, ElfImage.Parse(builder.Build().Bytes, "t").ProgramHeaders.Count);
    }

    [Fact]
    public void Physical_address_overflow_is_rejected_by_the_bare_metal_loader_only()
    {
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x1000, new byte[16], physicalAddress: ulong.MaxValue);
        var image = ElfImage.Parse(builder.Build().Bytes, "bad.elf"); // Linux ignores p_paddr
        var e = Assert.Throws<ElfFormatException>(() => image.CheckFitsIn(0x8000_0000, 0x1000_0000));
        Assert.Contains("segment 0: p_paddr 0xffffffffffffffff + p_memsz 0x10 overflows", e.Message);
    }

    [Fact]
    public void Non_power_of_two_alignment_is_accepted()
    {
        // Linux's maximum_alignment skips such p_align values.
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.ProgramHeaderField(0, BuiltElf.PhAlign), 0x1800);
        Assert.Equal(0x1800UL, ElfImage.Parse(bytes, "t").ProgramHeaders[0].Align);
    }

    [Fact]
    public void Interpreter_without_nul_is_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddSegment(ElfTestBuilder.PtInterp, Encoding.ASCII.GetBytes("/lib/ld.so"));
        Assert.Contains("segment 3: PT_INTERP is not NUL-terminated", Reject(builder));
    }

    [Fact]
    public void Interpreter_that_is_too_long_is_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddInterpreter("/" + new string('a', 5000));
        Assert.Contains("PT_INTERP is too long", Reject(builder));
    }

    [Fact]
    public void Interpreter_at_the_length_limit_is_accepted()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        string path = "/" + new string('a', 4094); // 4095 characters + NUL = 4096 bytes
        builder.AddInterpreter(path);
        Assert.Equal(path, ElfImage.Parse(builder.Build().Bytes, "t").Interpreter);
    }

    [Fact]
    public void Interpreter_shorter_than_two_bytes_is_rejected_and_ends_at_its_first_nul()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddSegment(ElfTestBuilder.PtInterp, [0]);
        Assert.Contains("PT_INTERP is too short", Reject(builder));

        builder = ElfTestBuilder.BareMetalTest();
        builder.AddSegment(ElfTestBuilder.PtInterp, []);
        Assert.Contains("PT_INTERP is too short", Reject(builder));

        // Linux opens the string up to its first NUL.
        builder = ElfTestBuilder.BareMetalTest();
        builder.AddSegment(ElfTestBuilder.PtInterp, [(byte)'/', 0, (byte)'x', 0]);
        Assert.Equal("/", ElfImage.Parse(builder.Build().Bytes, "t").Interpreter);
    }

    [Fact]
    public void Second_interpreter_is_ignored()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddInterpreter("/lib/a.so");
        builder.AddInterpreter("/lib/b.so");
        Assert.Equal("/lib/a.so", ElfImage.Parse(builder.Build().Bytes, "t").Interpreter);
    }

    [Fact]
    public void Interpreter_past_end_of_file_is_rejected()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddInterpreter("/lib/ld.so");
        var built = builder.Build();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.ProgramHeaderField(3, BuiltElf.PhOffset), (ulong)bytes.Length - 2);
        Assert.Contains("truncated file: segment 3 (PT_INTERP)", Reject(bytes));
    }

    [Theory]
    [InlineData((ushort)73, false)]
    [InlineData((ushort)74, true)]
    [InlineData((ushort)0xffff, true)]
    public void More_program_headers_than_one_page_holds_are_rejected(ushort count, bool rejected)
    {
        // load_elf_phdrs reads at most ELF_MIN_ALIGN (4096) bytes of program headers.
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x1000, new byte[16]);
        for (int i = 1; i < count && i < 80; i++) builder.AddSegment(ElfTestBuilder.PtNote, new byte[4]);
        var bytes = builder.Build().Copy();
        BuiltElf.PutU16(bytes, 56, count);
        if (rejected) Assert.Matches("too many program headers|PN_XNUM|truncated", Reject(bytes));
        else Assert.Equal(73, ElfImage.Parse(bytes, "t").ProgramHeaders.Count);
    }

    [Theory]
    [InlineData((ushort)2)]
    [InlineData((ushort)3)]
    public void Executable_or_shared_object_without_load_segment_is_rejected(ushort type)
    {
        var builder = new ElfTestBuilder { Type = type };
        builder.AddSegment(ElfTestBuilder.PtNote, new byte[8]);
        Assert.Contains("no PT_LOAD segment", Reject(builder));

        builder = new ElfTestBuilder { Type = type };
        Assert.Contains("no PT_LOAD segment", Reject(builder));
    }

    [Fact]
    public void Section_name_table_index_out_of_range_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU16(bytes, 62, 99);
        Assert.Contains("section name table index 99 is out of range (7 sections)", Warn(bytes));
    }

    [Fact]
    public void Section_name_table_that_is_not_a_string_table_is_a_warning()
    {
        var bytes = Valid().Copy();
        BuiltElf.PutU16(bytes, 62, 1);
        Assert.Contains("section name table (section 1) has type 0x1, not SHT_STRTAB", Warn(bytes));
    }

    [Fact]
    public void Section_name_outside_name_table_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU32(bytes, built.SectionHeaderField(2, BuiltElf.ShName), 0x7fff_0000);
        Assert.Contains("section 2: name offset 0x7fff0000 lies outside the section name table", Warn(bytes));
    }

    [Fact]
    public void Section_name_without_nul_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        // Shrink .shstrtab so its last name loses its terminating NUL.
        int sizeField = built.SectionHeaderField(built.NameTableIndex, BuiltElf.ShSize);
        BuiltElf.PutU64(bytes, sizeField, BuiltElf.GetU64(bytes, sizeField) - 1);
        Assert.Contains("is not NUL-terminated inside the section name table", Warn(bytes));
    }

    [Fact]
    public void Symbol_table_with_bad_entry_size_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU64(bytes, built.SectionHeaderField(built.SymbolTableIndex, BuiltElf.ShEntsize), 16);
        Assert.Contains("section 4 (.symtab): bad sh_entsize 16 for a symbol table (expected 24)", Warn(bytes));
    }

    [Fact]
    public void Symbol_table_with_ragged_size_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        int sizeField = built.SectionHeaderField(built.SymbolTableIndex, BuiltElf.ShSize);
        BuiltElf.PutU64(bytes, sizeField, BuiltElf.GetU64(bytes, sizeField) - 1);
        Assert.Contains("is not a multiple of 24", Warn(bytes));
    }

    [Fact]
    public void Symbol_table_linked_to_a_non_string_table_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        BuiltElf.PutU32(bytes, built.SectionHeaderField(built.SymbolTableIndex, BuiltElf.ShLink), 1);
        Assert.Contains("sh_link 1 does not name a string table", Warn(bytes));
        BuiltElf.PutU32(bytes, built.SectionHeaderField(built.SymbolTableIndex, BuiltElf.ShLink), 500);
        Assert.Contains("sh_link 500 does not name a string table", Warn(bytes));
    }

    [Fact]
    public void Symbol_name_outside_string_table_is_a_warning()
    {
        var built = Valid();
        var bytes = built.Copy();
        int symbolTableOffset = (int)BuiltElf.GetU64(bytes, built.SectionHeaderField(built.SymbolTableIndex, BuiltElf.ShOffset));
        BuiltElf.PutU32(bytes, symbolTableOffset + 2 * 24, 0x1234_5678); // symbol 2: tohost
        Assert.Contains("symbol 2 of section 4 (.symtab): name offset 0x12345678 lies outside string table section 5", Warn(bytes));
    }
}
