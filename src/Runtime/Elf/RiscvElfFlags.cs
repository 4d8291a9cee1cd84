// Decoding of the RISC-V specific bits of the ELF header's e_flags (psABI "ELF Object Files" chapter).
namespace RvJit.Runtime.Elf;

/// <summary>The floating-point calling convention recorded in e_flags (EF_RISCV_FLOAT_ABI).</summary>
public enum RiscvFloatAbi
{
    /// <summary>Soft float: FP arguments in integer registers (lp64).</summary>
    Soft = 0,

    /// <summary>Single-precision hard float (lp64f).</summary>
    Single = 1,

    /// <summary>Double-precision hard float (lp64d), what RV64GC Linux uses.</summary>
    Double = 2,

    /// <summary>Quad-precision hard float (lp64q).</summary>
    Quad = 3,
}

/// <summary>The RISC-V e_flags bits and helpers to decode them.</summary>
public static class RiscvElfFlags
{
    /// <summary>EF_RISCV_RVC: the file contains compressed (C extension) instructions.</summary>
    public const ulong Rvc = 0x1;

    /// <summary>EF_RISCV_FLOAT_ABI: two bits holding a <see cref="RiscvFloatAbi"/>.</summary>
    public const ulong FloatAbiMask = 0x6;

    /// <summary>EF_RISCV_RVE: the file uses the RV32E/RV64E (16-register) ABI.</summary>
    public const ulong Rve = 0x8;

    /// <summary>EF_RISCV_TSO: the file requires the RVTSO memory model.</summary>
    public const ulong Tso = 0x10;

    /// <summary>True when the file says it uses compressed instructions.</summary>
    public static bool HasRvc(ulong flags) => (flags & Rvc) != 0;

    /// <summary>The floating-point ABI recorded in <paramref name="flags"/>.</summary>
    public static RiscvFloatAbi FloatAbi(ulong flags) => (RiscvFloatAbi)((flags & FloatAbiMask) >> 1);

    /// <summary>True when the file uses the reduced (E) register ABI.</summary>
    public static bool HasRve(ulong flags) => (flags & Rve) != 0;

    /// <summary>True when the file requires total store ordering.</summary>
    public static bool HasTso(ulong flags) => (flags & Tso) != 0;
}
