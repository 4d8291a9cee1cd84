/* wfi: in M-mode it returns once an interrupt enabled in mie is pending, even with mstatus.MIE = 0 (no trap
   is taken then), and returns at once if one is already pending. With mstatus.TW = 1, wfi in S-mode is an
   illegal instruction (the spec allows a bounded wait first; QEMU and rvjit trap at once). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    TRAP_ARM                         /* counts traps: none expected until case 4 */

    /* case 2: wfi wakes on a pending, mie-enabled timer with mstatus.MIE = 0, no trap */
    CASE 2
    csrci mstatus, MSTATUS_MIE
    li t0, MIP_MTIP
    csrs mie, t0
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, 500
    li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
    li t4, 100000
1:  wfi
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    bnez a4, 2f
    addi t4, t4, -1                  /* wfi may return early: wait again, boundedly */
    bnez t4, 1b
    j fail
2:  ASSERT_NO_TRAP

    /* case 3: with the interrupt already pending, wfi returns immediately */
    CASE 3
    wfi
    wfi
    ASSERT_NO_TRAP
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    csrw mie, zero

    /* case 4: TW = 1 makes wfi in S-mode illegal */
    CASE 4
    li t0, MSTATUS_TW
    csrs mstatus, t0
    CALL_IN_MODE PRV_S, super_wfi
    TRAP_DISARM
    li t0, MSTATUS_TW
    csrc mstatus, t0
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_S
    j done

super_wfi:
    wfi
    j fail

done:
RVJ_TEST_END
