/* sret: pc = sepc, privilege = SPP, SIE = SPIE, SPIE = 1, SPP = U. sret is illegal in U-mode and, with
   mstatus.TSR = 1, in S-mode; M-mode may execute it. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: S-mode sret to S with SPIE = 1, SIE = 0: SIE becomes 1, SPIE stays 1, SPP becomes U */
    CASE 2
    CALL_IN_MODE PRV_S, s_sret_to_s
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    andi a4, a0, MSTATUS_SIE
    ASSERT_EQ a4, MSTATUS_SIE
    andi a4, a0, MSTATUS_SPIE
    ASSERT_EQ a4, MSTATUS_SPIE
    andi a4, a0, MSTATUS_SPP
    ASSERT_EQ a4, 0

    /* case 3: sret with SPIE = 0: SIE becomes 0, SPIE becomes 1 */
    CASE 3
    CALL_IN_MODE PRV_S, s_sret_spie0
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    andi a4, a0, MSTATUS_SIE
    ASSERT_EQ a4, 0
    andi a4, a0, MSTATUS_SPIE
    ASSERT_EQ a4, MSTATUS_SPIE

    /* case 4: sret from S to U (SPP = 0) lowers the privilege: an S CSR read then traps from U */
    CASE 4
    CALL_IN_MODE PRV_S, s_sret_to_u
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U
    ASSERT_EQ a0, 0x33

    /* case 5: M-mode may execute sret: SPP = S enters S at sepc */
    CASE 5
    TRAP_ARM
    la t0, rvj_trap_record
    la t1, 1f
    sd t1, RVJ_TRAP_RESUME(t0)
    li t0, MSTATUS_SPP
    csrs mstatus, t0
    la t0, s_ecall
    csrw sepc, t0
    sret
1:  TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL

    /* case 6: sret in U-mode is illegal */
    CASE 6
    CALL_IN_MODE PRV_U, u_sret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U

    /* case 7: TSR = 1 makes sret illegal in S-mode */
    CASE 7
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    CALL_IN_MODE PRV_S, s_sret_to_s
    TRAP_DISARM
    li t0, MSTATUS_TSR
    csrc mstatus, t0
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_S
    j done

s_sret_to_s:                         /* sret to the next label in S, report sstatus in a0 */
    li t0, MSTATUS_SPP | MSTATUS_SPIE
    csrs sstatus, t0
    csrci sstatus, MSTATUS_SIE
    la t0, 1f
    csrw sepc, t0
    sret
    j fail
1:  csrr a0, sstatus
    csrci sstatus, MSTATUS_SIE
    ecall

s_sret_spie0:
    li t0, MSTATUS_SPP
    csrs sstatus, t0
    li t0, MSTATUS_SPIE
    csrc sstatus, t0
    csrsi sstatus, MSTATUS_SIE
    la t0, 1f
    csrw sepc, t0
    sret
    j fail
1:  csrr a0, sstatus
    ecall

s_sret_to_u:
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
    j fail
1:  li a0, 0x33
    csrr a1, sscratch                /* illegal in U */
    j fail

s_ecall:
    ecall
    j fail

u_sret:
    sret
    j fail

done:
RVJ_TEST_END
