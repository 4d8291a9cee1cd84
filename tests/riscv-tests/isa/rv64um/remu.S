/* remu: unsigned remainder; x%0 = x. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006  /* 20 % 6 = 2 */
    TEST_RR   3, remu, 0x0000000000000002, 0xffffffffffffffec, 0x0000000000000006  /* (2^64-20) % 6 */
    TEST_RR   4, remu, 0x0000000000000014, 0x0000000000000014, 0xfffffffffffffffa  /* huge divisor: remainder is the dividend */
    TEST_RR   5, remu, 0xffffffffffffffec, 0xffffffffffffffec, 0xfffffffffffffffa  /* both huge */
    TEST_RR   6, remu, 0x0000000000000000, 0x8000000000000000, 0x0000000000000001  /* % 1 = 0 */
    TEST_RR   7, remu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff  /* 2^63 % (2^64-1) = 2^63 */
    TEST_RR   8, remu, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000  /* remainder by zero is the dividend */
    TEST_RR   9, remu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* 0 % 0 = 0 */
    TEST_RR  10, remu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000003  /* (2^64-1) % 3 = 0 */

    TEST_RR_RD_IS_RS1 11, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 12, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 13, remu, 0x0000000000000000, 0x0000000000000014              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 14, remu, 0x0000000000000000, 0x0000000000000006                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 15, remu, 0x0000000000000014, 0x0000000000000014                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 16, remu, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 17, remu, 0x0000000000000014, 0x0000000000000006                 /* result written to x0 is discarded */
    TEST_RR_LOOP 18, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 19, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 20, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 21, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 22, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
