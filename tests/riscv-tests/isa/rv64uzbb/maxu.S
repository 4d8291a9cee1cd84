/* maxu: unsigned maximum. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, maxu, 0x0000000000000002, 0x0000000000000001, 0x0000000000000002  /* small */
    TEST_RR   3, maxu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001  /* all ones is the largest */
    TEST_RR   4, maxu, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff  /* 2^63 vs 2^63-1 */
    TEST_RR   5, maxu, 0xffffffffffffffff, 0x0000000000000000, 0xffffffffffffffff  /* zero vs max */
    TEST_RR   6, maxu, 0x0000000100000000, 0x00000000ffffffff, 0x0000000100000000  /* across bit 32 */

    TEST_RR_RD_IS_RS1 7, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 8, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9 /* rd is rs2 */
    TEST_RR_ALL_SAME 9, maxu, 0x0000000000000005, 0x0000000000000005               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 10, maxu, 0xfffffffffffffff9, 0xfffffffffffffff9                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 11, maxu, 0x0000000000000005, 0x0000000000000005                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 12, maxu, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 13, maxu, 0x0000000000000005, 0xfffffffffffffff9                 /* result written to x0 is discarded */
    TEST_RR_LOOP 14, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 15, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 16, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 17, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 18, maxu, 0xfffffffffffffff9, 0x0000000000000005, 0xfffffffffffffff9, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
