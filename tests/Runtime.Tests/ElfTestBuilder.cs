// Test-only builder of small ELF64 RISC-V files, so the ELF reader's tests need no toolchain or fixture files.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.Tests;

/// <summary>
/// Lays out an ELF64 file: header, program headers, segment bytes, section bytes, symbol and string tables,
/// section header table. Fields are public so tests can produce broken files on purpose.
/// </summary>
internal sealed class ElfTestBuilder
{
    public const uint PtLoad = 1, PtDynamic = 2, PtInterp = 3, PtNote = 4, PtPhdr = 6, PtTls = 7;
    public const uint PtGnuStack = 0x6474_e551, PtGnuRelro = 0x6474_e552, PtRiscvAttributes = 0x7000_0003;
    public const uint PfX = 1, PfW = 2, PfR = 4;
    public const uint ShtProgBits = 1, ShtSymTab = 2, ShtStrTab = 3, ShtNoBits = 8, ShtDynSym = 11;
    public const ulong ShfWrite = 1, ShfAlloc = 2, ShfExec = 4;
    public const byte SttNoType = 0, SttObject = 1, SttFunc = 2;
    public const byte StbLocal = 0, StbGlobal = 1, StbWeak = 2;

    public byte Class { get; set; } = 2;
    public byte DataEncoding { get; set; } = 1;
    public byte IdentVersion { get; set; } = 1;
    public ushort Type { get; set; } = 2;
    public ushort Machine { get; set; } = 243;
    public uint Version { get; set; } = 1;
    public ulong Entry { get; set; }
    public uint Flags { get; set; } = 0x5;
    public ushort ProgramHeaderEntrySize { get; set; } = 56;
    public ushort SectionHeaderEntrySize { get; set; } = 64;

    /// <summary>False writes no section header table at all (e_shoff 0), like a stripped file.</summary>
    public bool WriteSectionHeaders { get; set; } = true;

    /// <summary>True puts the symbols in .dynsym/.dynstr instead of .symtab/.strtab.</summary>
    public bool SymbolsInDynsym { get; set; }

    private readonly List<SegmentSpec> _segments = [];
    private readonly List<SectionSpec> _sections = [];
    private readonly List<SymbolSpec> _symbols = [];

    private sealed record SegmentSpec(uint Type, uint Flags, ulong VirtualAddress, ulong PhysicalAddress, byte[] Contents, ulong MemorySize, ulong Align);

    private sealed record SectionSpec(string Name, uint Type, ulong Flags, ulong Address, byte[] Contents, ulong Size, uint Link, ulong EntrySize);

    private sealed record SymbolSpec(string Name, ulong Value, ulong Size, byte Type, byte Binding, ushort SectionIndex);

    /// <summary>
    /// A riscv-tests style bare-metal executable: code at 0x8000_0000, a page with tohost/fromhost at
    /// 0x8000_1000, a .bss tail, and symbols _start, tohost, fromhost.
    /// </summary>
    public static ElfTestBuilder BareMetalTest()
    {
        var b = new ElfTestBuilder { Entry = 0x8000_0000 };
        byte[] code = [0x93, 0x00, 0x10, 0x00, 0x6f, 0x00, 0x00, 0x00]; // li ra,1; j .
        byte[] data = new byte[16];
        b.AddLoad(0x8000_0000, code, flags: PfR | PfX);
        b.AddLoad(0x8000_1000, data, memorySize: 0x100, flags: PfR | PfW);
        b.AddSegment(PtRiscvAttributes, [0x41, 0x10, 0, 0, 0], memorySize: 0);
        int text = b.AddSection(".text.init", ShtProgBits, ShfAlloc | ShfExec, 0x8000_0000, code);
        int tohost = b.AddSection(".tohost", ShtProgBits, ShfAlloc | ShfWrite, 0x8000_1000, data);
        int bss = b.AddNoBitsSection(".bss", ShfAlloc | ShfWrite, 0x8000_1010, 0xf0);
        b.AddSymbol("_start", 0x8000_0000, type: SttNoType, sectionIndex: (ushort)text);
        b.AddSymbol("tohost", 0x8000_1000, size: 8, sectionIndex: (ushort)tohost);
        b.AddSymbol("fromhost", 0x8000_1008, size: 8, sectionIndex: (ushort)tohost);
        b.AddSymbol("scratch", 0x8000_1010, size: 0xf0, binding: StbLocal, sectionIndex: (ushort)bss);
        return b;
    }

    /// <summary>
    /// A glibc-like position-independent shared object: two PT_LOADs, PT_INTERP, PT_DYNAMIC, PT_TLS,
    /// GNU stack/relro and symbols only in .dynsym.
    /// </summary>
    public static ElfTestBuilder LinuxSharedObject()
    {
        var b = new ElfTestBuilder { Type = 3, Entry = 0x2_6c68, SymbolsInDynsym = true };
        b.AddSegment(PtPhdr, [], 0x40, memorySize: 0x268, align: 8);
        b.AddInterpreter("/lib/ld-linux-riscv64-lp64d.so.1");
        b.AddLoad(0, new byte[0x200], flags: PfR | PfX);
        b.AddLoad(0x12_2090, new byte[0x80], memorySize: 0x1_1038, flags: PfR | PfW);
        b.AddSegment(PtDynamic, new byte[0x20], 0x12_4e40, flags: PfR | PfW, align: 8);
        b.AddSegment(PtTls, new byte[0x10], 0x12_2090, memorySize: 0x90, align: 8);
        b.AddSegment(PtGnuStack, [], flags: PfR | PfW, align: 16);
        b.AddSegment(PtGnuRelro, new byte[0x40], 0x12_2090);
        int text = b.AddSection(".text", ShtProgBits, ShfAlloc | ShfExec, 0x2_68c0, new byte[0x40]);
        b.AddSymbol("malloc", 0x7_64a6, size: 596, type: SttFunc, sectionIndex: (ushort)text);
        b.AddSymbol("printf", 0x4_567c, size: 84, type: SttFunc, sectionIndex: (ushort)text);
        b.AddSymbol("environ", 0, type: SttObject, binding: StbWeak, sectionIndex: 0);
        return b;
    }

    /// <summary>Adds a program header whose bytes are <paramref name="contents"/>; returns its index.</summary>
    public int AddSegment(uint type, byte[] contents, ulong virtualAddress = 0, ulong? memorySize = null,
        uint flags = PfR, ulong? physicalAddress = null, ulong align = 1)
    {
        _segments.Add(new SegmentSpec(type, flags, virtualAddress, physicalAddress ?? virtualAddress, contents,
            memorySize ?? (ulong)contents.Length, align));
        return _segments.Count - 1;
    }

    /// <summary>Adds a PT_LOAD segment (page aligned, read+execute unless told otherwise).</summary>
    public int AddLoad(ulong virtualAddress, byte[] contents, ulong? memorySize = null, uint flags = PfR | PfX,
        ulong? physicalAddress = null) =>
        AddSegment(PtLoad, contents, virtualAddress, memorySize, flags, physicalAddress, 0x1000);

    /// <summary>Adds a PT_INTERP segment holding the path and its NUL.</summary>
    public int AddInterpreter(string path) => AddSegment(PtInterp, [.. Encoding.UTF8.GetBytes(path), 0]);

    /// <summary>Adds a section with file bytes; returns its index in the final section table.</summary>
    public int AddSection(string name, uint type, ulong flags, ulong address, byte[] contents, ulong entrySize = 0)
    {
        _sections.Add(new SectionSpec(name, type, flags, address, contents, (ulong)contents.Length, 0, entrySize));
        return _sections.Count;
    }

    /// <summary>Adds a NOBITS section (like .bss) of <paramref name="size"/> bytes; returns its index.</summary>
    public int AddNoBitsSection(string name, ulong flags, ulong address, ulong size)
    {
        _sections.Add(new SectionSpec(name, ShtNoBits, flags, address, [], size, 0, 0));
        return _sections.Count;
    }

    public void AddSymbol(string name, ulong value, ulong size = 0, byte type = SttObject, byte binding = StbGlobal,
        ushort sectionIndex = 1) =>
        _symbols.Add(new SymbolSpec(name, value, size, type, binding, sectionIndex));

    public BuiltElf Build()
    {
        var sections = new List<SectionSpec>(_sections);
        int symbolTableIndex = -1, stringTableIndex = -1;
        if (_symbols.Count > 0)
        {
            var (symbolBytes, stringBytes) = EncodeSymbols();
            symbolTableIndex = sections.Count + 1;
            stringTableIndex = sections.Count + 2;
            sections.Add(new SectionSpec(SymbolsInDynsym ? ".dynsym" : ".symtab", SymbolsInDynsym ? ShtDynSym : ShtSymTab,
                SymbolsInDynsym ? ShfAlloc : 0, 0, symbolBytes, (ulong)symbolBytes.Length, (uint)stringTableIndex, 24));
            sections.Add(new SectionSpec(SymbolsInDynsym ? ".dynstr" : ".strtab", ShtStrTab, 0, 0, stringBytes,
                (ulong)stringBytes.Length, 0, 0));
        }
        var nameTable = new StringTable();
        var nameOffsets = sections.Select(s => nameTable.Add(s.Name)).ToList();
        int shstrtabName = nameTable.Add(".shstrtab");
        var shstrtab = nameTable.ToArray();
        sections.Add(new SectionSpec(".shstrtab", ShtStrTab, 0, 0, shstrtab, (ulong)shstrtab.Length, 0, 0));
        nameOffsets.Add(shstrtabName);

        var file = new List<byte>(new byte[64 + _segments.Count * 56]);
        var segmentOffsets = _segments.Select(s => s.Contents.Length == 0 ? 0 : Append(file, s.Contents)).ToArray();
        int[] sectionOffsets = WriteSectionHeaders ? sections.Select(s => Append(file, s.Contents)).ToArray() : [];
        int sectionTableOffset = 0;
        if (WriteSectionHeaders)
        {
            Align(file, 8);
            sectionTableOffset = file.Count;
            file.AddRange(new byte[(sections.Count + 1) * 64]);
        }

        var bytes = file.ToArray();
        WriteHeader(bytes, sections.Count + 1, sectionTableOffset);
        for (int i = 0; i < _segments.Count; i++)
        {
            var s = _segments[i];
            var entry = bytes.AsSpan(64 + i * 56, 56);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, s.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], s.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)segmentOffsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], s.VirtualAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], s.PhysicalAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (ulong)s.Contents.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[40..], s.MemorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], s.Align);
        }
        if (WriteSectionHeaders)
        {
            for (int i = 0; i < sections.Count; i++)
            {
                var s = sections[i];
                var entry = bytes.AsSpan(sectionTableOffset + (i + 1) * 64, 64);
                BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)nameOffsets[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], s.Type);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], s.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], s.Address);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], (ulong)sectionOffsets[i]);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], s.Size);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[40..], s.Link);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[44..], s.Type is ShtSymTab or ShtDynSym ? 1u : 0u);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], 8);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[56..], s.EntrySize);
            }
        }
        return new BuiltElf(bytes, _segments.Count == 0 ? 0 : 64, sectionTableOffset, segmentOffsets,
            symbolTableIndex, stringTableIndex, sections.Count);
    }

    private void WriteHeader(byte[] bytes, int sectionCount, int sectionTableOffset)
    {
        var h = bytes.AsSpan(0, 64);
        h[0] = 0x7f; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F';
        h[4] = Class; h[5] = DataEncoding; h[6] = IdentVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], _segments.Count == 0 ? 0UL : 64UL);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], (ulong)sectionTableOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], ProgramHeaderEntrySize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], (ushort)_segments.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], SectionHeaderEntrySize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[60..], WriteSectionHeaders ? (ushort)sectionCount : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[62..], WriteSectionHeaders ? (ushort)(sectionCount - 1) : (ushort)0);
    }

    private (byte[] Symbols, byte[] Strings) EncodeSymbols()
    {
        var strings = new StringTable();
        var symbols = new byte[(_symbols.Count + 1) * 24];
        for (int i = 0; i < _symbols.Count; i++)
        {
            var s = _symbols[i];
            var entry = symbols.AsSpan((i + 1) * 24, 24);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)strings.Add(s.Name));
            entry[4] = (byte)((s.Binding << 4) | s.Type);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], s.SectionIndex);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], s.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], s.Size);
        }
        return (symbols, strings.ToArray());
    }

    private static int Append(List<byte> file, byte[] contents)
    {
        Align(file, 8);
        int offset = file.Count;
        file.AddRange(contents);
        return offset;
    }

    private static void Align(List<byte> file, int alignment)
    {
        while (file.Count % alignment != 0)
            file.Add(0);
    }

    /// <summary>An ELF string table: starts with the empty string, each name NUL-terminated.</summary>
    private sealed class StringTable
    {
        private readonly List<byte> _bytes = [0];

        public int Add(string name)
        {
            if (name.Length == 0)
                return 0;
            int offset = _bytes.Count;
            _bytes.AddRange(Encoding.UTF8.GetBytes(name));
            _bytes.Add(0);
            return offset;
        }

        public byte[] ToArray() => [.. _bytes];
    }
}

/// <summary>A built file plus where things ended up, so tests can patch fields to break it.</summary>
internal sealed record BuiltElf(
    byte[] Bytes, int ProgramHeaderOffset, int SectionHeaderOffset, int[] SegmentDataOffsets,
    int SymbolTableIndex, int StringTableIndex, int NameTableIndex)
{
    // Field offsets inside a program header and a section header.
    public const int PhType = 0, PhFlags = 4, PhOffset = 8, PhVaddr = 16, PhPaddr = 24, PhFilesz = 32, PhMemsz = 40, PhAlign = 48;
    public const int ShName = 0, ShType = 4, ShFlags = 8, ShAddr = 16, ShOffset = 24, ShSize = 32, ShLink = 40, ShEntsize = 56;

    public byte[] Copy() => (byte[])Bytes.Clone();

    public int ProgramHeaderField(int segment, int field) => ProgramHeaderOffset + segment * 56 + field;

    public int SectionHeaderField(int section, int field) => SectionHeaderOffset + section * 64 + field;

    public static void PutU16(byte[] bytes, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), value);

    public static void PutU32(byte[] bytes, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);

    public static void PutU64(byte[] bytes, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);

    public static ulong GetU64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
}
