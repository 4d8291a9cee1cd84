/* divu: unsigned division; x/0 = 2^64-1. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006  /* 20 / 6 = 3 */
    TEST_RR   3, divu, 0x2aaaaaaaaaaaaaa7, 0xffffffffffffffec, 0x0000000000000006  /* (2^64-20) / 6 */
    TEST_RR   4, divu, 0x0000000000000000, 0x0000000000000014, 0xfffffffffffffffa  /* huge divisor gives 0 */
    TEST_RR   5, divu, 0x0000000000000000, 0xffffffffffffffec, 0xfffffffffffffffa  /* both huge */
    TEST_RR   6, divu, 0x8000000000000000, 0x8000000000000000, 0x0000000000000001  /* 2^63 / 1 */
    TEST_RR   7, divu, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff  /* 2^63 / (2^64-1) = 0 */
    TEST_RR   8, divu, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff  /* equal: 1 */
    TEST_RR   9, divu, 0xffffffffffffffff, 0x8000000000000000, 0x0000000000000000  /* division by zero gives all ones */
    TEST_RR  10, divu, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000  /* 0 / 0 gives all ones */
    TEST_RR  11, divu, 0x5555555555555555, 0xffffffffffffffff, 0x0000000000000003  /* (2^64-1) / 3 */

    TEST_RR_RD_IS_RS1 12, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 13, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 14, divu, 0x0000000000000001, 0x0000000000000014              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 15, divu, 0x0000000000000000, 0x0000000000000006                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 16, divu, 0xffffffffffffffff, 0x0000000000000014                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 17, divu, 0xffffffffffffffff                                   /* x0 as both sources */
    TEST_RR_X0_RD 18, divu, 0x0000000000000014, 0x0000000000000006                 /* result written to x0 is discarded */
    TEST_RR_LOOP 19, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 20, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 21, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 22, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 23, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
