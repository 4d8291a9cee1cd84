// PMP CSR storage: pmpcfg0/2/.../14 (eight 8-bit entry configurations each on RV64) and pmpaddr0..63.
// The values are legalised and locked as the spec says but never enforced (see CsrFile.cs).
namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    private const byte PmpR = 1, PmpW = 2, PmpLock = 0x80;
    /// <summary>R W X A(2 bits) L; bits 6:5 are reserved and read zero.</summary>
    private const byte PmpCfgMask = 0x9F;
    private const byte PmpAddressModeMask = 0x18, PmpTor = 0x08;

    /// <summary>One configuration byte per PMP entry.</summary>
    private readonly byte[] pmpcfg = new byte[64];
    /// <summary>pmpaddr: physical address bits 55:2, so 54 bits are kept.</summary>
    private readonly ulong[] pmpaddr = new ulong[64];

    /// <summary>The configuration byte of PMP entry <paramref name="index"/>.</summary>
    public byte PmpConfig(int index) => pmpcfg[index];

    /// <summary>pmpaddr of PMP entry <paramref name="index"/>.</summary>
    public ulong PmpAddress(int index) => pmpaddr[index];

    private bool TryReadPmpcfg(uint csr, out ulong value)
    {
        value = 0;
        if ((csr & 1) != 0) return false; // pmpcfg1, 3, ... exist only on RV32
        int first = (int)(csr - CsrNumber.Pmpcfg0) * 4;
        for (int i = 7; i >= 0; i--) value = (value << 8) | pmpcfg[first + i];
        return true;
    }

    private bool TryWritePmpcfg(uint csr, ulong value)
    {
        if ((csr & 1) != 0) return false;
        int first = (int)(csr - CsrNumber.Pmpcfg0) * 4;
        for (int i = 0; i < 8; i++)
        {
            if ((pmpcfg[first + i] & PmpLock) != 0) continue; // locked entries ignore writes until reset
            byte cfg = (byte)((value >> (8 * i)) & PmpCfgMask);
            if ((cfg & (PmpR | PmpW)) == PmpW) cfg &= unchecked((byte)~PmpW); // W without R is reserved
            pmpcfg[first + i] = cfg;
        }
        return true;
    }

    private void WritePmpaddr(int index, ulong value)
    {
        // Locked entries, and the entry below a locked TOR entry (its top-of-range base), ignore writes.
        if ((pmpcfg[index] & PmpLock) != 0) return;
        if (index + 1 < 64 && (pmpcfg[index + 1] & (PmpLock | PmpAddressModeMask)) == (PmpLock | PmpTor)) return;
        pmpaddr[index] = value & ((1UL << 54) - 1);
    }
}
