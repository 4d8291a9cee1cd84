/* remuw: unsigned 32-bit remainder. Operands are the low 32 bits; the 32-bit result is sign-extended to */
/* 64. x%0 = x. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* 20 % 6 */
    TEST_RR   3, remuw, 0x0000000000000002, 0xffffffffffffffec, 0x0000000000000006 /* 0xffffffec % 6 */
    TEST_RR   4, remuw, 0x0000000000000014, 0x0000000000000014, 0xfffffffffffffffa /* huge divisor: remainder is the dividend */
    TEST_RR   5, remuw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000000 /* remainder by zero: dividend sign-extended from bit 31 */
    TEST_RR   6, remuw, 0xfffffffffffffff0, 0xfffffffffffffff0, 0x0000000000000000 /* remainder by zero: -16 stays -16 */
    TEST_RR   7, remuw, 0x0000000000000001, 0x0000000080000001, 0x0000000080000000 /* result 1 */
    TEST_RR   8, remuw, 0x000000007fffffff, 0x00000000ffffffff, 0x0000000080000000 /* result 0x7fffffff */
    TEST_RR   9, remuw, 0x0000000000000002, 0xabcdef0000000014, 0x0000000000000006 /* upper half ignored */

    TEST_RR_RD_IS_RS1 10, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 12, remuw, 0x0000000000000000, 0x0000000000000014             /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, remuw, 0x0000000000000000, 0x0000000000000006               /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, remuw, 0x0000000000000014, 0x0000000000000014               /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, remuw, 0x0000000000000000                                  /* x0 as both sources */
    TEST_RR_X0_RD 16, remuw, 0x0000000000000014, 0x0000000000000006                /* result written to x0 is discarded */
    TEST_RR_LOOP 17, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
