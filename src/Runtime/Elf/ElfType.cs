// The ELF object file type (e_type) as rvjit distinguishes it.
namespace RvJit.Runtime.Elf;

/// <summary>What kind of ELF object a file is (the header's e_type).</summary>
public enum ElfType
{
    /// <summary>Any e_type not listed here (ET_NONE, OS- or processor-specific values).</summary>
    Other,

    /// <summary>ET_REL: a relocatable object (.o).</summary>
    Rel,

    /// <summary>ET_EXEC: an executable linked at fixed addresses.</summary>
    Exec,

    /// <summary>ET_DYN: a shared object or position-independent executable.</summary>
    Dyn,

    /// <summary>ET_CORE: a core dump.</summary>
    Core,
}
