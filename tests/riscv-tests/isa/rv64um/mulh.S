/* mulh: high 64 bits of the signed x signed 128-bit product. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, mulh, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* zero */
    TEST_RR   3, mulh, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001  /* small product has zero high half */
    TEST_RR   4, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001  /* -1 * 1: high half is -1 */
    TEST_RR   5, mulh, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff  /* -1 * -1 = 1: high half 0 */
    TEST_RR   6, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000  /* INT64_MIN squared = 2^126 */
    TEST_RR   7, mulh, 0xffffffffffffffff, 0x8000000000000000, 0x0000000000000001  /* INT64_MIN * 1: high half -1 */
    TEST_RR   8, mulh, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff  /* INT64_MIN * -1 = 2^63: high half 0 */
    TEST_RR   9, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff  /* INT64_MAX squared */
    TEST_RR  10, mulh, 0xc000000000000000, 0x7fffffffffffffff, 0x8000000000000000  /* INT64_MAX * INT64_MIN */
    TEST_RR  11, mulh, 0x0000000000000001, 0x0000000100000000, 0x0000000100000000  /* 2^64: high half 1 */
    TEST_RR  12, mulh, 0xfffeb49923cc0953, 0x0123456789abcdef, 0xfedcba9876543210  /* mixed signs */
    TEST_RR  13, mulh, 0xffffffffffffffff, 0x0000000000000007, 0xfffffffffffffffd  /* 7 * -3: high half -1 */

    TEST_RR_RD_IS_RS1 14, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 15, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050 /* rd is rs2 */
    TEST_RR_ALL_SAME 16, mulh, 0x3100000000000000, 0x7000000000000000              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 17, mulh, 0x0000000000000000, 0x0000000000000050                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 18, mulh, 0x0000000000000000, 0x7000000000000000                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 19, mulh, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 20, mulh, 0x7000000000000000, 0x0000000000000050                 /* result written to x0 is discarded */
    TEST_RR_LOOP 21, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 22, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 23, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 24, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 25, mulh, 0x0000000000000023, 0x7000000000000000, 0x0000000000000050, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
