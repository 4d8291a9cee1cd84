/* Sv39 U bit: U-mode may only touch U pages; S-mode may load/store U pages only with mstatus.SUM = 1 and
   may never execute from them. MXR also applies to U-mode loads from X-only U pages. U-mode code runs
   through the U alias mapping (VA = PA + USER_ALIAS). */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define VA_U    VM_PAGE_VA(1)   /* U, RW */
#define VA_S    VM_PAGE_VA(2)   /* not U, RW */
#define VA_UX   VM_PAGE_VA(3)   /* U, X only (code) */
#define VA_URX  VM_PAGE_VA(4)   /* U, R+X (code) */

RVJ_TEST_BEGIN
    VM_INIT
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    MAP_PAGE 2, data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    MAP_PAGE 3, code_page, PTE_V | PTE_X | PTE_U | PTE_A | PTE_D
    MAP_PAGE 4, code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A | PTE_D

    /* U-mode on U pages */
    TEST_VM  2, PRV_U, CAUSE_USER_ECALL, VA_U + 8, ld a4, 0(a1)              /* load works */
    ASSERT_EQ a4, 0x1122334455667788
    li a2, 0x600d
    TEST_VM  3, PRV_U, CAUSE_USER_ECALL, VA_U + 16, sd a2, 0(a1)             /* store works */
    la t1, data_page
    ld a4, 16(t1)
    ASSERT_EQ a4, 0x600d
    li a0, 0
    TEST_VM  4, PRV_U, CAUSE_USER_ECALL, VA_UX, jalr ra, 0(a1)               /* fetch from a U X-only page works */
    ASSERT_EQ a0, 0x77

    /* U-mode on a supervisor page */
    TEST_VM  5, PRV_U, CAUSE_LOAD_PAGE_FAULT, VA_S + 8, ld a4, 0(a1)
    TEST_VM  6, PRV_U, CAUSE_STORE_PAGE_FAULT, VA_S + 8, sd a1, 0(a1)
    TEST_VM  7, PRV_U, CAUSE_FETCH_PAGE_FAULT, 0x80000000, jalr ra, 0(a1)    /* the identity map of the code is S-only */

    /* U-mode load from an X-only U page: faults unless MXR */
    TEST_VM  8, PRV_U, CAUSE_LOAD_PAGE_FAULT, VA_UX, lw a4, 0(a1)
    li t1, MSTATUS_MXR
    csrs mstatus, t1
    TEST_VM  9, PRV_U, CAUSE_USER_ECALL, VA_UX, lw a4, 0(a1)
    li t1, MSTATUS_MXR
    csrc mstatus, t1
    TEST_VM 10, PRV_U, CAUSE_USER_ECALL, VA_URX, lw a4, 0(a1)                /* R+X U page is readable */

    /* S-mode on U pages, SUM = 0: loads and stores fault */
    TEST_VM 11, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_U + 8, ld a4, 0(a1)
    TEST_VM 12, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_U + 8, sd a1, 0(a1)

    /* S-mode on U pages, SUM = 1: loads and stores work, fetches still fault */
    li t1, MSTATUS_SUM
    csrs mstatus, t1
    TEST_VM 13, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_U + 8, ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788
    li a2, 0xbeef
    TEST_VM 14, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_U + 24, sd a2, 0(a1)
    la t1, data_page
    ld a4, 24(t1)
    ASSERT_EQ a4, 0xbeef
    TEST_VM 15, PRV_S, CAUSE_FETCH_PAGE_FAULT, VA_UX, jalr ra, 0(a1)
    TEST_VM 16, PRV_S, CAUSE_FETCH_PAGE_FAULT, VA_URX, jalr ra, 0(a1)
    li t1, MSTATUS_SUM
    csrc mstatus, t1

    /* SUM does not let U-mode touch S pages */
    li t1, MSTATUS_SUM
    csrs mstatus, t1
    TEST_VM 17, PRV_U, CAUSE_LOAD_PAGE_FAULT, VA_S + 8, ld a4, 0(a1)
    li t1, MSTATUS_SUM
    csrc mstatus, t1

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
