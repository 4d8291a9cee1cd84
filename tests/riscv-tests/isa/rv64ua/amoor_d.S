/* amoor.d: atomically rd = M[rs1]; M[rs1] = or(M[rs1], rs2). Doubleword form. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_AMO 2, amoor.d, 0x0000000000000005, 0x0000000000000007, 0x0000000000000005, 0x0000000000000003, 0   /* small positives */
    TEST_AMO 3, amoor.d, 0x8000000000000000, 0x8000000000000001, 0x8000000000000000, 0x0000000000000001, 0   /* INT64_MIN in memory */
    TEST_AMO 4, amoor.d, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0   /* INT64_MAX vs INT64_MIN */
    TEST_AMO 5, amoor.d, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001, 0   /* -1 in memory */
    TEST_AMO 6, amoor.d, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001, 0xffffffffffffffff, 0   /* -1 as operand */
    TEST_AMO 7, amoor.d, 0xfffffffffffffff0, 0xfffffffffffffffe, 0xfffffffffffffff0, 0xfffffffffffffffe, 0   /* two negatives */
    TEST_AMO 8, amoor.d, 0x00000000ffffffff, 0x00000001ffffffff, 0x00000000ffffffff, 0x0000000100000000, 0   /* values differing across bit 32 */

    TEST_AMO 9, amoor.d.aq, 0x0000000000000007, 0xffffffffffffffff, 0x0000000000000007, 0xfffffffffffffffd, 0 /* ordering bits .aq do not change the result */
    TEST_AMO 10, amoor.d.rl, 0x0000000000000007, 0xffffffffffffffff, 0x0000000000000007, 0xfffffffffffffffd, 0 /* ordering bits .rl do not change the result */
    TEST_AMO 11, amoor.d.aqrl, 0x0000000000000007, 0xffffffffffffffff, 0x0000000000000007, 0xfffffffffffffffd, 0 /* ordering bits .aqrl do not change the result */

    /* case 12: rd is rs2: rd gets the old value, memory the combined one */
    CASE 12
    la a1, amo_buf
    li a3, 0x0000000000000007
    sd a3, 0(a1)
    li a2, 0xfffffffffffffffd
    amoor.d a2, a2, (a1)
    ASSERT_EQ a2, 0x0000000000000007
    ld a5, 0(a1)
    ASSERT_EQ a5, 0xffffffffffffffff

    /* case 13: rd is x0: the memory operation still happens */
    CASE 13
    la a1, amo_buf
    li a3, 0x0000000000000007
    sd a3, 0(a1)
    li a2, 0xfffffffffffffffd
    amoor.d x0, a2, (a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0
    ld a5, 0(a1)
    ASSERT_EQ a5, 0xffffffffffffffff

    /* case 14: x0 as the source operand */
    CASE 14
    la a1, amo_buf
    li a3, 0x0000000000000007
    sd a3, 0(a1)
    amoor.d a4, x0, (a1)
    ASSERT_EQ a4, 0x0000000000000007
    ld a5, 0(a1)
    ASSERT_EQ a5, 0x0000000000000007

    /* case 15: applied repeatedly in a loop, each iteration sees the previous result */
    CASE 15
    la a1, amo_buf
    li a3, 0x0000000000000007
    sd a3, 0(a1)
    li a2, 0xfffffffffffffffd
    li t4, 3
1:  amoor.d a4, a2, (a1)
    addi t4, t4, -1
    bnez t4, 1b
    ld a5, 0(a1)

    ASSERT_EQ a4, 0xffffffffffffffff
    ASSERT_EQ a5, 0xffffffffffffffff
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
amo_buf: .dword 0
RVJ_DATA_END
