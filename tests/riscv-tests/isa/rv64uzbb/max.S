/* max: signed maximum. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, max, 0x0000000000000002, 0x0000000000000001, 0x0000000000000002   /* small */
    TEST_RR   3, max, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001   /* -1 vs 1 */
    TEST_RR   4, max, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff   /* extremes */
    TEST_RR   5, max, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000   /* equal */
    TEST_RR   6, max, 0x00000000ffffffff, 0x00000000ffffffff, 0xffffffff80000000   /* compares all 64 bits */
    TEST_RR   7, max, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe   /* -1 vs -2 */

    TEST_RR_RD_IS_RS1 8, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 9, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9 /* rd is rs2 */
    TEST_RR_ALL_SAME 10, max, 0x0000000000000005, 0x0000000000000005               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 11, max, 0x0000000000000000, 0xfffffffffffffff9                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 12, max, 0x0000000000000005, 0x0000000000000005                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 13, max, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 14, max, 0x0000000000000005, 0xfffffffffffffff9                  /* result written to x0 is discarded */
    TEST_RR_LOOP 15, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 16, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 17, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 18, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 19, max, 0x0000000000000005, 0x0000000000000005, 0xfffffffffffffff9, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
