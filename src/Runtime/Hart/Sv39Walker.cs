using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Hart;

/// <summary>
/// Virtual-to-physical translation: the effective privilege (MPRV), bare mode, and the Sv39/Sv48/Sv57 page
/// walk over page tables in guest physical memory (privileged spec, "Virtual Address Translation Process").
/// A/D bits are updated by hardware; superpages must be aligned. Svpbmt: PBMT (bits 62:61) is allowed in
/// leaves when menvcfg.PBMTE is set (memory types change nothing here) and 3 is reserved. Svnapot: N (bit
/// 63) marks a 64 KiB page in a 4 KiB leaf whose ppn[3:0] is 1000. Bits 60:54 are reserved: page fault.
/// </summary>
public sealed unsafe partial class Mmu
{
    private const ulong PteV = 1, PteR = 2, PteW = 4, PteX = 8, PteU = 16, PteG = 32, PteA = 64, PteD = 128;
    private const ulong PteReserved = 0x7FUL << 54, PtePbmt = 3UL << 61, PteN = 1UL << 63;

    /// <summary>The privilege that loads and stores are checked at (mstatus.MPRV selects MPP in M-mode).</summary>
    public Privilege DataPrivilege
    {
        get
        {
            ulong mstatus = hart.Csrs.Mstatus;
            if (hart.Privilege == Privilege.Machine && (mstatus & CsrFile.MstatusMprv) != 0)
                return (Privilege)((mstatus >> 11) & 3);
            return hart.Privilege;
        }
    }

    /// <summary>Translates <paramref name="va"/> for <paramref name="access"/>; false = page or access fault in <paramref name="trap"/>.</summary>
    public bool Translate(ulong va, Access access, out ulong pa, out Trap trap)
    {
        trap = default;
        walkedUserPageUnderSum = false;
        walkedGlobal = false;
        Privilege priv = access == Access.Fetch ? hart.Privilege : DataPrivilege;
        ulong satp = hart.Csrs.Satp;
        ulong mode = satp >> 60;
        if (priv == Privilege.Machine || mode == 0)
        {
            pa = va;
            return true;
        }
        int levels = (int)mode - 5; // Sv39 = 8: 3 levels, Sv48 = 9: 4, Sv57 = 10: 5
        Walks++;

        // Bits above the virtual address width must all equal its top bit.
        int vaBits = 12 + 9 * levels;
        if ((long)(va << (64 - vaBits)) >> (64 - vaBits) != (long)va) return PageFault(va, access, out pa, out trap);

        ulong mstatus = hart.Csrs.Mstatus;
        ulong pbmtAllowed = hart.Csrs.PbmtEnabled ? PtePbmt : 0;
        ulong table;
        ulong global; // G on any PTE of the walk: the mapping is in every address space
    Walk:
        table = (satp & 0xFFF_FFFF_FFFF) << 12;
        global = 0;
        for (int level = levels - 1; level >= 0; level--)
        {
            ulong pteAddr = table + ((va >> (12 + 9 * level)) & 0x1FF) * 8;
            if (!hart.Bus.Read(pteAddr, 8, out ulong pte)) return AccessFault(va, access, out pa, out trap);
            global |= pte & PteG;

            if ((pte & PteV) == 0 || ((pte & PteR) == 0 && (pte & PteW) != 0) || (pte & PteReserved) != 0)
                return PageFault(va, access, out pa, out trap);

            if ((pte & (PteR | PteX)) == 0)
            {
                // Pointer to the next level; A/D/U, PBMT and N must be clear in non-leaf PTEs.
                if (level == 0 || (pte & (PteA | PteD | PteU | PtePbmt | PteN)) != 0) return PageFault(va, access, out pa, out trap);
                table = (pte >> 10 & 0xFFF_FFFF_FFFF) << 12;
                continue;
            }

            // Leaf: PBMT only with menvcfg.PBMTE and never the reserved 3; N only as a 64 KiB NAPOT 4 KiB leaf.
            if ((pte & PtePbmt & ~pbmtAllowed) != 0 || (pte & PtePbmt) == PtePbmt) return PageFault(va, access, out pa, out trap);
            bool napot = (pte & PteN) != 0;
            if (napot && (level != 0 || ((pte >> 10) & 0xF) != 0x8)) return PageFault(va, access, out pa, out trap);

            // Leaf: permission checks.
            bool user = (pte & PteU) != 0;
            if (priv == Privilege.User && !user) return PageFault(va, access, out pa, out trap);
            if (priv == Privilege.Supervisor && user &&
                (access == Access.Fetch || (mstatus & CsrFile.MstatusSum) == 0))
                return PageFault(va, access, out pa, out trap);
            bool allowed = access switch
            {
                Access.Fetch => (pte & PteX) != 0,
                Access.Load => (pte & PteR) != 0 || ((mstatus & CsrFile.MstatusMxr) != 0 && (pte & PteX) != 0),
                _ => (pte & PteW) != 0,
            };
            if (!allowed) return PageFault(va, access, out pa, out trap);
            walkedUserPageUnderSum = user && priv == Privilege.Supervisor;
            walkedGlobal = global != 0;

            ulong ppn = pte >> 10 & 0xFFF_FFFF_FFFF;
            ulong superMask = (1UL << (9 * level)) - 1;
            if ((ppn & superMask) != 0) return PageFault(va, access, out pa, out trap); // misaligned superpage

            // Hardware A/D update, atomic with respect to the PTE's other writers: the kernel (on another hart's
            // thread) may rewrite the PTE meanwhile, and a plain write of pte | A would undo its change. If the PTE
            // changed since it was read, the walk starts over on the new tables.
            ulong want = PteA | (access == Access.Store ? PteD : 0);
            if ((pte & want) != want && !debugWalk)
            {
                switch (SetAccessedDirty(pteAddr, pte, pte | want))
                {
                    case PteUpdate.Failed: return AccessFault(va, access, out pa, out trap);
                    case PteUpdate.Changed: goto Walk;
                }
            }

            if (napot)
            {
                pa = ((ppn & ~0xFUL) << 12) | (va & 0xFFFF);
                NoteLargeLeaf(va, 0x10000);
            }
            else
            {
                pa = ((ppn & ~superMask) << 12) | (va & ((1UL << (12 + 9 * level)) - 1));
                if (level > 0) NoteLargeLeaf(va, 1UL << (12 + 9 * level));
            }
            return true;
        }
        return PageFault(va, access, out pa, out trap);
    }

    private enum PteUpdate { Done, Changed, Failed }

    /// <summary>Replaces the PTE at <paramref name="pteAddr"/> with <paramref name="updated"/> if it still holds
    /// <paramref name="seen"/>. RAM PTEs are swapped on the host (compare-and-swap); a PTE in a device (never the
    /// case under rvjit's kernel) takes the bus. Failed = an access fault (no memory there).</summary>
    private PteUpdate SetAccessedDirty(ulong pteAddr, ulong seen, ulong updated)
    {
        if (!ram.Contains(pteAddr, 8) || (ram.PageFlags(pteAddr) & PhysicalMemory.FlagIo) != 0)
            return hart.Bus.Write(pteAddr, 8, updated) ? PteUpdate.Done : PteUpdate.Failed;
        ram.NoteStore(pteAddr, 8);
        long* host = (long*)ram.HostPointer(pteAddr);
        return Interlocked.CompareExchange(ref *host, (long)updated, (long)seen) == (long)seen ? PteUpdate.Done : PteUpdate.Changed;
    }

    private static bool PageFault(ulong va, Access access, out ulong pa, out Trap trap)
    {
        pa = 0;
        trap = new Trap(access switch
        {
            Access.Fetch => ExceptionCause.InstructionPageFault,
            Access.Load => ExceptionCause.LoadPageFault,
            _ => ExceptionCause.StorePageFault,
        }, va);
        return false;
    }

    private static bool AccessFault(ulong va, Access access, out ulong pa, out Trap trap)
    {
        pa = 0;
        trap = new Trap(access switch
        {
            Access.Fetch => ExceptionCause.InstructionAccessFault,
            Access.Load => ExceptionCause.LoadAccessFault,
            _ => ExceptionCause.StoreAccessFault,
        }, va);
        return false;
    }
}
