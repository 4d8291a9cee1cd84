/* Zicntr/Zihpm as on QEMU 7.2's default cpu (pmu-num 16): mhpmcounter3..18 hold what is written and are
   shadowed by hpmcounter3..18; mhpmcounter19..31 and hpmcounter19..31 are illegal; mhpmevent3..31 are
   storage. Lower modes reach hpmcounterN through bit N of mcounteren (and scounteren from U-mode), and the
   time CSR through TM. mconfigptr reads zero and is read-only. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: mhpmcounter3 and 18 keep a written value; hpmcounter3 reads it in M-mode */
    CASE 2
    li a1, 0x123456789
    csrw mhpmcounter3, a1
    csrr a4, mhpmcounter3
    ASSERT_EQ a4, 0x123456789
    csrr a4, hpmcounter3
    ASSERT_EQ a4, 0x123456789
    li a1, 77
    csrw mhpmcounter18, a1
    csrr a4, mhpmcounter18
    ASSERT_EQ a4, 77

    /* case 3: counters 19..31 do not exist */
    TEST_TRAP 3, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, mhpmcounter19
    TEST_TRAP 4, CAUSE_ILLEGAL_INSTRUCTION, csrw mhpmcounter31, a1
    TEST_TRAP 5, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, hpmcounter19

    /* case 6: every mhpmevent is storage */
    CASE 6
    li a1, 0x55
    csrw mhpmevent3, a1
    csrw mhpmevent31, a1
    csrr a4, mhpmevent3
    ASSERT_EQ a4, 0x55
    csrr a4, mhpmevent31
    ASSERT_EQ a4, 0x55
    csrw mhpmevent3, zero
    csrw mhpmevent31, zero

    /* case 7: hpmcounter4 from S-mode needs mcounteren bit 4 */
    CASE 7
    li a1, 0x444
    csrw mhpmcounter4, a1
    csrw mcounteren, zero
    CALL_IN_MODE PRV_S, read_hpm4
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    csrwi mcounteren, 0x10
    CALL_IN_MODE PRV_S, read_hpm4
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    ASSERT_EQ a4, 0x444

    /* case 8: from U-mode it also needs scounteren bit 4 */
    CASE 8
    csrw scounteren, zero
    CALL_IN_MODE PRV_U, read_hpm4
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    csrwi scounteren, 0x10
    CALL_IN_MODE PRV_U, read_hpm4
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    ASSERT_EQ a4, 0x444

    /* case 9: mconfigptr reads 0; writing it is illegal */
    CASE 9
    li a4, 1
    csrr a4, mconfigptr
    ASSERT_EQ a4, 0
    TEST_TRAP 10, CAUSE_ILLEGAL_INSTRUCTION, csrw mconfigptr, a1


    /* case 11: rdtime from S-mode needs mcounteren.TM, from U-mode scounteren.TM too (last: QEMU
       7.2's spike machine has no time source, so rdtime is illegal there even in M-mode) */
    CASE 11
    csrw mcounteren, zero
    csrw scounteren, zero
    CALL_IN_MODE PRV_S, read_time
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    csrwi mcounteren, COUNTEREN_TM
    CALL_IN_MODE PRV_S, read_time
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    CALL_IN_MODE PRV_U, read_time
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    csrwi scounteren, COUNTEREN_TM
    CALL_IN_MODE PRV_U, read_time
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL

    csrw mcounteren, zero
    csrw scounteren, zero
    j done

read_hpm4:
    li a4, 0
    csrr a4, hpmcounter4
    ecall
read_time:
    rdtime a4
    ecall

done:
RVJ_TEST_END
