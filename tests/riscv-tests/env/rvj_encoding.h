/* Architectural constants used by rvjit's ISA tests: mstatus fields, trap causes, interrupt bits, PTE bits,
   fflags bits, rounding modes and the spike machine's CLINT/HTIF addresses. Values are from the RISC-V
   privileged and unprivileged specifications. Only #defines: usable from any .S file. */
#ifndef RVJ_ENCODING_H
#define RVJ_ENCODING_H

/* Privilege levels (mstatus.MPP encoding). */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* mstatus / sstatus fields. */
#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_UBE   (1 << 6)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_VS    (3 << 9)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_MPP_M (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_XS    (3 << 15)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_UXL   (3 << 32)
#define MSTATUS_SXL   (3 << 34)
#define MSTATUS_SD    (1 << 63)

/* Synchronous exception causes (mcause/scause with the interrupt bit clear). */
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15

/* Interrupt numbers (mcause low bits when the interrupt bit is set; bit positions in mip/mie). */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)
#define CAUSE_INTERRUPT (1 << 63)

/* Sv39 page-table entries and satp. */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define PTE_PPN_SHIFT 10
#define SATP_MODE_SV39 (8 << 60)
#define PAGE_SHIFT 12

/* fflags bits. */
#define FFLAG_NX 0x01
#define FFLAG_UF 0x02
#define FFLAG_OF 0x04
#define FFLAG_DZ 0x08
#define FFLAG_NV 0x10

/* Rounding modes (instruction rm field and frm). */
#define RM_RNE 0
#define RM_RTZ 1
#define RM_RDN 2
#define RM_RUP 3
#define RM_RMM 4
#define RM_DYN 7

/* The spike machine (QEMU -machine spike): core-local interruptor. mtime ticks at 10 MHz. */
#define CLINT_BASE     0x2000000
#define CLINT_MSIP     (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME    (CLINT_BASE + 0xBFF8)

/* menvcfg/senvcfg fields (Zicbom, Zicboz, Svpbmt, Sstc), paging modes beyond Sv39, Svpbmt/Svnapot PTE bits. */
#define ENVCFG_FIOM   (1 << 0)
#define ENVCFG_CBIE   (3 << 4)
#define ENVCFG_CBIE_FLUSH (1 << 4)
#define ENVCFG_CBIE_INVAL (3 << 4)
#define ENVCFG_CBCFE  (1 << 6)
#define ENVCFG_CBZE   (1 << 7)
#define ENVCFG_PBMTE  (1 << 62)
#define ENVCFG_STCE   (1 << 63)
#define SATP_MODE_SV48 (9 << 60)
#define SATP_MODE_SV57 (10 << 60)
#define PTE_PBMT_NC   (1 << 61)
#define PTE_PBMT_IO   (2 << 61)
#define PTE_PBMT_RSVD (3 << 61)
#define PTE_N         (1 << 63)
#define COUNTEREN_TM  (1 << 1)

#endif
