/* sub: 64-bit subtraction, wrapping on overflow. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sub, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000   /* 0 - 0 */
    TEST_RR   3, sub, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001   /* x - x = 0 */
    TEST_RR   4, sub, 0xfffffffffffffffc, 0x0000000000000003, 0x0000000000000007   /* negative result */
    TEST_RR   5, sub, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000001   /* 0 - 1 = -1 */
    TEST_RR   6, sub, 0x00000000ffffffff, 0x0000000100000000, 0x0000000000000001   /* borrow across bit 32 */
    TEST_RR   7, sub, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000   /* 0 - INT64_MIN overflows to INT64_MIN */
    TEST_RR   8, sub, 0x7fffffffffffffff, 0x8000000000000000, 0x0000000000000001   /* INT64_MIN - 1 wraps to INT64_MAX */
    TEST_RR   9, sub, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffffffff   /* INT64_MAX - -1 wraps to INT64_MIN */
    TEST_RR  10, sub, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff   /* -1 - -1 = 0 */
    TEST_RR  11, sub, 0x000000007fffffff, 0x0000000080000000, 0x0000000000000001   /* result 0x7fffffff, no 32-bit effects */
    TEST_RR  12, sub, 0xffffffff80000000, 0x0000000000000000, 0x0000000080000000   /* result 0xffffffff80000000 */

    TEST_RR_RD_IS_RS1 13, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 15, sub, 0x0000000000000000, 0x0000000000000018               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, sub, 0xfffffffffffffff5, 0x000000000000000b                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, sub, 0x0000000000000018, 0x0000000000000018                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, sub, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 19, sub, 0x0000000000000018, 0x000000000000000b                  /* result written to x0 is discarded */
    TEST_RR_LOOP 20, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, sub, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
