/* Sv39 odds and ends: non-canonical virtual addresses fault; satp ignores writes of an unsupported MODE;
   mstatus.MPRV makes M-mode loads and stores use the MPP translation; a page fault delegated to S is
   reported in scause/stval/sepc. */
#include "rvj_macros.h"
#include "rvj_vm.h"
#include "rvj_smode.h"

RVJ_TEST_BEGIN
    VM_INIT
    MAP_PAGE 1, data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

    /* cases 2-4: bits 63:39 must equal bit 38, otherwise a page fault of the access type */
    TEST_VM 2, PRV_S, CAUSE_LOAD_PAGE_FAULT, 0x0000008040001000, ld a4, 0(a1)
    TEST_VM 3, PRV_S, CAUSE_STORE_PAGE_FAULT, 0x8000000040001000, sd a1, 0(a1)
    TEST_VM 4, PRV_S, CAUSE_FETCH_PAGE_FAULT, 0x0000004000000000, jalr ra, 0(a1)

    /* case 5: the canonical address of the same page works */
    TEST_VM 5, PRV_S, CAUSE_SUPERVISOR_ECALL, 0x0000000040001000, ld a4, 0(a1)
    ASSERT_EQ a4, 0x0ddba11cafe0f00d

    /* case 6: satp reads back MODE = Sv39 and the root PPN */
    CASE 6
    csrr a1, satp
    srli a4, a1, 60
    ASSERT_EQ a4, 8
    li t0, 0xfffffffffff
    and a4, a1, t0
    la t1, vm_root
    srli t1, t1, 12
    bne a4, t1, fail

    /* case 7: writing an unsupported MODE (1) leaves satp unchanged */
    CASE 7
    csrr a1, satp
    li t0, (1 << 60) | 0x1234
    csrw satp, t0
    csrr a2, satp
    bne a1, a2, fail

    /* case 8: MPRV = 1, MPP = S: an M-mode load is translated */
    CASE 8
    li t2, MSTATUS_MPRV
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    li a1, VM_PAGE_VA(1)
    csrs mstatus, t2
    ld a4, 0(a1)
    csrc mstatus, t2
    ASSERT_EQ a4, 0x0ddba11cafe0f00d

    /* case 9: MPRV = 1, MPP = U on a supervisor page: the M-mode load takes a load page fault */
    CASE 9
    li t0, MSTATUS_MPP
    csrc mstatus, t0                 /* MPP = U */
    TRAP_ARM
    li t2, MSTATUS_MPRV
    li a1, VM_PAGE_VA(1)
    csrs mstatus, t2
    ld a4, 0(a1)
    csrc mstatus, t2                 /* first instruction after the trap: no loads before it */
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_LOAD_PAGE_FAULT
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    ASSERT_EQ t5, VM_PAGE_VA(1)
    li t0, MSTATUS_MPP_M
    csrs mstatus, t0

    /* case 10: a load page fault delegated to S: scause 13, stval = VA, sepc = the load */
    CASE 10
    la t0, s_trap_handler
    csrw stvec, t0
    li t0, 1 << CAUSE_LOAD_PAGE_FAULT
    csrw medeleg, t0
    S_RECORD_CLEAR
    li a1, VM_PAGE_VA(9)             /* unmapped */
    CALL_IN_MODE PRV_S, s_fault_then_ecall
    TRAP_DISARM
    csrw medeleg, zero
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 1
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_LOAD_PAGE_FAULT
    S_FIELD a4, S_REC_TVAL
    ASSERT_EQ a4, VM_PAGE_VA(9)
    S_FIELD a4, S_REC_EPC
    la t1, s_fault
    bne a4, t1, fail
    j done

s_fault_then_ecall:
s_fault:
    ld a4, 0(a1)
    ecall

    S_TRAP_HANDLER

done:
    csrw satp, zero
RVJ_TEST_END

RVJ_DATA_BEGIN
    .balign 4096
data_page:
    .dword 0x0ddba11cafe0f00d
    .skip 4096 - 8
    VM_TABLES
    S_TRAP_RECORD
RVJ_DATA_END
