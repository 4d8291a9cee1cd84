// One symbol table entry and the enums that describe it.
namespace RvJit.Runtime.Elf;

/// <summary>A symbol's type (low nibble of st_info).</summary>
public enum SymbolType : byte
{
    NoType = 0,
    Object = 1,
    Func = 2,
    Section = 3,
    File = 4,
    Common = 5,
    Tls = 6,
    GnuIfunc = 10,
}

/// <summary>A symbol's binding (high nibble of st_info).</summary>
public enum SymbolBinding : byte
{
    Local = 0,
    Global = 1,
    Weak = 2,
    GnuUnique = 10,
}

/// <summary>A symbol's visibility (low two bits of st_other).</summary>
public enum SymbolVisibility : byte
{
    Default = 0,
    Internal = 1,
    Hidden = 2,
    Protected = 3,
}

/// <summary>A symbol of an <see cref="ElfImage"/> (from .symtab, or .dynsym when there is no .symtab).</summary>
/// <param name="Index">Position in its symbol table (entry 0, the null symbol, is not listed).</param>
/// <param name="Name">The name from the table's string table.</param>
/// <param name="Value">st_value: usually the address.</param>
/// <param name="Size">st_size.</param>
/// <param name="Type">Type from st_info.</param>
/// <param name="Binding">Binding from st_info.</param>
/// <param name="Visibility">Visibility from st_other.</param>
/// <param name="SectionIndex">st_shndx raw: 0 undefined, 0xfff1 absolute, 0xfff2 common, 0xffff extended.</param>
public readonly record struct Symbol(
    int Index,
    string Name,
    ulong Value,
    ulong Size,
    SymbolType Type,
    SymbolBinding Binding,
    SymbolVisibility Visibility,
    ushort SectionIndex)
{
    /// <summary>SHN_UNDEF: the symbol is referenced, not defined, here.</summary>
    public const ushort UndefinedSection = 0;

    /// <summary>SHN_ABS: the value is an absolute number, not section-relative.</summary>
    public const ushort AbsoluteSection = 0xfff1;

    /// <summary>SHN_COMMON: an unallocated common block.</summary>
    public const ushort CommonSection = 0xfff2;

    /// <summary>True when this file defines the symbol (st_shndx is not SHN_UNDEF).</summary>
    public bool IsDefined => SectionIndex != UndefinedSection;
}
