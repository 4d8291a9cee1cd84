// Human names for e_machine values, so "wrong machine" errors say what the file is actually for.
namespace RvJit.Runtime.Elf;

internal static class ElfMachineNames
{
    /// <summary>A short name for a machine number, or null if rvjit does not know it.</summary>
    public static string? Find(ushort machine) => machine switch
    {
        0 => "no machine",
        2 => "SPARC",
        3 => "x86 (i386)",
        4 => "Motorola 68000",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "IBM S/390",
        40 => "ARM (32-bit)",
        42 => "SuperH",
        43 => "SPARC V9",
        50 => "IA-64",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        247 => "BPF",
        258 => "LoongArch",
        _ => null,
    };
}
