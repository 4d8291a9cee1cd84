/* rem: signed remainder, sign of the dividend; x%0 = x; INT64_MIN%-1 = 0. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006   /* 20 % 6 = 2 */
    TEST_RR   3, rem, 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006   /* -20 % 6 = -2 */
    TEST_RR   4, rem, 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa   /* 20 % -6 = 2 */
    TEST_RR   5, rem, 0xfffffffffffffffe, 0xffffffffffffffec, 0xfffffffffffffffa   /* -20 % -6 = -2 */
    TEST_RR   6, rem, 0x0000000000000000, 0x8000000000000000, 0x0000000000000001   /* INT64_MIN % 1 = 0 */
    TEST_RR   7, rem, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff   /* INT64_MIN % -1 = 0 (overflow case) */
    TEST_RR   8, rem, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000   /* remainder by zero is the dividend */
    TEST_RR   9, rem, 0x0000000000000001, 0x0000000000000001, 0x0000000000000000   /* remainder by zero is the dividend */
    TEST_RR  10, rem, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000   /* 0 % 0 = 0 */
    TEST_RR  11, rem, 0x0000000000000001, 0x0000000000000001, 0x8000000000000000   /* 1 % INT64_MIN = 1 */
    TEST_RR  12, rem, 0xfffffffffffffffe, 0x8000000000000000, 0x0000000000000003   /* INT64_MIN % 3 = -2 */

    TEST_RR_RD_IS_RS1 13, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 15, rem, 0x0000000000000000, 0x0000000000000014               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, rem, 0x0000000000000000, 0x0000000000000006                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, rem, 0x0000000000000014, 0x0000000000000014                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, rem, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 19, rem, 0x0000000000000014, 0x0000000000000006                  /* result written to x0 is discarded */
    TEST_RR_LOOP 20, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
