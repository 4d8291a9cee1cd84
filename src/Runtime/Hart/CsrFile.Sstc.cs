// Sstc: the supervisor timer compare stimecmp and menvcfg, whose STCE bit turns it on (and whose PBMTE bit
// turns on Svpbmt in the page walk).
namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    /// <summary>stimecmp. While <see cref="SstcActive"/>, mip.STIP = time &gt;= stimecmp. Its reset value is
    /// unspecified; all ones keeps STIP clear until software sets a deadline, as QEMU behaves (it resets stimecmp
    /// to 0 but raises STIP only when stimecmp is written): firmware that turns STCE on and a kernel that enables
    /// STIE before its first deadline (OpenSBI 1.1 and an S-mode payload do) take no interrupt at time 0.</summary>
    public ulong Stimecmp = ulong.MaxValue;

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
