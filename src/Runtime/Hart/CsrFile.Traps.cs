// Legalisation of the trap-setup CSRs (medeleg, mideleg, mie/mip and their S views, mtvec/stvec), of satp
// and of the envcfg registers.
namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    /// <summary>mip/mie bit masks.</summary>
    public const ulong Ssip = 1UL << 1, Msip = 1UL << 3, Stip = 1UL << 5, Mtip = 1UL << 7, Seip = 1UL << 9, Meip = 1UL << 11;

    /// <summary>Interrupts that exist: the S and M software, timer and external interrupts.</summary>
    private const ulong MieWriteMask = Ssip | Msip | Stip | Mtip | Seip | Meip;

    /// <summary>Only S-level interrupts can be delegated.</summary>
    private const ulong MidelegWriteMask = Ssip | Stip | Seip;

    /// <summary>M-mode may set or clear the S-level pending bits; MSIP/MTIP/MEIP follow the devices.</summary>
    private const ulong MipWriteMask = Ssip | Stip | Seip;

    /// <summary>S-mode may only set or clear SSIP (and only when it is delegated).</summary>
    private const ulong SipWriteMask = Ssip;

    /// <summary>
    /// Delegable exceptions: causes 0-9, 12, 13, 15. ecall from M (11) can never be taken below M and
    /// 10/14 are reserved, so those bits are read-only zero.
    /// </summary>
    private const ulong MedelegWriteMask = 0xB3FF;

    /// <summary>menvcfg/senvcfg: FIOM and the Zicbom/Zicboz enables are plain storage (as in QEMU 7.2);
    /// PBMTE and STCE stay zero because rvjit implements neither Svpbmt nor Sstc.</summary>
    private const ulong EnvcfgWriteMask = 0xF1;

    /// <summary>
    /// mtvec/stvec: MODE 0 (direct) and 1 (vectored) are legal; a write with a reserved MODE (2, 3) is
    /// ignored and the register keeps its previous legal value, as QEMU 7.2 does.
    /// </summary>
    private static ulong LegalTvec(ulong old, ulong value) => (value & 3) < 2 ? value : old;

    /// <summary>Changes the <paramref name="writable"/> bits of <see cref="Hart.Mip"/> without losing
    /// concurrent device updates of the other bits.</summary>
    private void WriteMip(ulong value, ulong writable)
    {
        ref ulong mip = ref hart.Mip;
        ulong old;
        do old = Volatile.Read(ref mip);
        while (Interlocked.CompareExchange(ref mip, (old & ~writable) | (value & writable), old) != old);
    }

    /// <summary>
    /// satp: MODE Bare (0), Sv39 (8) and Sv48 (9) are supported; a write selecting any other MODE has no
    /// effect at all. Any accepted write flushes the TLB views (they are not tagged by ASID).
    /// </summary>
    private void WriteSatp(ulong value)
    {
        ulong mode = value >> 60;
        if (mode != 0 && mode != 8 && mode != 9) return;
        Satp = value;
        hart.Mmu.Flush();
    }
}
