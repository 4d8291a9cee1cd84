/* Sv39 permission checks in S-mode on 4 KiB pages reached through a 3-level walk: R, RW and X-only pages,
   the reserved W-without-R encoding and invalid PTEs. Faults are load (13), store/AMO (15) and instruction
   (12) page faults with mtval = the faulting virtual address. MXR makes X-only pages readable. */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define VA_R   VM_PAGE_VA(1)
#define VA_RW  VM_PAGE_VA(2)
#define VA_X   VM_PAGE_VA(3)
#define VA_W   VM_PAGE_VA(4)
#define VA_INV VM_PAGE_VA(5)
#define VA_RX  VM_PAGE_VA(6)

RVJ_TEST_BEGIN
    VM_INIT
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_A | PTE_D
    MAP_PAGE 2, data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    MAP_PAGE 3, code_page, PTE_V | PTE_X | PTE_A | PTE_D
    MAP_PAGE 4, data_page, PTE_V | PTE_W | PTE_A | PTE_D
    MAP_PAGE 5, data_page, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D   /* V = 0 */
    MAP_PAGE 6, code_page, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D

    /* read-only page */
    TEST_VM  2, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_R + 8, ld a4, 0(a1)        /* load works... */
    ASSERT_EQ a4, 0x1122334455667788                                         /* ...and reads the right page */
    TEST_VM  3, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_R + 16, sd a1, 0(a1)       /* store faults */
    TEST_VM  4, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_R + 24, amoadd.d a4, a1, (a1)  /* AMO faults as a store */
    TEST_VM  5, PRV_S, CAUSE_FETCH_PAGE_FAULT, VA_R, jalr ra, 0(a1)          /* fetch faults */

    /* read-write page */
    li a2, 0x5a5a
    TEST_VM  6, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_RW + 32, sd a2, 0(a1)      /* store works... */
    la t1, data_page                                                         /* ...and reached the physical page */
    ld a4, 32(t1)
    ASSERT_EQ a4, 0x5a5a
    TEST_VM  7, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_RW + 32, ld a4, 0(a1)      /* load reads it back */
    ASSERT_EQ a4, 0x5a5a
    TEST_VM  8, PRV_S, CAUSE_FETCH_PAGE_FAULT, VA_RW, jalr ra, 0(a1)         /* RW without X: fetch faults */

    /* execute-only page */
    li a0, 0
    TEST_VM  9, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_X, jalr ra, 0(a1)          /* fetch works: code there sets a0 and ecalls */
    ASSERT_EQ a0, 0x77
    TEST_VM 10, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_X, ld a4, 0(a1)             /* load from X-only faults with MXR = 0 */
    li t1, MSTATUS_MXR                                                       /* MXR = 1 makes it readable */
    csrs mstatus, t1
    TEST_VM 11, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_X, lwu a4, 0(a1)
    li t1, MSTATUS_MXR
    csrc mstatus, t1
    la t1, code_page
    lwu t2, 0(t1)
    ASSERT_EQ_REG a4, t2
    li t1, MSTATUS_MXR
    csrs mstatus, t1
    TEST_VM 12, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_X, sd a1, 0(a1)            /* MXR never allows stores */
    li t1, MSTATUS_MXR
    csrc mstatus, t1

    /* R+X page: load and fetch both work */
    TEST_VM 13, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_RX, lwu a4, 0(a1)
    la t1, code_page
    lwu t2, 0(t1)
    ASSERT_EQ_REG a4, t2
    li a0, 0
    TEST_VM 14, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_RX, jalr ra, 0(a1)
    ASSERT_EQ a0, 0x77

    /* W without R is reserved: any access is a page fault of the access type */
    TEST_VM 15, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_W, ld a4, 0(a1)
    TEST_VM 16, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_W, sd a1, 0(a1)

    /* V = 0 */
    TEST_VM 17, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_INV + 0x10, ld a4, 0(a1)
    TEST_VM 18, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_INV + 0x18, sd a1, 0(a1)
    TEST_VM 19, PRV_S, CAUSE_FETCH_PAGE_FAULT, VA_INV, jalr ra, 0(a1)

    /* an unmapped page (PTE all zero) in the same table */
    TEST_VM 20, PRV_S, CAUSE_LOAD_PAGE_FAULT, VM_PAGE_VA(100) + 4, lw a4, 0(a1)

    /* mepc of a load page fault is the load itself (precise trap) */
    CASE 21
    li a1, VA_INV
    CALL_IN_MODE PRV_S, s_load
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_LOAD_PAGE_FAULT
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, s_load
    bne t5, t1, fail
    j done

s_load:
    ld a4, 0(a1)
    ecall

done:
    csrw satp, zero
RVJ_TEST_END

/* Code reached only through the test mappings: sets a0 and makes an ecall. */
    .text
    .balign 4096
code_page:
    li a0, 0x77
    ecall
    j code_page
    .balign 4096

RVJ_DATA_BEGIN
    .balign 4096
data_page:
    .dword 0, 0x1122334455667788
    .skip 4096 - 16
    VM_TABLES
RVJ_DATA_END
