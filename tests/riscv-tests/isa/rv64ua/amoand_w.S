/* amoand.w: atomically rd = M[rs1]; M[rs1] = and(M[rs1], rs2).
   Word form: operates on 32 bits, rd is the old word sign-extended. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_AMO 2, amoand.w, 0x0000000000000005, 0x5a5a5a5a00000001, 0x5a5a5a5a00000005, 0x0000000000000003, 0  /* small positives, low word; other word untouched */
    TEST_AMO 3, amoand.w, 0xffffffff80000000, 0x5a5a5a5a00000000, 0x5a5a5a5a80000000, 0x0000000000000001, 0  /* INT32_MIN in memory, low word; other word untouched */
    TEST_AMO 4, amoand.w, 0x000000007fffffff, 0x5a5a5a5a00000000, 0x5a5a5a5a7fffffff, 0x0000000080000000, 0  /* INT32_MAX vs INT32_MIN, low word; other word untouched */
    TEST_AMO 5, amoand.w, 0xffffffffffffffff, 0x5a5a5a5a00000001, 0x5a5a5a5affffffff, 0x0000000000000001, 0  /* -1 in memory (old value sign-extends), low word; other word untouched */
    TEST_AMO 6, amoand.w, 0x0000000000000001, 0x5a5a5a5a00000001, 0x5a5a5a5a00000001, 0x00000000ffffffff, 0  /* -1 as operand, low word; other word untouched */
    TEST_AMO 7, amoand.w, 0xfffffffffffffff0, 0x5a5a5a5afffffff0, 0x5a5a5a5afffffff0, 0x00000000fffffffe, 0  /* two negatives, low word; other word untouched */
    TEST_AMO 8, amoand.w, 0x0000000012345678, 0x5a5a5a5a02244220, 0x5a5a5a5a12345678, 0xabcdef0087654321, 0  /* upper half of rs2 ignored, low word; other word untouched */
    TEST_AMO 9, amoand.w, 0x0000000000000005, 0x000000015a5a5a5a, 0x000000055a5a5a5a, 0x0000000000000003, 4  /* small positives, high word; other word untouched */
    TEST_AMO 10, amoand.w, 0xffffffff80000000, 0x000000005a5a5a5a, 0x800000005a5a5a5a, 0x0000000000000001, 4 /* INT32_MIN in memory, high word; other word untouched */
    TEST_AMO 11, amoand.w, 0x000000007fffffff, 0x000000005a5a5a5a, 0x7fffffff5a5a5a5a, 0x0000000080000000, 4 /* INT32_MAX vs INT32_MIN, high word; other word untouched */
    TEST_AMO 12, amoand.w, 0xffffffffffffffff, 0x000000015a5a5a5a, 0xffffffff5a5a5a5a, 0x0000000000000001, 4 /* -1 in memory (old value sign-extends), high word; other word untouched */
    TEST_AMO 13, amoand.w, 0x0000000000000001, 0x000000015a5a5a5a, 0x000000015a5a5a5a, 0x00000000ffffffff, 4 /* -1 as operand, high word; other word untouched */
    TEST_AMO 14, amoand.w, 0xfffffffffffffff0, 0xfffffff05a5a5a5a, 0xfffffff05a5a5a5a, 0x00000000fffffffe, 4 /* two negatives, high word; other word untouched */
    TEST_AMO 15, amoand.w, 0x0000000012345678, 0x022442205a5a5a5a, 0x123456785a5a5a5a, 0xabcdef0087654321, 4 /* upper half of rs2 ignored, high word; other word untouched */

    TEST_AMO 16, amoand.w.aq, 0x0000000000000007, 0x5a5a5a5a00000005, 0x5a5a5a5a00000007, 0x00000000fffffffd, 0 /* ordering bits .aq do not change the result */
    TEST_AMO 17, amoand.w.rl, 0x0000000000000007, 0x5a5a5a5a00000005, 0x5a5a5a5a00000007, 0x00000000fffffffd, 0 /* ordering bits .rl do not change the result */
    TEST_AMO 18, amoand.w.aqrl, 0x0000000000000007, 0x5a5a5a5a00000005, 0x5a5a5a5a00000007, 0x00000000fffffffd, 0 /* ordering bits .aqrl do not change the result */

    /* case 19: rd is rs2: rd gets the old value, memory the combined one */
    CASE 19
    la a1, amo_buf
    li a3, 0x5a5a5a5a00000007
    sd a3, 0(a1)
    li a2, 0x00000000fffffffd
    amoand.w a2, a2, (a1)
    ASSERT_EQ a2, 0x0000000000000007
    ld a5, 0(a1)
    ASSERT_EQ a5, 0x5a5a5a5a00000005

    /* case 20: rd is x0: the memory operation still happens */
    CASE 20
    la a1, amo_buf
    li a3, 0x5a5a5a5a00000007
    sd a3, 0(a1)
    li a2, 0x00000000fffffffd
    amoand.w x0, a2, (a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0
    ld a5, 0(a1)
    ASSERT_EQ a5, 0x5a5a5a5a00000005

    /* case 21: x0 as the source operand */
    CASE 21
    la a1, amo_buf
    li a3, 0x5a5a5a5a00000007
    sd a3, 0(a1)
    amoand.w a4, x0, (a1)
    ASSERT_EQ a4, 0x0000000000000007
    ld a5, 0(a1)
    ASSERT_EQ a5, 0x5a5a5a5a00000000

    /* case 22: applied repeatedly in a loop, each iteration sees the previous result */
    CASE 22
    la a1, amo_buf
    li a3, 0x5a5a5a5a00000007
    sd a3, 0(a1)
    li a2, 0x00000000fffffffd
    li t4, 3
1:  amoand.w a4, a2, (a1)
    addi t4, t4, -1
    bnez t4, 1b
    ld a5, 0(a1)

    ASSERT_EQ a4, 0x0000000000000005
    ASSERT_EQ a5, 0x5a5a5a5a00000005
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
amo_buf: .dword 0
RVJ_DATA_END
