/* satp MODE: Bare, Sv39, Sv48 and Sv57 are accepted (QEMU 7.2's default cpu); a write with any other MODE
   leaves satp entirely unchanged (Linux probes Sv57, then Sv48, then Sv39 that way). Sv48 and Sv57 walk
   four and five levels: here their upper roots point down to the Sv39 tables, so the same pages appear
   both at their Sv39 addresses and at aliases above 2^39 (Sv48) and 2^48 (Sv57). */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define SV48_ALIAS (1 << 39)                  /* root48[1] -> vm_root */
#define SV57_ALIAS (1 << 48)                  /* root57[1] -> root48 */

/* satp = mode | (root >> 12). Clobbers t0, t1. */
.macro SET_SATP mode, root
    la t1, \root
    srli t1, t1, 12
    li t0, \mode
    or t1, t1, t0
    csrw satp, t1
    sfence.vma
.endm

RVJ_TEST_BEGIN
    /* case 2: every supported mode reads back exactly */
    CASE 2
    li a1, SATP_MODE_SV39 | (0x1234 << 44) | 0x80123
    csrw satp, a1
    csrr a4, satp
    ASSERT_EQ_REG a4, a1
    li a1, SATP_MODE_SV48 | 0x80456
    csrw satp, a1
    csrr a4, satp
    ASSERT_EQ_REG a4, a1
    li a1, SATP_MODE_SV57 | 0x80789
    csrw satp, a1
    csrr a4, satp
    ASSERT_EQ_REG a4, a1

    /* case 3: unsupported modes (1..7, 11..15) leave satp as it was, ASID and PPN included */
    CASE 3
    li a2, 1
1:  slli t0, a2, 60
    li t1, (0x5555 << 44) | 0x99999
    or t0, t0, t1
    csrw satp, t0
    csrr a4, satp
    bne a4, a1, fail
    addi a2, a2, 1
    li t0, 8
    bne a2, t0, 2f
    li a2, 11
2:  li t0, 16
    bne a2, t0, 1b
    csrw satp, zero

    /* cases 4-6: an Sv48 walk: the Sv39 tables serve as levels 2..0 */
    VM_INIT
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    la t1, vm_root
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE root48, 0, t1
    PUT_PTE root48, 1, t1
    SET_SATP SATP_MODE_SV48, root48
    TEST_VM 4, PRV_S, CAUSE_SUPERVISOR_ECALL, VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788
    TEST_VM 5, PRV_S, CAUSE_SUPERVISOR_ECALL, SV48_ALIAS + VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788
    TEST_VM 6, PRV_S, CAUSE_LOAD_PAGE_FAULT, (1 << 47) + VM_PAGE_VA(1), ld a4, 0(a1)   /* not canonical */

    /* cases 7-8: an Sv57 walk on top of it */
    la t1, root48
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE root57, 0, t1
    PUT_PTE root57, 1, t1
    SET_SATP SATP_MODE_SV57, root57
    TEST_VM 7, PRV_S, CAUSE_SUPERVISOR_ECALL, SV57_ALIAS + SV48_ALIAS + VM_PAGE_VA(1) + 8, ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788
    TEST_VM 8, PRV_S, CAUSE_LOAD_PAGE_FAULT, (1 << 56) + VM_PAGE_VA(1), ld a4, 0(a1)   /* not canonical */

    /* case 9: the Sv39 alias above 2^39 is not canonical */
    SET_SATP SATP_MODE_SV39, vm_root
    TEST_VM 9, PRV_S, CAUSE_LOAD_PAGE_FAULT, SV48_ALIAS + VM_PAGE_VA(1) + 8, ld a4, 0(a1)

    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    .balign 4096
data_page:
    .dword 0, 0x1122334455667788
    .skip 4096 - 16
root48: .skip 4096
root57: .skip 4096
    VM_TABLES
RVJ_DATA_END
