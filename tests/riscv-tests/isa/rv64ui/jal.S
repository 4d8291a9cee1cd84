/* jal: jump to pc + offset and write pc + 4 to rd. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: forward jump, link register holds the address after the jal */
    CASE 2
    li ra, 0
j1: jal ra, 1f
    j fail                           /* skipped by the jump */
1:  la t0, addr_j1
    ld t1, 0(t0)
    addi t1, t1, 4
    ASSERT_EQ_REG ra, t1

    /* case 3: jal with a different link register */
    CASE 3
j2: jal a3, 1f
    j fail
1:  la t0, addr_j2
    ld t1, 0(t0)
    addi t1, t1, 4
    ASSERT_EQ_REG a3, t1

    /* case 4: jal x0 (j) writes nothing */
    CASE 4
    jal x0, 1f
    j fail
1:  add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 5: backward jump */
    CASE 5
    li a4, 0
    j 2f
1:  li a4, 7                         /* reached only from the backward jal */
    j 3f
2:  jal x0, 1b
    j fail
3:  ASSERT_EQ a4, 7

    /* case 6: call and return through the link register */
    CASE 6
    li a4, 0
    jal ra, add_five
    jal ra, add_five
    ASSERT_EQ a4, 10

    /* case 7: long forward jump over 64 KiB of illegal (zero) instructions, and back */
    CASE 7
    li a4, 0
    jal ra, far_away
    ASSERT_EQ a4, 0x77

    /* case 8: the jump target's first instruction uses the link register at once */
    CASE 8
j8: jal t1, 1f
1:  addi a4, t1, 0
    la t0, addr_j8
    ld t2, 0(t0)
    addi t2, t2, 4
    ASSERT_EQ_REG a4, t2
    j done

add_five:
    addi a4, a4, 5
    jalr x0, 0(ra)

done:
RVJ_TEST_END

    .text
    .skip 0x10000                    /* zero words: illegal if ever executed */
far_away:
    li a4, 0x77
    ret

RVJ_DATA_BEGIN
    .align 3
addr_j1: .dword j1
addr_j2: .dword j2
addr_j8: .dword j8
RVJ_DATA_END
