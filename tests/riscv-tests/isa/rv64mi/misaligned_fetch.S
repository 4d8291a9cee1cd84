/* Instruction alignment with the C extension: targets only need 2-byte alignment, so jalr/jal/branches to
   an address that is 2 mod 4 execute normally (no instruction-address-misaligned trap), and jalr clears
   bit 0 of the computed target. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TRAP_ARM                         /* no trap may happen */

    /* case 2: jalr to a 2-mod-4 target */
    CASE 2
    li a0, 0
    la a5, target2
    andi t1, a5, 3
    ASSERT_EQ t1, 2
    jalr ra, 0(a5)
    ASSERT_EQ a0, 1

    /* case 3: jalr to target + 1: bit 0 is cleared, still no trap */
    CASE 3
    li a0, 0
    la a5, target2
    addi a5, a5, 1
    jalr ra, 0(a5)
    ASSERT_EQ a0, 1

    /* case 4: jal and a taken branch to a 2-mod-4 target */
    CASE 4
    li a0, 0
    jal ra, target2
    ASSERT_EQ a0, 1
    li a0, 0
    la ra, 1f
    beq x0, x0, target2
1:  ASSERT_EQ a0, 1

    /* case 5: mepc of a trap taken at a 2-mod-4 address keeps bit 1 */
    CASE 5
    la a5, ebreak2
    jalr ra, 0(a5)
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, ebreak2
    bne t5, t1, fail
    TRAP_FIELD t5, RVJ_TRAP_COUNT
    ASSERT_EQ t5, 1
    TRAP_DISARM
    j done

    .balign 4
    .option push
    .option rvc
    c.nop
target2:                             /* 2 mod 4 */
    .option norvc
    li a0, 1
    ret
    .option rvc
    .balign 4
    c.nop
ebreak2:
    .option norvc
    ebreak
    ret
    .option pop

done:
RVJ_TEST_END
