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

    /// <summary>M-mode may set or clear the S-level pending bits (SEIP: its software-writable bit; STIP: not
    /// while Sstc drives it); MSIP/MTIP/MEIP follow the devices.</summary>
    private const ulong MipWriteMask = Ssip | Stip | Seip;

    /// <summary>S-mode may only set or clear SSIP (and only when it is delegated).</summary>
    private const ulong SipWriteMask = Ssip;

    /// <summary>
    /// Delegable exceptions: causes 0-9, 12, 13, 15. ecall from M (11) can never be taken below M and
    /// 10/14 are reserved, so those bits are read-only zero.
    /// </summary>
    private const ulong MedelegWriteMask = 0xB3FF;

    /// <summary>Environment configuration fields (menvcfg and senvcfg).</summary>
    public const ulong EnvcfgFiom = 1, EnvcfgCbie = 3UL << 4, EnvcfgCbcfe = 1UL << 6, EnvcfgCbze = 1UL << 7;
    public const ulong EnvcfgPbmte = 1UL << 62, EnvcfgStce = 1UL << 63;

    /// <summary>senvcfg: FIOM and the Zicbom/Zicboz enables.</summary>
    private const ulong SenvcfgWriteMask = EnvcfgFiom | EnvcfgCbie | EnvcfgCbcfe | EnvcfgCbze;

    /// <summary>menvcfg adds Svpbmt's PBMTE and Sstc's STCE.</summary>
    private const ulong MenvcfgWriteMask = SenvcfgWriteMask | EnvcfgPbmte | EnvcfgStce;

    /// <summary>
    /// mtvec/stvec: MODE 0 (direct) and 1 (vectored) are legal; a write with a reserved MODE (2, 3) is
    /// ignored and the register keeps its previous legal value, as QEMU 7.2 does.
    /// </summary>
    private static ulong LegalTvec(ulong old, ulong value) => (value & 3) < 2 ? value : old;

    /// <summary>The software-writable SEIP bit; mip.SEIP reads as this OR the external line
    /// (<see cref="Hart.SetExternalInterrupt"/>).</summary>
    public bool SeipSoftware;

    /// <summary>Changes the <paramref name="writable"/> bits of <see cref="Hart.Mip"/> without losing
    /// concurrent device updates of the other bits. SEIP goes to its software-writable bit; STIP is read-only
    /// while Sstc drives it (menvcfg.STCE).</summary>
    private void WriteMip(ulong value, ulong writable)
    {
        if (SstcActive) writable &= ~Stip;
        if ((writable & Seip) != 0)
        {
            hart.SetSeipSoftware((value & Seip) != 0);
            writable &= ~Seip;
        }
        ref ulong mip = ref hart.Mip;
        ulong old;
        do old = Volatile.Read(ref mip);
        while (Interlocked.CompareExchange(ref mip, (old & ~writable) | (value & writable), old) != old);
    }

    /// <summary>The value a csrrs/csrrc of mip modifies: the spec makes only the software-writable SEIP bit
    /// take part in the read-modify-write, not the external line OR-ed into reads.</summary>
    internal ulong MipForModify =>
        (Volatile.Read(ref hart.Mip) & ~Seip) | (SeipSoftware ? Seip : 0);

    /// <summary>
    /// satp: MODE Bare (0), Sv39 (8), Sv48 (9) and Sv57 (10) are supported, as on QEMU 7.2's default cpu; a
    /// write selecting any other MODE has no effect at all (Linux probes the paging modes that way). Any
    /// accepted write drops the TLB views' translations but global ones (<see cref="Mmu.AddressSpaceChanged"/>):
    /// the views hold the non-global translations of one satp only (which is what lets sfence.vma for another
    /// ASID skip them, global ones being out of its reach), and guests that rewrite satp after editing tables
    /// expect it.
    /// </summary>
    private void WriteSatp(ulong value)
    {
        ulong mode = value >> 60;
        if (mode != 0 && mode is < 8 or > 10) return;
        Satp = value;
        hart.Mmu.AddressSpaceChanged();
    }
}
