/* ecall: environment call from M (cause 11), S (cause 9) and U (cause 8) mode; mepc is the ecall itself,
   mtval is 0, and mstatus.MPP records the mode the call came from. Lower modes are entered with mret. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: ecall in M-mode */
    CASE 2
    TRAP_ARM
    li t1, 0x1234
    csrw mtval, t1
m_ecall:
    ecall
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_MACHINE_ECALL
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, m_ecall
    bne t5, t1, fail
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    ASSERT_EQ t5, 0
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_M

    /* case 3: ecall in U-mode after mret with MPP = U */
    CASE 3
    CALL_IN_MODE PRV_U, user_code
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, u_ecall
    bne t5, t1, fail
    ASSERT_EQ a0, 0x55               /* the user code ran */

    /* case 4: ecall in S-mode after mret with MPP = S */
    CASE 4
    CALL_IN_MODE PRV_S, supervisor_code
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_S
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, s_ecall
    bne t5, t1, fail
    ASSERT_EQ a0, 0x66

    /* case 5: ecall from U with the skip handler continues in U after the ecall; a second ecall comes back */
    CASE 5
    TRAP_ARM
    li t0, MSTATUS_MPP
    csrc mstatus, t0                 /* MPP = U */
    la t0, user_twice
    csrw mepc, t0
    mret
after_user_twice:
    TRAP_DISARM
    TRAP_FIELD t5, RVJ_TRAP_COUNT
    ASSERT_EQ t5, 2
    ASSERT_EQ a0, 2
    j done

user_code:
    li a0, 0x55
u_ecall:
    ecall
    j fail

supervisor_code:
    li a0, 0x66
s_ecall:
    ecall
    j fail

user_twice:
    li a0, 1
    ecall                            /* skipped over, still in U */
    li a0, 2
    la t0, rvj_trap_record           /* the next trap resumes in M */
    la t1, after_user_twice
    sd t1, RVJ_TRAP_RESUME(t0)
    ecall
    j fail

done:
RVJ_TEST_END
