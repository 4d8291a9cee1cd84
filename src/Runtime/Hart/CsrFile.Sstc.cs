// Sstc: the supervisor timer compare stimecmp and menvcfg, whose STCE bit turns it on (and whose PBMTE bit
// turns on Svpbmt in the page walk).
namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    /// <summary>stimecmp. While <see cref="SstcActive"/>, mip.STIP = time &gt;= stimecmp. Resets to 0 as on QEMU.</summary>
    public ulong Stimecmp;

    /// <summary>menvcfg.STCE: stimecmp drives STIP and S-mode may reach it (with mcounteren.TM).</summary>
    public bool SstcActive => (Menvcfg & EnvcfgStce) != 0;

    /// <summary>menvcfg.PBMTE: Svpbmt's page-based memory types are allowed in S/U page tables.</summary>
    public bool PbmtEnabled => (Menvcfg & EnvcfgPbmte) != 0;

    /// <summary>stimecmp from S-mode needs mcounteren.TM and menvcfg.STCE (QEMU 7.2's rule); M always may.
    /// U-mode is already refused by the CSR number's privilege bits.</summary>
    private bool StimecmpAccessible =>
        hart.Privilege == Privilege.Machine || ((Mcounteren & 2) != 0 && SstcActive);

    private void WriteStimecmp(ulong value)
    {
        Stimecmp = value;
        hart.UpdateSupervisorTimer();
        hart.Wake();
    }

    private void WriteMenvcfg(ulong value)
    {
        ulong old = Menvcfg;
        Menvcfg = value & MenvcfgWriteMask;
        if (((old ^ Menvcfg) & EnvcfgPbmte) != 0) hart.Mmu.Flush(); // cached walks checked the PBMT bits
        if (((old ^ Menvcfg) & EnvcfgStce) != 0)
        {
            hart.UpdateSupervisorTimer();
            hart.Wake();
        }
    }
}
