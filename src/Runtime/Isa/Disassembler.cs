// The disassembler's entry point for single instructions.
namespace RvJit.Runtime.Isa;

/// <summary>
/// Prints instructions as GNU objdump 2.40 (riscv64-linux-gnu-objdump -d, default options) prints the
/// instruction part of a line: "mnemonic\toperands", with objdump's aliases, ABI register names, CSR names,
/// decimal immediates, hex upper immediates and shift amounts, and branch targets as absolute addresses.
/// The printing is driven by the ISA table plus the alias data in <see cref="PrintForms"/>. For a sequence of
/// instructions (which objdump annotates with addresses built by lui/auipc pairs) use a
/// <see cref="DisassemblerSession"/>; for whole ELF sections use <see cref="DisassemblerListing"/>.
/// </summary>
public static class Disassembler
{
    /// <summary>Formats one instruction at <paramref name="pc"/>, e.g. "add\tsp,sp,-16" (an addi: binutils 2.40 names it add),
    /// "ld\tra,8(sp)", "jal\t1c6c8 &lt;foo&gt;", "csrr\ta0,mhartid", ".4byte\t0x..." for unknown words.</summary>
    /// <param name="symbolize">Names an address for branch targets and address comments ("main+0x20"), or null
    /// for the bare address; without it addresses print as "0x...".</param>
    public static string Format(Instruction ins, ulong pc, Func<ulong, string?>? symbolize = null) =>
        new DisassemblerSession(DisassemblerOptions.Default, symbolize).Format(ins, pc);
}
