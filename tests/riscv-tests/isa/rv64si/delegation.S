/* Trap delegation: medeleg/mideleg route exceptions and interrupts raised in S or U mode to the S-mode
   handler (stvec, scause, sepc, stval, sstatus.SPP/SPIE); traps raised in M-mode are never delegated;
   causes that are not delegated still go to M. Delegated interrupts are not taken while in M-mode. */
#include "rvj_macros.h"
#include "rvj_smode.h"

RVJ_TEST_BEGIN
    la t0, s_trap_handler
    csrw stvec, t0

    /* case 2: ecall from U delegated (medeleg[8]) reaches the S handler with scause 8 */
    CASE 2
    li t0, 1 << CAUSE_USER_ECALL
    csrw medeleg, t0
    S_RECORD_CLEAR
    CALL_IN_MODE PRV_U, u_ecall_then_ebreak
    TRAP_DISARM
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 1
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_USER_ECALL
    S_FIELD a4, S_REC_EPC
    la t1, u_ecall
    bne a4, t1, fail
    S_FIELD a4, S_REC_TVAL
    ASSERT_EQ a4, 0
    S_FIELD a4, S_REC_STATUS
    andi a4, a4, MSTATUS_SPP
    ASSERT_EQ a4, 0                  /* SPP = U */

    /* case 3: the ebreak that followed (not delegated) went to M from U */
    CASE 3
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U

    /* case 4: a delegated cause raised in M-mode is still taken in M */
    CASE 4
    li t0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_MACHINE_ECALL)
    csrs medeleg, t0
    S_RECORD_CLEAR
    TRAP_ARM
    .word 0x0000000b
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 0

    /* case 5: illegal instruction in S-mode, delegated: S handler sees scause 2, SPP = S, stval = bits */
    CASE 5
    S_RECORD_CLEAR
    CALL_IN_MODE PRV_S, s_illegal_then_ecall
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL      /* medeleg[9] clear: S ecall goes to M */
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 1
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_ILLEGAL_INSTRUCTION
    S_FIELD a4, S_REC_TVAL
    ASSERT_EQ a4, 0x0000000b
    S_FIELD a4, S_REC_STATUS
    andi a4, a4, MSTATUS_SPP
    ASSERT_EQ a4, MSTATUS_SPP

    /* case 6: with medeleg[9] set, S ecall traps to S itself */
    CASE 6
    li t0, 1 << CAUSE_SUPERVISOR_ECALL
    csrs medeleg, t0
    S_RECORD_CLEAR
    CALL_IN_MODE PRV_S, s_ecall_then_ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_SUPERVISOR_ECALL
    csrw medeleg, zero

    /* case 7: a delegated supervisor software interrupt is taken in S with scause 0x8000000000000001 */
    CASE 7
    S_RECORD_CLEAR
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0                     /* SSIE */
    csrsi mip, MIP_SSIP              /* pending before S runs */
    CALL_IN_MODE PRV_S, s_enable_sie_then_ecall
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 1
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_INTERRUPT | IRQ_S_SOFT
    S_FIELD a4, S_REC_STATUS
    andi a4, a4, MSTATUS_SPIE
    ASSERT_EQ a4, MSTATUS_SPIE       /* SPIE = SIE at the time (1) */

    /* case 8: in M-mode a pending delegated interrupt is not taken, even with mstatus.MIE = 1 */
    CASE 8
    S_RECORD_CLEAR
    csrsi mip, MIP_SSIP
    TRAP_ARM
    csrsi mstatus, MSTATUS_MIE
    nop
    nop
    csrci mstatus, MSTATUS_MIE
    TRAP_DISARM
    ASSERT_NO_TRAP
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 0

    /* case 9: ...but in U-mode it is taken by S at once, whatever sstatus.SIE is */
    CASE 9
    csrci sstatus, MSTATUS_SIE
    CALL_IN_MODE PRV_U, u_ecall_only
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    S_FIELD a4, S_REC_COUNT
    ASSERT_EQ a4, 1
    S_FIELD a4, S_REC_CAUSE
    ASSERT_EQ a4, CAUSE_INTERRUPT | IRQ_S_SOFT
    csrw mideleg, zero
    csrw mie, zero
    j done

u_ecall_then_ebreak:
u_ecall:
    ecall
    ebreak
    j fail

s_illegal_then_ecall:
    .word 0x0000000b
    ecall
    j fail

s_ecall_then_ebreak:
    ecall
    ebreak
    j fail

s_enable_sie_then_ecall:
    csrsi sstatus, MSTATUS_SIE
    nop
    csrci sstatus, MSTATUS_SIE
    ecall
    j fail

u_ecall_only:
    nop
    ecall
    j fail

    S_TRAP_HANDLER

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    S_TRAP_RECORD
RVJ_DATA_END
