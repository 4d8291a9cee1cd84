/* binv: invert bit rs2[5:0] of rs1. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, binv, 0x0123456789abcdee, 0x0123456789abcdef, 0x0000000000000000  /* bit 0 */
    TEST_RR   3, binv, 0x0123456789abcded, 0x0123456789abcdef, 0x0000000000000001  /* bit 1 */
    TEST_RR   4, binv, 0x0123456709abcdef, 0x0123456789abcdef, 0x000000000000001f  /* bit 31 */
    TEST_RR   5, binv, 0x0123456689abcdef, 0x0123456789abcdef, 0x0000000000000020  /* bit 32 */
    TEST_RR   6, binv, 0x8123456789abcdef, 0x0123456789abcdef, 0x000000000000003f  /* bit 63 */
    TEST_RR   7, binv, 0x7fffffffffffffff, 0xffffffffffffffff, 0x000000000000003f  /* top bit of all ones */
    TEST_RR   8, binv, 0x0000000000000020, 0x0000000000000000, 0x0000000000000005  /* bit 5 of zero */
    TEST_RR   9, binv, 0x0123456789abcdee, 0x0123456789abcdef, 0x0000000000000040  /* index 64 is bit 0 */
    TEST_RR  10, binv, 0x8123456789abcdef, 0x0123456789abcdef, 0xffffffffffffffff  /* index -1 is bit 63 */

    TEST_RR_RD_IS_RS1 11, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 12, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007 /* rd is rs2 */
    TEST_RR_ALL_SAME 13, binv, 0x0123c56789abcdef, 0x0123456789abcdef              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 14, binv, 0x0000000000000080, 0x0000000000000007                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 15, binv, 0x0123456789abcdee, 0x0123456789abcdef                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 16, binv, 0x0000000000000001                                   /* x0 as both sources */
    TEST_RR_X0_RD 17, binv, 0x0123456789abcdef, 0x0000000000000007                 /* result written to x0 is discarded */
    TEST_RR_LOOP 18, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 19, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 20, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 21, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 22, binv, 0x0123456789abcd6f, 0x0123456789abcdef, 0x0000000000000007, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
