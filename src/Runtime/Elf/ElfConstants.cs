// Numbers from the ELF64 format that the reader needs: structure sizes, field offsets, magic values.
namespace RvJit.Runtime.Elf;

internal static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int ProgramHeaderSize = 56;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;

    public const byte Class32 = 1;
    public const byte Class64 = 2;
    public const byte DataLittleEndian = 1;
    public const byte DataBigEndian = 2;
    public const byte CurrentVersion = 1;
    public const ushort MachineRiscv = 243;

    // e_ident indexes.
    public const int IdentClass = 4;
    public const int IdentData = 5;
    public const int IdentVersion = 6;
    public const int IdentOsAbi = 7;

    // ELF header field offsets.
    public const int TypeOffset = 16;
    public const int MachineOffset = 18;
    public const int EntryOffset = 24;
    public const int PhOffOffset = 32;
    public const int ShOffOffset = 40;
    public const int FlagsOffset = 48;
    public const int PhEntSizeOffset = 54;
    public const int PhNumOffset = 56;
    public const int ShEntSizeOffset = 58;
    public const int ShNumOffset = 60;
    public const int ShStrNdxOffset = 62;

    /// <summary>PN_XNUM: e_phnum escape meaning "the real count is in section 0's sh_info".</summary>
    public const ushort PhNumExtended = 0xffff;

    /// <summary>SHN_XINDEX: e_shstrndx escape meaning "the real index is in section 0's sh_link".</summary>
    public const ushort ShIndexExtended = 0xffff;

    /// <summary>Longest PT_INTERP accepted, NUL included (Linux's PATH_MAX).</summary>
    public const int MaxInterpreterLength = 4096;
}
