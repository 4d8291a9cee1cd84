/* ebreak: breakpoint exception (cause 3) with mepc at the ebreak, from M and U mode. The spec lets mtval be
   0 or the ebreak's address (QEMU 7.2 writes 0); either is accepted. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: ebreak in M-mode */
    CASE 2
    TRAP_ARM
m_ebreak:
    ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, m_ebreak
    bne t5, t1, fail
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    beqz t5, 1f
    bne t5, t1, fail                 /* nonzero mtval must be the pc */
1:

    /* case 3: ebreak in U-mode goes to M (not delegated), cause 3, MPP = U */
    CASE 3
    CALL_IN_MODE PRV_U, user_code
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, u_ebreak
    bne t5, t1, fail

    /* case 4: execution continues after a skipped ebreak with registers intact */
    CASE 4
    li a1, 0x1234
    TRAP_ARM
    ebreak
    addi a1, a1, 1
    TRAP_DISARM
    ASSERT_EQ a1, 0x1235
    j done

user_code:
u_ebreak:
    ebreak
    j fail

done:
RVJ_TEST_END
