/* Sv39 accessed/dirty bits. The spec allows either a page fault or a hardware update when A (or D for a
   store) is clear; QEMU 7.2 updates them in hardware and so does rvjit: after a load the PTE has A set
   (D unchanged), after a store both A and D are set; a fetch sets A. */
#include "rvj_macros.h"
#include "rvj_vm.h"

/* a4 = PTE of test page i, masked to its A and D bits. */
.macro PTE_AD i
    PTE_ADDR t1, \i
    ld a4, 0(t1)
    andi a4, a4, PTE_A | PTE_D
.endm

RVJ_TEST_BEGIN
    VM_INIT
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_W
    MAP_PAGE 2, data_page, PTE_V | PTE_R | PTE_W
    MAP_PAGE 3, code_page, PTE_V | PTE_X
    MAP_PAGE 4, data_page, PTE_V | PTE_R | PTE_W | PTE_A

    /* case 2: freshly installed PTEs have neither A nor D */
    CASE 2
    PTE_AD 1
    ASSERT_EQ a4, 0

    /* case 3: a load sets A only */
    TEST_VM 3, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(1), ld a4, 0(a1)
    PTE_AD 1
    ASSERT_EQ a4, PTE_A

    /* case 4: a store to a page never accessed sets A and D */
    TEST_VM 4, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(2), sd a1, 8(a1)
    PTE_AD 2
    ASSERT_EQ a4, PTE_A | PTE_D

    /* case 5: a store to a page with A already set adds D */
    TEST_VM 5, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(4), sw a1, 16(a1)
    PTE_AD 4
    ASSERT_EQ a4, PTE_A | PTE_D

    /* case 6: an instruction fetch sets A */
    TEST_VM 6, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(3), jalr ra, 0(a1)
    PTE_AD 3
    ASSERT_EQ a4, PTE_A

    /* case 7: an AMO sets A and D */
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_W
    TEST_VM 7, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(1), amoadd.d a4, x0, (a1)
    PTE_AD 1
    ASSERT_EQ a4, PTE_A | PTE_D

    /* case 8: a faulting store (read-only page) does not set D */
    MAP_PAGE 1, data_page, PTE_V | PTE_R
    TEST_VM 8, PRV_S, CAUSE_STORE_PAGE_FAULT, VM_PAGE_VA(1), sd a1, 0(a1)
    PTE_AD 1
    andi a4, a4, PTE_D
    ASSERT_EQ a4, 0

    /* case 9: the other PTE bits are preserved by the update */
    CASE 9
    PTE_ADDR t1, 2
    ld a4, 0(t1)
    la t2, data_page
    srli t2, t2, 12
    slli t2, t2, 10
    ori t2, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    ASSERT_EQ_REG a4, t2

    csrw satp, zero
RVJ_TEST_END

    .text
    .balign 4096
code_page:
    ecall
    .balign 4096

RVJ_DATA_BEGIN
    .balign 4096
data_page:
    .skip 4096
    VM_TABLES
RVJ_DATA_END
