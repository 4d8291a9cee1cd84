// One entry of the section header table and the enums that describe it.
namespace RvJit.Runtime.Elf;

/// <summary>A section's sh_type. Values not named here are kept as their raw number.</summary>
public enum SectionType : uint
{
    Null = 0,
    ProgBits = 1,
    SymTab = 2,
    StrTab = 3,
    Rela = 4,
    Hash = 5,
    Dynamic = 6,
    Note = 7,
    NoBits = 8,
    Rel = 9,
    Shlib = 10,
    DynSym = 11,
    InitArray = 14,
    FiniArray = 15,
    PreInitArray = 16,
    Group = 17,
    SymTabShndx = 18,
    GnuHash = 0x6fff_fff6,
    GnuVerDef = 0x6fff_fffd,
    GnuVerNeed = 0x6fff_fffe,
    GnuVerSym = 0x6fff_ffff,
    RiscvAttributes = 0x7000_0003,
}

/// <summary>A section's sh_flags bits.</summary>
[Flags]
public enum SectionFlags : ulong
{
    None = 0,
    Write = 0x1,
    Alloc = 0x2,
    ExecInstr = 0x4,
    Merge = 0x10,
    Strings = 0x20,
    InfoLink = 0x40,
    LinkOrder = 0x80,
    OsNonconforming = 0x100,
    Group = 0x200,
    Tls = 0x400,
    Compressed = 0x800,
    GnuRetain = 0x20_0000,
    Exclude = 0x8000_0000,
}

/// <summary>A validated section header of an <see cref="ElfImage"/>.</summary>
/// <param name="Index">Position in the section header table (section 0 is the null section).</param>
/// <param name="Name">The name from the section name table (empty if the file has none).</param>
/// <param name="Type">sh_type; cast to uint for the raw value.</param>
/// <param name="Flags">sh_flags.</param>
/// <param name="Address">sh_addr: where the section lives in memory, if it is allocated.</param>
/// <param name="Offset">sh_offset: where its bytes start in the file.</param>
/// <param name="Size">sh_size (for NOBITS sections, the memory size; no file bytes).</param>
/// <param name="Link">sh_link (e.g. a symbol table's string table index).</param>
/// <param name="Info">sh_info.</param>
/// <param name="AddressAlign">sh_addralign.</param>
/// <param name="EntrySize">sh_entsize for tables of fixed-size entries.</param>
public readonly record struct Section(
    int Index,
    string Name,
    SectionType Type,
    SectionFlags Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlign,
    ulong EntrySize)
{
    /// <summary>sh_type as the number in the file.</summary>
    public uint RawType => (uint)Type;

    /// <summary>SHF_ALLOC: the section occupies memory at run time.</summary>
    public bool IsAlloc => (Flags & SectionFlags.Alloc) != 0;

    /// <summary>SHF_EXECINSTR: the section holds code.</summary>
    public bool IsExecutable => (Flags & SectionFlags.ExecInstr) != 0;

    /// <summary>SHF_WRITE: the section is writable at run time.</summary>
    public bool IsWritable => (Flags & SectionFlags.Write) != 0;

    /// <summary>True when the section has bytes in the file (not NULL or NOBITS).</summary>
    public bool HasFileData => Type is not (SectionType.Null or SectionType.NoBits);
}
