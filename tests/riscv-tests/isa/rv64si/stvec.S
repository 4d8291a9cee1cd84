/* stvec modes for traps delegated to S. Vectored (mode 1): exceptions go to BASE, interrupts to
   BASE + 4 * cause. Direct (mode 0): everything goes to BASE. */
#include "rvj_macros.h"

/* a4 = entry the last S trap used; a5 = its scause. */
.macro LAST_ENTRY
    la t0, last_entry
    ld a4, 0(t0)
    ld a5, 8(t0)
.endm

RVJ_TEST_BEGIN
    li t0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_ILLEGAL_INSTRUCTION)
    csrw medeleg, t0
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0

    /* case 2: vectored: a delegated exception (ecall from U) goes to BASE */
    CASE 2
    la t0, s_vectors
    ori t0, t0, 1
    csrw stvec, t0
    CALL_IN_MODE PRV_U, u_ecall_then_ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, CAUSE_USER_ECALL

    /* case 3: vectored: a delegated illegal instruction (cause 2) goes to BASE too */
    CASE 3
    CALL_IN_MODE PRV_U, u_illegal_then_ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, CAUSE_ILLEGAL_INSTRUCTION

    /* case 4: vectored: a supervisor software interrupt goes to BASE + 4 */
    CASE 4
    csrsi mip, MIP_SSIP
    CALL_IN_MODE PRV_U, u_ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    LAST_ENTRY
    ASSERT_EQ a4, 1
    ASSERT_EQ a5, CAUSE_INTERRUPT | IRQ_S_SOFT

    /* case 5: direct: the interrupt goes to BASE */
    CASE 5
    la t0, s_vectors
    csrw stvec, t0
    csrsi mip, MIP_SSIP
    CALL_IN_MODE PRV_U, u_ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, CAUSE_INTERRUPT | IRQ_S_SOFT

    /* case 6: stvec reads back base and mode */
    CASE 6
    la t0, s_vectors
    ori t1, t0, 1
    csrw stvec, t1
    csrr a4, stvec
    bne a4, t1, fail
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    j done

u_ecall_then_ebreak:
    ecall
    ebreak
u_illegal_then_ebreak:
    .word 0x0000000b
    ebreak
u_ebreak:
    nop
    ebreak

    .align 8
s_vectors:
    .option push
    .option norvc
    j s_entry0
    j s_entry1
    j s_bad
    j s_bad
    j s_bad
    j s_bad
    j s_bad
    j s_bad
    j s_bad
    j s_bad
    .option pop

s_bad:
    j s_bad                          /* never reached: the test times out if it is */
s_entry0:
    csrw sscratch, t0
    la t0, last_entry
    sd zero, 0(t0)
    j s_record_it
s_entry1:
    csrw sscratch, t0
    la t0, last_entry
    li t1, 1
    sd t1, 0(t0)
s_record_it:                         /* last_entry[1] = scause; clear SSIP; skip an exception's insn */
    csrr t1, scause
    sd t1, 8(t0)
    csrci sip, MIP_SSIP
    bltz t1, 1f
    csrr t1, sepc
    addi t1, t1, 4
    csrw sepc, t1
1:  csrr t0, sscratch
    sret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
last_entry: .dword -1, -1
RVJ_DATA_END
