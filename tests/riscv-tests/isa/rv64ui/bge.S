/* bge: branch if rs1 >= rs2, signed. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_BR_TAKEN 2, bge, 0x0000000000000000, 0x0000000000000000           /* zero and zero: taken */
    TEST_BR_TAKEN 3, bge, 0x0000000000000001, 0x0000000000000001           /* equal small: taken */
    TEST_BR_TAKEN 4, bge, 0xffffffffffffffff, 0xffffffffffffffff           /* equal -1: taken */
    TEST_BR_NOT_TAKEN 5, bge, 0x0000000000000000, 0x0000000000000001       /* 0 vs 1: not taken */
    TEST_BR_TAKEN 6, bge, 0x0000000000000001, 0x0000000000000000           /* 1 vs 0: taken */
    TEST_BR_NOT_TAKEN 7, bge, 0xffffffffffffffff, 0x0000000000000001       /* -1 vs 1 (huge unsigned): not taken */
    TEST_BR_TAKEN 8, bge, 0x0000000000000001, 0xffffffffffffffff           /* 1 vs -1: taken */
    TEST_BR_NOT_TAKEN 9, bge, 0x8000000000000000, 0x7fffffffffffffff       /* INT64_MIN vs INT64_MAX: not taken */
    TEST_BR_TAKEN 10, bge, 0x7fffffffffffffff, 0x8000000000000000          /* INT64_MAX vs INT64_MIN: taken */
    TEST_BR_TAKEN 11, bge, 0x0000000100000000, 0x0000000000000000          /* differ only above bit 31: taken */
    TEST_BR_TAKEN 12, bge, 0x00000000ffffffff, 0xffffffffffffffff          /* equal low words, differ above: taken */
    TEST_BR_TAKEN 13, bge, 0x0000000080000000, 0x000000007fffffff          /* bit 31 is not a sign bit here: taken */
    TEST_BR_TAKEN 14, bge, 0xffffffffffffffff, 0xfffffffffffffffe          /* -1 vs -2: taken */

    /* case 15: x0 as both operands (taken) */
    CASE 15
    li t1, 0
    bge x0, x0, 1f
    j 2f
1:  li t1, 1
2:  ASSERT_EQ t1, 1

    /* case 16: x0 as rs2 against 5 (taken) */
    CASE 16
    li a1, 5
    li t1, 0
    bge a1, x0, 1f
    j 2f
1:  li t1, 1
2:  ASSERT_EQ t1, 1

    /* case 17: loop back-edge: a counted loop built on bge runs the expected number of times */
    CASE 17
    li a1, 0                         /* iterations */
    li a2, 7                         /* counter */
1:  addi a1, a1, 1
    addi a2, a2, -1
    addi t1, a2, -1
    bge t1, x0, 1b
    ASSERT_EQ a1, 7

    /* case 18: the instructions after a taken branch are not executed */
    CASE 18
    li a1, 0
    li a2, 0
    bge a2, x0, 1f
    addi a1, a1, 1
    addi a1, a1, 1
1:  ASSERT_EQ a1, 0
RVJ_TEST_END
