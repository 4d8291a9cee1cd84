/* sfence.vma: after a PTE is changed, an sfence.vma (global, or for that address) makes S-mode see the new
   mapping, even if the old one was used (and possibly cached) just before. Also remapping and unmapping. */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define VA 0x40001000                        /* test page 1 */

RVJ_TEST_BEGIN
    VM_INIT
    MAP_PAGE 1, page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

    /* case 2: the page reads page_a */
    TEST_VM 2, PRV_S, CAUSE_SUPERVISOR_ECALL, VA, ld a4, 0(a1)
    ASSERT_EQ a4, 0xaaaaaaaaaaaaaaaa

    /* case 3: remap to page_b, sfence.vma (all): the same VA now reads page_b */
    MAP_PAGE 1, page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    TEST_VM 3, PRV_S, CAUSE_SUPERVISOR_ECALL, VA, ld a4, 0(a1)
    ASSERT_EQ a4, 0xbbbbbbbbbbbbbbbb

    /* case 4: S-mode itself changes the PTE (through the identity map) and fences just that address */
    CASE 4
    la t1, page_a
    MAKE_PTE a2, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PTE_ADDR a3, 1
    li a1, VA
    CALL_IN_MODE PRV_S, s_remap
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    ASSERT_EQ a4, 0xbbbbbbbbbbbbbbbb         /* before the change */
    ASSERT_EQ a5, 0xaaaaaaaaaaaaaaaa         /* after the change and sfence.vma a1 */

    /* case 5: invalidate the PTE: the VA faults after sfence.vma */
    CASE 5
    PTE_ADDR t1, 1
    sd zero, 0(t1)
    sfence.vma
    TEST_VM 6, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA, ld a4, 0(a1)

    /* case 7: make it valid again: a store through it works */
    MAP_PAGE 1, page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li a2, 0x1234
    TEST_VM 7, PRV_S, CAUSE_SUPERVISOR_ECALL, VA + 8, sd a2, 0(a1)
    la t1, page_b
    ld a4, 8(t1)
    ASSERT_EQ a4, 0x1234

    /* case 8: write permission removed: the store faults after sfence.vma */
    MAP_PAGE 1, page_b, PTE_V | PTE_R | PTE_A | PTE_D
    TEST_VM 8, PRV_S, CAUSE_STORE_PAGE_FAULT, VA + 8, sd a2, 0(a1)

    /* case 9: switching satp to another root (with sfence) changes every mapping */
    CASE 9
    la t1, page_a
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PUT_PTE alt_l0, 1, t1
    la t1, alt_l0
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE alt_l1, 0, t1
    la t1, alt_l1
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE alt_root, 1, t1
    li t1, 0x80000000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    PUT_PTE alt_root, 2, t1
    la t1, alt_root
    srli t1, t1, 12
    li t0, SATP_MODE_SV39
    or t1, t1, t0
    csrw satp, t1
    sfence.vma
    TEST_VM 10, PRV_S, CAUSE_SUPERVISOR_ECALL, VA, ld a4, 0(a1)
    ASSERT_EQ a4, 0xaaaaaaaaaaaaaaaa
    j done

s_remap:
    ld a4, 0(a1)                     /* old mapping: page_b */
    sd a2, 0(a3)                     /* PTE now points at page_a */
    sfence.vma a1, zero
    ld a5, 0(a1)
    ecall

done:
    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    .balign 4096
page_a:
    .rept 512
    .dword 0xaaaaaaaaaaaaaaaa
    .endr
page_b:
    .rept 512
    .dword 0xbbbbbbbbbbbbbbbb
    .endr
    VM_TABLES
alt_root: .skip 4096
alt_l1:   .skip 4096
alt_l0:   .skip 4096
RVJ_DATA_END
