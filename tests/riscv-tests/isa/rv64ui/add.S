/* add: 64-bit two's complement addition, wrapping on overflow. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, add, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000   /* 0 + 0 */
    TEST_RR   3, add, 0x0000000000000002, 0x0000000000000001, 0x0000000000000001   /* small positives */
    TEST_RR   4, add, 0x000000000000000a, 0x0000000000000003, 0x0000000000000007   /* small positives */
    TEST_RR   5, add, 0xffffffffffff8000, 0x0000000000000000, 0xffffffffffff8000   /* negative operand */
    TEST_RR   6, add, 0x0000000100000000, 0x00000000ffffffff, 0x0000000000000001   /* carry out of bit 31 stays in the 64-bit result */
    TEST_RR   7, add, 0x0000000080000000, 0x000000007fffffff, 0x0000000000000001   /* no 32-bit sign extension of the result */
    TEST_RR   8, add, 0x8000000000000000, 0x7fffffffffffffff, 0x0000000000000001   /* signed overflow wraps to INT64_MIN */
    TEST_RR   9, add, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001   /* -1 + 1 wraps to 0 */
    TEST_RR  10, add, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff   /* INT64_MIN + -1 wraps to INT64_MAX */
    TEST_RR  11, add, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff   /* -1 + -1 = -2 */
    TEST_RR  12, add, 0x0000000000000000, 0x8000000000000000, 0x8000000000000000   /* INT64_MIN + INT64_MIN wraps to 0 */
    TEST_RR  13, add, 0x1211111111111110, 0x0123456789abcdef, 0x10edcba987654321   /* carries ripple through every byte */

    TEST_RR_RD_IS_RS1 14, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 15, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 16, add, 0x000000000000001a, 0x000000000000000d               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 17, add, 0x000000000000000b, 0x000000000000000b                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 18, add, 0x000000000000000d, 0x000000000000000d                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 19, add, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 20, add, 0x000000000000000d, 0x000000000000000b                  /* result written to x0 is discarded */
    TEST_RR_LOOP 21, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 22, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 23, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 24, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 25, add, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
