/* Svnapot in Sv39: N (bit 63) marks a 64 KiB NAPOT page, a 4 KiB leaf whose ppn[3:0] = 1000 repeated over
   the 16 slots of the range: every offset in the range reaches the 64 KiB physical block. N with another
   ppn[3:0] (a reserved size) or on a superpage is a page fault. (QEMU 7.2: -cpu rv64,svnapot=true.) */
#include "rvj_macros.h"
#include "rvj_vm.h"

#define PA_NAPOT  0x80410000                  /* 64 KiB-aligned RAM the image does not use */
#define VA_NAPOT  VM_PAGE_VA(16)              /* test pages 16..31: one 64 KiB range */
#define VA_2M     0x40200000                  /* vm_l1[1] */

RVJ_TEST_BEGIN
    VM_INIT
    /* case 2: a NAPOT 64 KiB page: every offset in the range reaches PA_NAPOT + offset */
    CASE 2
    li t1, PA_NAPOT + 0x5008
    li t2, 0x5555aaaa
    sd t2, 0(t1)
    li t1, PA_NAPOT + 0xfff0
    li t2, 0xfff0fff0
    sd t2, 0(t1)
    li t1, PA_NAPOT + 0x8000                  /* ppn[3:0] = 1000: the 64 KiB encoding */
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li t2, PTE_N
    or t1, t1, t2
    la t0, vm_l0 + 16 * 8
    li t4, 16
1:  sd t1, 0(t0)
    addi t0, t0, 8
    addi t4, t4, -1
    bnez t4, 1b
    sfence.vma
    TEST_VM 3, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_NAPOT + 0x5008, ld a4, 0(a1)
    ASSERT_EQ a4, 0x5555aaaa
    TEST_VM 4, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_NAPOT + 0xfff0, ld a4, 0(a1)
    ASSERT_EQ a4, 0xfff0fff0
    li a2, 0x1234
    TEST_VM 5, PRV_S, CAUSE_SUPERVISOR_ECALL, VA_NAPOT + 0x0100, sd a2, 0(a1)
    li t1, PA_NAPOT + 0x0100
    ld a4, 0(t1)
    ASSERT_EQ a4, 0x1234

    /* case 6: N with ppn[3:0] = 0100 (a reserved 32 KiB size) faults */
    li t1, PA_NAPOT + 0x4000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li t2, PTE_N
    or t1, t1, t2
    PUT_PTE vm_l0, 21, t1
    sfence.vma
    TEST_VM 6, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_NAPOT + 0x5008, ld a4, 0(a1)

    /* case 7: N on a 2 MiB superpage faults */
    li t1, 0x80400000 + 0x8000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li t2, PTE_N
    or t1, t1, t2
    PUT_PTE vm_l1, 1, t1
    sfence.vma
    TEST_VM 7, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_2M + 8, ld a4, 0(a1)

    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    VM_TABLES
RVJ_DATA_END
