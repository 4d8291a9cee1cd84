/* mul: low 64 bits of the product (same for signed and unsigned). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, mul, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000   /* 0 * 0 */
    TEST_RR   3, mul, 0x0000000000000001, 0x0000000000000001, 0x0000000000000001   /* 1 * 1 */
    TEST_RR   4, mul, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007   /* small */
    TEST_RR   5, mul, 0xfffffffffffffff9, 0x0000000000000007, 0xffffffffffffffff   /* times -1 */
    TEST_RR   6, mul, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff   /* -1 * -1 = 1 */
    TEST_RR   7, mul, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff   /* INT64_MIN * -1 wraps to INT64_MIN */
    TEST_RR   8, mul, 0x0000000000000000, 0x0000000100000000, 0x0000000100000000   /* 2^64 wraps to 0 */
    TEST_RR   9, mul, 0xfffffffe00000001, 0x00000000ffffffff, 0x00000000ffffffff   /* 32x32 product needs all 64 bits */
    TEST_RR  10, mul, 0x0000000000000001, 0x7fffffffffffffff, 0x7fffffffffffffff   /* INT64_MAX squared, low half */
    TEST_RR  11, mul, 0x2236d88fe5618cf0, 0x0123456789abcdef, 0xfedcba9876543210   /* mixed pattern */
    TEST_RR  12, mul, 0x0000000000000001, 0xaaaaaaaaaaaaaaab, 0x0000000000000003   /* multiplicative inverse pair */

    TEST_RR_RD_IS_RS1 13, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 15, mul, 0x00000000000000a9, 0x000000000000000d               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, mul, 0x0000000000000000, 0x000000000000000b                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, mul, 0x0000000000000000, 0x000000000000000d                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, mul, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 19, mul, 0x000000000000000d, 0x000000000000000b                  /* result written to x0 is discarded */
    TEST_RR_LOOP 20, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
