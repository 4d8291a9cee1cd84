/* mulhu: high 64 bits of the unsigned x unsigned 128-bit product. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, mulhu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 /* zero */
    TEST_RR   3, mulhu, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001 /* small */
    TEST_RR   4, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff /* (2^64-1)^2: high half 2^64-2 */
    TEST_RR   5, mulhu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001 /* high half 0 */
    TEST_RR   6, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000 /* 2^63 * 2^63 = 2^126 */
    TEST_RR   7, mulhu, 0x0000000000000001, 0x8000000000000000, 0x0000000000000002 /* 2^64: high half 1 */
    TEST_RR   8, mulhu, 0x0000000000000001, 0x0000000100000000, 0x0000000100000000 /* 2^64 */
    TEST_RR   9, mulhu, 0x0121fa00ad77d742, 0x0123456789abcdef, 0xfedcba9876543210 /* mixed pattern */
    TEST_RR  10, mulhu, 0x0000000000000002, 0xaaaaaaaaaaaaaaab, 0x0000000000000003 /* just over 2^65 */

    TEST_RR_RD_IS_RS1 11, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 12, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050 /* rd is rs2 */
    TEST_RR_ALL_SAME 13, mulhu, 0xe100000000000000, 0xf000000000000000             /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 14, mulhu, 0x0000000000000000, 0x0000000000000050               /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 15, mulhu, 0x0000000000000000, 0xf000000000000000               /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 16, mulhu, 0x0000000000000000                                  /* x0 as both sources */
    TEST_RR_X0_RD 17, mulhu, 0xf000000000000000, 0x0000000000000050                /* result written to x0 is discarded */
    TEST_RR_LOOP 18, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 19, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 20, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 21, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 22, mulhu, 0x000000000000004b, 0xf000000000000000, 0x0000000000000050, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
