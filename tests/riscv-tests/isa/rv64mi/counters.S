/* Counters: mcycle and minstret advance and are writable; cycle/instret shadow them; mcounteren gates
   lower-mode access (U-mode also needs scounteren). QEMU 7.2 without -icount does not count retired
   instructions exactly, so only monotonic growth is checked. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: mcycle advances across a loop */
    CASE 2
    csrr a1, mcycle
    li t4, 1000
1:  addi t4, t4, -1
    bnez t4, 1b
    csrr a2, mcycle
    bleu a2, a1, fail

    /* case 3: minstret advances across a loop */
    CASE 3
    csrr a1, minstret
    li t4, 1000
1:  addi t4, t4, -1
    bnez t4, 1b
    csrr a2, minstret
    bleu a2, a1, fail

    /* case 4: mcycle is writable: it continues from the written value */
    CASE 4
    li a1, 0x0000010000000000
    csrw mcycle, a1
    csrr a2, mcycle
    bltu a2, a1, fail
    li t1, 0x0000010100000000
    bgeu a2, t1, fail

    /* case 5: minstret is writable too */
    CASE 5
    li a1, 0x0000020000000000
    csrw minstret, a1
    csrr a2, minstret
    bltu a2, a1, fail
    li t1, 0x0000020100000000
    bgeu a2, t1, fail

    /* case 6: cycle and instret read the same counters */
    CASE 6
    csrr a1, mcycle
    rdcycle a2
    bltu a2, a1, fail
    csrr a1, minstret
    rdinstret a2
    bltu a2, a1, fail

    /* case 7: with mcounteren = 0, rdcycle in U-mode is illegal */
    CASE 7
    csrw mcounteren, zero
    csrw scounteren, zero
    CALL_IN_MODE PRV_U, user_rdcycle
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U

    /* case 8: with mcounteren.CY and scounteren.CY set, rdcycle works in U-mode */
    CASE 8
    csrwi mcounteren, 1
    csrwi scounteren, 1
    CALL_IN_MODE PRV_U, user_rdcycle
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    beqz a0, fail                    /* the user read a nonzero cycle count */

    /* case 9: mcounteren.IR gates rdinstret in S-mode (scounteren does not matter there) */
    CASE 9
    csrwi mcounteren, 1              /* CY only */
    csrwi scounteren, 7
    CALL_IN_MODE PRV_S, super_rdinstret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    csrwi mcounteren, 4              /* IR */
    csrwi scounteren, 0
    CALL_IN_MODE PRV_S, super_rdinstret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    j done

user_rdcycle:
    li a0, 0
    rdcycle a0
    ecall
super_rdinstret:
    rdinstret a0
    ecall

done:
RVJ_TEST_END
