// Settings that change what the disassembler prints, taken from the file being disassembled.
namespace RvJit.Runtime.Isa;

/// <summary>What objdump reads from an ELF file before disassembling it.</summary>
public sealed record DisassemblerOptions
{
    /// <summary>Privileged-spec version for CSR names (ELF Tag_RISCV_priv_spec; objdump's default is the newest).</summary>
    public PrivSpec PrivSpec { get; init; } = PrivSpec.V1_12;

    /// <summary>Extensions to decode (ELF Tag_RISCV_arch); others print as raw words. Defaults to every
    /// extension rvjit runs; objdump itself assumes <see cref="ExtensionSet.Rv64gc"/> for files without the tag.</summary>
    public ExtensionSet Extensions { get; init; } = ExtensionSet.All;

    /// <summary>Value of __global_pointer$, if the file has it: gp-relative addresses are then annotated.</summary>
    public ulong? GlobalPointer { get; init; }

    /// <summary>Every extension, the newest privileged spec, no gp.</summary>
    public static DisassemblerOptions Default { get; } = new();
}
