// One entry of the program header table (a segment) and the enums that describe it.
namespace RvJit.Runtime.Elf;

/// <summary>A segment's p_type. Values not named here are kept as their raw number.</summary>
public enum SegmentType : uint
{
    Null = 0,
    Load = 1,
    Dynamic = 2,
    Interp = 3,
    Note = 4,
    Shlib = 5,
    Phdr = 6,
    Tls = 7,
    GnuEhFrame = 0x6474_e550,
    GnuStack = 0x6474_e551,
    GnuRelro = 0x6474_e552,
    GnuProperty = 0x6474_e553,
    RiscvAttributes = 0x7000_0003,
}

/// <summary>A segment's p_flags permission bits.</summary>
[Flags]
public enum SegmentFlags : uint
{
    None = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
}

/// <summary>A validated program header (segment) of an <see cref="ElfImage"/>.</summary>
/// <param name="Index">Position in the program header table, counted from 0 (as in error messages).</param>
/// <param name="Type">p_type; cast to uint for the raw value (see <see cref="RawType"/>).</param>
/// <param name="Flags">p_flags, including bits beyond R/W/X if the file sets any.</param>
/// <param name="Offset">p_offset: where the segment's bytes start in the file.</param>
/// <param name="VirtualAddress">p_vaddr.</param>
/// <param name="PhysicalAddress">p_paddr (what bare-metal loaders use).</param>
/// <param name="FileSize">p_filesz: bytes present in the file.</param>
/// <param name="MemorySize">p_memsz: bytes in memory; the tail past FileSize is zero-filled.</param>
/// <param name="Align">p_align.</param>
public readonly record struct ProgramHeader(
    int Index,
    SegmentType Type,
    SegmentFlags Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong PhysicalAddress,
    ulong FileSize,
    ulong MemorySize,
    ulong Align)
{
    /// <summary>p_type as the number in the file.</summary>
    public uint RawType => (uint)Type;

    public bool IsReadable => (Flags & SegmentFlags.Read) != 0;

    public bool IsWritable => (Flags & SegmentFlags.Write) != 0;

    public bool IsExecutable => (Flags & SegmentFlags.Execute) != 0;
}
