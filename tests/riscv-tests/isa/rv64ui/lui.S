/* lui: rd = imm20 << 12, sign-extended from bit 31 to 64 bits. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: zero */
    CASE 2
    lui a4, 0x00000
    ASSERT_EQ a4, 0x0000000000000000

    /* case 3: low 12 bits are cleared */
    CASE 3
    li a4, -1
    lui a4, 0x00001
    ASSERT_EQ a4, 0x0000000000001000

    /* case 4: largest positive value */
    CASE 4
    lui a4, 0x7ffff
    ASSERT_EQ a4, 0x000000007ffff000

    /* case 5: bit 31 set sign-extends into the upper half */
    CASE 5
    lui a4, 0x80000
    ASSERT_EQ a4, 0xffffffff80000000

    /* case 6: all ones immediate is -4096 */
    CASE 6
    lui a4, 0xfffff
    ASSERT_EQ a4, 0xfffffffffffff000

    /* case 7: lui + addi builds a constant whose addi part is negative */
    CASE 7
    lui a4, 0x12345
    addi a4, a4, -0x321
    ASSERT_EQ a4, 0x0000000012344cdf

    /* case 8: lui + addiw builds 0x7fffffff without sign extension surprises */
    CASE 8
    lui a4, 0x80000
    addiw a4, a4, -1
    ASSERT_EQ a4, 0x000000007fffffff

    /* case 9: lui to x0 is discarded */
    CASE 9
    lui x0, 0x80000
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 10: result used at once, twice around a loop */
    CASE 10
    li t4, 0
1:  lui a4, 0xabcde
    srai a5, a4, 12
    ASSERT_EQ a5, 0xfffffffffffabcde
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b
RVJ_TEST_END
