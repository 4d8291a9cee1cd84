using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// Zicbom and Zicboz, written once for both engines (the translator leaves them to the interpreter). rvjit has
/// no caches, so cbo.clean/flush/inval only check that the instruction may run and that the block may be
/// accessed; cbo.zero writes 64 zero bytes. The rules are QEMU's (target/riscv/op_helper.c, which implements
/// the CMO spec 1.0): below M-mode the menvcfg enable (CBIE, CBCFE, CBZE) must be set, in U-mode also the
/// senvcfg one, or the instruction is illegal; cbo.clean/flush/inval need load or store permission on the
/// block (failing both, the store's fault is raised); cbo.zero is a store to the whole block. Faults report
/// the block's (aligned) address, as QEMU does.
/// </summary>
public static class CacheBlockOps
{
    /// <summary>The cache-block size for both extensions (QEMU's default cbom/cboz block size).</summary>
    public const int BlockSize = 64;

    public enum Outcome { Done, Illegal, Faulted }

    /// <summary>Executes cbo.inval/clean/flush/zero on the block holding <paramref name="address"/>.</summary>
    public static Outcome Execute(Hart.Hart hart, Op op, ulong address, out Trap trap)
    {
        trap = default;
        ulong enable = op switch
        {
            Op.CboZero => CsrFile.EnvcfgCbze,
            Op.CboInval => CsrFile.EnvcfgCbie,
            _ => CsrFile.EnvcfgCbcfe,
        };
        Privilege privilege = hart.Privilege;
        if (privilege < Privilege.Machine && (hart.Csrs.Menvcfg & enable) == 0) return Outcome.Illegal;
        if (privilege == Privilege.User && (hart.Csrs.Senvcfg & enable) == 0) return Outcome.Illegal;

        ulong block = address & ~(ulong)(BlockSize - 1);
        if (op == Op.CboZero)
        {
            // Translate first so a fault leaves memory untouched (a block never crosses a page).
            if (!hart.Mmu.Translate(block, Access.Store, out _, out trap)) return Outcome.Faulted;
            for (int i = 0; i < BlockSize; i += 8)
                if (!hart.Mmu.Store(block + (ulong)i, 8, 0, out trap)) return Outcome.Faulted;
            return Outcome.Done;
        }
        if (hart.Mmu.Translate(block, Access.Load, out _, out _)) return Outcome.Done;
        return hart.Mmu.Translate(block, Access.Store, out _, out trap) ? Outcome.Done : Outcome.Faulted;
    }
}
