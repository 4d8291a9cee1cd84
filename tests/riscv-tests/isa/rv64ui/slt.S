/* slt: set if rs1 < rs2 as signed 64-bit integers. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, slt, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000   /* equal: 0 */
    TEST_RR   3, slt, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001   /* equal: 0 */
    TEST_RR   4, slt, 0x0000000000000001, 0x0000000000000003, 0x0000000000000007   /* less: 1 */
    TEST_RR   5, slt, 0x0000000000000000, 0x0000000000000007, 0x0000000000000003   /* greater: 0 */
    TEST_RR   6, slt, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001   /* -1 < 1 signed */
    TEST_RR   7, slt, 0x0000000000000000, 0x0000000000000001, 0xffffffffffffffff   /* 1 > -1 signed */
    TEST_RR   8, slt, 0x0000000000000001, 0x8000000000000000, 0x7fffffffffffffff   /* INT64_MIN < INT64_MAX */
    TEST_RR   9, slt, 0x0000000000000000, 0x7fffffffffffffff, 0x8000000000000000   /* INT64_MAX > INT64_MIN */
    TEST_RR  10, slt, 0x0000000000000001, 0x8000000000000000, 0x0000000000000000   /* INT64_MIN < 0 */
    TEST_RR  11, slt, 0x0000000000000000, 0x0000000000000000, 0x8000000000000000   /* 0 > INT64_MIN */
    TEST_RR  12, slt, 0x0000000000000001, 0x000000007fffffff, 0x0000000080000000   /* compares all 64 bits (0x80000000 is positive) */
    TEST_RR  13, slt, 0x0000000000000001, 0xffffffff80000000, 0x000000007fffffff   /* negative upper half is less */
    TEST_RR  14, slt, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff   /* -1 == -1 */
    TEST_RR  15, slt, 0x0000000000000001, 0xfffffffffffffffe, 0xffffffffffffffff   /* -2 < -1 */

    TEST_RR_RD_IS_RS1 16, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d /* rd is rs1 */
    TEST_RR_RD_IS_RS2 17, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d /* rd is rs2 */
    TEST_RR_ALL_SAME 18, slt, 0x0000000000000000, 0x000000000000000b               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 19, slt, 0x0000000000000001, 0x000000000000000d                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 20, slt, 0x0000000000000000, 0x000000000000000b                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 21, slt, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 22, slt, 0x000000000000000b, 0x000000000000000d                  /* result written to x0 is discarded */
    TEST_RR_LOOP 23, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 24, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 25, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 26, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 27, slt, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
