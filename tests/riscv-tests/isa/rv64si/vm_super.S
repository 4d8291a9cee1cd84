/* Sv39 superpages: a 2 MiB leaf at level 1 and a 1 GiB leaf at level 2 translate with the low VPN bits
   passed through as page offset; a superpage whose PPN is not aligned to its size is a page fault. A leaf
   at level 0 pointing down further (non-leaf at the last level) is a page fault too. */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define VA_2M      0x40200000                /* vm_l1[1] */
#define VA_2M_BAD  0x40400000                /* vm_l1[2]: misaligned */
#define VA_1G      0x100000000               /* vm_root[4] */
#define VA_1G_BAD  0x140000000               /* vm_root[5]: misaligned */
#define PA_2M      0x80400000                /* a 2 MiB-aligned region of RAM the image does not use */

RVJ_TEST_BEGIN
    VM_INIT
    /* 2 MiB leaf: VA 0x40200000 -> PA 0x80400000 */
    li t1, PA_2M
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PUT_PTE vm_l1, 1, t1
    /* misaligned 2 MiB leaf: PPN[0] = 1 */
    li t1, PA_2M + 0x1000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PUT_PTE vm_l1, 2, t1
    /* 1 GiB leaf: VA 0x100000000 -> PA 0x80000000 */
    li t1, 0x80000000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PUT_PTE vm_root, 4, t1
    /* misaligned 1 GiB leaf: PPN[1] != 0 */
    li t1, 0x80200000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PUT_PTE vm_root, 5, t1
    /* level-0 entry 7 is a pointer (no R/W/X) back to a table: invalid at the last level */
    la t1, vm_l0
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE vm_l0, 7, t1
    sfence.vma

    /* case 2: 2 MiB superpage, offset 0x1234 + 1 MiB: the low 21 bits pass through */
    CASE 2
    li t1, PA_2M + 0x101230
    li t2, 0x2222222222222222
    sd t2, 0(t1)
    TEST_VM 3, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_2M + 0x101230, ld a4, 0(a1)
    ASSERT_EQ a4, 0x2222222222222222

    /* case 4: a store through the 2 MiB superpage lands at the physical address */
    li a2, 0x4444
    TEST_VM 4, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_2M + 0x1ffff8, sd a2, 0(a1)
    li t1, PA_2M + 0x1ffff8
    ld a4, 0(t1)
    ASSERT_EQ a4, 0x4444

    /* case 5: 1 GiB superpage: a label's data seen at PA - 0x80000000 + 0x100000000 */
    CASE 5
    la t1, marker
    li t2, VA_1G - 0x80000000
    add a1, t1, t2
    CALL_IN_MODE PRV_S, s_load
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    ASSERT_EQ a4, 0x0123456789abcdef

    /* cases 6-7: misaligned superpages fault (load and store) */
    TEST_VM 6, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_2M_BAD + 8, ld a4, 0(a1)
    TEST_VM 7, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_1G_BAD + 8, sd a1, 0(a1)
    TEST_VM 8, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_1G_BAD + 0x12345678, ld a4, 0(a1)

    /* case 9: a non-leaf PTE at level 0 is a page fault */
    TEST_VM 9, PRV_S, CAUSE_LOAD_PAGE_FAULT, VM_PAGE_VA(7), ld a4, 0(a1)
    j done

s_load:
    ld a4, 0(a1)
    ecall

done:
    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
marker: .dword 0x0123456789abcdef
    VM_TABLES
RVJ_DATA_END
