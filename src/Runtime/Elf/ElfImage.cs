// The parsed, validated view of one RISC-V ELF64 file: header fields, segments, sections, symbols.
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace RvJit.Runtime.Elf;

/// <summary>
/// A little-endian ELF64 RISC-V file. Parsing reads and checks what Linux's loader reads, the ELF header and
/// the program header table, and reports every problem there as an <see cref="ElfFormatException"/> whose
/// one-line message starts with the file name. Section and symbol tables are optional extras (symbols for
/// HTIF and listings, sections for the disassembler): they are read on first use, and a damaged one leaves
/// the image without sections or symbols and a <see cref="SectionProblem"/> to warn about, never an error.
/// The image reads its file through an <see cref="ElfSource"/>, never copying it whole; an image made by
/// <see cref="Load"/> holds the file open until disposed.
/// </summary>
public sealed class ElfImage : IDisposable
{
    private readonly ElfSource _source;
    private readonly ProgramHeader[] _programHeaders;
    private readonly ushort _sectionCount, _sectionNameIndex;

    // Read-only wrappers so callers cannot cast the lists back to arrays and edit them.
    private readonly IReadOnlyList<ProgramHeader> _programHeaderList;
    private IReadOnlyList<Section>? _sectionList;
    private IReadOnlyList<Symbol>? _symbolList;
    private Section[] _sections = [];
    private Symbol[] _symbols = [];
    private string? _sectionProblem;
    private Dictionary<string, ulong>? _symbolValues;

    private ElfImage(ElfSource source, string name)
    {
        _source = source;
        Name = name;
        var header = new byte[(int)Math.Min(source.Length, ElfConstants.HeaderSize)];
        if (!source.TryRead(0, header))
            throw ElfReading.Error(name, "cannot read the ELF header");
        ReadOnlySpan<byte> d = header;
        CheckIdentification(d, name);

        ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.TypeOffset..]);
        RawType = rawType;
        Type = rawType switch
        {
            1 => ElfType.Rel,
            2 => ElfType.Exec,
            3 => ElfType.Dyn,
            4 => ElfType.Core,
            _ => ElfType.Other,
        };
        OsAbi = d[ElfConstants.IdentOsAbi];
        Entry = BinaryPrimitives.ReadUInt64LittleEndian(d[ElfConstants.EntryOffset..]);
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(d[ElfConstants.FlagsOffset..]);
        ProgramHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(d[ElfConstants.PhOffOffset..]);
        ProgramHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.PhEntSizeOffset..]);
        ProgramHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.PhNumOffset..]);
        SectionHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(d[ElfConstants.ShOffOffset..]);
        SectionHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.ShEntSizeOffset..]);
        _sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.ShNumOffset..]);
        _sectionNameIndex = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.ShStrNdxOffset..]);

        _programHeaders = ProgramHeaderTable.Parse(
            source, name, Type, ProgramHeaderOffset, (ushort)ProgramHeaderEntrySize, (ushort)ProgramHeaderCount,
            out string? interpreter);
        Interpreter = interpreter;
        _programHeaderList = Array.AsReadOnly(_programHeaders);
    }

    /// <summary>Opens and parses the file at <paramref name="path"/>; the path is the name used in errors.</summary>
    /// <exception cref="ElfFormatException">The file is missing, unreadable or not a valid RISC-V ELF64 file.</exception>
    public static ElfImage Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle;
        try
        {
            if (HostFiles.IsDirectory(path)) // not Directory.Exists: see HostFiles.Exists
                throw ElfReading.Error(path, "is a directory");
            handle = HostFiles.OpenRead(path); // not File.OpenHandle: see HostFiles
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ElfReading.Error(path, "no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw ElfReading.Error(path, "permission denied");
        }
        catch (ArgumentException)
        {
            throw ElfReading.Error(path, "invalid file name");
        }
        catch (IOException e)
        {
            throw ElfReading.Error(path, $"cannot read: {e.Message.ReplaceLineEndings(" ")}");
        }
        return Parse(ElfSource.FromFile(handle), path);
    }

    /// <summary>Parses an ELF file already in memory. The array is kept, not copied: do not modify it afterwards.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">What to call the file in error messages (usually its path).</param>
    /// <exception cref="ElfFormatException">The bytes are not a valid RISC-V ELF64 file.</exception>
    public static ElfImage Parse(byte[] data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Parse(ElfSource.FromArray(data), name);
    }

    /// <summary>Parses the ELF file <paramref name="source"/> reads; the image owns the source (disposing one disposes the other).</summary>
    /// <exception cref="ElfFormatException">The file is not a valid RISC-V ELF64 file; the source is disposed.</exception>
    public static ElfImage Parse(ElfSource source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return new ElfImage(source, name);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Closes the file of an image made by <see cref="Load"/>.</summary>
    public void Dispose() => _source.Dispose();

    /// <summary>The name given to <see cref="Load"/> or <see cref="Parse"/>; prefixes every error message.</summary>
    public string Name { get; }

    /// <summary>The file's length in bytes.</summary>
    public ulong FileLength => _source.Length;

    /// <summary>Always EM_RISCV (243): other machines are rejected when parsing.</summary>
    public ushort Machine => ElfConstants.MachineRiscv;

    /// <summary>The object type (e_type).</summary>
    public ElfType Type { get; }

    /// <summary>e_type as the number in the file (useful when <see cref="Type"/> is Other).</summary>
    public ushort RawType { get; }

    /// <summary>EI_OSABI (0 System V, 3 GNU/Linux, ...).</summary>
    public byte OsAbi { get; }

    /// <summary>e_entry: the address where execution starts.</summary>
    public ulong Entry { get; }

    /// <summary>e_flags; decode with <see cref="RiscvElfFlags"/> or the properties below.</summary>
    public ulong Flags { get; }

    /// <summary>EF_RISCV_RVC: the code uses compressed instructions.</summary>
    public bool UsesRvc => RiscvElfFlags.HasRvc(Flags);

    /// <summary>The floating-point ABI from e_flags (RV64GC Linux binaries are <see cref="RiscvFloatAbi.Double"/>).</summary>
    public RiscvFloatAbi FloatAbi => RiscvElfFlags.FloatAbi(Flags);

    /// <summary>EF_RISCV_RVE: the code uses the 16-register E ABI.</summary>
    public bool UsesRve => RiscvElfFlags.HasRve(Flags);

    /// <summary>EF_RISCV_TSO: the code requires total store ordering.</summary>
    public bool UsesTso => RiscvElfFlags.HasTso(Flags);

    /// <summary>e_phoff: where the program header table starts in the file.</summary>
    public ulong ProgramHeaderOffset { get; }

    /// <summary>e_phentsize (56 whenever there are program headers).</summary>
    public int ProgramHeaderEntrySize { get; }

    /// <summary>e_phnum.</summary>
    public int ProgramHeaderCount { get; }

    /// <summary>e_shoff: where the section header table starts (0 when the file has none).</summary>
    public ulong SectionHeaderOffset { get; }

    /// <summary>e_shentsize.</summary>
    public int SectionHeaderEntrySize { get; }

    /// <summary>The segments, in file order.</summary>
    public IReadOnlyList<ProgramHeader> ProgramHeaders => _programHeaderList;

    /// <summary>The program headers as a span: loops over it stay in ReadyToRun code, where the interface calls of
    /// <see cref="ProgramHeaders"/> on an array of this struct (SZArrayHelper over ProgramHeader) were JIT-compiled at
    /// every start-up.</summary>
    public ReadOnlySpan<ProgramHeader> ProgramHeaderSpan => _programHeaders;

    /// <summary>The PT_INTERP path (without its NUL), or null if the file has no PT_INTERP.</summary>
    public string? Interpreter { get; }

    /// <summary>The sections, including the null section 0; empty when the file has no (usable) section table.</summary>
    public IReadOnlyList<Section> Sections
    {
        get
        {
            ReadSectionsOnce();
            return _sectionList!;
        }
    }

    /// <summary>Symbols of .symtab, or of .dynsym if there is no .symtab; empty if neither exists or it is damaged.</summary>
    public IReadOnlyList<Symbol> Symbols
    {
        get
        {
            ReadSectionsOnce();
            return _symbolList!;
        }
    }

    /// <summary>
    /// Why the section or symbol table could not be used (a one-line message starting with the file name),
    /// or null. Linux ignores these tables; tools that need them print this as a warning.
    /// </summary>
    public string? SectionProblem
    {
        get
        {
            ReadSectionsOnce();
            return _sectionProblem;
        }
    }

    /// <summary>
    /// Finds a symbol defined in this file by name. When several share the name, a global or weak one wins
    /// over a local one, then the first in the table.
    /// </summary>
    public bool TryGetSymbol(string name, out ulong value)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Start-up asks one name (`tohost`) of programs that usually lack it: a name absent from the symbol
        // strings needs none of the symbols decoded.
        if (_sectionList is null && !MayDefineSymbol(name))
        {
            value = 0;
            return false;
        }
        ReadSectionsOnce();
        var values = _symbolValues ??= IndexSymbols(_symbols);
        return values.TryGetValue(name, out value);
    }

    /// <summary>Finds the first section called <paramref name="name"/>.</summary>
    public bool TryGetSection(string name, out Section section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ReadSectionsOnce();
        foreach (var candidate in _sections)
        {
            if (candidate.Name == name)
            {
                section = candidate;
                return true;
            }
        }
        section = default;
        return false;
    }

    /// <summary>
    /// The bytes of a segment present in the file (p_filesz of them; the rest of p_memsz is zeros).
    /// Bytes past the end of the file, which Linux maps without complaint, are not available here.
    /// </summary>
    /// <param name="segment">A header from <see cref="ProgramHeaders"/> of this image.</param>
    /// <exception cref="ElfFormatException">The segment's bytes are not all in the file, or cannot be read.</exception>
    public ReadOnlySpan<byte> SegmentData(in ProgramHeader segment) =>
        ElfReading.Read(_source, segment.Offset, segment.FileSize, Name, $"segment {segment.Index} data").Span;

    /// <summary>Copies a segment's file bytes into <paramref name="destination"/> (p_filesz bytes long), reading them straight from the file.</summary>
    /// <exception cref="ElfFormatException">The segment's bytes are not all in the file, or cannot be read.</exception>
    public void CopySegment(in ProgramHeader segment, Span<byte> destination)
    {
        if ((ulong)destination.Length != segment.FileSize)
            throw new ArgumentException("The destination must be p_filesz bytes long.", nameof(destination));
        ElfReading.ReadInto(_source, segment.Offset, destination, Name, $"segment {segment.Index} data");
    }

    /// <summary>
    /// Copies every PT_LOAD segment's file bytes to its physical address in <paramref name="ram"/> (the bytes past
    /// p_filesz are left as RAM holds them: zero in a new machine) and returns the end of the highest segment
    /// (<paramref name="ram"/>'s base when there is none). The caller has checked that they fit (<c>CheckFitsIn</c>).
    /// </summary>
    public ulong LoadSegmentsInto(Memory.PhysicalMemory ram)
    {
        ulong end = ram.Base;
        foreach (var ph in ProgramHeaderSpan)
        {
            if (ph.Type != SegmentType.Load || ph.MemorySize == 0) continue;
            CopySegment(ph, ram.Span(ph.PhysicalAddress, (int)ph.FileSize));
            end = Math.Max(end, ph.PhysicalAddress + ph.MemorySize);
        }
        return end;
    }

    /// <summary>The bytes of a section in the file; empty for NULL and NOBITS sections (such as .bss).</summary>
    /// <param name="section">A header from <see cref="Sections"/> of this image.</param>
    public ReadOnlySpan<byte> SectionData(in Section section) => SectionBytes(section).Span;

    /// <summary><see cref="SectionData"/> as memory (a slice of the caller's array for <see cref="Parse(byte[], string)"/>).</summary>
    public ReadOnlyMemory<byte> SectionBytes(in Section section) =>
        section.HasFileData ? ElfReading.Read(_source, section.Offset, section.Size, Name, $"section {section.Index} data") : ReadOnlyMemory<byte>.Empty;

    // False only when no symbol can be called name (SymbolTable.MayDefine); a damaged table is left to ReadSectionsOnce.
    private bool MayDefineSymbol(string name)
    {
        try
        {
            var sections = SectionTable.Parse(
                _source, Name, SectionHeaderOffset, (ushort)SectionHeaderEntrySize, _sectionCount, _sectionNameIndex);
            return SymbolTable.MayDefine(_source, Name, sections, name);
        }
        catch (ElfFormatException)
        {
            return true;
        }
    }

    // Section and symbol tables are read on first use; a damaged one is a warning, not a refusal.
    private void ReadSectionsOnce()
    {
        if (_sectionList is not null)
            return;
        try
        {
            _sections = SectionTable.Parse(
                _source, Name, SectionHeaderOffset, (ushort)SectionHeaderEntrySize, _sectionCount, _sectionNameIndex);
            _symbols = SymbolTable.Parse(_source, Name, _sections);
        }
        catch (ElfFormatException e)
        {
            _sectionProblem = $"{e.Message} (section and symbol tables ignored)";
            _sections = [];
            _symbols = [];
        }
        _sectionList = Array.AsReadOnly(_sections);
        _symbolList = Array.AsReadOnly(_symbols);
    }

    private static void CheckIdentification(ReadOnlySpan<byte> d, string name)
    {
        if (d.Length < 4 || d[0] != 0x7f || d[1] != (byte)'E' || d[2] != (byte)'L' || d[3] != (byte)'F')
            throw ElfReading.Error(name, "not an ELF file (bad magic number)");
        if (d.Length > ElfConstants.IdentClass && d[ElfConstants.IdentClass] != ElfConstants.Class64)
            throw ElfReading.Error(name, d[ElfConstants.IdentClass] == ElfConstants.Class32
                ? "32-bit ELF file (ELFCLASS32); rvjit runs only 64-bit (ELFCLASS64) RISC-V files"
                : $"bad ELF class {d[ElfConstants.IdentClass]} (expected 2, ELFCLASS64)");
        if (d.Length > ElfConstants.IdentData && d[ElfConstants.IdentData] != ElfConstants.DataLittleEndian)
            throw ElfReading.Error(name, d[ElfConstants.IdentData] == ElfConstants.DataBigEndian
                ? "big-endian ELF file (ELFDATA2MSB); RISC-V files are little-endian"
                : $"bad ELF data encoding {d[ElfConstants.IdentData]} (expected 1, little-endian)");
        if (d.Length < ElfConstants.HeaderSize)
            throw ElfReading.Error(name,
                $"truncated file: ELF header needs {ElfConstants.HeaderSize} bytes, file has {d.Length}");
        if (d[ElfConstants.IdentVersion] != ElfConstants.CurrentVersion)
            throw ElfReading.Error(name, $"unsupported ELF version {d[ElfConstants.IdentVersion]} in e_ident (expected 1)");
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(d[ElfConstants.MachineOffset..]);
        if (machine != ElfConstants.MachineRiscv)
        {
            string what = ElfMachineNames.Find(machine) is { } known ? $"{known} (e_machine {machine})" : $"e_machine {machine}";
            throw ElfReading.Error(name, $"wrong machine: {what}; expected RISC-V (e_machine {ElfConstants.MachineRiscv})");
        }
        // e_version, e_ehsize, e_flags and the section fields are not checked: Linux's loader ignores them.
    }

    private static Dictionary<string, ulong> IndexSymbols(Symbol[] symbols)
    {
        var values = new Dictionary<string, ulong>(symbols.Length, StringComparer.Ordinal);
        // Globals first so they win; TryAdd keeps the first definition of each name.
        foreach (var symbol in symbols)
        {
            if (symbol.IsDefined && symbol.Binding != SymbolBinding.Local && symbol.Name.Length != 0)
                values.TryAdd(symbol.Name, symbol.Value);
        }
        foreach (var symbol in symbols)
        {
            if (symbol.IsDefined && symbol.Binding == SymbolBinding.Local && symbol.Name.Length != 0)
                values.TryAdd(symbol.Name, symbol.Value);
        }
        return values;
    }
}
