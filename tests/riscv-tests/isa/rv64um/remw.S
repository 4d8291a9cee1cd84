/* remw: signed 32-bit remainder. Operands are the low 32 bits; the 32-bit result is sign-extended to 64. */
/* x%0 = x; INT32_MIN%-1 = 0. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006  /* 20 % 6 */
    TEST_RR   3, remw, 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006  /* -20 % 6 = -2 */
    TEST_RR   4, remw, 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa  /* 20 % -6 = 2 */
    TEST_RR   5, remw, 0xfffffffffffffffe, 0xffffffffffffffec, 0xfffffffffffffffa  /* -20 % -6 = -2 */
    TEST_RR   6, remw, 0x0000000000000000, 0x0000000080000000, 0xffffffffffffffff  /* INT32_MIN % -1 = 0 */
    TEST_RR   7, remw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000000  /* remainder by zero: dividend, sign-extended */
    TEST_RR   8, remw, 0x0000000023456789, 0x0000000123456789, 0x0000000000000000  /* remainder by zero: low word of dividend, sign-extended */
    TEST_RR   9, remw, 0x0000000000000002, 0xffffffff00000014, 0xabcdef0000000006  /* upper halves ignored */

    TEST_RR_RD_IS_RS1 10, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 12, remw, 0x0000000000000000, 0x0000000000000014              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, remw, 0x0000000000000000, 0x0000000000000006                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, remw, 0x0000000000000014, 0x0000000000000014                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, remw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 16, remw, 0x0000000000000014, 0x0000000000000006                 /* result written to x0 is discarded */
    TEST_RR_LOOP 17, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
