/* Svpbmt in Sv39 PTEs: with menvcfg.PBMTE, leaves with PBMT = NC (1) or IO (2) translate like any other
   (rvjit has no caches: the memory type changes nothing), and a non-leaf PTE with PBMT is a page fault.
   Without PBMTE any PBMT is a page fault, and 3 is reserved even with it: QEMU 7.2 (-cpu rv64,svpbmt=true)
   ignores PBMTE and accepts 3, so those checks form the last case. */
#include "rvj_macros.h"
#include "rvj_vm.h"

/* MAP_PAGE with PTE bits above the 12-bit immediate range (high). Clobbers t0, t1, t2. */
.macro MAP_PAGE_HIGH i, pa_label, high
    la t1, \pa_label
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li t2, \high
    or t1, t1, t2
    PUT_PTE vm_l0, \i, t1
    sfence.vma
.endm

RVJ_TEST_BEGIN
    li t0, ENVCFG_PBMTE
    csrw menvcfg, t0
    VM_INIT
    MAP_PAGE_HIGH 1, data_page, PTE_PBMT_NC
    MAP_PAGE_HIGH 2, data_page, PTE_PBMT_IO
    MAP_PAGE_HIGH 3, data_page, PTE_PBMT_RSVD

    /* cases 2-3: with PBMTE, NC and IO pages translate like any other */
    TEST_VM 2, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788
    li a2, 0x77
    TEST_VM 3, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(2) + 16, sd a2, 0(a1)
    la t1, data_page
    ld a4, 16(t1)
    ASSERT_EQ a4, 0x77

    /* case 4: PBMT in a non-leaf PTE (vm_l1[0], the pointer to the test pages) faults */
    la t0, vm_l1
    ld s1, 0(t0)
    li t1, PTE_PBMT_NC
    or t1, s1, t1
    sd t1, 0(t0)
    sfence.vma
    TEST_VM 4, PRV_S, CAUSE_LOAD_PAGE_FAULT, VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    la t0, vm_l1
    sd s1, 0(t0)
    sfence.vma

    /* case 5: PBMT = 3 is reserved even with PBMTE; without PBMTE every PBMT faults */
    TEST_VM 5, PRV_S, CAUSE_LOAD_PAGE_FAULT, VM_PAGE_VA(3) + 8, ld a4, 0(a1)
    csrw menvcfg, zero
    sfence.vma
    TEST_VM 5, PRV_S, CAUSE_LOAD_PAGE_FAULT, VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    TEST_VM 5, PRV_S, CAUSE_STORE_PAGE_FAULT, VM_PAGE_VA(2) + 8, sd a4, 0(a1)

    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    .balign 4096
data_page:
    .dword 0, 0x1122334455667788
    .skip 4096 - 16
    VM_TABLES
RVJ_DATA_END
